package gate_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence is a gate whose verdicts follow script, one letter per
// evaluation ('p' passed, 'f' failed, 'w' pending), the last repeating.
func sequence(name, script string) (gate.Gate, *int) {
	n := new(int)
	return gate.Named(name, gate.Func(func(context.Context, gate.Subject) gate.Result {
		c := script[min(*n, len(script)-1)]
		*n++
		switch c {
		case 'p':
			return gate.Result{Status: gate.Passed}
		case 'f':
			return gate.Result{Status: gate.Failed}
		}
		return gate.Result{Status: gate.Pending}
	})), n
}

func TestSample(t *testing.T) {
	cases := []struct {
		name     string
		sm       gate.Sampling
		a, b     string
		want     gate.Status
		elapsed  time.Duration
		samples  int
		inReason string
	}{
		{"steady from the start", gate.Sampling{Delay: 5 * time.Minute, Interval: 5 * time.Minute, Steady: 10 * time.Minute},
			"p", "p", gate.Passed, 15 * time.Minute, 3, "passed for 10m0s (3 samples in a row, 3 in all)"},
		{"all must pass in the same sample", gate.Sampling{Interval: time.Minute},
			"pfp", "fpp", gate.Passed, 2 * time.Minute, 3, "1 samples in a row, 3 in all"},
		{"a failure restarts the window", gate.Sampling{Interval: time.Minute, Steady: 2 * time.Minute},
			"ppfppp", "p", gate.Passed, 5 * time.Minute, 6, "passed for 2m0s"},
		{"never steady: failed at the timeout", gate.Sampling{Interval: 4 * time.Minute, Steady: 5 * time.Minute, Timeout: 10 * time.Minute},
			"pf", "p", gate.Failed, 10 * time.Minute, 4, "not steady within 10m0s (4 samples); last sample failed"},
		{"pending gates are not passing", gate.Sampling{Interval: time.Minute, Timeout: 3 * time.Minute},
			"w", "p", gate.Failed, 3 * time.Minute, 4, "last sample pending"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a, n := sequence("a", tc.a)
				b, _ := sequence("b", tc.b)
				var e gate.Engine
				start := time.Now()
				d, err := e.Sample(t.Context(), subject, tc.sm, a, b)
				require.NoError(t, err)
				assert.Equal(t, tc.want, d.Status, d.Root.Reason)
				assert.Equal(t, tc.want.Allows(), d.Allowed)
				assert.Equal(t, tc.elapsed, time.Since(start))
				assert.Equal(t, tc.samples, *n, "samples taken")
				assert.Contains(t, d.Root.Reason, tc.inReason)
				assert.Len(t, d.Results(), 2, "the last sample's gates")
			})
		})
	}
}

func TestSampleCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
		defer cancel()
		a, _ := sequence("a", "p")
		var e gate.Engine
		d, err := e.Sample(ctx, subject, gate.Sampling{Interval: time.Minute, Steady: time.Hour}, a)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, gate.Pending, d.Status, "a run cut short is never a pass")
		assert.False(t, d.Allowed)

		ctx2, cancel2 := context.WithTimeout(t.Context(), time.Second)
		defer cancel2()
		d, err = e.Sample(ctx2, subject, gate.Sampling{Delay: time.Minute}, a)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "not sampled yet", d.Root.Reason)
	})
}
