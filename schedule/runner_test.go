package schedule_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a graph builder whose tasks log their runs.
type recorder struct {
	mu  sync.Mutex
	ran []string
}

func (r *recorder) task(id string, err error, deps ...string) schedule.Task {
	return schedule.Task{ID: id, Deps: deps, Run: func(ctx context.Context) error {
		r.mu.Lock()
		r.ran = append(r.ran, id)
		r.mu.Unlock()
		return err
	}}
}

func (r *recorder) runs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ran)
}

func statuses(rep *schedule.Report) map[string]string {
	m := map[string]string{}
	for _, t := range rep.Tasks {
		m[t.ID] = t.Status.String()
	}
	return m
}

var errBoom = errors.New("boom")

func TestRunZeroValue(t *testing.T) {
	var rec recorder
	var events []string
	g := graph(rec.task("build", nil), rec.task("api", nil, "build"), rec.task("db", nil, "build"), rec.task("smoke", nil, "api", "db"))
	r := schedule.Runner{Events: func(e schedule.Event) { events = append(events, e.Kind.String()+" "+e.Task) }}
	rep, err := r.Run(t.Context(), g)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"build": "succeeded", "api": "succeeded", "db": "succeeded", "smoke": "succeeded"}, statuses(rep))
	ran := rec.runs()
	assert.Equal(t, "build", ran[0])
	assert.Equal(t, "smoke", ran[3])
	require.Len(t, events, 8)
	assert.Equal(t, "start build", events[0])
	assert.Equal(t, "finish smoke", events[7])
	for _, id := range []string{"build", "api", "db", "smoke"} {
		assert.Less(t, slices.Index(events, "start "+id), slices.Index(events, "finish "+id))
	}
	assert.Less(t, slices.Index(events, "finish build"), slices.Index(events, "start api"))
	assert.Equal(t, "build", rep.CriticalPath[0])
	assert.Equal(t, "smoke", rep.CriticalPath[len(rep.CriticalPath)-1])
}

func TestRunConcurrencyLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var now, peak atomic.Int32
		var g schedule.Graph
		for i := range 20 {
			g.Add(schedule.Task{ID: fmt.Sprint(i), Run: func(ctx context.Context) error {
				n := now.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(time.Second)
				now.Add(-1)
				return nil
			}})
		}
		start := time.Now()
		_, err := (&schedule.Runner{Concurrency: 3}).Run(t.Context(), &g)
		require.NoError(t, err)
		assert.Equal(t, int32(3), peak.Load())
		assert.Equal(t, 7*time.Second, time.Since(start), "20 one-second tasks, 3 at a time")
	})
}

func TestFailurePolicies(t *testing.T) {
	// fail fails; "after" depends on it; "other" is an independent
	// branch; "anyway" runs when all are done; "tolerant" when none
	// failed; "deep" follows after; "cleanup" is finally.
	build := func(rec *recorder) *schedule.Graph {
		g := graph(
			rec.task("fail", errBoom),
			rec.task("after", nil, "fail"),
			rec.task("deep", nil, "after"),
			rec.task("other", nil),
			rec.task("other2", nil, "other"),
		)
		anyway := rec.task("anyway", nil, "fail")
		anyway.Join = schedule.AllDone
		tolerant := rec.task("tolerant", nil, "after")
		tolerant.Join = schedule.NoneFailed
		cleanup := rec.task("cleanup", nil)
		cleanup.Finally = true
		g.Add(anyway, tolerant, cleanup)
		return g
	}
	tests := []struct {
		policy schedule.FailurePolicy
		want   map[string]string
	}{
		{schedule.FailFast, map[string]string{"fail": "failed", "after": "skipped", "deep": "skipped", "other": "skipped",
			"other2": "skipped", "anyway": "skipped", "tolerant": "skipped", "cleanup": "succeeded"}},
		{schedule.Continue, map[string]string{"fail": "failed", "after": "skipped", "deep": "skipped", "other": "succeeded",
			"other2": "succeeded", "anyway": "succeeded", "tolerant": "succeeded", "cleanup": "succeeded"}},
		{schedule.SkipDependents, map[string]string{"fail": "failed", "after": "skipped", "deep": "skipped", "other": "succeeded",
			"other2": "succeeded", "anyway": "skipped", "tolerant": "skipped", "cleanup": "succeeded"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.policy), func(t *testing.T) {
			var rec recorder
			rep, err := (&schedule.Runner{Concurrency: 1, Policy: tt.policy}).Run(t.Context(), build(&rec))
			require.ErrorIs(t, err, errBoom)
			var te *schedule.TaskError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "fail", te.ID)
			assert.Equal(t, tt.want, statuses(rep))
			assert.Equal(t, []string{"fail"}, rep.Failed())
			assert.Equal(t, "cleanup", rec.runs()[len(rec.runs())-1], "the finally task without dependencies runs last")
		})
	}
}

