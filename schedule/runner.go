package schedule

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/go-multierror"
)

// Join says when a task runs, given how its dependencies ended (the
// cases Airflow's trigger rules cover).
type Join uint8

const (
	// AllSucceeded runs the task when every dependency succeeded; a
	// dependency that failed or was skipped skips it. The default.
	AllSucceeded Join = iota
	// AllDone runs the task once every dependency has ended, however.
	AllDone
	// NoneFailed runs the task when no dependency failed (skipped ones
	// are fine).
	NoneFailed
)

// FailurePolicy is what a Runner does when a task fails.
type FailurePolicy uint8

const (
	// FailFast starts no new task after a failure (finally tasks
	// excepted); running tasks finish, or are cancelled with
	// Runner.CancelRunning. The default.
	FailFast FailurePolicy = iota
	// Continue lets independent branches go on: every task still runs as
	// its Join rule says.
	Continue
	// SkipDependents goes on like Continue, but skips every task that
	// depends, directly or not, on a failed one, whatever its Join rule.
	SkipDependents
	// Rollback stops like FailFast, then undoes the tasks that completed,
	// in reverse dependency order.
	Rollback
)

// Status is how a task ended.
type Status uint8

const (
	Pending   Status = iota // not run (yet)
	Succeeded               // ran and returned nil
	Failed                  // returned an error, after its retries
	Skipped                 // not run, because of its dependencies or the policy
	Cancelled               // stopped by the run's context or the policy
	Resumed                 // succeeded in an earlier run (Runner.Resume)
)

