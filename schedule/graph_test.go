package schedule_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func graph(tasks ...schedule.Task) *schedule.Graph {
	var g schedule.Graph
	g.Add(tasks...)
	return &g
}

func task(id string, d time.Duration, deps ...string) schedule.Task {
	return schedule.Task{ID: id, Duration: d, Deps: deps}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		g      *schedule.Graph
		is     []error
		cycles [][]string
		msg    string
	}{
		{name: "valid", g: graph(task("a", time.Hour), task("b", time.Hour, "a"))},
		{name: "empty", g: graph()},
		{name: "unknown dependency", g: graph(task("a", 0, "ghost")), is: []error{schedule.ErrUnknownTask},
			msg: "schedule: task a: depends on ghost: unknown task"},
		{name: "self dependency", g: graph(task("a", 0, "a")), is: []error{schedule.ErrInvalidTask}},
		{name: "duplicate", g: graph(task("a", 0), task("a", time.Hour)), is: []error{schedule.ErrDuplicateTask}},
		{name: "no ID", g: graph(task("", 0)), is: []error{schedule.ErrInvalidTask}},
		{name: "negative duration", g: graph(task("a", -time.Second)), is: []error{schedule.ErrInvalidTask}},
		{name: "a cycle, as a path", g: graph(task("a", 0, "b"), task("b", 0, "c"), task("c", 0, "a"), task("d", 0, "a")),
			is: []error{schedule.ErrCycle}, cycles: [][]string{{"a", "b", "c", "a"}}, msg: "schedule: cycle a -> b -> c -> a"},
		{name: "two cycles and an unknown task, all at once",
			g:  graph(task("a", 0, "b"), task("b", 0, "a"), task("x", 0, "y"), task("y", 0, "x", "ghost")),
			is: []error{schedule.ErrCycle, schedule.ErrUnknownTask}, cycles: [][]string{{"a", "b", "a"}, {"x", "y", "x"}}},
		{name: "depends on a last finally task", g: graph(schedule.Task{ID: "notify", Finally: true}, task("a", 0, "notify")),
			is: []error{schedule.ErrInvalidTask}, msg: "schedule: task notify: is a finally task without dependencies"},
		{name: "IDs from outside stay on one line", g: graph(task("a", 0, "evil\nline")), is: []error{schedule.ErrUnknownTask},
			msg: `schedule: task a: depends on "evil\nline": unknown task`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.g.Validate()
			if len(tt.is) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tt.is {
				assert.ErrorIs(t, err, want)
			}
			var cycles [][]string
			var merr interface{ WrappedErrors() []error }
			if errors.As(err, &merr) {
				for _, e := range merr.WrappedErrors() {
					var ce *schedule.CycleError
					if errors.As(e, &ce) {
						cycles = append(cycles, ce.Path)
					}
				}
			}
			assert.Equal(t, tt.cycles, cycles)
			if tt.msg != "" {
				assert.Contains(t, err.Error(), tt.msg)
			}
		})
	}
}

// TestLongCycle: a cycle through a million tasks is found without
// exhausting the stack.
func TestLongCycle(t *testing.T) {
	const n = 1_000_000
	var g schedule.Graph
	for i := range n {
		g.Add(task(fmt.Sprint(i), time.Second, fmt.Sprint((i+1)%n)))
	}
	err := g.Validate()
	var ce *schedule.CycleError
	require.ErrorAs(t, err, &ce)
	assert.Len(t, ce.Path, n+1)
	assert.Equal(t, ce.Path[0], ce.Path[n])
}

func TestPlanDiamond(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	g := graph(task("build", time.Hour), task("api", 2*time.Hour, "build"), task("db", 3*time.Hour, "build"),
		task("smoke", time.Hour, "api", "db"))
	p, err := schedule.Planner{}.Plan(g, start)
	require.NoError(t, err)
	assert.Equal(t, start.Add(5*time.Hour), p.Finish)
	assert.Equal(t, [][]string{{"build"}, {"api", "db"}, {"smoke"}}, p.Waves)
	assert.Equal(t, []string{"build", "db", "smoke"}, p.CriticalPath)
	got := map[string]schedule.PlannedTask{}
	for _, pt := range p.Tasks {
		got[pt.ID] = pt
	}
	assert.Equal(t, time.Hour, got["api"].Slack, "api may overrun an hour before smoke moves")
	assert.Zero(t, got["db"].Slack)
	assert.True(t, got["db"].Critical)
	assert.False(t, got["api"].Critical)
	assert.Equal(t, start.Add(4*time.Hour), got["smoke"].Start)

	// One at a time: the longer chain first.
	p, err = schedule.Planner{Concurrency: 1}.Plan(g, start)
	require.NoError(t, err)
	var order []string
	for _, pt := range p.Tasks {
		order = append(order, pt.ID)
	}
	assert.Equal(t, []string{"build", "db", "api", "smoke"}, order)
	assert.Equal(t, start.Add(7*time.Hour), p.Finish)
	assert.Equal(t, []string{"build", "db", "api", "smoke"}, p.CriticalPath, "api waited for db's slot")
}

func TestPlanEmpty(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	p, err := schedule.Planner{Concurrency: 4}.Plan(new(schedule.Graph), start)
	require.NoError(t, err)
	assert.Equal(t, start, p.Finish)
	assert.Empty(t, p.Tasks)
	assert.Empty(t, p.CriticalPath)
}