func TestFailFastCancelRunning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := schedule.Task{ID: "slow", Run: func(ctx context.Context) error {
			select {
			case <-time.After(time.Hour):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}
		fail := schedule.Task{ID: "fail", Run: func(context.Context) error { time.Sleep(time.Second); return errBoom }}
		for _, cancel := range []bool{false, true} {
			start := time.Now()
			rep, err := (&schedule.Runner{Concurrency: 2, CancelRunning: cancel}).Run(t.Context(), graph(slow, fail))
			require.ErrorIs(t, err, errBoom)
			if cancel {
				assert.Equal(t, "cancelled", statuses(rep)["slow"])
				assert.Equal(t, time.Second, time.Since(start))
			} else {
				assert.Equal(t, "succeeded", statuses(rep)["slow"], "running tasks finish")
				assert.Equal(t, time.Hour, time.Since(start))
			}
		}
	})
}

func TestRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var tries int
		var retries []string
		start := time.Now()
		flaky := schedule.Task{ID: "flaky", Run: func(context.Context) error {
			tries++
			if tries < 4 {
				return schedule.Transient(fmt.Errorf("503 from the registry"))
			}
			return nil
		}}
		r := schedule.Runner{Retry: &schedule.Retry{Attempts: 5, Backoff: time.Second, Max: 3 * time.Second},
			Events: func(e schedule.Event) {
				if e.Kind == schedule.EventRetry {
					retries = append(retries, fmt.Sprintf("%d@%s", e.Attempt, time.Since(start)))
				}
			}}
		rep, err := r.Run(t.Context(), graph(flaky))
		require.NoError(t, err)
		tr, _ := rep.Task("flaky")
		assert.Equal(t, 4, tr.Attempts)
		assert.Equal(t, []string{"2@0s", "3@1s", "4@3s"}, retries, "waits of 1s, 2s, then 3s (capped)")
		assert.Equal(t, 6*time.Second, time.Since(start))

		tries = 0
		permanent := schedule.Task{ID: "permanent", Run: func(context.Context) error { tries++; return errBoom }}
		rep, err = r.Run(t.Context(), graph(permanent))
		require.ErrorIs(t, err, errBoom)
		tr, _ = rep.Task("permanent")
		assert.Equal(t, 1, tr.Attempts, "only transient errors are retried")

		tries = 0
		own := permanent
		own.Retry = &schedule.Retry{Attempts: 3, Retryable: func(error) bool { return true }}
		rep, err = r.Run(t.Context(), graph(own))
		require.ErrorIs(t, err, errBoom)
		tr, _ = rep.Task("permanent")
		assert.Equal(t, 3, tr.Attempts, "a task's own retry and classification")
	})
}

func TestCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var g schedule.Graph
		g.Add(schedule.Task{ID: "first", Run: func(ctx context.Context) error {
			time.Sleep(time.Minute)
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}})
		for i := range 10 {
			g.Add(schedule.Task{ID: fmt.Sprint("next", i), Deps: []string{"first"}})
		}
		start := time.Now()
		rep, err := (&schedule.Runner{}).Run(ctx, &g)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, time.Minute, time.Since(start), "returns promptly")
		assert.Equal(t, "cancelled", statuses(rep)["first"])
		assert.Equal(t, "cancelled", statuses(rep)["next3"], "never started")
		// synctest fails the test if any goroutine is left behind.
	})
}

func TestPanicReRaised(t *testing.T) {
	var other atomic.Bool
	started := make(chan struct{})
	g := graph(
		schedule.Task{ID: "bad", Run: func(context.Context) error { <-started; panic("nil map") }},
		schedule.Task{ID: "other", Run: func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			other.Store(true)
			return ctx.Err()
		}},
	)
	var got any
	func() {
		defer func() { got = recover() }()
		_, _ = (&schedule.Runner{Concurrency: 2}).Run(t.Context(), g)
	}()
	p, ok := got.(*schedule.TaskPanic)
	require.True(t, ok, "panics with a *TaskPanic, got %v", got)
	assert.Equal(t, "bad", p.Task)
	assert.Equal(t, "nil map", p.Value)
	assert.Contains(t, string(p.Stack), "runner_test.go")
	assert.True(t, other.Load(), "the other worker stopped before the panic was re-raised")
}

