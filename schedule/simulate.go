package schedule

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"
)

// Behavior is how a task behaves in a simulation: how long each attempt
// takes and how often it fails.
type Behavior struct {
	// Duration is how long an attempt takes, failed or not; unset means
	// the task's Duration.
	Duration Dist
	// Fail is the probability that an attempt fails for good (an error
	// that is not transient).
	Fail float64
	// Flaky is the probability that an attempt fails transiently: a
	// retry policy tries again.
	Flaky float64
	// Undo is how long undoing the task takes under the Rollback policy;
	// unset means no time. As with the Runner, only tasks with an Undo
	// function are undone.
	Undo Dist
}

// ErrSimulated is the error of a simulated failure; a flaky one is
// marked transient too (see Transient).
var ErrSimulated = errors.New("simulated failure")

// Simulator runs graphs in virtual time with drawn durations and
// failures, by the Runner's rules: concurrency, the failure policy,
// join rules, finally tasks, retries with backoff, rollback. It also
// honours calendars, as the Planner does: an attempt starts only where
// the task's Duration, its estimate, fits whole, though the drawn
// duration may then run past the window, as a real task may. No task's
// Run is called and no time passes: a week of release flow takes
// microseconds.
//
// Each draw depends only on Seed, the run's number (zero for
// Simulate), the task's ID and the attempt. So two simulators that
// differ in their concurrency, policy or calendar see the same durations
// and failures, and the difference in their results is the difference
// of the settings, not noise.
//
// The zero value simulates with DefaultConcurrency, FailFast, no retries
// and every task taking its Duration.
type Simulator struct {
	// Concurrency, Policy, CancelRunning and Retry are the Runner's.
	// A retry policy's Retryable sees ErrSimulated errors, the flaky ones
	// marked transient.
	Concurrency   int
	Policy        FailurePolicy
	CancelRunning bool
	Retry         *Retry
	// Calendar is the Planner's: when tasks without a Window may start.
	Calendar Slots
	// Tasks is how each task behaves, by ID. A task not in it takes its
	// Duration and never fails. An ID the graph lacks is an error.
	Tasks map[string]Behavior
	// Seed chooses the draws.
	Seed uint64
	// Events, when set, receives every event of Simulate in order, with
	// At on the simulated clock. Forecast sends none.
	Events func(Event)
}

// maxSimAttempts bounds Retry.Attempts in a simulation.
const maxSimAttempts = 1000

// Simulate runs g once from start, with the draws of run zero, and
// returns its report: each task's status, attempts, start and finish,
// the undos, and the critical path as it happened. A failure drawn is an
// outcome in the report, not an error. The error reports an invalid
// graph (Validate's), an invalid Behavior or Dist (a *TaskError wrapping
// ErrInvalidTask), a task that fits in no window (ErrNoWindow), or a run
// longer than Horizon.
func (s Simulator) Simulate(g *Graph, start time.Time) (*Report, error) {
	m, err := s.compile(g, start)
	if err != nil {
		return nil, err
	}
	x := m.newRun()
	x.events = s.Events
	if err := x.run(0); err != nil {
		return nil, err
	}
	rep := &Report{Tasks: make([]TaskReport, m.d.n), Start: start, Finish: start.Add(x.end), index: g.index}
	for i := range rep.Tasks {
		t := &rep.Tasks[i]
		t.ID, t.Status, t.Attempts, t.Err, t.Reason = g.tasks[i].ID, x.status[i], int(x.attempt[i]), x.err[i], x.reason[i]
		if x.ran[i] {
			t.Start, t.Finish = start.Add(x.startAt[i]), start.Add(x.finishAt[i])
		}
		t.Undone = x.undone[i]
	}
	for _, i := range x.critical() {
		rep.CriticalPath = append(rep.CriticalPath, g.tasks[i].ID)
	}
	return rep, nil
}

// model is a simulation's compiled input, shared by its runs.
type model struct {
	s      *Simulator
	g      *Graph
	d      *dag
	start  time.Time
	limit  int
	beh    []Behavior
	retry  []*Retry
	hash   []uint64
	bottom []time.Duration
	finals []int32 // finally tasks without dependencies
}

