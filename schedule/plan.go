package schedule

import (
	"fmt"
	"time"
)

// Slots says when a task may run: Next returns the first instant at or
// after t from which it may run for d without a break, or false when
// there is none (within its horizon). *Calendar is one. Simulator.Forecast
// calls Next from several goroutines at once, so an implementation must
// be safe for concurrent use. (gate.Window, the
// other side of a calendar, asks about one instant instead.)
type Slots interface {
	Next(t time.Time, d time.Duration) (time.Time, bool)
}

// Planner plans graphs. The zero value plans with no limit on how many
// tasks run at once, and no calendar.
type Planner struct {
	// Concurrency is how many tasks may run at once; zero means no limit.
	Concurrency int
	// Calendar is when tasks may run, for those without a Window of their
	// own: a task starts only where it fits whole, so it never runs into
	// a freeze, and waits for the next window otherwise. Nil means any
	// time.
	Calendar Slots
}

// Plan is when each task of a graph would run, if every task took its
// Duration: the waves of the graph, each task's start, finish and slack,
// the critical path and the finish of the whole.
type Plan struct {
	Start  time.Time     `json:"start"`
	Finish time.Time     `json:"finish"` // the ETA
	Tasks  []PlannedTask `json:"tasks"`  // in the order of their planned start
	// Waves are the tasks by depth: wave 0 depends on nothing, wave k on
	// tasks of waves below k, at least one of them in wave k-1.
	Waves [][]string `json:"waves"`
	// CriticalPath is the chain of tasks that decides Finish, first to
	// last: each starts when the one before it finishes, because it
	// depends on it or because it waited for its slot, or, with a
	// calendar, at the next window after that.
	CriticalPath []string `json:"critical_path"`
	Concurrency  int      `json:"concurrency,omitempty"`
}

// PlannedTask is a task's place in a plan.
type PlannedTask struct {
	ID     string    `json:"id"`
	Wave   int       `json:"wave"`
	Start  time.Time `json:"start"`
	Finish time.Time `json:"finish"`
	// Slack is how much the task can overrun, or start late, without
	// moving the planned start of a task that depends on it or the
	// plan's finish (free slack). Under a concurrency limit it does not
	// count the task that takes its slot next, which an overrun delays
	// too.
	Slack time.Duration `json:"slack"`
	// Waited is how long the task, ready to start, waited for a window
	// its calendar allows.
	Waited   time.Duration `json:"waited,omitempty"`
	Critical bool          `json:"critical,omitempty"`
}

// Duration returns how long the plan takes.
func (p *Plan) Duration() time.Duration { return p.Finish.Sub(p.Start) }

