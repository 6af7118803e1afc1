package gate

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/releasekit/releasekit/internal/text"
)

// Result is a gate's verdict with its explanation.
type Result struct {
	// Gate is the gate's name.
	Gate string
	// Status is the verdict.
	Status Status
	// Reason says why, for people ("p99 latency 312ms > 250ms").
	Reason string
	// Evidence holds the values measured, by name ({"p99_ms": 312}).
	Evidence map[string]any
	// At is when the verdict was reached, on the engine's clock.
	At time.Time
	// Advisory marks a gate that is reported but never blocks.
	Advisory bool
	// Err is the cause of an Errored status.
	Err error
	// Children are the results of a composition's members, in order, or
	// the parts a gate explains its verdict with (a scorecard's
	// objectives).
	Children []Result

	// group marks a composition's result, whose children are gates.
	group bool
}

// MarshalJSON writes {"gate","status","reason","evidence","at","advisory",
// "error","children"}, leaving out what is empty; it is the stable form.
func (r Result) MarshalJSON() ([]byte, error) {
	type out struct {
		Gate     string         `json:"gate"`
		Status   Status         `json:"status"`
		Reason   string         `json:"reason,omitempty"`
		Evidence map[string]any `json:"evidence,omitempty"`
		At       time.Time      `json:"at,omitzero"`
		Advisory bool           `json:"advisory,omitempty"`
		Error    string         `json:"error,omitempty"`
		Children []Result       `json:"children,omitempty"`
	}
	o := out{Gate: r.Gate, Status: r.Status, Reason: r.Reason, Evidence: r.Evidence, At: r.At, Advisory: r.Advisory, Children: r.Children}
	if r.Err != nil {
		o.Error = r.Err.Error()
	}
	return json.Marshal(o)
}

// Decision is the engine's answer for a subject: may it move on, and why.
type Decision struct {
	Subject Subject
	// Allowed reports whether the subject may move on: the overall status
	// is Passed or Skipped.
	Allowed bool
	// Status is the overall status: Root's.
	Status Status
	// Root is the explanation: the result of the gates evaluated together
	// (as All), whose Children mirror the composition.
	Root Result
	// At is when the decision was made, on the engine's clock.
	At time.Time
}

// Results returns every gate's own result (the compositions' members,
// not the compositions), depth-first in order.
func (d Decision) Results() []Result {
	var out []Result
	var walk func(r Result)
	walk = func(r Result) {
		if !r.group {
			out = append(out, r)
			return
		}
		for _, c := range r.Children {
			walk(c)
		}
	}
	for _, c := range d.Root.Children {
		walk(c)
	}
	return out
}

// MarshalJSON writes {"subject","allowed","status","at","explanation"}.
func (d Decision) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Subject     Subject   `json:"subject"`
		Allowed     bool      `json:"allowed"`
		Status      Status    `json:"status"`
		At          time.Time `json:"at,omitzero"`
		Explanation Result    `json:"explanation"`
	}{d.Subject, d.Allowed, d.Status, d.At, d.Root})
}

// String renders the decision as an indented tree for people:
//
//	shop@2.4.0 -> production: blocked (failed)
//	  [failed] all: 1 of 3 gates failed
//	    [passed] health: 3 of 3 checks passed
//	    [failed] latency: p99 312ms > 250ms (p99_ms=312)
//	    [failed] docs (advisory): ...
//
// Text from gates is escaped so it cannot drive a terminal. The JSON form
// is the stable one.
func (d Decision) String() string {
	var b strings.Builder
	b.WriteString(text.Printable(d.Subject.ID))
	if d.Subject.Stage != "" {
		b.WriteString(" -> " + text.Printable(d.Subject.Stage))
	}
	if d.Allowed {
		fmt.Fprintf(&b, ": allowed (%s)\n", d.Status)
	} else {
		fmt.Fprintf(&b, ": blocked (%s)\n", d.Status)
	}
	writeTree(&b, d.Root, 1)
	return b.String()
}

func writeTree(b *strings.Builder, r Result, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(b, "[%s] %s", r.Status, text.Printable(r.Gate))
	if r.Advisory {
		b.WriteString(" (advisory)")
	}
	if r.Reason != "" {
		b.WriteString(": " + text.Printable(r.Reason))
	}
	if r.Err != nil && !strings.Contains(r.Reason, r.Err.Error()) {
		b.WriteString(" (error: " + text.Printable(r.Err.Error()) + ")")
	}
	if len(r.Evidence) > 0 {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(r.Evidence)) {
			kv = append(kv, text.Printable(k)+"="+text.Printable(fmt.Sprint(r.Evidence[k])))
		}
		b.WriteString(" (" + strings.Join(kv, ", ") + ")")
	}
	b.WriteByte('\n')
	for _, c := range r.Children {
		writeTree(b, c, depth+1)
	}
}

// LogValue logs the subject, the verdict and each blocking gate.
func (d Decision) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("subject", d.Subject.ID), slog.String("stage", d.Subject.Stage),
		slog.Bool("allowed", d.Allowed), slog.String("status", d.Status.String())}
	for _, r := range d.Results() {
		if !r.Status.Allows() && !r.Advisory {
			attrs = append(attrs, slog.String("gate."+r.Gate, r.Status.String()+": "+r.Reason))
		}
	}
	return slog.GroupValue(attrs...)
}