func (s *Simulator) compile(g *Graph, start time.Time) (*model, error) {
	d, err := g.compile()
	if err != nil {
		return nil, err
	}
	m := &model{s: s, g: g, d: d, start: start, limit: s.Concurrency,
		beh: make([]Behavior, d.n), retry: make([]*Retry, d.n), hash: make([]uint64, d.n), bottom: bottomLevels(d)}
	switch {
	case m.limit < 0:
		return nil, fmt.Errorf("schedule: Simulator.Concurrency %d < 0", m.limit)
	case m.limit == 0:
		m.limit = DefaultConcurrency
	}
	bad := func(id string, format string, args ...any) error {
		return &TaskError{ID: id, Err: fmt.Errorf(format+": %w", append(args, ErrInvalidTask)...)}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Tasks)) { // the same error every time
		if _, ok := g.index[id]; !ok {
			return nil, &TaskError{ID: id, Err: fmt.Errorf("has a Behavior but is not in the graph: %w", ErrUnknownTask)}
		}
	}
	for i := range d.n {
		t := &g.tasks[i]
		b := s.Tasks[t.ID]
		if b.Duration.IsZero() {
			b.Duration = Fixed(t.Duration)
		}
		if err := b.Duration.validate(); err != nil {
			return nil, bad(t.ID, "%v", err)
		}
		if err := b.Undo.validate(); err != nil {
			return nil, bad(t.ID, "undo: %v", err)
		}
		if !(b.Fail >= 0 && b.Flaky >= 0 && b.Fail+b.Flaky <= 1) { // also NaN
			return nil, bad(t.ID, "failure probabilities %g and %g are not between 0 and 1 in all", b.Fail, b.Flaky)
		}
		m.beh[i] = b
		m.retry[i] = t.Retry
		if m.retry[i] == nil {
			m.retry[i] = s.Retry
		}
		if r := m.retry[i]; r != nil && r.Attempts > maxSimAttempts {
			return nil, bad(t.ID, "%d attempts: a simulation tries at most %d", r.Attempts, maxSimAttempts)
		}
		m.hash[i] = fnv1a(t.ID)
		if t.Finally && d.depStart[i+1] == d.depStart[i] {
			m.finals = append(m.finals, int32(i))
		}
	}
	return m, nil
}

// simRun is the state of one simulated run; its buffers are reused from
// run to run.
type simRun struct {
	m      *model
	events func(Event)
	pcg    rand.PCG
	rng    *rand.Rand
	seed   uint64 // the run's stream

	now      time.Duration
	end      time.Duration // when the run ended, undos included
	timeline timeline
	ready    queue
	waiting  []int32
	status   []Status
	attempt  []int32
	outcome  []uint8 // of the current attempt
	gen      []uint32
	startAt  []time.Duration
	finishAt []time.Duration
	tryAt    []time.Duration // when the current attempt starts
	ran      []bool
	running  []bool
	deferred []bool
	canAt    []time.Duration // for a task deferred: when its window opens
	freedBy  []int32         // the task whose end freed the slot it waited for, or -1
	readyAt  []time.Duration // when it became ready
	freed    int32           // the task that last freed a slot, or -1
	tainted  []bool
	undone   []bool
	err      []error
	reason   []string

	nRunning, ended, unhappy, others int
	stopping, failed, finalsOut      bool
	fitErr                           error
}

// Outcomes of an attempt.
const (
	attemptOK uint8 = iota
	attemptFailed
	attemptFlaky
)

func (m *model) newRun() *simRun {
	n := m.d.n
	x := &simRun{m: m, waiting: make([]int32, n), status: make([]Status, n), attempt: make([]int32, n),
		outcome: make([]uint8, n), gen: make([]uint32, n), startAt: make([]time.Duration, n),
		finishAt: make([]time.Duration, n), tryAt: make([]time.Duration, n), ran: make([]bool, n), running: make([]bool, n),
		deferred: make([]bool, n), canAt: make([]time.Duration, n), freedBy: make([]int32, n), readyAt: make([]time.Duration, n), tainted: make([]bool, n), undone: make([]bool, n),
		err: make([]error, n), reason: make([]string, n)}
	x.rng = rand.New(&x.pcg)
	x.ready.key, x.ready.high = m.bottom, true
	return x
}