func (s Status) String() string {
	switch s {
	case Succeeded:
		return "succeeded"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	case Cancelled:
		return "cancelled"
	case Resumed:
		return "resumed"
	}
	return "pending"
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status's name.
func (s *Status) UnmarshalText(b []byte) error {
	for v := Pending; v <= Resumed; v++ {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("schedule: unknown status %q", b)
}

// done reports a status a task ends in.
func (s Status) done() bool { return s != Pending }

// Runner runs graphs: each task when its dependencies allow, at most
// Concurrency at once, with retries, a failure policy, events and a
// report.
//
// The zero value runs with DefaultConcurrency, FailFast, no retries, on
// real time.
type Runner struct {
	// Concurrency bounds how many tasks run at once; zero means
	// DefaultConcurrency.
	Concurrency int
	// Policy is what happens when a task fails.
	Policy FailurePolicy
	// CancelRunning, under FailFast and Rollback, cancels the tasks still
	// running when one fails, instead of letting them finish.
	CancelRunning bool
	// Retry is how tasks without their own are retried; nil means never.
	Retry *Retry
	// Clock is what retries wait on. Nil means real time.
	Clock Clock
	// Events, when set, receives an event for every start, retry,
	// finish, skip and undo, one at a time, in order.
	Events func(Event)
	// Resume is the state of an earlier run of the same graph: its
	// succeeded tasks are not run again (they are Resumed), the rest run.
	Resume *State
}

// DefaultConcurrency is how many tasks a Runner runs at once when its
// Concurrency is zero.
const DefaultConcurrency = 16

// Retry is how a failed task is tried again: up to Attempts tries in
// all, waiting Backoff, then Backoff*Multiplier, ... up to Max between
// them, for errors Retryable accepts.
type Retry struct {
	// Attempts is how many tries in all; below 2 means no retry.
	Attempts int
	// Backoff is the first wait; Max caps the waits (zero: no cap);
	// Multiplier grows them (zero means 2).
	Backoff, Max time.Duration
	Multiplier   float64
	// Retryable says which errors are worth another try. Nil means
	// IsTransient: only errors marked transient.
	Retryable func(error) bool
}

// ErrTransient marks errors worth retrying; Transient wraps an error
// with it.
var ErrTransient = errors.New("transient")

// Transient marks err as worth retrying.
func Transient(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w (%w)", err, ErrTransient)
}

// IsTransient reports whether err is marked with ErrTransient or has a
// Temporary() or Timeout() method that says so.
func IsTransient(err error) bool {
	if errors.Is(err, ErrTransient) {
		return true
	}
	var t interface{ Temporary() bool }
	if errors.As(err, &t) && t.Temporary() {
		return true
	}
	var to interface{ Timeout() bool }
	return errors.As(err, &to) && to.Timeout()
}

// wait returns the backoff before try n+1 (n from 1).
func (r *Retry) wait(n int) time.Duration {
	m := r.Multiplier
	if m <= 0 {
		m = 2
	}
	d := float64(r.Backoff)
	for i := 1; i < n; i++ {
		d *= m
		if r.Max > 0 && d >= float64(r.Max) {
			return r.Max
		}
	}
	if r.Max > 0 && d > float64(r.Max) {
		return r.Max
	}
	if !(d < math.MaxInt64) { // also +Inf, after many tries without a cap
		return math.MaxInt64
	}
	return time.Duration(d)
}

// EventKind is what an Event reports.
type EventKind uint8

const (
	EventStart EventKind = iota
	EventRetry
	EventFinish
	EventSkip
	EventUndo
)

func (k EventKind) String() string {
	names := [...]string{"start", "retry", "finish", "skip", "undo"}
	if int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("EventKind(%d)", k)
}

// Event is a step of a run.
type Event struct {
	Kind    EventKind
	Task    string
	Attempt int       // the try it is about, from 1; 0 for a skip
	At      time.Time // on the Runner's clock
	Status  Status    // for a finish or a skip: how the task ended
	Err     error     // the task's error, for a retry or a failed finish or undo
	Reason  string    // for a skip: why
}

// TaskReport is how one task went.
type TaskReport struct {
	ID            string
	Status        Status
	Attempts      int
	Start, Finish time.Time
	Err           error
	Reason        string // why it was skipped or cancelled
	Undone        bool   // its Undo ran and succeeded
	UndoErr       error  // its Undo failed
}

// Report is how a run went: every task's outcome in the graph's order,
// the undos run, and the critical path as it happened.
type Report struct {
	Tasks []TaskReport
	// CriticalPath is the chain of tasks that decided when the run
	// ended: from the last to finish, back through what let each start,
	// the dependency that finished last or, when the task waited longer
	// for a free worker, the task whose end freed it.
	CriticalPath []string
	Start        time.Time
	Finish       time.Time

	index map[string]int32 // the graph's: positions in Tasks by ID
}

// Task returns a task's report.
func (r *Report) Task(id string) (TaskReport, bool) {
	if i, ok := r.index[id]; ok && int(i) < len(r.Tasks) && r.Tasks[i].ID == id {
		return r.Tasks[i], true
	}
	for _, t := range r.Tasks { // a Report not made by Run
		if t.ID == id {
			return t, true
		}
	}
	return TaskReport{}, false
}

// Failed returns the IDs of the tasks that failed.
func (r *Report) Failed() []string {
	var out []string
	for _, t := range r.Tasks {
		if t.Status == Failed {
			out = append(out, t.ID)
		}
	}
	return out
}

// TaskPanic is what Run panics with when a task panicked: the task, the
// value and the stack where it happened. Run re-panics on its caller's
// goroutine once every worker has stopped, without rolling back. A panic
// in the host's Events or Retryable function is one too, for the task it
// was called about; a panicking Undo's is its TaskReport.UndoErr.
type TaskPanic struct {
	Task  string
	Value any
	Stack []byte
}

func (p *TaskPanic) Error() string {
	return fmt.Sprintf("schedule: task %s panicked: %v\n\n%s", quoteID(p.Task), p.Value, p.Stack)
}

// run is one Run's shared state.
type run struct {
	r      *Runner
	g      *Graph
	d      *dag
	clock  Clock
	outer  context.Context // the caller's: bounds finally tasks
	work   context.Context // cancelled by the caller or, with CancelRunning, by a failure
	cancel context.CancelCauseFunc

	mu       sync.Mutex
	cond     *sync.Cond
	ready    queue   // ready to start: the longest chain of work behind first, then the first added
	waiting  []int32 // dependencies not ended yet
	report   []TaskReport
	tainted  []bool      // failed, or skipped or cancelled because something before it failed
	freedBy  []int32     // the task whose end freed the worker that started it, if it waited for one; or -1
	readyAt  []time.Time // when it became ready
	unhappy  int         // tasks that ended other than Succeeded or Resumed
	running  int
	ended    int
	stopping bool // FailFast or Rollback after a failure: start nothing new but finally tasks
	failed   bool
	panicked *TaskPanic
	finals   []int32 // finally tasks without dependencies, started when all else ended
	others   int     // tasks that are not such finally tasks
	events   []Event // queued for delivery, in order
	emitting bool
}

// Run runs g: each task once its dependencies have ended and its Join
// rule allows, at most Concurrency at once. It returns once every task
// has ended (or was skipped), and the undos of Rollback have run.
//
// The error gathers the failed tasks' errors (each a *TaskError), or is
// the context's cause when ctx ended first: then running tasks are
// cancelled (they must honour their context), nothing new starts, and
// Run returns once they have stopped, leaving no goroutine behind. A
// panic in a task is re-raised here, as a *TaskPanic, after every worker
// has stopped. An invalid graph is Validate's error, with nothing run.
func (r *Runner) Run(ctx context.Context, g *Graph) (*Report, error) {
	d, err := g.compile()
	if err != nil {
		return nil, err
	}
	limit := r.Concurrency
	switch {
	case limit < 0:
		panic("schedule: Runner.Concurrency < 0")
	case limit == 0:
		limit = DefaultConcurrency
	}
	clock := r.Clock
	if clock == nil {
		clock = realClock{}
	}
	work, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	x := &run{r: r, g: g, d: d, clock: clock, outer: ctx, work: work, cancel: cancel,
		waiting: make([]int32, d.n), report: make([]TaskReport, d.n), tainted: make([]bool, d.n), freedBy: make([]int32, d.n), readyAt: make([]time.Time, d.n)}
	x.cond = sync.NewCond(&x.mu)
	x.ready.key, x.ready.high = bottomLevels(d), true
	start := clock.Now()

	for i := range d.n {
		x.freedBy[i] = -1
		x.report[i].ID = g.tasks[i].ID
		x.waiting[i] = d.depStart[i+1] - d.depStart[i]
	}
	x.mu.Lock()
	for i := int32(0); int(i) < d.n; i++ {
		t := &g.tasks[i]
		switch {
		case t.Finally && x.waiting[i] == 0:
			x.finals = append(x.finals, i)
		case x.waiting[i] == 0:
			x.ready.push(i)
		}
	}
	x.others = d.n - len(x.finals)
	if r.Resume != nil {
		x.resume(start)
	}
	x.maybeFinals(start)
	x.mu.Unlock()

	var wg sync.WaitGroup
	for range min(limit, max(d.n, 1)) {
		wg.Go(x.worker)
	}
	wg.Wait()
	x.flush()

	if x.panicked != nil {
		panic(x.panicked)
	}
	rep := &Report{Tasks: x.report, Start: start, Finish: clock.Now(), index: g.index}
	if r.Policy == Rollback && x.failed {
		x.rollback(ctx, rep)
	}
	rep.CriticalPath = x.criticalPath(start)
	var errs *multierror.Error
	for i, t := range x.report {
		if t.Status == Failed {
			errs = multierror.Append(errs, &TaskError{ID: g.tasks[i].ID, Err: t.Err})
		}
	}
	if ctx.Err() != nil {
		return rep, context.Cause(ctx)
	}
	if errs != nil {
		errs.ErrorFormat = listErrors
	}
	return rep, errs.ErrorOrNil()
}

// resume marks the tasks an earlier run completed, at start. Called with
// mu held.
func (x *run) resume(start time.Time) {
	done := x.r.Resume.Succeeded
	if len(done) == 0 {
		return
	}
	// Walk in topological order, so that resumed tasks release their
	// dependents like finished ones.
	for _, i := range x.d.order {
		if _, ok := done[x.g.tasks[i].ID]; ok && x.waiting[i] == 0 && !x.g.tasks[i].Finally {
			x.report[i].Status = Resumed
			x.ended++
			x.release(i, start)
			// An event, so that a State built from this run's events
			// keeps what the earlier run did.
			x.emit(Event{Kind: EventFinish, Task: x.g.tasks[i].ID, At: start, Status: Resumed})
		}
	}
	x.ready.a = x.ready.a[:0]
	for i := int32(0); int(i) < x.d.n; i++ {
		if !x.report[i].Status.done() && x.waiting[i] == 0 && !(x.g.tasks[i].Finally && x.d.depStart[i+1] == x.d.depStart[i]) {
			x.ready.push(i)
		}
	}
}

// worker starts ready tasks until every task has ended.
func (x *run) worker() {
	freed := int32(-1) // the task this worker last ended: a task ready before that waited for it
	x.mu.Lock()
	for {
		for x.ready.len() == 0 && x.ended < x.d.n {
			x.cond.Wait()
			freed = -1
		}
		if x.ended >= x.d.n {
			x.mu.Unlock()
			x.cond.Broadcast()
			return
		}
		i := x.ready.pop()
		if st, why := x.blocked(i); why != "" {
			x.end(i, st, nil, why)
			x.unlockedFlush()
			continue
		}
		x.running++
		if freed >= 0 && x.readyAt[i].Before(x.report[freed].Finish) {
			x.freedBy[i] = freed
		}
		x.report[i].Start = x.clock.Now()
		x.emit(Event{Kind: EventStart, Task: x.g.tasks[i].ID, Attempt: 1, At: x.report[i].Start})
		x.mu.Unlock()
		x.flush()

		status, attempts, err := x.exec(i)

		x.mu.Lock()
		x.running--
		x.report[i].Attempts = attempts
		x.report[i].Finish = x.clock.Now()
		x.end(i, status, err, "")
		freed = i
		x.unlockedFlush()
	}
}

// unlockedFlush delivers queued events with mu released for the while.
// Called with mu held.
func (x *run) unlockedFlush() {
	if x.r.Events == nil || len(x.events) == 0 {
		return
	}
	x.mu.Unlock()
	x.flush()
	x.mu.Lock()
}

// blocked says how task i ends without running and why, or "" when it
// may run. Called with mu held.
func (x *run) blocked(i int32) (Status, string) {
	t := &x.g.tasks[i]
	if t.Finally {
		return Pending, ""
	}
	if x.stopping {
		return Skipped, "the run stopped after a failure"
	}
	if x.work.Err() != nil {
		return Cancelled, "the run was cancelled"
	}
	if x.unhappy == 0 {
		return Pending, "" // every dependency succeeded
	}
	return joinBlocks(x.g, x.d, x.r.Policy, i, func(j int32) Status { return x.report[j].Status }, x.tainted)
}

// joinBlocks applies task i's Join rule, and SkipDependents, to how its
// dependencies ended: Skipped and why, or Pending with "" when it may
// run. The Runner and the Simulator share it, so they cannot drift.
func joinBlocks(g *Graph, d *dag, policy FailurePolicy, i int32, status func(int32) Status, tainted []bool) (Status, string) {
	join := g.tasks[i].Join
	for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
		st := status(j)
		switch {
		case policy == SkipDependents && tainted[j]:
			return Skipped, "depends on " + quoteID(g.tasks[j].ID) + ", which failed or follows a failure"
		case join == AllSucceeded && st != Succeeded && st != Resumed,
			join == NoneFailed && (st == Failed || st == Cancelled):
			return Skipped, "depends on " + quoteID(g.tasks[j].ID) + ", which " + verb(st)
		}
	}
	return Pending, ""
}

// taint marks task i, ended in st, as failed or following a failure, for
// SkipDependents.
// A task that follows a failure is tainted however it ended: a finally
// task runs, but what depends on it is still downstream of the failure.
func taint(d *dag, tainted []bool, i int32, st Status) {
	tainted[i] = st == Failed
	for _, j := range d.depList[d.depStart[i]:d.depStart[i+1]] {
		tainted[i] = tainted[i] || tainted[j]
	}
}

func verb(s Status) string {
	switch s {
	case Failed:
		return "failed"
	case Skipped:
		return "was skipped"
	case Cancelled:
		return "was cancelled"
	}
	return "did not succeed"
}

// exec runs task i, with its retries, and says how it ended.
func (x *run) exec(i int32) (Status, int, error) {
	t := &x.g.tasks[i]
	retry := t.Retry
	if retry == nil {
		retry = x.r.Retry
	}
	ctx := x.work
	if t.Finally {
		ctx = x.outer // not stopped by the policy: only by the caller
	}
	for attempt := 1; ; attempt++ {
		err := x.call(ctx, t)
		if err == nil {
			return Succeeded, attempt, nil
		}
		if _, ok := err.(*TaskPanic); ok {
			return Failed, attempt, err
		}
		if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Cause(ctx))) {
			return Cancelled, attempt, err
		}
		again := false
		if retry != nil && attempt < retry.Attempts {
			if x.guard(t.ID, func() { again = retryable(retry, err) }) {
				return Failed, attempt, err
			}
		}
		if !again {
			return Failed, attempt, err
		}
		wait := retry.wait(attempt)
		x.mu.Lock()
		x.emit(Event{Kind: EventRetry, Task: t.ID, Attempt: attempt + 1, At: x.clock.Now(), Err: err})
		x.mu.Unlock()
		x.flush()
		select {
		case <-x.clock.After(wait):
		case <-ctx.Done():
			return Cancelled, attempt, err
		}
	}
}