func TestPlanInvalid(t *testing.T) {
	_, err := schedule.Planner{}.Plan(graph(task("a", 0, "a")), time.Time{})
	assert.ErrorIs(t, err, schedule.ErrInvalidTask)
}

// randomDAG has n tasks, each depending on up to k earlier ones.
func randomDAG(r *rand.Rand, n, k int) *schedule.Graph {
	var g schedule.Graph
	for i := range n {
		var deps []string
		if i > 0 {
			for range r.IntN(2*k + 1) {
				deps = append(deps, fmt.Sprint("t", r.IntN(i)))
			}
		}
		slicesUnique(&deps)
		g.Add(schedule.Task{ID: fmt.Sprint("t", i), Duration: time.Duration(1+r.IntN(60)) * time.Minute, Deps: deps})
	}
	return &g
}

func slicesUnique(s *[]string) {
	seen := map[string]bool{}
	out := (*s)[:0]
	for _, x := range *s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	*s = out
}

// TestPlanProperties checks plans of random graphs: no task starts before
// its dependencies finish, the limit is never exceeded, the critical path
// is a gapless chain from the start to the finish, and without a limit
// the finish is the longest path, worked out separately.
func TestPlanProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for round := range 200 {
		g := randomDAG(r, 1+r.IntN(60), 1+r.IntN(3))
		limit := []int{0, 1, 2, 3, 8}[round%5]
		p, err := schedule.Planner{Concurrency: limit}.Plan(g, start)
		require.NoError(t, err)
		at := map[string]schedule.PlannedTask{}
		for _, pt := range p.Tasks {
			at[pt.ID] = pt
		}
		require.Len(t, at, g.Len())
		var latest time.Time
		for tk := range g.Tasks() {
			pt := at[tk.ID]
			assert.Equal(t, tk.Duration, pt.Finish.Sub(pt.Start))
			assert.GreaterOrEqual(t, pt.Slack, time.Duration(0))
			for _, dep := range tk.Deps {
				assert.False(t, pt.Start.Before(at[dep].Finish), "%s starts before %s finishes", tk.ID, dep)
			}
			if pt.Finish.After(latest) {
				latest = pt.Finish
			}
		}
		assert.Equal(t, latest, p.Finish)
		if limit > 0 {
			for _, pt := range p.Tasks {
				running := 0
				for _, o := range p.Tasks {
					if !o.Start.After(pt.Start) && o.Finish.After(pt.Start) && o.Finish.Sub(o.Start) > 0 {
						running++
					}
				}
				assert.LessOrEqual(t, running, limit, "at %v", pt.Start)
			}
		} else {
			// The longest path, by memoised recursion over dependencies.
			memo := map[string]time.Duration{}
			var longest func(id string) time.Duration
			longest = func(id string) time.Duration {
				if v, ok := memo[id]; ok {
					return v
				}
				tk, _ := g.Task(id)
				var m time.Duration
				for _, d := range tk.Deps {
					m = max(m, longest(d))
				}
				memo[id] = m + tk.Duration
				return memo[id]
			}
			var want time.Duration
			for tk := range g.Tasks() {
				want = max(want, longest(tk.ID))
			}
			assert.Equal(t, want, p.Duration())
		}
		require.NotEmpty(t, p.CriticalPath)
		assert.Equal(t, start, at[p.CriticalPath[0]].Start)
		assert.Equal(t, p.Finish, at[p.CriticalPath[len(p.CriticalPath)-1]].Finish)
		for k := 1; k < len(p.CriticalPath); k++ {
			assert.Equal(t, at[p.CriticalPath[k-1]].Finish, at[p.CriticalPath[k]].Start, "gap in the critical path %s", strings.Join(p.CriticalPath, " "))
		}
	}
}

// BenchmarkPlan plans a random graph of 100,000 tasks with 3 dependencies
// on average (issue target: 150 ms).
func BenchmarkPlan(b *testing.B) {
	g := randomDAG(rand.New(rand.NewPCG(1, 1)), 100_000, 3)
	for _, limit := range []int{0, 64} {
		b.Run(fmt.Sprint("concurrency=", limit), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (schedule.Planner{Concurrency: limit}).Plan(g, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 50 {
		n := 1 + rng.IntN(200)
		// Tasks are added in a shuffled order, so the topological order
		// is not the order of addition.
		perm := rng.Perm(n)
		tasks := make([]schedule.Task, n)
		for i := range n {
			tasks[perm[i]] = schedule.Task{ID: fmt.Sprint("t", i)}
			for j := range i {
				if rng.IntN(10) == 0 {
					tasks[perm[i]].Deps = append(tasks[perm[i]].Deps, fmt.Sprint("t", j))
				}
			}
		}
		g := graph(tasks...)
		order, err := g.Order()
		require.NoError(t, err)
		require.Len(t, order, n)
		pos := map[string]int{}
		for k, id := range order {
			pos[id] = k
		}
		require.Len(t, pos, n, "each task once")
		for _, tk := range tasks {
			for _, dep := range tk.Deps {
				assert.Less(t, pos[dep], pos[tk.ID], "%s before %s", dep, tk.ID)
			}
		}
		again, err := g.Order()
		require.NoError(t, err)
		assert.Equal(t, order, again)
	}

	order, err := graph(task("b", 0, "a"), task("c", 0), task("a", 0)).Order()
	require.NoError(t, err)
	assert.Equal(t, []string{"c", "a", "b"}, order)

	_, err = graph(task("a", 0, "b"), task("b", 0, "a")).Order()
	assert.ErrorIs(t, err, schedule.ErrCycle)
}
