// Package vclock is the virtual clock behind gate.VirtualClock and
// schedule.VirtualClock: one implementation, so both packages' clocks
// behave alike and a host can use either with the other package.
package vclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a clock that moves only when told to. Its zero value stands at
// the zero time. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	changed chan struct{} // closed when a timer is added
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

// Set puts a clock that no one uses yet at t: the wrappers' constructors
// call it, so that no clock, and no lock, is ever copied.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the clock's time once it has
// advanced by d (at once for d <= 0).
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), ch: ch})
	if c.changed != nil {
		close(c.changed)
		c.changed = nil
	}
	return ch
}

// Advance moves the clock forward by d and fires every timer due by then.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

// AdvanceToNext moves the clock to the earliest waiting timer and fires
// every timer due by then. It returns false, without moving, when no
// timer waits.
func (c *Clock) AdvanceToNext() bool {
	c.mu.Lock()
	if len(c.waiters) == 0 {
		c.mu.Unlock()
		return false
	}
	next := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(next) {
			next = w.at
		}
	}
	d := next.Sub(c.now)
	c.mu.Unlock()
	c.Advance(d)
	return true
}

// BlockUntil returns once at least n timers are waiting, or with the
// context's cause when ctx ends first. A program drives code that waits
// on the clock with it: block until the code waits, advance to its timer,
// repeat. That suits code that waits on one timer at a time; where other
// goroutines may still be working while a timer waits, use
// testing/synctest instead.
func (c *Clock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		if len(c.waiters) >= n {
			c.mu.Unlock()
			return nil
		}
		if c.changed == nil {
			c.changed = make(chan struct{})
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// Waiters returns how many timers are waiting.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// RunUntilIdle fires timers, earliest first, until none waits, and
// returns how many times it moved the clock.
func (c *Clock) RunUntilIdle() int {
	n := 0
	for c.AdvanceToNext() {
		n++
	}
	return n
}
