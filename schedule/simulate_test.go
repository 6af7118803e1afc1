package schedule_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var simStart = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// TestSimulateMatchesPlan: with every task taking its Duration and none
// failing, a simulation is the plan: the same list scheduling, the same
// calendar rule.
func TestSimulateMatchesPlan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cal := mustCalendar(t, "allow every Mon-Fri 09:00-17:00 in Europe/Berlin")
	for round := range 60 {
		g := randomDAG(r, 1+r.IntN(80), 2)
		limit := 1 + r.IntN(10)
		var slots schedule.Slots
		if round%3 == 0 {
			slots = cal
		}
		plan, err := schedule.Planner{Concurrency: limit, Calendar: slots}.Plan(g, simStart)
		require.NoError(t, err)
		rep, err := schedule.Simulator{Concurrency: limit, Calendar: slots}.Simulate(g, simStart)
		require.NoError(t, err)
		for _, p := range plan.Tasks {
			s, ok := rep.Task(p.ID)
			require.True(t, ok)
			require.Equal(t, schedule.Succeeded, s.Status)
			require.Equal(t, 1, s.Attempts)
			require.True(t, p.Start.Equal(s.Start), "round %d %s: planned %s, simulated %s", round, p.ID, p.Start, s.Start)
			require.True(t, p.Finish.Equal(s.Finish), "round %d %s", round, p.ID)
		}
		require.True(t, plan.Finish.Equal(rep.Finish))
		if slots == nil {
			// The path is gapless: each task starts when the one before
			// it ends, because it depends on it or waited for its slot.
			// (Which of several tasks ending at one instant it names may
			// differ from the plan's.)
			require.NotEmpty(t, rep.CriticalPath)
			prev := rep.Start
			for _, id := range rep.CriticalPath {
				tr, _ := rep.Task(id)
				require.True(t, tr.Start.Equal(prev), "round %d: %s starts %s, the path is at %s", round, id, tr.Start, prev)
				prev = tr.Finish
			}
			require.True(t, prev.Equal(rep.Finish))
		}
	}
}

// TestSimulateMatchesRunner runs random graphs twice: simulated, and by
// the Runner on a virtual clock with tasks that wait their duration on
// it and fail as the simulation's behaviours say. Every policy, join
// rule, finally task, retry and rollback must come out the same.
func TestSimulateMatchesRunner(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	seen := map[string]int{}
	for round := range 150 {
		g0 := randomDAG(r, 1+r.IntN(30), 2)
		behaviors := map[string]schedule.Behavior{}
		durations := map[string]time.Duration{}
		var tasks []schedule.Task
		for tk := range g0.Tasks() {
			// Durations with random nanoseconds: no two events at one
			// instant, where the Runner's order would be a race.
			d := time.Duration(r.IntN(3600))*time.Second + time.Duration(1+r.Int64N(1e9))
			durations[tk.ID] = d
			b := schedule.Behavior{Duration: schedule.Fixed(d)}
			switch r.IntN(8) {
			case 0:
				b.Fail = 1
			case 1, 2:
				b.Flaky = 1
			}
			behaviors[tk.ID] = b
			tk.Join = schedule.Join(r.IntN(3))
			tk.Finally = r.IntN(12) == 0 && len(tk.Deps) > 0 // one without runs last: none may depend on it
			if r.IntN(2) == 0 {
				tk.Undo = func(context.Context) error { return nil }
			}
			tasks = append(tasks, tk)
		}
		if r.IntN(2) == 0 {
			d := time.Duration(1 + r.Int64N(1e9))
			tasks = append(tasks, schedule.Task{ID: "notify", Finally: true, Duration: d})
			durations["notify"] = d
		}
		policy := schedule.FailurePolicy(r.IntN(4))
		cancelRunning := r.IntN(2) == 0
		retry := &schedule.Retry{Attempts: r.IntN(4), Backoff: time.Duration(1+r.IntN(600)) * time.Second}
		limit := 1 + r.IntN(6)

		sim := schedule.Simulator{Concurrency: limit, Policy: policy, CancelRunning: cancelRunning, Retry: retry, Tasks: behaviors}
		want, err := sim.Simulate(graph(tasks...), simStart)
		require.NoError(t, err)

		got := runOnVirtualClock(t, tasks, behaviors, durations,
			schedule.Runner{Concurrency: limit, Policy: policy, CancelRunning: cancelRunning, Retry: retry})

		msg := fmt.Sprintf("round %d, policy %d, cancel %v, limit %d\nsimulated:\n%s\nrun:\n%s", round, policy, cancelRunning, limit, want, got)
		require.Len(t, got.Tasks, len(want.Tasks))
		for i, w := range want.Tasks {
			g := got.Tasks[i]
			require.Equal(t, w.ID, g.ID)
			require.Equal(t, w.Status, g.Status, "%s\n%s", w.ID, msg)
			require.Equal(t, w.Attempts, g.Attempts, "%s\n%s", w.ID, msg)
			require.True(t, w.Start.Equal(g.Start), "%s start\n%s", w.ID, msg)
			require.True(t, w.Finish.Equal(g.Finish), "%s finish\n%s", w.ID, msg)
			require.Equal(t, w.Undone, g.Undone, "%s\n%s", w.ID, msg)
			require.Equal(t, w.Reason, g.Reason, "%s\n%s", w.ID, msg)
			seen[w.Status.String()]++
			if w.Attempts > 1 {
				seen["retried"]++
			}
			if w.Undone {
				seen["undone"]++
			}
		}
		require.Equal(t, want.CriticalPath, got.CriticalPath, msg)
		require.True(t, want.Finish.Equal(got.Finish), msg)
	}
	// The rounds covered every outcome.
	for _, k := range []string{"succeeded", "failed", "skipped", "cancelled", "retried", "undone"} {
		assert.Greater(t, seen[k], 5, k)
	}
	t.Log(seen)
}