func retryable(r *Retry, err error) bool {
	if r.Retryable != nil {
		return r.Retryable(err)
	}
	return IsTransient(err)
}

// guard calls a host's function f (an Events callback, Retryable) for
// task id, and reports whether it panicked: the panic is recorded, to be
// re-raised on Run's caller, and the run stops as for a task's panic.
func (x *run) guard(id string, f func()) (panicked bool) {
	defer func() {
		if v := recover(); v != nil {
			p := &TaskPanic{Task: id, Value: v, Stack: debug.Stack()}
			x.mu.Lock()
			if x.panicked == nil {
				x.panicked = p
			}
			x.stopping = true
			x.r.Events = nil
			x.mu.Unlock()
			x.cancel(p)
			panicked = true
		}
	}()
	f()
	return false
}

// call runs t once, turning a panic into a recorded TaskPanic.
func (x *run) call(ctx context.Context, t *Task) (err error) {
	if t.Run == nil {
		return nil
	}
	defer func() {
		if v := recover(); v != nil {
			p := &TaskPanic{Task: t.ID, Value: v, Stack: debug.Stack()}
			x.mu.Lock()
			if x.panicked == nil {
				x.panicked = p
			}
			x.stopping = true
			x.mu.Unlock()
			x.cancel(p)
			err = p
		}
	}()
	return t.Run(ctx)
}