// Plan validates g and plans it from start: list scheduling, in which a
// free slot goes to the ready task with the longest chain of work still
// behind it (its bottom level), ties to the task added first. Without a
// concurrency limit or a calendar this is the earliest schedule (the
// critical path method), in O(V+E) time; otherwise O((V+E) log V) and a
// calendar lookup per start. With a calendar a task starts at the first
// instant from which it fits whole; the ready task that does not fit yet
// leaves its slot to those that do. The error is Validate's, or a
// *TaskError wrapping ErrNoWindow for a task that fits nowhere within a
// year.
func (p Planner) Plan(g *Graph, start time.Time) (*Plan, error) {
	d, err := g.compile()
	if err != nil {
		return nil, err
	}
	n := d.n
	if p.Concurrency < 0 {
		p.Concurrency = 0
	}
	// Waves.
	wave := make([]int32, n)
	waves := 0
	for _, i := range d.order {
		w := int32(0)
		for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
			w = max(w, wave[j]+1)
		}
		wave[i] = w
		waves = max(waves, int(w)+1)
	}

	startAt := make([]time.Duration, n)
	finishAt := make([]time.Duration, n)
	waited := make([]time.Duration, n)
	by := make([]int32, n) // the task whose finish let it start, or -1
	seq := make([]int32, 0, n)
	calendars := p.Calendar != nil
	for _, w := range d.windows {
		calendars = calendars || w != nil
	}
	var fitErr error
	fit := func(i int32, at time.Duration) time.Duration {
		at, err := d.fit(g, p.Calendar, start, i, at)
		if err != nil && fitErr == nil {
			fitErr = err
		}
		return at
	}
	if calendars {
		limit := p.Concurrency
		if limit == 0 || limit > n {
			limit = n
		}
		seq = listSchedule(d, limit, bottomLevels(d), startAt, finishAt, waited, by, fit)
		if fitErr != nil {
			return nil, fitErr
		}
	} else if p.Concurrency == 0 || p.Concurrency >= n {
		for _, i := range d.order {
			var at time.Duration
			by[i] = -1
			for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
				if finishAt[j] > at || by[i] < 0 && finishAt[j] == at {
					at, by[i] = finishAt[j], j
				}
			}
			if at, err = d.fit(g, nil, start, i, at); err != nil {
				return nil, err
			}
			startAt[i], finishAt[i] = at, at+d.durations[i]
		}
		seq = append(seq, d.order...)
	} else {
		seq = listSchedule(d, p.Concurrency, bottomLevels(d), startAt, finishAt, waited, by, fit)
		if fitErr != nil {
			return nil, fitErr
		}
	}

	// Free slack: until the earliest planned start of a dependent, or the
	// plan's finish for a task nothing depends on.
	var end time.Duration
	last := int32(-1)
	for i := range n {
		if finishAt[i] > end || last < 0 {
			end, last = finishAt[i], int32(i)
		}
	}
	plan := &Plan{Start: start, Finish: start.Add(end), Concurrency: p.Concurrency,
		Tasks: make([]PlannedTask, 0, n), Waves: make([][]string, waves)}
	critical := make([]bool, n)
	var path []string
	for i := last; i >= 0 && n > 0; i = by[i] {
		critical[i] = true
		path = append(path, g.tasks[i].ID)
	}
	for a, b := 0, len(path)-1; a < b; a, b = a+1, b-1 {
		path[a], path[b] = path[b], path[a]
	}
	plan.CriticalPath = path
	for _, i := range seq {
		limit := end
		for _, s := range d.succList[d.succStart[i]:d.succStart[i+1]] {
			limit = min(limit, startAt[s])
		}
		plan.Tasks = append(plan.Tasks, PlannedTask{
			ID: g.tasks[i].ID, Wave: int(wave[i]),
			Start: start.Add(startAt[i]), Finish: start.Add(finishAt[i]),
			Slack: limit - finishAt[i], Waited: waited[i], Critical: critical[i],
		})
	}
	for _, i := range d.order {
		plan.Waves[wave[i]] = append(plan.Waves[wave[i]], g.tasks[i].ID)
	}
	return plan, nil
}

// fit returns the first instant at or after at (from start) when task i
// may start: where its Duration fits whole in its window, or cal for a
// task without one. The error wraps ErrNoWindow for a task that fits
// nowhere within the window's horizon, and ErrHorizon for a start more
// than Horizon after start; no sum of such starts and durations
// overflows.
func (d *dag) fit(g *Graph, cal Slots, start time.Time, i int32, at time.Duration) (time.Duration, error) {
	w := d.windows[i]
	if w == nil {
		w = cal
	}
	if w != nil {
		s, ok := w.Next(start.Add(at), d.durations[i])
		if !ok {
			return -1, &TaskError{ID: g.tasks[i].ID, Err: fmt.Errorf("fits in no window of %s within a year after %s: %w",
				d.durations[i], start.Add(at).Format(time.RFC3339), ErrNoWindow)}
		}
		at = max(s.Sub(start), at)
	}
	if at > Horizon {
		return -1, &TaskError{ID: g.tasks[i].ID, Err: fmt.Errorf("would start %s after the start, beyond the %s horizon: %w",
			at, Horizon, ErrHorizon)}
	}
	return at, nil
}

// bottomLevels returns each task's bottom level: the longest chain of
// work from its start to the end of the graph.
func bottomLevels(d *dag) []time.Duration {
	bottom := make([]time.Duration, d.n)
	for k := d.n - 1; k >= 0; k-- {
		i := d.order[k]
		var longest time.Duration
		for _, s := range d.succList[d.succStart[i]:d.succStart[i+1]] {
			longest = max(longest, bottom[s])
		}
		bottom[i] = longest + d.durations[i]
	}
	return bottom
}

