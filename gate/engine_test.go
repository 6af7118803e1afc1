package gate_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixed returns a gate with a fixed verdict.
func fixed(name string, st gate.Status, reason string) gate.Gate {
	return gate.Named(name, gate.Func(func(context.Context, gate.Subject) gate.Result {
		return gate.Result{Status: st, Reason: reason}
	}))
}

var subject = gate.Subject{ID: "shop@2.4.0", Stage: "production", Digest: "sha256:abc", Requester: "ada"}

func TestZeroEngine(t *testing.T) {
	var e gate.Engine
	d, err := e.Evaluate(t.Context(), subject, fixed("health", gate.Passed, "200 OK"))
	require.NoError(t, err)
	assert.True(t, d.Allowed)
	assert.Equal(t, gate.Passed, d.Status)
	require.Len(t, d.Results(), 1)
	assert.Equal(t, "health", d.Results()[0].Gate)
	assert.False(t, d.Results()[0].At.IsZero(), "the engine dates results")
}

func TestComposition(t *testing.T) {
	P, F, E, I, W, S := gate.Passed, gate.Failed, gate.Errored, gate.Inconclusive, gate.Pending, gate.Skipped
	gates := func(sts ...gate.Status) []gate.Gate {
		var out []gate.Gate
		for i, st := range sts {
			out = append(out, fixed(fmt.Sprint("g", i), st, ""))
		}
		return out
	}
	cases := []struct {
		name string
		g    gate.Gate
		want gate.Status
	}{
		{"all passed", gate.All("a", gates(P, P)...), P},
		{"failed outranks errored", gate.All("a", gates(P, E, F)...), F},
		{"errored outranks inconclusive", gate.All("a", gates(I, E, P)...), E},
		{"inconclusive outranks pending", gate.All("a", gates(W, I)...), I},
		{"pending outranks passed", gate.All("a", gates(P, W)...), W},
		{"skipped does not count", gate.All("a", gates(S, P)...), P},
		{"all skipped", gate.All("a", gates(S, S)...), S},
		{"an advisory failure does not block", gate.All("a", fixed("x", P, ""), gate.Advisory(fixed("y", F, ""))), P},
		{"only advisory gates", gate.All("a", gate.Advisory(fixed("y", F, ""))), S},
		{"empty: never a pass", gate.All("a"), E},
		{"any: one passed", gate.Any("a", gates(F, P, E)...), P},
		{"any: one pending could still pass", gate.Any("a", gates(F, W)...), W},
		{"any: all failed", gate.Any("a", gates(F, F)...), F},
		{"any: an error could have passed", gate.Any("a", gates(F, E)...), E},
		{"any: skipped only", gate.Any("a", gates(S)...), F},
		{"at least 2 of 3", gate.AtLeast("a", 2, gates(P, F, P)...), P},
		{"at least 2: one short, one inconclusive", gate.AtLeast("a", 2, gates(P, I, F)...), I},
		{"at least 0", gate.AtLeast("a", 0, gates(F)...), P},
		{"nested", gate.All("a", gate.Any("b", gates(F, P)...), gate.AtLeast("c", 1, gates(W)...)), W},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e gate.Engine
			d, _ := e.Evaluate(t.Context(), subject, tc.g)
			assert.Equal(t, tc.want, d.Status)
			assert.Equal(t, tc.want.Allows(), d.Allowed)
			// Evaluating the composition on its own gives the same verdict.
			assert.Equal(t, tc.want, tc.g.Evaluate(t.Context(), subject).Status)
		})
	}
}

func TestBadGatesAreErrored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		e := gate.Engine{Timeout: 5 * time.Second}
		start := time.Now()
		d, err := e.Evaluate(t.Context(), subject,
			fixed("fine", gate.Passed, ""),
			gate.Named("panics", gate.Func(func(context.Context, gate.Subject) gate.Result { panic("boom") })),
			gate.Named("nonsense", gate.Func(func(context.Context, gate.Subject) gate.Result { return gate.Result{Status: 42} })),
			gate.Named("slow", gate.Func(func(ctx context.Context, _ gate.Subject) gate.Result {
				<-ctx.Done() // honours its context
				return gate.Result{Status: gate.Errored, Err: context.Cause(ctx)}
			})),
			gate.Named("hung", gate.Func(func(context.Context, gate.Subject) gate.Result {
				<-release // ignores its context
				return gate.Result{Status: gate.Passed}
			})),
		)
		assert.Equal(t, 5*time.Second, time.Since(start), "the decision waits for the timeout, not for the hung gate")
		assert.False(t, d.Allowed)
		assert.Equal(t, gate.Errored, d.Status)
		byName := map[string]gate.Result{}
		for _, r := range d.Results() {
			byName[r.Gate] = r
		}
		assert.Equal(t, gate.Passed, byName["fine"].Status)
		assert.ErrorIs(t, byName["panics"].Err, gate.ErrPanic)
		assert.Contains(t, byName["panics"].Reason, "boom")
		assert.ErrorIs(t, byName["nonsense"].Err, gate.ErrInvalidResult)
		assert.ErrorIs(t, byName["slow"].Err, gate.ErrTimeout)
		assert.ErrorIs(t, byName["hung"].Err, gate.ErrTimeout)

		require.Error(t, err)
		assert.ErrorIs(t, err, gate.ErrGateErrored)
		assert.ErrorIs(t, err, gate.ErrPanic)
		assert.ErrorIs(t, err, gate.ErrTimeout)
		var ge *gate.GateError
		require.True(t, errors.As(err, &ge))
		assert.Contains(t, err.Error(), "4 gates errored: gate panics: gate panicked: boom")
		close(release) // the abandoned gate ends before the test does
	})
}

func TestCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		stop := errors.New("deploy cancelled")
		var started atomic.Int32
		g := gate.Func(func(ctx context.Context, _ gate.Subject) gate.Result {
			started.Add(1)
			<-ctx.Done()
			return gate.Result{Status: gate.Errored, Err: context.Cause(ctx)}
		})
		go func() {
			time.Sleep(time.Minute)
			cancel(stop)
		}()
		e := gate.Engine{Limit: 2}
		d, err := e.Evaluate(ctx, subject, g, g, g, g)
		assert.ErrorIs(t, err, stop)
		assert.False(t, d.Allowed)
		assert.Equal(t, int32(2), started.Load(), "gates not started when the context ended are not started")
		for _, r := range d.Results() {
			assert.Equal(t, gate.Errored, r.Status)
		}
	})
}

func TestLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var running, peak atomic.Int32
		g := gate.Func(func(context.Context, gate.Subject) gate.Result {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Second)
			running.Add(-1)
			return gate.Result{Status: gate.Passed}
		})
		gates := make([]gate.Gate, 20)
		for i := range gates {
			gates[i] = g
		}
		e := gate.Engine{Limit: 3}
		start := time.Now()
		d, err := e.Evaluate(t.Context(), subject, gates...)
		require.NoError(t, err)
		assert.True(t, d.Allowed)
		assert.Equal(t, int32(3), peak.Load())
		assert.Equal(t, 7*time.Second, time.Since(start), "20 gates, 3 at a time, one second each")
	})
	assert.Panics(t, func() {
		e := gate.Engine{Limit: -1}
		_, _ = e.Evaluate(context.Background(), subject, fixed("x", gate.Passed, ""))
	})
}

func TestNoGates(t *testing.T) {
	var e gate.Engine
	d, err := e.Evaluate(t.Context(), subject)
	assert.ErrorIs(t, err, gate.ErrNoGates)
	assert.False(t, d.Allowed, "nothing checked is never a pass")
}

func TestSubjectIsolation(t *testing.T) {
	s := subject
	s.Attrs = map[string]string{"risk": "low"}
	var seen atomic.Value
	d, err := (&gate.Engine{Limit: 1}).Evaluate(t.Context(), s,
		gate.Func(func(_ context.Context, s gate.Subject) gate.Result {
			s.Attrs["risk"] = "none" // a gate that scribbles on its subject
			return gate.Result{Status: gate.Passed}
		}),
		gate.Func(func(_ context.Context, s gate.Subject) gate.Result {
			seen.Store(s.Attr("risk"))
			return gate.Result{Status: gate.Passed}
		}),
	)
	require.NoError(t, err)
	assert.True(t, d.Allowed)
	assert.Equal(t, "low", seen.Load())
	assert.Equal(t, "low", s.Attrs["risk"])
}

func TestAwait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		soak := gate.Named("soak", gate.Func(func(context.Context, gate.Subject) gate.Result {
			if calls.Add(1) < 3 {
				return gate.Result{Status: gate.Pending, Reason: "soaking"}
			}
			return gate.Result{Status: gate.Passed}
		}))
		e := gate.Engine{PollInterval: 10 * time.Second}
		start := time.Now()
		d, err := e.Await(t.Context(), subject, soak)
		require.NoError(t, err)
		assert.True(t, d.Allowed)
		assert.Equal(t, int32(3), calls.Load())
		assert.Equal(t, 20*time.Second, time.Since(start))

		ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
		defer cancel()
		d, err = e.Await(ctx, subject, fixed("never", gate.Pending, "waiting"))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, gate.Pending, d.Status, "the last decision comes back")
	})
}

