package gate

import (
	"context"
	"fmt"
	"sync"
)

// DefaultConsecutiveErrorLimit is the consecutive errors a Check tolerates
// when its ConsecutiveErrorLimit is zero, as in Argo Rollouts.
const DefaultConsecutiveErrorLimit = 4

// Probe takes one measurement for a Check: Passed, Failed or
// Inconclusive, with a reason and evidence. An error, or a status other
// than those three, counts as an error measurement.
type Probe func(ctx context.Context, s Subject) (Result, error)

// Check is a gate built from a host's probe, measured once per evaluation
// and judged with Argo Rollouts' analysis counters, exactly:
//
//   - A measurement is passed, failed, inconclusive or an error. Errors do
//     not use up Count: the measurement is taken again.
//   - The check fails as soon as the failed measurements exceed
//     FailureLimit, is inconclusive as soon as the inconclusive ones
//     exceed InconclusiveLimit, and errors as soon as consecutive errors
//     exceed ConsecutiveErrorLimit ("strictly greater than"). Were two to
//     trip at once the precedence would be Errored, Inconclusive, Failed.
//   - With ConsecutiveFailureLimit > 0 it fails once that many
//     measurements in a row failed (Argo's most requested missing
//     feature); with ConsecutiveSuccessLimit > 0 it passes once that many
//     in a row passed, before Count is reached.
//   - Otherwise it passes when Count measurements were taken, and is
//     Pending until then.
//
// A verdict, once reached, is sticky: later evaluations return it without
// measuring, until Reset. A run cut short (the host stops evaluating) stays
// Pending, never Passed. An Engine's Await, with PollInterval as the
// interval between measurements, drives a check to its verdict.
//
// A Check must not be copied after first use. It is safe for concurrent
// use; concurrent evaluations take their measurements one at a time.
type Check struct {
	// Name names the gate's results.
	Name string
	// Probe takes one measurement. It is required.
	Probe Probe
	// Count is how many measurements (errors not counted) decide a pass.
	// Zero means 1.
	Count int
	// FailureLimit and InconclusiveLimit are how many failed and
	// inconclusive measurements are tolerated.
	FailureLimit, InconclusiveLimit int
	// ConsecutiveErrorLimit is how many errors in a row are tolerated.
	// Zero means DefaultConsecutiveErrorLimit; a negative value means
	// none.
	ConsecutiveErrorLimit int
	// ConsecutiveFailureLimit and ConsecutiveSuccessLimit, when > 0,
	// decide early after that many failed or passed measurements in a row.
	ConsecutiveFailureLimit, ConsecutiveSuccessLimit int

	mu    sync.Mutex
	state checkState
}

type checkState struct {
	measured, passed, failed, inconclusive, errors int
	consecErrors, consecFailed, consecPassed       int
	verdict                                        *Result
}

// Reset forgets the measurements and the verdict, to start a new run.
func (c *Check) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = checkState{}
}

// Evaluate takes one measurement, unless the check already has a verdict,
// and returns the verdict or Pending.
func (c *Check) Evaluate(ctx context.Context, s Subject) Result {
	if c.Probe == nil {
		panic("gate: Check " + c.Name + " without a Probe")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := &c.state
	if st.verdict != nil {
		return *st.verdict
	}
	m, err := c.Probe(ctx, s)
	if err == nil && m.Status != Passed && m.Status != Failed && m.Status != Inconclusive {
		err = fmt.Errorf("probe returned %s, not passed, failed or inconclusive", m.Status)
	}
	count := max(c.Count, 1)
	errLimit := c.ConsecutiveErrorLimit
	switch {
	case errLimit == 0:
		errLimit = DefaultConsecutiveErrorLimit
	case errLimit < 0:
		errLimit = 0
	}

	r := Result{Gate: c.Name, Evidence: m.Evidence}
	if err != nil {
		st.errors++
		st.consecErrors++
		if st.consecErrors > errLimit {
			r.Status, r.Err = Errored, err
			r.Reason = fmt.Sprintf("%d errors in a row, more than the %d tolerated: %v", st.consecErrors, errLimit, err)
			return c.decide(r)
		}
		r.Status = Pending
		r.Reason = fmt.Sprintf("measurement error %d in a row (up to %d tolerated): %v", st.consecErrors, errLimit, err)
		return c.withCounts(r)
	}
	st.consecErrors = 0
	st.measured++
	switch m.Status {
	case Passed:
		st.passed++
		st.consecPassed++
		st.consecFailed = 0
	case Failed:
		st.failed++
		st.consecFailed++
		st.consecPassed = 0
	default:
		st.inconclusive++
		st.consecPassed, st.consecFailed = 0, 0
	}
	switch {
	case st.inconclusive > c.InconclusiveLimit:
		r.Status, r.Reason = Inconclusive, fmt.Sprintf("%d inconclusive measurements, more than the %d tolerated", st.inconclusive, c.InconclusiveLimit)
	case st.failed > c.FailureLimit:
		r.Status, r.Reason = Failed, fmt.Sprintf("%d failed measurements, more than the %d tolerated", st.failed, c.FailureLimit)
	case c.ConsecutiveFailureLimit > 0 && st.consecFailed >= c.ConsecutiveFailureLimit:
		r.Status, r.Reason = Failed, fmt.Sprintf("%d failed measurements in a row", st.consecFailed)
	case c.ConsecutiveSuccessLimit > 0 && st.consecPassed >= c.ConsecutiveSuccessLimit:
		r.Status, r.Reason = Passed, fmt.Sprintf("%d passed measurements in a row", st.consecPassed)
	case st.measured >= count:
		r.Status, r.Reason = Passed, fmt.Sprintf("%d of %d measurements taken, within the limits", st.measured, count)
	default:
		r.Status, r.Reason = Pending, fmt.Sprintf("%d of %d measurements taken", st.measured, count)
		if m.Reason != "" {
			r.Reason += "; last: " + m.Reason
		}
		return c.withCounts(r)
	}
	if m.Reason != "" {
		r.Reason += "; last: " + m.Reason
	}
	return c.decide(r)
}

// withCounts adds the counters to a result's evidence.
func (c *Check) withCounts(r Result) Result {
	st := &c.state
	ev := make(map[string]any, len(r.Evidence)+5)
	for k, v := range r.Evidence {
		ev[k] = v
	}
	ev["measured"], ev["passed"], ev["failed"], ev["inconclusive"], ev["errors"] = st.measured, st.passed, st.failed, st.inconclusive, st.errors
	r.Evidence = ev
	return r
}

// decide records a verdict, which later evaluations return.
func (c *Check) decide(r Result) Result {
	r = c.withCounts(r)
	c.state.verdict = &r
	return r
}