// listSchedule runs the graph on limit slots in simulated time and
// returns the tasks in the order they start. fit gives the first instant
// at or after at when task i may start, -1 for never (which stops the
// plan).
func listSchedule(d *dag, limit int, bottom, startAt, finishAt, waited []time.Duration, by []int32,
	fit func(i int32, at time.Duration) time.Duration) []int32 {
	n := d.n
	waiting := make([]int32, n) // dependencies not yet finished
	readyAt := make([]time.Duration, n)
	canAt := make([]time.Duration, n) // for a deferred task: when it fits
	for i := range n {
		waiting[i] = d.depStart[i+1] - d.depStart[i]
		by[i] = -1
	}
	// ready: the highest bottom level first, then the lowest index.
	ready := queue{key: bottom, high: true}
	running := queue{key: finishAt} // the earliest finish first
	deferred := queue{key: canAt}   // ready but outside their window: the earliest fit first
	for i := range n {
		if waiting[i] == 0 {
			ready.push(int32(i))
		}
	}
	seq := make([]int32, 0, n)
	var now time.Duration
	freedBy := int32(-1) // the task whose finish freed the last slot
	for len(seq) < n {
		for running.len() < limit && ready.len() > 0 {
			i := ready.pop()
			at := now
			if canAt[i] == 0 || canAt[i] != now {
				// Unless its window opens now, as Slots.Next said when it
				// was deferred: its word is taken rather than asked
				// again, so that a Slots that moves its answer each time
				// it is asked cannot defer a task forever.
				at = fit(i, now)
			}
			switch {
			case at < 0:
				return seq
			case at > now:
				canAt[i] = at
				waited[i] += at - now // for its window, not for a slot
				deferred.push(i)
				continue
			}
			startAt[i], finishAt[i] = now, now+d.durations[i]
			if now > readyAt[i] && freedBy >= 0 && by[i] != freedBy && canAt[i] == 0 {
				by[i] = freedBy // it waited for a slot
			}
			running.push(i)
			seq = append(seq, i)
		}
		if len(seq) == n {
			break
		}
		// The next event: a finish, or a deferred task's window.
		if running.len() > 0 && (deferred.len() == 0 || finishAt[running.peek()] <= canAt[deferred.peek()]) {
			i := running.pop()
			now = finishAt[i]
			freedBy = i
			for {
				for _, s := range d.succList[d.succStart[i]:d.succStart[i+1]] {
					if waiting[s]--; waiting[s] == 0 {
						readyAt[s], by[s] = now, i
						ready.push(s)
					}
				}
				if running.len() == 0 || finishAt[running.peek()] != now {
					break
				}
				i = running.pop()
			}
		} else {
			now = canAt[deferred.peek()]
		}
		for deferred.len() > 0 && canAt[deferred.peek()] <= now {
			ready.push(deferred.pop())
		}
	}
	return seq
}

// queue is a binary heap of task indexes ordered by a key per task:
// the largest key first when high is set, the smallest otherwise, and
// the lowest index among equal keys. It is the ready, running and
// deferred queue of plans and runs, kept free of function values because
// it is their hottest path.
type queue struct {
	a    []int32
	key  []time.Duration
	high bool
}

func (h *queue) len() int    { return len(h.a) }
func (h *queue) peek() int32 { return h.a[0] }

func (h *queue) before(x, y int32) bool {
	kx, ky := h.key[x], h.key[y]
	if kx != ky {
		return kx > ky == h.high
	}
	return x < y
}

func (h *queue) push(x int32) {
	h.a = append(h.a, x)
	for i := len(h.a) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.before(h.a[i], h.a[p]) {
			break
		}
		h.a[i], h.a[p] = h.a[p], h.a[i]
		i = p
	}
}

func (h *queue) pop() int32 {
	top := h.a[0]
	last := len(h.a) - 1
	h.a[0] = h.a[last]
	h.a = h.a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.before(h.a[l], h.a[m]) {
			m = l
		}
		if r < last && h.before(h.a[r], h.a[m]) {
			m = r
		}
		if m == i {
			break
		}
		h.a[i], h.a[m] = h.a[m], h.a[i]
		i = m
	}
	return top
}