func TestVirtualClock(t *testing.T) {
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	c := gate.NewVirtualClock(start)
	a := c.After(time.Minute)
	b := c.After(time.Hour)
	assert.Equal(t, 2, c.Waiters())
	c.Advance(30 * time.Minute)
	assert.Equal(t, start.Add(time.Minute), (<-a).Add(-29*time.Minute), "fires with the clock's time")
	select {
	case <-b:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Hour)
	<-b
	assert.Equal(t, start.Add(90*time.Minute), c.Now())
	assert.Equal(t, c.Now(), <-c.After(0), "a zero wait fires at once")
}

// TestVirtualClockDriven drives code that waits on the clock from another
// goroutine, as examples/gate does.
func TestVirtualClockDriven(t *testing.T) {
	start := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	c := gate.NewVirtualClock(start)
	assert.False(t, c.AdvanceToNext(), "nothing waits")
	assert.Equal(t, start, c.Now())

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	done := make(chan time.Time)
	go func() {
		<-c.After(time.Hour)
		<-c.After(30 * time.Minute)
		done <- c.Now()
	}()
	for range 2 {
		require.NoError(t, c.BlockUntil(ctx, 1))
		assert.True(t, c.AdvanceToNext())
	}
	assert.Equal(t, start.Add(90*time.Minute), <-done)

	short, stop := context.WithCancel(t.Context())
	stop()
	assert.ErrorIs(t, c.BlockUntil(short, 1), context.Canceled, "a context that ends stops the wait")
}

func TestDecisionRendering(t *testing.T) {
	clock := gate.NewVirtualClock(time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC))
	e := gate.Engine{Clock: clock}
	latency := gate.Named("latency", gate.Func(func(context.Context, gate.Subject) gate.Result {
		return gate.Result{Status: gate.Failed, Reason: "p99 312ms > 250ms", Evidence: map[string]any{"p99_ms": 312, "threshold_ms": 250}}
	}))
	d, err := e.Evaluate(t.Context(), subject,
		fixed("health", gate.Passed, "3 of 3 checks passed"),
		latency,
		gate.Any("approvals", fixed("release-managers", gate.Pending, "1 of 2 approvals"), fixed("cto", gate.Failed, "no approval")),
		gate.Advisory(fixed("docs", gate.Failed, "changelog missing \x1b[31mred")),
	)
	require.NoError(t, err)
	js, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	golden(t, "decision.json", append(js, '\n'))
	golden(t, "decision.txt", []byte(d.String()))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func BenchmarkEvaluate(b *testing.B) {
	gates := make([]gate.Gate, 10_000)
	pass := gate.Func(func(context.Context, gate.Subject) gate.Result { return gate.Result{Gate: "g", Status: gate.Passed} })
	for i := range gates {
		gates[i] = pass
	}
	var e gate.Engine
	b.ReportAllocs()
	for b.Loop() {
		d, err := e.Evaluate(b.Context(), subject, gates...)
		if err != nil || !d.Allowed {
			b.Fatal(err)
		}
	}
}

type failingStore struct{ gate.MemStore }

func (*failingStore) Append(context.Context, string, []byte) (gate.Record, error) {
	return gate.Record{}, errors.New("disk full")
}

// TestEngineAudit records every decision returned, not the evaluations
// Await makes along the way, and refuses a decision it cannot record.
func TestEngineAudit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		store := new(gate.MemStore)
		e := gate.Engine{Audit: store, PollInterval: time.Minute}
		d, err := e.Evaluate(t.Context(), subject, fixed("health", gate.Passed, "ok"))
		require.NoError(t, err)
		require.True(t, d.Allowed)

		g, n := sequence("rollout", "wwwp")
		d, err = e.Await(t.Context(), subject, g)
		require.NoError(t, err)
		require.Equal(t, gate.Passed, d.Status)
		require.Equal(t, 4, *n, "four evaluations")

		var verdicts []map[string]any
		for r, err := range store.Records(t.Context(), subject.ID, 1) {
			require.NoError(t, err)
			var e gate.Entry
			require.NoError(t, json.Unmarshal(r.Body, &e))
			assert.Equal(t, gate.KindVerdict, e.Kind)
			var v map[string]any
			require.NoError(t, json.Unmarshal(e.Verdict, &v))
			verdicts = append(verdicts, v)
		}
		require.Len(t, verdicts, 2, "one per decision returned")
		assert.Equal(t, "passed", verdicts[1]["status"])
		assert.Equal(t, "rollout", verdicts[1]["explanation"].(map[string]any)["children"].([]any)[0].(map[string]any)["gate"])

		e.Audit = new(failingStore)
		d, err = e.Evaluate(t.Context(), subject, fixed("health", gate.Passed, "ok"))
		assert.False(t, d.Allowed, "a decision that cannot be recorded is not allowed")
		assert.Equal(t, gate.Errored, d.Status)
		assert.EqualError(t, err, "gate: recording the decision: disk full", "one line, like every error the engine gathers")
	})
}
