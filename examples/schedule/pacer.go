package main

import (
	"context"
	"sync"
	"time"

	"github.com/releasekit/releasekit/schedule"
)

// pacer moves a virtual clock for a run in which several tasks wait at
// once. It moves the clock to the next timer only when the run has
// settled: every task that is running waits on the clock, and no task that
// could start at this instant has still to start. Moving it as soon as one
// timer waits (VirtualClock.BlockUntil's pattern, right for one waiter at
// a time) would let a task that is still starting set its timer after the
// clock has moved, and the times would change from run to run. A test
// would use testing/synctest; a program has to keep count, and the pacer
// does so from three sources: a wrapper round each task's Run, the
// runner's events, and its own Clock, whose After says when a timer is
// set.
//
// It relies on what this program's tasks do: a Run waits on one timer at
// a time, and so do the runner's retries and the rollout's bakes.
type pacer struct {
	clock *schedule.VirtualClock
	limit int // the runner's Concurrency

	mu      sync.Mutex
	tasks   []pacedTask
	index   map[string]int
	changed chan struct{} // closed, and replaced, at every change
}

type pacedTask struct {
	deps []string
	// last is a finally task without dependencies: the runner starts it
	// once every other task has ended, not when it is idle with nothing
	// to wait for.
	last  bool
	phase phase
}

// phase is where a task is, as far as the clock is concerned.
type phase uint8

const (
	idle       phase = iota // not started
	running                 // in its Run: about to wait, or waiting, on one timer
	returned                // its Run returned; the runner has yet to say what next
	backingOff              // between tries: the runner waits on one timer
	ended                   // finished or skipped
)

func newPacer(clock *schedule.VirtualClock, limit int) *pacer {
	return &pacer{clock: clock, limit: limit, index: map[string]int{}, changed: make(chan struct{})}
}

// Now returns the virtual clock's time.
func (p *pacer) Now() time.Time { return p.clock.Now() }

// After sets a timer on the virtual clock, and lets the driver know.
func (p *pacer) After(d time.Duration) <-chan time.Time {
	ch := p.clock.After(d)
	p.mu.Lock()
	p.touch()
	p.mu.Unlock()
	return ch
}

// track returns the tasks with their Runs wrapped to say when they start
// and return.
func (p *pacer) track(tasks []schedule.Task) []schedule.Task {
	out := make([]schedule.Task, len(tasks))
	for k, t := range tasks {
		i := len(p.tasks)
		p.tasks = append(p.tasks, pacedTask{deps: t.Deps, last: t.Finally && len(t.Deps) == 0})
		p.index[t.ID] = i
		if run := t.Run; run != nil {
			t.Run = func(ctx context.Context) error {
				p.set(i, running)
				err := run(ctx)
				p.set(i, returned)
				return err
			}
		}
		out[k] = t
	}
	return out
}

// observe takes one of the runner's events.
func (p *pacer) observe(e schedule.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i, ok := p.index[e.Task]
	if !ok {
		return
	}
	switch e.Kind {
	case schedule.EventRetry:
		if p.tasks[i].phase == returned { // not if the next try has begun
			p.tasks[i].phase = backingOff
		}
	case schedule.EventFinish, schedule.EventSkip:
		p.tasks[i].phase = ended
	}
	p.touch()
}

func (p *pacer) set(i int, ph phase) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tasks[i].phase = ph
	p.touch()
}

// touch wakes the driver. Called with mu held.
func (p *pacer) touch() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// run calls f while a second goroutine moves the clock each time the run
// settles, and stops that goroutine before it returns.
func (p *pacer) run(ctx context.Context, f func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Go(func() { p.drive(ctx) })
	return f(ctx)
}

// drive moves the clock to the next timer whenever the run has settled
// with timers waiting, until ctx ends.
func (p *pacer) drive(ctx context.Context) {
	for {
		p.mu.Lock()
		timers, ok := p.settled()
		changed := p.changed
		p.mu.Unlock()
		if ok && timers > 0 {
			p.clock.AdvanceToNext()
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return
		}
	}
}

// settled returns how many timers the run waits on, and whether it has
// settled: every task that is running or backing off waits on its timer,
// and every task ready to start has started, unless every slot is taken.
// Called with mu held.
func (p *pacer) settled() (int, bool) {
	busy, due := 0, 0
	for _, t := range p.tasks {
		switch t.phase {
		case returned:
			return 0, false
		case running, backingOff:
			busy++
		case idle:
			if !t.last && p.depsEnded(t) {
				due++
			}
		}
	}
	if due > 0 && busy < p.limit {
		return 0, false // a slot is free and a task is due: it is starting
	}
	// Each busy task sets at most one timer, and every timer is a busy
	// task's: equal counts mean each of them waits.
	return busy, p.clock.Waiters() == busy
}

// depsEnded reports whether all of t's dependencies have ended. Called
// with mu held.
func (p *pacer) depsEnded(t pacedTask) bool {
	for _, d := range t.deps {
		if j, ok := p.index[d]; ok && p.tasks[j].phase != ended {
			return false
		}
	}
	return true
}