func TestRollback(t *testing.T) {
	var undone []string
	undo := func(id string, err error) func(context.Context) error {
		return func(context.Context) error { undone = append(undone, id); return err }
	}
	var rec recorder
	db := rec.task("db", nil)
	db.Undo = undo("db", nil)
	api := rec.task("api", nil, "db")
	api.Undo = undo("api", errors.New("old image gone"))
	web := rec.task("web", nil, "api")
	web.Undo = undo("web", nil)
	fail := rec.task("smoke", errBoom, "api")
	later := rec.task("later", nil, "smoke")
	later.Undo = undo("later", nil)
	var events []string
	r := schedule.Runner{Concurrency: 1, Policy: schedule.Rollback, Events: func(e schedule.Event) {
		if e.Kind == schedule.EventUndo {
			events = append(events, e.Task)
		}
	}}
	rep, err := r.Run(t.Context(), graph(db, api, fail, web, later))
	require.ErrorIs(t, err, errBoom)
	assert.Equal(t, []string{"api", "db"}, undone, "completed tasks, in reverse dependency order; web and later never ran")
	assert.Equal(t, undone, events)
	d, _ := rep.Task("db")
	assert.True(t, d.Undone)
	a, _ := rep.Task("api")
	assert.False(t, a.Undone)
	assert.EqualError(t, a.UndoErr, "old image gone")
	l, _ := rep.Task("later")
	assert.False(t, l.Undone)
}

func TestResume(t *testing.T) {
	var rec recorder
	broken := true
	flaky := schedule.Task{ID: "migrate", Deps: []string{"build"}, Run: func(context.Context) error {
		if broken {
			return errBoom
		}
		return nil
	}}
	g := graph(rec.task("build", nil), flaky, rec.task("deploy", nil, "migrate"))
	var st schedule.State
	r := schedule.Runner{Events: st.Apply}
	_, err := r.Run(t.Context(), g)
	require.ErrorIs(t, err, errBoom)
	saved, err := json.Marshal(st)
	require.NoError(t, err)

	// A new process: the state comes back from where it was saved.
	var restored schedule.State
	require.NoError(t, json.Unmarshal(saved, &restored))
	broken = false
	rec.ran = nil
	var second schedule.State // saved from the second run's events alone
	rep, err := (&schedule.Runner{Resume: &restored, Events: second.Apply}).Run(t.Context(), g)
	require.NoError(t, err)
	assert.Equal(t, []string{"deploy"}, rec.runs(), "build is not run again")
	assert.Equal(t, map[string]string{"build": "resumed", "migrate": "succeeded", "deploy": "succeeded"}, statuses(rep))

	// Resuming twice: the second run's state keeps what the first did.
	rec.ran = nil
	rep, err = (&schedule.Runner{Resume: &second}).Run(t.Context(), g)
	require.NoError(t, err)
	assert.Empty(t, rec.runs(), "nothing is run a third time")
	assert.Equal(t, map[string]string{"build": "resumed", "migrate": "resumed", "deploy": "resumed"}, statuses(rep))
}

// TestCallbackPanics: a panic in a host's callback (Events, Retryable)
// comes back on Run's caller, like a task's, not on a worker; a panic in
// an Undo is its TaskPanic, in the report.
func TestCallbackPanics(t *testing.T) {
	for name, r := range map[string]*schedule.Runner{
		"events":    {Events: func(e schedule.Event) { panic("display broke") }},
		"retryable": {Retry: &schedule.Retry{Attempts: 2, Retryable: func(error) bool { panic("display broke") }}},
	} {
		t.Run(name, func(t *testing.T) {
			var got any
			func() {
				defer func() { got = recover() }()
				_, _ = r.Run(t.Context(), graph(schedule.Task{ID: "a", Run: func(context.Context) error { return errBoom }}))
			}()
			p, ok := got.(*schedule.TaskPanic)
			require.True(t, ok, "panics with a *TaskPanic, got %v", got)
			assert.Equal(t, "a", p.Task)
			assert.Equal(t, "display broke", p.Value)
		})
	}

	g := graph(
		schedule.Task{ID: "a", Undo: func(context.Context) error { panic("undo broke") }},
		schedule.Task{ID: "b", Deps: []string{"a"}, Run: func(context.Context) error { return errBoom }},
	)
	rep, err := (&schedule.Runner{Policy: schedule.Rollback}).Run(t.Context(), g)
	require.ErrorIs(t, err, errBoom)
	a, _ := rep.Task("a")
	var p *schedule.TaskPanic
	require.ErrorAs(t, a.UndoErr, &p)
	assert.Equal(t, "undo broke", p.Value)
}

