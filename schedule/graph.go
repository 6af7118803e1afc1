package schedule

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/hashicorp/go-multierror"
)

// Task is one unit of a release: a service to deploy, a migration, a
// wave of a rollout.
type Task struct {
	// ID names the task; it is unique in its graph.
	ID string
	// Deps are the IDs of the tasks that must finish before it starts.
	Deps []string
	// Duration is how long it is expected to take, for plans and
	// simulations. Zero is a milestone.
	Duration time.Duration
	// Window, when set, is when the task may run: a Planner or
	// Simulator starts it only where it fits whole (a *Calendar is one).
	// Nil means their Calendar. The Runner does not read it: it runs a
	// task when its dependencies allow, so a host starts a run when the
	// plan says.
	Window Slots
	// Labels are free attributes (a team, a region).
	Labels map[string]string
	// Run does the work, when a Runner runs the graph. Nil is a task
	// with nothing to do (a milestone), which succeeds at once.
	Run func(ctx context.Context) error
	// Undo reverses Run, for the Rollback failure policy. Nil means the
	// task has nothing to undo.
	Undo func(ctx context.Context) error
	// Join says when the task runs, given how its dependencies ended.
	Join Join
	// Finally marks a task that runs whatever happened before it, under
	// every failure policy (cleanup, notifications): once its
	// dependencies have ended, or, without dependencies, once every other
	// task has.
	Finally bool
	// Retry is how the task is retried; nil means the Runner's.
	Retry *Retry
}

// Graph is a set of tasks and their dependencies. The zero value is an
// empty graph. It is not safe for concurrent use while tasks are added.
type Graph struct {
	tasks []Task
	index map[string]int32
	dups  []string
}

// Add adds tasks. IDs are checked when the graph is validated (or
// planned), so tasks may name dependencies added later.
func (g *Graph) Add(tasks ...Task) {
	if g.index == nil {
		g.index = make(map[string]int32, len(tasks))
	}
	// Grow by doubling: append grows a large slice by a quarter, which
	// copies a graph of large Tasks many times over.
	if n := len(g.tasks); cap(g.tasks)-n < len(tasks) {
		g.tasks = slices.Grow(g.tasks, max(len(tasks), n))
	}
	for _, t := range tasks {
		if _, ok := g.index[t.ID]; ok {
			g.dups = append(g.dups, t.ID)
			continue
		}
		g.index[t.ID] = int32(len(g.tasks))
		g.tasks = append(g.tasks, t)
	}
}

// Len returns how many tasks the graph has.
func (g *Graph) Len() int { return len(g.tasks) }

// Task returns the task with an ID.
func (g *Graph) Task(id string) (Task, bool) {
	i, ok := g.index[id]
	if !ok {
		return Task{}, false
	}
	return g.tasks[i], true
}

// Tasks yields the tasks in the order they were added. The iterator may
// be used many times.
func (g *Graph) Tasks() iter.Seq[Task] {
	return func(yield func(Task) bool) {
		for _, t := range g.tasks {
			if !yield(t) {
				return
			}
		}
	}
}

// Order validates the graph and returns its task IDs in a topological
// order: every task after all of its dependencies. The order is the same
// on every call: Kahn's algorithm, starting from the tasks without
// dependencies in the order they were added, each task queued when its
// last dependency is placed. It takes O(V+E) time. The error is
// Validate's.
func (g *Graph) Order() ([]string, error) {
	d, err := g.compile()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(d.order))
	for k, i := range d.order {
		ids[k] = g.tasks[i].ID
	}
	return ids, nil
}

// dag is a validated graph in compact form: dependencies and dependents
// as index lists (compressed rows), and a topological order.
type dag struct {
	n         int
	depStart  []int32 // deps of i: depList[depStart[i]:depStart[i+1]]
	depList   []int32
	succStart []int32 // dependents of i
	succList  []int32
	order     []int32 // topological: dependencies first
	durations []time.Duration
	windows   []Slots // per task, nil for none
}

// Validate reports every problem of the graph at once, gathered in one
// error: tasks without an ID, duplicate IDs, durations below zero or
// above Horizon,
// dependencies on unknown tasks, on the task itself, or on a finally
// task that has no dependencies of its own and so runs last (each a
// *TaskError), and cycles, each a *CycleError with its path (at most 20;
// a tangle of tasks may give more than one). It returns nil for a graph that can be
// planned and run.
func (g *Graph) Validate() error {
	_, err := g.compile()
	return err
}

