package gate

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxExprLen is the longest threshold expression ParseCondition reads.
const MaxExprLen = 256

// MetricSource reads a metric for a subject: the value, whether there is
// any data, and an error when the source could not be asked. A host wraps
// its Prometheus, Datadog or CloudWatch client in one method.
type MetricSource interface {
	Metric(ctx context.Context, query string, s Subject) (value float64, ok bool, err error)
}

// MetricFunc adapts a function to a MetricSource.
type MetricFunc func(ctx context.Context, query string, s Subject) (float64, bool, error)

// Metric calls f.
func (f MetricFunc) Metric(ctx context.Context, query string, s Subject) (float64, bool, error) {
	return f(ctx, query, s)
}

// Condition is a parsed threshold expression: an operator and a bound,
// absolute ("< 250", "<= 0.01") or relative to a baseline ("<= +10%",
// "> -5%": at most 10% above the baseline, more than 5% below it).
type Condition struct {
	Op       string  // "<", "<=", ">", ">=", "==" or "!="
	Value    float64 // the bound, or the percentage for a relative condition
	Relative bool
}

// String writes the condition as ParseCondition reads it.
func (c Condition) String() string {
	v := strconv.FormatFloat(c.Value, 'g', -1, 64)
	if c.Relative {
		if !math.Signbit(c.Value) {
			v = "+" + v
		}
		v += "%"
	}
	return c.Op + " " + v
}

