package gate

import (
	"context"
	"time"

	"github.com/releasekit/releasekit/internal/vclock"
)

// Clock is the time as the engine sees it. Only standard types appear in
// it, so one virtual clock can serve every package of a host.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// realClock is the wall clock; a nil Clock means it.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func clockOr(c Clock) Clock {
	if c == nil {
		return realClock{}
	}
	return c
}

type clockKey struct{}

// withClock gives the gates of an evaluation the engine's clock.
func withClock(ctx context.Context, c Clock) context.Context {
	return context.WithValue(ctx, clockKey{}, c)
}

// ClockFrom returns the clock of the engine evaluating a gate: a gate
// that reads the time (a window, a soak timer, a host's own) calls it
// with the context Evaluate was given, so that it sees the engine's
// virtual time in a test or a simulation. Outside an engine it returns
// real time.
func ClockFrom(ctx context.Context) Clock {
	if c, ok := ctx.Value(clockKey{}).(Clock); ok {
		return c
	}
	return realClock{}
}

// VirtualClock is a Clock that moves only when told to, for tests and
// simulations: a week of release flow runs in milliseconds. Its zero value
// stands at the zero time; use NewVirtualClock to start elsewhere. It is
// safe for concurrent use. schedule.VirtualClock behaves the same, and
// either serves both packages.
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