func (g *Graph) compile() (*dag, error) {
	var errs *multierror.Error
	for _, id := range g.dups {
		errs = multierror.Append(errs, &TaskError{ID: id, Err: fmt.Errorf("added twice: %w", ErrDuplicateTask)})
	}
	n := len(g.tasks)
	d := &dag{n: n, depStart: make([]int32, n+1), durations: make([]time.Duration, n), windows: make([]Slots, n)}
	edges := 0
	for _, t := range g.tasks {
		edges += len(t.Deps)
	}
	d.depList = make([]int32, 0, edges)
	indeg := make([]int32, n)
	outdeg := make([]int32, n)
	for i, t := range g.tasks {
		d.depStart[i] = int32(len(d.depList))
		d.durations[i] = t.Duration
		d.windows[i] = t.Window
		if t.ID == "" {
			errs = multierror.Append(errs, &TaskError{ID: t.ID, Err: fmt.Errorf("no ID: %w", ErrInvalidTask)})
		}
		if t.Duration < 0 || t.Duration > Horizon {
			errs = multierror.Append(errs, &TaskError{ID: t.ID, Err: fmt.Errorf("duration %s is outside 0 to %s: %w", t.Duration, Horizon, ErrInvalidTask)})
		}
		for _, dep := range t.Deps {
			j, ok := g.index[dep]
			switch {
			case !ok:
				errs = multierror.Append(errs, &TaskError{ID: t.ID, Err: fmt.Errorf("depends on %s: %w", quoteID(dep), ErrUnknownTask)})
				continue
			case int(j) == i:
				errs = multierror.Append(errs, &TaskError{ID: t.ID, Err: fmt.Errorf("depends on itself: %w", ErrInvalidTask)})
				continue
			}
			d.depList = append(d.depList, j)
			indeg[i]++
			outdeg[j]++
		}
	}
	d.depStart[n] = int32(len(d.depList))
	// A finally task without dependencies runs after every other task,
	// so none may wait for it.
	for i, t := range g.tasks {
		if t.Finally && len(t.Deps) == 0 && outdeg[i] > 0 {
			errs = multierror.Append(errs, &TaskError{ID: t.ID, Err: fmt.Errorf(
				"is a finally task without dependencies, which runs after every other task, but other tasks depend on it: %w", ErrInvalidTask)})
		}
	}
	// Dependents, from the dependencies.
	d.succStart = make([]int32, n+1)
	for i := range n {
		d.succStart[i+1] = d.succStart[i] + outdeg[i]
	}
	d.succList = make([]int32, len(d.depList))
	fill := append([]int32(nil), d.succStart[:n]...)
	for i := range n {
		for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
			d.succList[fill[j]] = int32(i)
			fill[j]++
		}
	}
	// Kahn's algorithm: what is left over lies on or behind a cycle.
	d.order = make([]int32, 0, n)
	for i := range n {
		if indeg[i] == 0 {
			d.order = append(d.order, int32(i))
		}
	}
	for k := 0; k < len(d.order); k++ {
		i := d.order[k]
		for _, s := range d.succList[d.succStart[i]:d.succStart[i+1]] {
			if indeg[s]--; indeg[s] == 0 {
				d.order = append(d.order, s)
			}
		}
	}
	if len(d.order) < n {
		for _, c := range g.cycles(d, indeg) {
			errs = multierror.Append(errs, c)
		}
	}
	if errs != nil {
		errs.ErrorFormat = listErrors
		return nil, errs
	}
	return d, nil
}

// cycles finds one cycle in each strongly connected group of the tasks
// Kahn's algorithm could not order (indeg > 0), iteratively, so a
// million-task cycle does not exhaust the stack.
func (g *Graph) cycles(d *dag, indeg []int32) []*CycleError {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, d.n)
	var out []*CycleError
	type frame struct {
		node int32
		next int32 // index into depList
	}
	for start := range d.n {
		if indeg[start] == 0 || color[start] != white {
			continue
		}
		stack := []frame{{int32(start), d.depStart[start]}}
		color[start] = grey
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == d.depStart[f.node+1] {
				color[f.node] = black
				stack = stack[:len(stack)-1]
				continue
			}
			dep := d.depList[f.next]
			f.next++
			switch color[dep] {
			case white:
				if indeg[dep] == 0 {
					continue // ordered: not on a cycle
				}
				color[dep] = grey
				stack = append(stack, frame{dep, d.depStart[dep]})
			case grey:
				// A back edge: the stack from dep to here is a cycle.
				var path []string
				k := len(stack) - 1
				for stack[k].node != dep {
					k--
				}
				for _, fr := range stack[k:] {
					path = append(path, g.tasks[fr.node].ID)
				}
				path = append(path, g.tasks[dep].ID)
				out = append(out, &CycleError{Path: path})
				if len(out) >= maxCycles {
					return out
				}
			}
		}
	}
	return out
}

// maxCycles bounds how many cycles one error lists.
const maxCycles = 20

func listErrors(errs []error) string {
	if len(errs) == 1 {
		return errs[0].Error()
	}
	s := strconv.Itoa(len(errs)) + " problems:"
	for _, e := range errs {
		s += "\n\t" + e.Error()
	}
	return s
}