// ParseCondition reads a threshold expression: an operator (<, <=, >, >=,
// ==, !=), then a number; a number ending in '%' is relative to a
// baseline, and its sign says above (+) or below (-) it. Spaces around the
// parts are allowed. An error is a *ParseError with the column, wrapping
// ErrInvalidThreshold.
func ParseCondition(expr string) (Condition, error) {
	bad := func(col int, what string) error {
		return &ParseError{Input: shorten(expr), Col: col, Expected: what, Err: ErrInvalidThreshold}
	}
	if len(expr) > MaxExprLen {
		return Condition{}, bad(0, fmt.Sprintf("an expression of at most %d bytes", MaxExprLen))
	}
	i := skipSpace(expr, 0)
	var c Condition
	for _, op := range []string{"<=", ">=", "==", "!=", "<", ">"} {
		if strings.HasPrefix(expr[i:], op) {
			c.Op = op
			break
		}
	}
	if c.Op == "" {
		return Condition{}, bad(i+1, "an operator: <, <=, >, >=, == or !=")
	}
	i = skipSpace(expr, i+len(c.Op))
	start := i
	end := max(len(strings.TrimRight(expr, " \t")), start)
	num := expr[start:end]
	if strings.HasSuffix(num, "%") {
		c.Relative = true
		num = strings.TrimRight(num[:len(num)-1], " \t")
	}
	if num == "" {
		return Condition{}, bad(start+1, "a number after the operator")
	}
	for j := 0; j < len(num); j++ {
		if ch := num[j]; !(ch >= '0' && ch <= '9' || ch == '.' || ch == '+' || ch == '-' || ch == 'e' || ch == 'E') {
			return Condition{}, bad(start+j+1, "a decimal number (no units)")
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return Condition{}, bad(start+1, "a finite decimal number")
	}
	if v == 0 {
		v = 0 // -0 reads as 0
	}
	c.Value = v
	return c, nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// holds reports whether value meets the condition against bound.
func (c Condition) holds(value, bound float64) bool {
	switch c.Op {
	case "<":
		return value < bound
	case "<=":
		return value <= bound
	case ">":
		return value > bound
	case ">=":
		return value >= bound
	case "==":
		return value == bound
	}
	return value != bound
}

// Threshold describes a gate on a metric. Build the gate with Gate, which
// reports a malformed expression at once rather than at release time.
type Threshold struct {
	// Name names the gate's results.
	Name string
	// Source answers the queries. It is required.
	Source MetricSource
	// Query is the metric for the subject ("p99 latency of the canary").
	Query string
	// Condition is the expression the value must meet: "< 250",
	// "<= +10%".
	Condition string
	// Baseline is the query whose value a relative condition is measured
	// against (the stable version's latency).
	Baseline string
	// NoData is the verdict when Query has no data, and NoBaseline when a
	// relative condition has no baseline value (or no Baseline query).
	// Zero means Inconclusive: missing data is never a silent pass. Set
	// Passed or Failed to decide otherwise, explicitly.
	NoData, NoBaseline Status
}

// Gate validates t and returns its gate. The error wraps
// ErrInvalidThreshold.
func (t Threshold) Gate() (Gate, error) {
	c, err := ParseCondition(t.Condition)
	if err != nil {
		return nil, err
	}
	switch {
	case t.Source == nil:
		return nil, fmt.Errorf("gate: threshold %s has no Source: %w", t.Name, ErrInvalidThreshold)
	case t.Query == "":
		return nil, fmt.Errorf("gate: threshold %s has no Query: %w", t.Name, ErrInvalidThreshold)
	}
	for _, st := range []Status{t.NoData, t.NoBaseline} {
		if st != Pending && st != Passed && st != Failed && st != Inconclusive {
			return nil, fmt.Errorf("gate: threshold %s: a missing value can be passed, failed or inconclusive, not %s: %w", t.Name, st, ErrInvalidThreshold)
		}
	}
	if t.NoData == Pending {
		t.NoData = Inconclusive
	}
	if t.NoBaseline == Pending {
		t.NoBaseline = Inconclusive
	}
	return &thresholdGate{t: t, c: c}, nil
}

type thresholdGate struct {
	t Threshold
	c Condition
}

func (g *thresholdGate) Evaluate(ctx context.Context, s Subject) Result {
	t, c := g.t, g.c
	r := Result{Gate: t.Name}
	value, ok, reason, err := readMetric(ctx, t.Source, t.Query, "", s)
	switch {
	case err != nil:
		r.Status, r.Err, r.Reason = Errored, err, reason
		return r
	case !ok:
		r.Status, r.Reason = t.NoData, reason
		return r
	}
	r.Evidence = map[string]any{"value": value}
	bound := c.Value
	if c.Relative {
		if t.Baseline == "" {
			r.Status, r.Reason = t.NoBaseline, "a relative condition without a Baseline query"
			return r
		}
		base, ok, reason, err := readMetric(ctx, t.Source, t.Baseline, "baseline ", s)
		switch {
		case err != nil:
			r.Status, r.Err, r.Reason = Errored, err, reason
			return r
		case !ok:
			r.Status, r.Reason = t.NoBaseline, reason
			return r
		}
		bound = base + base*c.Value/100 // not base*(1+v/100): 200*1.1 is 220.00000000000003
		r.Evidence["baseline"] = base
	}
	r.Evidence["bound"] = bound
	verdict := "does not meet"
	r.Status = Failed
	if c.holds(value, bound) {
		r.Status, verdict = Passed, "meets"
	}
	r.Reason = fmt.Sprintf("%s = %s %s %s", t.Query, fmtNum(value), verdict, c)
	if c.Relative {
		r.Reason += fmt.Sprintf(" of the baseline %s (bound %s)", fmtNum(r.Evidence["baseline"].(float64)), fmtNum(bound))
	}
	return r
}

// readMetric asks src for query. A source error, or a value that is NaN
// or infinite, is err (the latter wrapping ErrInvalidResult); no data is
// ok false. reason says which, for people; what prefixes the query in it
// ("baseline ").
func readMetric(ctx context.Context, src MetricSource, query, what string, s Subject) (v float64, ok bool, reason string, err error) {
	v, ok, err = src.Metric(ctx, query, s)
	switch {
	case err != nil:
		return 0, false, fmt.Sprintf("%s%s: %v", what, query, err), err
	case !ok:
		return 0, false, fmt.Sprintf("%s%s: no data", what, query), nil
	case math.IsNaN(v) || math.IsInf(v, 0):
		err = fmt.Errorf("%w: %s%s returned %v", ErrInvalidResult, what, query, v)
		return 0, false, err.Error(), err
	}
	return v, true, "", nil
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
