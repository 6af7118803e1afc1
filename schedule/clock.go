package schedule

import (
	"context"
	"time"

	"github.com/releasekit/releasekit/internal/vclock"
)

// Clock is the time as the runner sees it: standard types only, so one
// virtual clock serves this package and gate. Nil means real time.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// VirtualClock is a Clock that moves only when told to, for tests and
// simulations: a week of release flow runs in milliseconds. Its zero value
// stands at the zero time; use NewVirtualClock to start elsewhere. It is
// safe for concurrent use. It satisfies gate.Clock too, so one virtual
// clock drives a host's gates and runs together.
type VirtualClock struct {
	c vclock.Clock
}

// NewVirtualClock returns a virtual clock standing at start.
func NewVirtualClock(start time.Time) *VirtualClock {
	v := &VirtualClock{}
	v.c.Set(start)
	return v
}

// Now returns the clock's time.
func (c *VirtualClock) Now() time.Time { return c.c.Now() }

// After returns a channel that receives the clock's time once it has
// advanced by d (at once for d <= 0).
func (c *VirtualClock) After(d time.Duration) <-chan time.Time { return c.c.After(d) }

// Advance moves the clock forward by d and fires every timer due by then.
func (c *VirtualClock) Advance(d time.Duration) { c.c.Advance(d) }

// AdvanceToNext moves the clock to the earliest waiting timer and fires
// every timer due by then. It returns false, without moving, when no
// timer waits.
func (c *VirtualClock) AdvanceToNext() bool { return c.c.AdvanceToNext() }

// BlockUntil returns once at least n timers are waiting, or with the
// context's cause when ctx ends first. A program drives code that waits
// on the clock with it: block until the code waits, advance to its timer,
// repeat. That suits code that waits on one timer at a time; where other
// goroutines may still be working while a timer waits, use
// testing/synctest instead.
func (c *VirtualClock) BlockUntil(ctx context.Context, n int) error { return c.c.BlockUntil(ctx, n) }

// Waiters returns how many timers are waiting: a test advances the clock
// once the code under test has started waiting.
func (c *VirtualClock) Waiters() int { return c.c.Waiters() }

// RunUntilIdle fires timers, earliest first, until none waits, and
// returns how many times it moved the clock: for code that has set its
// timers and returned, not for goroutines still working.
func (c *VirtualClock) RunUntilIdle() int { return c.c.RunUntilIdle() }