// end records how task i ended and releases its dependents. Called with
// mu held.
func (x *run) end(i int32, st Status, err error, reason string) {
	rep := &x.report[i]
	rep.Status, rep.Err, rep.Reason = st, err, reason
	x.ended++
	if st != Succeeded {
		x.unhappy++
	}
	taint(x.d, x.tainted, i, st)
	kind := EventFinish
	if st == Skipped {
		kind = EventSkip
	}
	now := x.clock.Now()
	x.emit(Event{Kind: kind, Task: rep.ID, Attempt: rep.Attempts, At: now, Status: st, Err: err, Reason: reason})
	if st == Failed {
		x.failed = true
		if x.r.Policy == FailFast || x.r.Policy == Rollback {
			x.stopping = true
			if x.r.CancelRunning {
				x.cancel(fmt.Errorf("schedule: task %s failed: %w", quoteID(rep.ID), err))
			}
		}
	}
	before := x.ready.len()
	x.release(i, now)
	x.maybeFinals(now)
	switch {
	case x.ended >= x.d.n:
		x.cond.Broadcast() // every worker leaves
	default:
		// Wake one worker per task made ready, not all of them: with
		// many workers a broadcast per task costs more than the tasks.
		for range x.ready.len() - before {
			x.cond.Signal()
		}
	}
}