// runOnVirtualClock runs the tasks with the Runner, each waiting its
// duration on a virtual clock and failing as its behaviour says (always
// or never), and moves the clock whenever every goroutine waits.
func runOnVirtualClock(t *testing.T, tasks []schedule.Task, behaviors map[string]schedule.Behavior,
	durations map[string]time.Duration, runner schedule.Runner) *schedule.Report {
	t.Helper()
	var rep *schedule.Report
	synctest.Test(t, func(t *testing.T) {
		clock := schedule.NewVirtualClock(simStart)
		runner.Clock = clock
		var g schedule.Graph
		for _, tk := range tasks {
			b, d := behaviors[tk.ID], durations[tk.ID]
			tk.Run = func(ctx context.Context) error {
				select {
				case <-clock.After(d):
				case <-ctx.Done():
					return ctx.Err()
				}
				switch {
				case b.Fail == 1:
					return schedule.ErrSimulated
				case b.Flaky == 1:
					return schedule.Transient(schedule.ErrSimulated)
				}
				return nil
			}
			g.Add(tk)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			rep, _ = runner.Run(context.Background(), &g)
		}()
		for {
			synctest.Wait()
			select {
			case <-done:
				return
			default:
			}
			if !clock.AdvanceToNext() {
				t.Fatal("the run waits, but on no timer")
			}
		}
	})
	return rep
}

func TestSimulateDeterministic(t *testing.T) {
	g := randomDAG(rand.New(rand.NewPCG(1, 2)), 200, 3)
	behaviors := map[string]schedule.Behavior{}
	for tk := range g.Tasks() {
		behaviors[tk.ID] = schedule.Behavior{Duration: schedule.LogNormal(tk.Duration, 3*tk.Duration), Flaky: 0.1, Fail: 0.01}
	}
	sim := schedule.Simulator{Concurrency: 8, Retry: &schedule.Retry{Attempts: 3, Backoff: time.Minute}, Tasks: behaviors, Policy: schedule.Continue, Seed: 42}
	a, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	b, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	assert.Equal(t, a.String(), b.String())

	sim.Seed = 43
	c, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	assert.NotEqual(t, a.String(), c.String(), "another seed, other draws")

	// Common random numbers: another concurrency limit moves the tasks,
	// but each first attempt lasts as long as before.
	sim.Seed, sim.Concurrency = 42, 1
	d, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	same := 0
	for i, x := range a.Tasks {
		y := d.Tasks[i]
		if x.Status == schedule.Succeeded && y.Status == schedule.Succeeded && x.Attempts == 1 && y.Attempts == 1 {
			require.Equal(t, x.Finish.Sub(x.Start), y.Finish.Sub(y.Start), x.ID)
			same++
		}
	}
	assert.Greater(t, same, 100)
	assert.True(t, d.Finish.After(a.Finish), "one at a time is slower")
}

