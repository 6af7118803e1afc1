package gate_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scripted returns a probe that gives the measurements in order: 'p'
// passed, 'f' failed, 'i' inconclusive, 'e' an error, 'x' a status a probe
// may not give.
func scripted(script string) (gate.Probe, *int) {
	n := new(int)
	return func(context.Context, gate.Subject) (gate.Result, error) {
		if *n >= len(script) {
			panic("the check measured after its script ended")
		}
		c := script[*n]
		*n++
		switch c {
		case 'p':
			return gate.Result{Status: gate.Passed}, nil
		case 'f':
			return gate.Result{Status: gate.Failed, Reason: "5xx rate 2%"}, nil
		case 'i':
			return gate.Result{Status: gate.Inconclusive}, nil
		case 'x':
			return gate.Result{Status: gate.Skipped}, nil
		}
		return gate.Result{}, errors.New("metrics backend unavailable")
	}, n
}

func TestCheckCounters(t *testing.T) {
	cases := []struct {
		name   string
		check  *gate.Check
		script string
		want   gate.Status
		used   int // measurements taken before the verdict
	}{
		{"count reached", &gate.Check{Count: 3}, "ppp", gate.Passed, 3},
		{"zero count means one", &gate.Check{}, "p", gate.Passed, 1},
		{"one failure trips the default limit of 0", &gate.Check{Count: 5}, "pf", gate.Failed, 2},
		{"failures up to the limit are tolerated", &gate.Check{Count: 4, FailureLimit: 1}, "pfpp", gate.Passed, 4},
		{"strictly greater than the limit", &gate.Check{Count: 5, FailureLimit: 1}, "pff", gate.Failed, 3},
		{"inconclusive over its limit", &gate.Check{Count: 5, FailureLimit: 3}, "pi", gate.Inconclusive, 2},
		{"inconclusive within its limit", &gate.Check{Count: 3, InconclusiveLimit: 1}, "ipp", gate.Passed, 3},
		{"errors do not use up the count", &gate.Check{Count: 2}, "pep", gate.Passed, 3},
		{"four errors in a row are tolerated by default", &gate.Check{Count: 1}, "eeeep", gate.Passed, 5},
		{"the fifth in a row is not", &gate.Check{Count: 1}, "eeeee", gate.Errored, 5},
		{"errors reset when a measurement succeeds", &gate.Check{Count: 2, ConsecutiveErrorLimit: 1}, "epep", gate.Passed, 4},
		{"a negative error limit tolerates none", &gate.Check{Count: 2, ConsecutiveErrorLimit: -1}, "e", gate.Errored, 1},
		{"a status a probe may not give is an error", &gate.Check{Count: 1, ConsecutiveErrorLimit: -1}, "x", gate.Errored, 1},
		{"consecutive failures", &gate.Check{Count: 10, FailureLimit: 5, ConsecutiveFailureLimit: 2}, "pfpff", gate.Failed, 5},
		{"consecutive successes pass early", &gate.Check{Count: 10, FailureLimit: 2, ConsecutiveSuccessLimit: 3}, "pfppp", gate.Passed, 5},
		{"inconclusive breaks a run of successes", &gate.Check{Count: 4, InconclusiveLimit: 1, ConsecutiveSuccessLimit: 2}, "pipp", gate.Passed, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			probe, n := scripted(tc.script)
			c := tc.check
			c.Name, c.Probe = "error-rate", probe
			var r gate.Result
			for i := 0; i < 20; i++ {
				r = c.Evaluate(t.Context(), subject)
				if r.Status.Final() {
					break
				}
			}
			assert.Equal(t, tc.want, r.Status, r.Reason)
			assert.Equal(t, tc.used, *n, "measurements taken")
			again := c.Evaluate(t.Context(), subject)
			assert.Equal(t, r.Status, again.Status, "the verdict is sticky")
			assert.Equal(t, tc.used, *n, "no measurement after the verdict")
			assert.Equal(t, "error-rate", r.Gate)
		})
	}
}

func TestCheckPendingAndReset(t *testing.T) {
	probe, _ := scripted("pppp")
	c := &gate.Check{Name: "smoke", Probe: probe, Count: 3}
	r := c.Evaluate(t.Context(), subject)
	assert.Equal(t, gate.Pending, r.Status, "a run cut short is never a pass")
	assert.Equal(t, "1 of 3 measurements taken", r.Reason)
	assert.Equal(t, 1, r.Evidence["measured"])
	c.Reset()
	assert.Equal(t, "1 of 3 measurements taken", c.Evaluate(t.Context(), subject).Reason, "a new run")
	assert.Panics(t, func() { (&gate.Check{}).Evaluate(t.Context(), subject) })
}

// An engine's Await drives a check to its verdict, one measurement per
// interval, on the engine's clock.
func TestCheckAwait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		probe, n := scripted("pepfp")
		c := &gate.Check{Name: "canary", Probe: probe, Count: 4, FailureLimit: 1}
		e := gate.Engine{PollInterval: time.Minute}
		start := time.Now()
		d, err := e.Await(t.Context(), subject, c)
		require.NoError(t, err)
		assert.True(t, d.Allowed)
		assert.Equal(t, 5, *n)
		assert.Equal(t, 4*time.Minute, time.Since(start))
		assert.Contains(t, d.Results()[0].Reason, "4 of 4 measurements taken, within the limits")
	})
}