// release makes the dependents of i that have nothing left to wait for
// ready. Called with mu held.
func (x *run) release(i int32, now time.Time) {
	for _, s := range x.d.succList[x.d.succStart[i]:x.d.succStart[i+1]] {
		if x.waiting[s]--; x.waiting[s] == 0 && !x.report[s].Status.done() {
			x.readyAt[s] = now
			x.ready.push(s)
		}
	}
}

// maybeFinals starts the finally tasks without dependencies once every
// other task has ended. Called with mu held.
func (x *run) maybeFinals(now time.Time) {
	if len(x.finals) > 0 && x.ended >= x.others {
		for _, f := range x.finals {
			if !x.report[f].Status.done() {
				x.readyAt[f] = now
				x.ready.push(f)
			}
		}
		x.finals = nil
	}
}

// emit queues an event. Called with mu held.
func (x *run) emit(e Event) {
	if x.r.Events != nil {
		x.events = append(x.events, e)
	}
}

// flush delivers queued events, one goroutine at a time, in order, and
// without holding mu while the host's function runs.
func (x *run) flush() {
	if x.r.Events == nil {
		return
	}
	x.mu.Lock()
	if x.emitting {
		x.mu.Unlock()
		return // the goroutine emitting delivers these too
	}
	x.emitting = true
	for len(x.events) > 0 {
		batch := x.events
		x.events = nil
		x.mu.Unlock()
		for _, e := range batch {
			if x.guard(e.Task, func() { x.r.Events(e) }) {
				break // a panicking callback gets no more events
			}
		}
		x.mu.Lock()
	}
	x.emitting = false
	x.mu.Unlock()
}