// reset prepares x for run k.
func (x *simRun) reset(k uint64) {
	d := x.m.d
	x.seed = x.m.s.Seed ^ (k+1)*0x9e3779b97f4a7c15
	x.now, x.end = 0, 0
	x.timeline.a = x.timeline.a[:0]
	x.ready.a = x.ready.a[:0]
	for i := range d.n {
		x.waiting[i] = d.depStart[i+1] - d.depStart[i]
		x.status[i], x.attempt[i], x.outcome[i] = Pending, 0, attemptOK
		x.startAt[i], x.finishAt[i] = 0, 0
		x.ran[i], x.running[i], x.deferred[i], x.tainted[i], x.undone[i] = false, false, false, false, false
		x.canAt[i] = 0
		x.freedBy[i] = -1
		x.err[i], x.reason[i] = nil, ""
	}
	x.nRunning, x.ended, x.unhappy = 0, 0, 0
	x.freed = -1
	x.others = d.n - len(x.m.finals)
	x.stopping, x.failed, x.finalsOut = false, false, false
	x.fitErr = nil
}

// draws positions the random stream on task i's attempt a (0 for its
// undo).
func (x *simRun) draws(i int32, a int32) *rand.Rand {
	x.pcg.Seed(x.seed, x.m.hash[i]+uint64(a)*0xbf58476d1ce4e5b9)
	return x.rng
}

// Timeline entries.
const (
	tlAttempt uint8 = iota // task's attempt ends
	tlWindow               // a deferred task's window opens
)

type tlEntry struct {
	at   time.Duration
	seq  uint64
	task int32
	gen  uint32
	kind uint8
}

// timeline is the run's future: a heap by time, then by order of
// insertion.
type timeline struct {
	a   []tlEntry
	seq uint64
}

func (h *timeline) push(e tlEntry) {
	h.seq++
	e.seq = h.seq
	h.a = append(h.a, e)
	for i := len(h.a) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.a[i].before(&h.a[p]) {
			break
		}
		h.a[i], h.a[p] = h.a[p], h.a[i]
		i = p
	}
}

func (e *tlEntry) before(f *tlEntry) bool {
	return e.at < f.at || e.at == f.at && e.seq < f.seq
}