func TestSimulateEvents(t *testing.T) {
	var events []schedule.Event
	var state schedule.State
	sim := schedule.Simulator{
		Retry: &schedule.Retry{Attempts: 2, Backoff: time.Minute},
		Tasks: map[string]schedule.Behavior{"deploy": {Flaky: 1}},
		Events: func(e schedule.Event) {
			events = append(events, e)
			state.Apply(e)
		},
	}
	rep, err := sim.Simulate(graph(task("build", time.Hour), task("deploy", time.Hour, "build"), task("smoke", time.Minute, "deploy")), simStart)
	require.NoError(t, err)
	var lines []string
	for _, e := range events {
		lines = append(lines, fmt.Sprintf("%s %s %s #%d %s", e.At.Format("15:04"), e.Kind, e.Task, e.Attempt, e.Status))
	}
	assert.Equal(t, []string{
		"09:00 start build #1 pending",
		"10:00 finish build #1 succeeded",
		"10:00 start deploy #1 pending",
		"11:00 retry deploy #2 pending",
		"12:01 finish deploy #2 failed",
		"12:01 skip smoke #0 skipped",
	}, lines)
	assert.Equal(t, []string{"deploy"}, rep.Failed())
	tr, _ := rep.Task("deploy")
	assert.ErrorIs(t, tr.Err, schedule.ErrSimulated)
	assert.True(t, schedule.IsTransient(tr.Err))
	assert.Equal(t, []string{"build"}, slices.Sorted(mapKeys(state.Succeeded)))
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestSimulateWeek: a week of release flow under a calendar, with
// overruns into the evening, in well under a second.
func TestSimulateWeek(t *testing.T) {
	cal := mustCalendar(t, "allow every Mon-Fri 09:00-17:00 in Europe/Berlin")
	g := randomDAG(rand.New(rand.NewPCG(8, 8)), 300, 2)
	behaviors := map[string]schedule.Behavior{}
	for tk := range g.Tasks() {
		behaviors[tk.ID] = schedule.Behavior{Duration: schedule.Triangular(tk.Duration/2, tk.Duration, 3*tk.Duration)}
	}
	rep, err := schedule.Simulator{Concurrency: 4, Calendar: cal, Tasks: behaviors}.Simulate(g, simStart)
	require.NoError(t, err)
	assert.Greater(t, rep.Finish.Sub(rep.Start), 4*24*time.Hour)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tr := range rep.Tasks {
		s := tr.Start.In(berlin)
		require.True(t, s.Weekday() >= time.Monday && s.Weekday() <= time.Friday && s.Hour() >= 9 && s.Hour() < 17, "%s starts %s", tr.ID, s)
	}
}

func TestSimulateInvalid(t *testing.T) {
	g := graph(task("a", time.Hour), task("b", time.Hour, "a"))
	cases := []struct {
		name string
		sim  schedule.Simulator
		g    *schedule.Graph
		want error
	}{
		{"cycle", schedule.Simulator{}, graph(task("a", 0, "b"), task("b", 0, "a")), schedule.ErrCycle},
		{"unknown task", schedule.Simulator{Tasks: map[string]schedule.Behavior{"c": {}}}, g, schedule.ErrUnknownTask},
		{"negative concurrency", schedule.Simulator{Concurrency: -1}, g, nil},
		{"negative probability", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Fail: -0.1}}}, g, schedule.ErrInvalidTask},
		{"NaN probability", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Flaky: math.NaN()}}}, g, schedule.ErrInvalidTask},
		{"probabilities above 1", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Fail: 0.6, Flaky: 0.5}}}, g, schedule.ErrInvalidTask},
		{"uniform reversed", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.Uniform(time.Hour, time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"triangular mode outside", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.Triangular(time.Minute, time.Hour, 30*time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"lognormal p90 below median", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.LogNormal(time.Hour, time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"lognormal zero median", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.LogNormal(0, time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"empirical without samples", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.Empirical()}}}, g, schedule.ErrInvalidTask},
		{"negative sample", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.Empirical(time.Minute, -time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"fixed beyond a year", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.Fixed(2 * schedule.MaxDraw)}}}, g, schedule.ErrInvalidTask},
		{"undo invalid", schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Undo: schedule.Fixed(-time.Minute)}}}, g, schedule.ErrInvalidTask},
		{"task Duration beyond a year", schedule.Simulator{}, graph(task("a", 400*24*time.Hour)), schedule.ErrInvalidTask},
		{"too many attempts", schedule.Simulator{Retry: &schedule.Retry{Attempts: 1_000_000}}, g, schedule.ErrInvalidTask},
		{"never fits", schedule.Simulator{Calendar: mustCalendar(t, "allow every Mon 09:00-10:00")}, graph(task("a", 2*time.Hour)), schedule.ErrNoWindow},
		{"horizon", schedule.Simulator{}, longPath(120, 360*24*time.Hour), schedule.ErrHorizon},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := c.sim.Simulate(c.g, simStart)
			require.Error(t, err)
			assert.Nil(t, rep)
			if c.want != nil {
				assert.ErrorIs(t, err, c.want)
			}
			_, ferr := c.sim.Forecast(t.Context(), c.g, simStart, 10)
			require.Error(t, ferr)
			if c.want != nil {
				assert.ErrorIs(t, ferr, c.want)
			}
		})
	}
}

