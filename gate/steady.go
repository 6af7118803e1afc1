package gate

import (
	"context"
	"fmt"
	"time"
)

// Sampling is how Engine.Sample evaluates gates over time, as Azure
// DevOps' release gates do.
type Sampling struct {
	// Delay is how long to wait before the first evaluation (metrics need
	// a deployment to settle).
	Delay time.Duration
	// Interval is the time between evaluations; all the gates are
	// evaluated together at each. Zero means the Engine's PollInterval.
	Interval time.Duration
	// Steady is how long the gates must keep passing, from the first
	// evaluation at which they all passed: a sample that does not pass
	// restarts the window. Zero means the first passing sample decides.
	Steady time.Duration
	// Timeout bounds the whole sampling, from its start: when it passes
	// without a steady pass, the decision is Failed. Zero means no timeout
	// of its own (the context still ends it).
	Timeout time.Duration
}

// Sample evaluates gates for s at every Sampling.Interval, on the Engine's
// clock, until they have all passed in the same evaluation and kept
// passing for Sampling.Steady (Passed), or Sampling.Timeout has passed
// (Failed, explaining the last sample). Failing samples do not end the
// sampling: gates may recover before the timeout, as in Azure; they only
// restart the steady window.
//
// The decision's explanation is a "steady" result over the last sample.
// When ctx ends first, Sample returns the last decision (never Passed
// unless it was steady) and the context's cause.
func (e *Engine) Sample(ctx context.Context, s Subject, sm Sampling, gates ...Gate) (Decision, error) {
	d, err := e.sample(ctx, s, sm, gates...)
	return e.record(ctx, d, err)
}

func (e *Engine) sample(ctx context.Context, s Subject, sm Sampling, gates ...Gate) (Decision, error) {
	clock := clockOr(e.Clock)
	every := sm.Interval
	if every <= 0 {
		every = e.PollInterval
	}
	if every <= 0 {
		every = DefaultPollInterval
	}
	start := clock.Now()
	wait := func(d time.Duration) error {
		if d <= 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-clock.After(d):
			return nil
		}
	}
	last := Decision{Subject: s, Status: Pending, Root: Result{Gate: "steady", Status: Pending, Reason: "not sampled yet"}}
	if err := wait(sm.Delay); err != nil {
		return last, err
	}
	var since time.Time // when the current run of passing samples began
	samples, passing := 0, 0
	for {
		d, err := e.evaluate(ctx, s, gates...)
		now := clock.Now()
		samples++
		if ctx.Err() != nil {
			last = steadyDecision(d, Pending, fmt.Sprintf("sampling cut short after %d samples", samples), now)
			return last, context.Cause(ctx)
		}
		if d.Status == Passed {
			if since.IsZero() {
				since, passing = now, 0
			}
			passing++
			if held := now.Sub(since); held >= sm.Steady {
				return steadyDecision(d, Passed, fmt.Sprintf("all gates passed for %s (%d samples in a row, %d in all)", held, passing, samples), now), err
			}
			last = steadyDecision(d, Pending, fmt.Sprintf("passing for %s of %s (%d samples in a row)", now.Sub(since), sm.Steady, passing), now)
		} else {
			since, passing = time.Time{}, 0
			last = steadyDecision(d, Pending, fmt.Sprintf("sample %d: %s; the steady window restarts", samples, d.Status), now)
		}
		if sm.Timeout > 0 && now.Sub(start) >= sm.Timeout {
			return steadyDecision(d, Failed, fmt.Sprintf("not steady within %s (%d samples); last sample %s", sm.Timeout, samples, d.Status), now), err
		}
		next := every
		if sm.Timeout > 0 {
			next = min(next, start.Add(sm.Timeout).Sub(now)) // sample once more at the timeout
		}
		if err := wait(next); err != nil {
			return last, err
		}
	}
}

// steadyDecision wraps a sample's decision in a "steady" result with the
// sampling's own status.
func steadyDecision(d Decision, st Status, reason string, at time.Time) Decision {
	d.Root = Result{Gate: "steady", Status: st, Reason: reason, At: at, Children: []Result{d.Root}, group: true}
	d.Status, d.Allowed, d.At = st, st.Allows(), at
	return d
}