// TestSkipDependentsThroughFinally: a finally task after a failure runs,
// but under SkipDependents what depends on it is still skipped.
func TestSkipDependentsThroughFinally(t *testing.T) {
	var rec recorder
	cleanup := rec.task("cleanup", nil, "fail")
	cleanup.Finally = true
	g := graph(rec.task("fail", errBoom), cleanup, rec.task("after", nil, "cleanup"))
	rep, _ := (&schedule.Runner{Policy: schedule.SkipDependents}).Run(t.Context(), g)
	assert.Equal(t, map[string]string{"fail": "failed", "cleanup": "succeeded", "after": "skipped"}, statuses(rep))
	rep, err := schedule.Simulator{Policy: schedule.SkipDependents, Tasks: map[string]schedule.Behavior{"fail": {Fail: 1}}}.Simulate(g, simStart)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"fail": "failed", "cleanup": "succeeded", "after": "skipped"}, statuses(rep))
}

func TestRunInvalidGraph(t *testing.T) {
	var rec recorder
	_, err := (&schedule.Runner{}).Run(t.Context(), graph(rec.task("a", nil, "b"), rec.task("b", nil, "a")))
	assert.ErrorIs(t, err, schedule.ErrCycle)
	assert.Empty(t, rec.runs())
	assert.Panics(t, func() { _, _ = (&schedule.Runner{Concurrency: -1}).Run(t.Context(), graph()) })
}

// TestRunProperties runs random graphs with random failures under every
// policy: each task runs at most once and only after its dependencies
// ended as its join rule requires.
func TestRunProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 100 {
		g0 := randomDAG(r, 1+r.IntN(50), 2)
		var mu sync.Mutex
		ended := map[string]bool{}
		runs := map[string]int{}
		var g schedule.Graph
		failing := map[string]bool{}
		for tk := range g0.Tasks() {
			failing[tk.ID] = r.IntN(6) == 0
			deps := tk.Deps
			tk.Run = func(context.Context) error {
				mu.Lock()
				defer mu.Unlock()
				runs[tk.ID]++
				for _, d := range deps {
					if !ended[d] {
						return fmt.Errorf("%s ran before %s ended", tk.ID, d)
					}
				}
				ended[tk.ID] = true
				if failing[tk.ID] {
					return errBoom
				}
				return nil
			}
			g.Add(tk)
		}
		policy := schedule.FailurePolicy(round % 3)
		rep, _ := (&schedule.Runner{Concurrency: 1 + r.IntN(8), Policy: policy}).Run(t.Context(), &g)
		for _, tr := range rep.Tasks {
			require.LessOrEqual(t, runs[tr.ID], 1)
			if tr.Err != nil {
				require.NotContains(t, tr.Err.Error(), "ran before", "policy %v", policy)
			}
			tk, _ := g.Task(tr.ID)
			if tr.Status == schedule.Succeeded {
				for _, d := range tk.Deps {
					dr, _ := rep.Task(d)
					require.Equal(t, schedule.Succeeded, dr.Status, "%s succeeded after %s %s", tr.ID, d, dr.Status)
				}
			}
			require.NotEqual(t, schedule.Pending, tr.Status, "every task ends")
			if strings.HasPrefix(tr.Reason, "depends on") {
				require.Equal(t, schedule.Skipped, tr.Status)
			}
		}
	}
}

// BenchmarkRun runs 100,000 no-op tasks of a random graph, 64 at once
// (issue target: 2 µs a task).
func BenchmarkRun(b *testing.B) {
	g := randomDAG(rand.New(rand.NewPCG(1, 1)), 100_000, 3)
	var g2 schedule.Graph
	for tk := range g.Tasks() {
		tk.Run = func(context.Context) error { return nil }
		g2.Add(tk)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (&schedule.Runner{Concurrency: 64}).Run(context.Background(), &g2); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/task")
}