func longPath(n int, d time.Duration) *schedule.Graph {
	var g schedule.Graph
	for i := range n {
		tk := schedule.Task{ID: fmt.Sprint("t", i), Duration: d}
		if i > 0 {
			tk.Deps = []string{fmt.Sprint("t", i-1)}
		}
		g.Add(tk)
	}
	return &g
}

// TestSimulateFlakyForever: a task that always fails transiently, with
// no backoff and no duration, ends after its attempts instead of looping.
func TestSimulateFlakyForever(t *testing.T) {
	sim := schedule.Simulator{Retry: &schedule.Retry{Attempts: 1000}, Tasks: map[string]schedule.Behavior{"a": {Flaky: 1}}}
	rep, err := sim.Simulate(graph(task("a", 0)), simStart)
	require.NoError(t, err)
	tr, _ := rep.Task("a")
	assert.Equal(t, 1000, tr.Attempts)
	assert.Equal(t, schedule.Failed, tr.Status)
}

func TestDist(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	const n = 200_000
	draw := func(d schedule.Dist) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(d.Draw(r))
		}
		slices.Sort(xs)
		return xs
	}
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	q := func(xs []float64, p float64) float64 { return xs[int(p*float64(len(xs)))] }
	h := float64(time.Hour)

	xs := draw(schedule.Fixed(time.Hour))
	assert.Equal(t, h, xs[0])
	assert.Equal(t, h, xs[n-1])

	xs = draw(schedule.Uniform(time.Hour, 3*time.Hour))
	assert.GreaterOrEqual(t, xs[0], h)
	assert.LessOrEqual(t, xs[n-1], 3*h)
	assert.InEpsilon(t, 2*h, mean(xs), 0.01)
	assert.InEpsilon(t, 1.5*h, q(xs, 0.25), 0.01)

	// Triangular(1h, 2h, 6h): mean (1+2+6)/3 = 3h; the mode splits the
	// mass at (2-1)/(6-1) = 20%.
	xs = draw(schedule.Triangular(time.Hour, 2*time.Hour, 6*time.Hour))
	assert.GreaterOrEqual(t, xs[0], h)
	assert.LessOrEqual(t, xs[n-1], 6*h)
	assert.InEpsilon(t, 3*h, mean(xs), 0.01)
	assert.InEpsilon(t, 2*h, q(xs, 0.2), 0.01)

	xs = draw(schedule.LogNormal(time.Hour, 4*time.Hour))
	assert.InEpsilon(t, h, q(xs, 0.5), 0.02)
	assert.InEpsilon(t, 4*h, q(xs, 0.9), 0.03)
	assert.Greater(t, xs[0], 0.0)

	samples := []time.Duration{time.Minute, 5 * time.Minute, time.Hour}
	d := schedule.Empirical(samples...)
	samples[0] = time.Second // the Dist keeps its own copy
	counts := map[time.Duration]int{}
	for range 30_000 {
		counts[d.Draw(r)]++
	}
	assert.Len(t, counts, 3)
	for _, c := range counts {
		assert.InDelta(t, 10_000, c, 500)
	}

	// A heavy tail is cut at MaxDraw rather than overflowing.
	xs = draw(schedule.LogNormal(time.Hour, schedule.MaxDraw))
	assert.LessOrEqual(t, xs[n-1], float64(schedule.MaxDraw))

	assert.Equal(t, time.Duration(0), schedule.Uniform(time.Hour, 0).Draw(r), "invalid draws zero")
	assert.Equal(t, time.Duration(0), schedule.Dist{}.Draw(r))

	for _, c := range []struct {
		d    schedule.Dist
		want string
	}{
		{schedule.Fixed(time.Hour), "fixed(1h0m0s)"},
		{schedule.Uniform(time.Minute, time.Hour), "uniform(1m0s, 1h0m0s)"},
		{schedule.Triangular(time.Minute, 2*time.Minute, time.Hour), "triangular(1m0s, 2m0s, 1h0m0s)"},
		{schedule.LogNormal(20*time.Minute, 45*time.Minute), "lognormal(median 20m0s, p90 45m0s)"},
		{schedule.Dist{}, "unset"},
	} {
		assert.Equal(t, c.want, c.d.String())
	}
	assert.Equal(t, "empirical(3 samples, 1m0s to 1h0m0s)", d.String())
}