func (h *timeline) pop() tlEntry {
	top := h.a[0]
	last := len(h.a) - 1
	h.a[0] = h.a[last]
	h.a = h.a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && h.a[l].before(&h.a[m]) {
			m = l
		}
		if r < last && h.a[r].before(&h.a[m]) {
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

// run simulates run k to its end.
func (x *simRun) run(k uint64) error {
	x.reset(k)
	m := x.m
	for i := int32(0); int(i) < m.d.n; i++ {
		if x.waiting[i] == 0 && !(m.g.tasks[i].Finally && m.d.depStart[i+1] == m.d.depStart[i]) {
			x.makeReady(i)
		}
	}
	x.maybeFinals()
	for {
		x.fill()
		if x.fitErr != nil {
			return x.fitErr
		}
		if x.ended >= m.d.n {
			break
		}
		for len(x.timeline.a) > 0 && x.timeline.a[0].gen != x.gen[x.timeline.a[0].task] {
			x.timeline.pop() // cancelled
		}
		if len(x.timeline.a) == 0 {
			// Unreachable for a validated graph; an error rather than a hang
			// if a change to the rules ever breaks that.
			return fmt.Errorf("schedule: simulation stalled with %d of %d tasks ended", x.ended, m.d.n)
		}
		// Everything that happens at the next instant happens before
		// free slots are filled, so that they go to the ready tasks with
		// the most work behind them, as in a plan.
		x.now = x.timeline.a[0].at
		if x.now > Horizon {
			return fmt.Errorf("schedule: simulated run passes %s at task %s: %w",
				Horizon, quoteID(m.g.tasks[x.timeline.a[0].task].ID), ErrHorizon)
		}
		for len(x.timeline.a) > 0 && x.timeline.a[0].at == x.now {
			e := x.timeline.pop()
			if e.gen != x.gen[e.task] {
				continue // cancelled
			}
			switch e.kind {
			case tlWindow:
				x.deferred[e.task] = false
				x.makeReady(e.task)
			case tlAttempt:
				x.attemptEnded(e.task)
			}
		}
	}
	x.end = x.now
	if m.s.Policy == Rollback && x.failed {
		x.rollback()
	}
	return nil
}

// makeReady queues task i to start, noting when.
func (x *simRun) makeReady(i int32) {
	x.readyAt[i] = x.now
	x.ready.push(i)
}

// fill starts ready tasks while slots are free.
func (x *simRun) fill() {
	for x.nRunning < x.m.limit && x.ready.len() > 0 && x.fitErr == nil {
		i := x.ready.pop()
		if st, why := x.blocked(i); why != "" {
			x.finish(i, st, nil, why)
			continue
		}
		at := x.now
		if x.canAt[i] == 0 || x.canAt[i] != x.now {
			// Unless its window opens now, as Slots.Next said when it
			// was deferred: its word is taken rather than asked again,
			// so that a Slots that moves its answer each time it is
			// asked cannot defer a task forever.
			if at = x.fit(i, x.now); at < 0 {
				return
			}
		}
		if at > x.now {
			x.deferred[i] = true
			x.canAt[i] = at
			x.timeline.push(tlEntry{at: at, task: i, gen: x.gen[i], kind: tlWindow})
			continue
		}
		x.nRunning++
		x.running[i] = true
		x.ran[i] = true
		x.freedBy[i] = -1
		if f := x.freed; f >= 0 && x.finishAt[f] == x.now && x.readyAt[i] < x.now && x.canAt[i] == 0 {
			x.freedBy[i] = f // it waited for this slot
		}
		x.startAt[i] = x.now
		x.emit(Event{Kind: EventStart, Task: x.m.g.tasks[i].ID, Attempt: 1})
		x.begin(i, x.now)
	}
}

// fit gives the first instant at or after at when task i may start, or
// -1 (with fitErr set) for never.
func (x *simRun) fit(i int32, at time.Duration) time.Duration {
	at, err := x.m.d.fit(x.m.g, x.m.s.Calendar, x.m.start, i, at)
	if err != nil {
		x.fitErr = err
	}
	return at
}

// begin starts the next attempt of task i at the instant at.
func (x *simRun) begin(i int32, at time.Duration) {
	x.attempt[i]++
	x.tryAt[i] = at
	b := &x.m.beh[i]
	r := x.draws(i, x.attempt[i])
	u := r.Float64()
	switch {
	case u < b.Fail:
		x.outcome[i] = attemptFailed
	case u < b.Fail+b.Flaky:
		x.outcome[i] = attemptFlaky
	default:
		x.outcome[i] = attemptOK
	}
	x.timeline.push(tlEntry{at: at + b.Duration.draw(r), task: i, gen: x.gen[i], kind: tlAttempt})
}

var errFlaky = Transient(ErrSimulated)

// attemptEnded handles the end of task i's current attempt.
func (x *simRun) attemptEnded(i int32) {
	var err error
	switch x.outcome[i] {
	case attemptOK:
		x.finish(i, Succeeded, nil, "")
		return
	case attemptFailed:
		err = ErrSimulated
	case attemptFlaky:
		err = errFlaky
	}
	if r := x.m.retry[i]; r != nil && int(x.attempt[i]) < r.Attempts && retryable(r, err) {
		x.emit(Event{Kind: EventRetry, Task: x.m.g.tasks[i].ID, Attempt: int(x.attempt[i]) + 1, Err: err})
		at := x.fit(i, x.now+min(max(r.wait(int(x.attempt[i])), 0), Horizon)) // no overflow
		if at >= 0 {
			x.begin(i, at)
		}
		return
	}
	x.finish(i, Failed, err, "")
}

// blocked is the Runner's rule: how task i ends without running and
// why, or "" when it may run.
func (x *simRun) blocked(i int32) (Status, string) {
	m := x.m
	t := &m.g.tasks[i]
	if t.Finally {
		return Pending, ""
	}
	if x.stopping {
		return Skipped, "the run stopped after a failure"
	}
	if x.unhappy == 0 {
		return Pending, ""
	}
	return joinBlocks(m.g, m.d, m.s.Policy, i, func(j int32) Status { return x.status[j] }, x.tainted)
}

// finish records how task i ended, applies the policy and releases its
// dependents, as the Runner's end does.
func (x *simRun) finish(i int32, st Status, err error, reason string) {
	m := x.m
	if x.running[i] {
		x.running[i] = false
		x.nRunning--
		x.freed = i // the slot it leaves goes to the next task to start
		x.finishAt[i] = x.now
	}
	x.status[i], x.err[i], x.reason[i] = st, err, reason
	x.ended++
	if st != Succeeded {
		x.unhappy++
	}
	taint(m.d, x.tainted, i, st)
	kind := EventFinish
	if st == Skipped {
		kind = EventSkip
	}
	x.emit(Event{Kind: kind, Task: m.g.tasks[i].ID, Attempt: int(x.attempt[i]), Status: st, Err: err, Reason: reason})
	if st == Failed {
		x.failed = true
		if (m.s.Policy == FailFast || m.s.Policy == Rollback) && !x.stopping {
			x.stop(i)
		}
	}
	for _, s := range m.d.succList[m.d.succStart[i]:m.d.succStart[i+1]] {
		if x.waiting[s]--; x.waiting[s] == 0 && x.status[s] == Pending {
			x.makeReady(s)
		}
	}
	x.maybeFinals()
}

// stop starts nothing new after task i failed: tasks waiting for a
// window are skipped now rather than when it opens, and with
// CancelRunning the running tasks (finally tasks excepted) are
// cancelled.
func (x *simRun) stop(failed int32) {
	m := x.m
	x.stopping = true
	for i := int32(0); int(i) < m.d.n; i++ {
		if x.deferred[i] {
			x.deferred[i] = false
			x.gen[i]++
			x.makeReady(i)
		}
	}
	if !m.s.CancelRunning {
		return
	}
	// The failed task's worker is the first free, as in the Runner,
	// whose cancelled tasks end only once their Run returns.
	defer func(f int32) { x.freed = f }(x.freed)
	cause := fmt.Errorf("schedule: task %s failed: %w", quoteID(m.g.tasks[failed].ID), ErrSimulated)
	for i := int32(0); int(i) < m.d.n; i++ {
		if x.running[i] && !m.g.tasks[i].Finally {
			x.gen[i]++
			if x.tryAt[i] > x.now {
				x.attempt[i]-- // cancelled while waiting to retry
			}
			x.finish(i, Cancelled, cause, "")
		}
	}
}

// maybeFinals makes the finally tasks without dependencies ready once
// every other task has ended.
func (x *simRun) maybeFinals() {
	if !x.finalsOut && x.ended >= x.others {
		x.finalsOut = true
		for _, f := range x.m.finals {
			if x.status[f] == Pending {
				x.makeReady(f)
			}
		}
	}
}

// rollback undoes the tasks that completed, in reverse dependency
// order, one at a time.
func (x *simRun) rollback() {
	m := x.m
	for _, i := range slices.Backward(m.d.order) {
		if x.status[i] != Succeeded || m.g.tasks[i].Undo == nil {
			continue
		}
		x.now += m.beh[i].Undo.draw(x.draws(i, 0))
		x.undone[i] = true
		x.emit(Event{Kind: EventUndo, Task: m.g.tasks[i].ID, Status: Succeeded})
	}
	x.end = x.now
}

func (x *simRun) emit(e Event) {
	if x.events != nil {
		e.At = x.m.start.Add(x.now)
		x.events(e)
	}
}

// critical returns the run's critical path (see criticalChain).
func (x *simRun) critical() []int32 {
	return criticalChain(x.m.d, func(i int32) (time.Duration, bool) { return x.finishAt[i], x.ran[i] }, x.freedBy)
}

// criticalChain walks back from the task that finished last, at each
// task to what let it start: the dependency that finished last, or, when
// the task waited longer than that for a free slot, the task whose end
// freed the slot (freedBy, -1 for none), as a plan's critical path does.
// It returns the chain first to last. finish says when a task finished,
// and whether it ran.
func criticalChain(d *dag, finish func(int32) (time.Duration, bool), freedBy []int32) []int32 {
	last := int32(-1)
	var lastAt time.Duration
	for i := int32(0); int(i) < d.n; i++ {
		if f, ok := finish(i); ok && (last < 0 || f > lastAt) {
			last, lastAt = i, f
		}
	}
	var path []int32
	for i := last; i >= 0; {
		path = append(path, i)
		next := int32(-1)
		var nextAt time.Duration
		for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
			if f, ok := finish(j); ok && (next < 0 || f > nextAt) {
				next, nextAt = j, f
			}
		}
		if k := freedBy[i]; k >= 0 {
			if f, ok := finish(k); ok && (next < 0 || f > nextAt) {
				next = k
			}
		}
		i = next
	}
	slices.Reverse(path)
	return path
}

// fnv1a is the 64-bit FNV-1a hash of s: a task's stream of draws.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
