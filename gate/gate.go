package gate

import (
	"context"
	"maps"
)

// Subject is what is being gated: a release of an artifact to a stage.
type Subject struct {
	// ID identifies the release or the run ("shop@2.4.0", a pipeline run).
	ID string `json:"id"`
	// Stage is the stage or environment it is about to enter.
	Stage string `json:"stage,omitempty"`
	// Digest is the artifact's digest ("sha256:..."), so a verdict is
	// about exactly what will be deployed.
	Digest string `json:"digest,omitempty"`
	// Requester is who asked for the release.
	Requester string `json:"requester,omitempty"`
	// Run identifies one attempt at the release (a pipeline run), for
	// approvals that count only in the run they were given in.
	Run string `json:"run,omitempty"`
	// Attrs are free attributes a gate may read: a risk level, a version.
	Attrs map[string]string `json:"attrs,omitempty"`
}

// Attr returns an attribute, or "" when it is not set.
func (s Subject) Attr(key string) string { return s.Attrs[key] }

// clone returns s with its own copy of Attrs, so that gates running
// concurrently cannot change each other's view.
func (s Subject) clone() Subject {
	s.Attrs = maps.Clone(s.Attrs)
	return s
}

// Gate decides whether a subject may move on. Evaluate must return
// promptly when ctx ends; an engine gives it a deadline (Engine.Timeout)
// and treats a gate that runs past it, panics or returns an invalid
// status as Errored.
type Gate interface {
	Evaluate(ctx context.Context, s Subject) Result
}

// Func adapts a function to a Gate.
type Func func(ctx context.Context, s Subject) Result

// Evaluate calls f.
func (f Func) Evaluate(ctx context.Context, s Subject) Result { return f(ctx, s) }

// Named gives a gate a name: its results carry name in Result.Gate
// whatever the gate itself set.
func Named(name string, g Gate) Gate {
	if g == nil {
		panic("gate: Named with a nil gate")
	}
	return named{name: name, g: g}
}

type named struct {
	name string
	g    Gate
}

func (n named) Evaluate(ctx context.Context, s Subject) Result {
	r := n.g.Evaluate(ctx, s)
	r.Gate = n.name
	return r
}