func randomBehaviors(g *schedule.Graph) map[string]schedule.Behavior {
	behaviors := map[string]schedule.Behavior{}
	for tk := range g.Tasks() {
		behaviors[tk.ID] = schedule.Behavior{Duration: schedule.Triangular(tk.Duration/2, tk.Duration, 3*tk.Duration), Flaky: 0.05, Fail: 0.001}
	}
	return behaviors
}

// BenchmarkSimulate simulates a 100,000-task random graph, 64 at once,
// with drawn durations, flaky tasks and retries.
func BenchmarkSimulate(b *testing.B) {
	g := randomDAG(rand.New(rand.NewPCG(1, 1)), 100_000, 3)
	sim := schedule.Simulator{Concurrency: 64, Policy: schedule.Continue, Retry: &schedule.Retry{Attempts: 3, Backoff: time.Minute}, Tasks: randomBehaviors(g)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Simulate(g, simStart); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/task")
}

// BenchmarkSimulateWeek simulates a week of release flow: 300 tasks,
// 4 at once, in office hours.
func BenchmarkSimulateWeek(b *testing.B) {
	cal := mustCalendar(b, "allow every Mon-Fri 09:00-17:00 in Europe/Berlin")
	g := randomDAG(rand.New(rand.NewPCG(8, 8)), 300, 2)
	sim := schedule.Simulator{Concurrency: 4, Calendar: cal, Tasks: randomBehaviors(g), Retry: &schedule.Retry{Attempts: 3, Backoff: time.Minute}}
	var rep *schedule.Report
	for b.Loop() {
		var err error
		if rep, err = sim.Simulate(g, simStart); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(rep.Finish.Sub(rep.Start).Hours()/24, "days")
}

// BenchmarkForecast makes 1,000 runs of a 40-task release.
func BenchmarkForecast(b *testing.B) {
	g := randomDAG(rand.New(rand.NewPCG(2, 2)), 40, 2)
	sim := schedule.Simulator{Concurrency: 8, Retry: &schedule.Retry{Attempts: 3, Backoff: time.Minute}, Tasks: randomBehaviors(g)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Forecast(context.Background(), g, simStart, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

// moving is a Slots that never says the same thing twice: each answer
// is a minute after the instant asked about.
type moving struct{}

func (moving) Next(t time.Time, d time.Duration) (time.Time, bool) { return t.Add(time.Minute), true }

// far is a Slots whose next window is two centuries away.
type far struct{}

func (far) Next(t time.Time, d time.Duration) (time.Time, bool) { return t.AddDate(200, 0, 0), true }

// TestHostileSlots: a host's Slots that moves its answer, or answers
// beyond the horizon, gives a result or an error, never an endless
// search; so do durations and backoffs whose sums would overflow.
func TestHostileSlots(t *testing.T) {
	g := graph(task("a", time.Hour), task("b", time.Hour, "a"), task("c", time.Hour, "a"))
	for _, limit := range []int{0, 1} {
		plan, err := schedule.Planner{Concurrency: limit, Calendar: moving{}}.Plan(g, simStart)
		require.NoError(t, err)
		rep, err := schedule.Simulator{Concurrency: max(limit, 1), Calendar: moving{}}.Simulate(g, simStart)
		require.NoError(t, err)
		assert.Equal(t, simStart.Add(time.Minute), plan.Tasks[0].Start, "the first answer is taken")
		assert.Equal(t, simStart.Add(time.Minute), rep.Tasks[0].Start)
	}

	_, err := schedule.Planner{Calendar: far{}}.Plan(g, simStart)
	assert.ErrorIs(t, err, schedule.ErrHorizon)
	_, err = schedule.Simulator{Calendar: far{}}.Simulate(g, simStart)
	assert.ErrorIs(t, err, schedule.ErrHorizon)

	long := longPath(120, 360*24*time.Hour)
	for _, limit := range []int{0, 1} {
		_, err = schedule.Planner{Concurrency: limit}.Plan(long, simStart)
		assert.ErrorIs(t, err, schedule.ErrHorizon, "limit %d", limit)
	}
	assert.ErrorIs(t, graph(task("a", schedule.Horizon+1)).Validate(), schedule.ErrInvalidTask)

	// Backoffs that grow past what a Duration holds are capped, not
	// wrapped round to negative waits.
	sim := schedule.Simulator{Retry: &schedule.Retry{Attempts: 100, Backoff: time.Hour, Multiplier: 1e10},
		Tasks: map[string]schedule.Behavior{"a": {Flaky: 1}}}
	_, err = sim.Simulate(graph(task("a", time.Hour)), simStart)
	assert.ErrorIs(t, err, schedule.ErrHorizon)
}