// rollback undoes the tasks that completed, in reverse dependency order,
// one at a time.
func (x *run) rollback(ctx context.Context, rep *Report) {
	for _, i := range slices.Backward(x.d.order) {
		t := &x.g.tasks[i]
		if x.report[i].Status != Succeeded || t.Undo == nil {
			continue
		}
		err := func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = &TaskPanic{Task: t.ID, Value: v, Stack: debug.Stack()}
				}
			}()
			return t.Undo(context.WithoutCancel(ctx))
		}()
		x.report[i].Undone, x.report[i].UndoErr = err == nil, err
		if x.r.Events != nil {
			x.r.Events(Event{Kind: EventUndo, Task: t.ID, At: x.clock.Now(), Status: x.report[i].Status, Err: err})
		}
	}
	rep.Finish = x.clock.Now()
}

// criticalPath walks back from the last task to finish through the
// dependency that finished last.
func (x *run) criticalPath(start time.Time) []string {
	var path []string
	for _, i := range criticalChain(x.d, func(i int32) (time.Duration, bool) {
		f := x.report[i].Finish
		return f.Sub(start), !f.IsZero()
	}, x.freedBy) {
		path = append(path, x.report[i].ID)
	}
	return path
}

// State is what a run has achieved, as a value a host can save (it
// marshals to JSON) after every event and hand to a later run through
// Runner.Resume: the tasks that succeeded are not run again.
type State struct {
	Succeeded map[string]time.Time `json:"succeeded"`
}

// Apply records an event's outcome in s.
func (s *State) Apply(e Event) {
	if e.Kind == EventFinish && (e.Status == Succeeded || e.Status == Resumed) {
		if s.Succeeded == nil {
			s.Succeeded = make(map[string]time.Time)
		}
		s.Succeeded[e.Task] = e.At
	}
	if e.Kind == EventUndo && e.Err == nil {
		delete(s.Succeeded, e.Task) // undone: to be done again
	}
}
