package gate

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Soak is a wait timer: Pending until Duration has passed since the stage
// began, then Passed. It gives a deployment time to show its problems
// before the next stage, as a bake time or a wait timer does.
//
// The zero value waits for nothing and passes at once. A Soak keeps state
// when Since is nil, so it is used by pointer.
type Soak struct {
	// Name is the gate's name; "" means "soak".
	Name string
	// Duration is how long the stage must run.
	Duration time.Duration
	// Since returns when the stage began for a subject, from the host's
	// records. Nil means the first time this gate evaluated the subject
	// (its ID, stage and digest: a new build starts a new soak), which the
	// gate remembers for every subject it sees; a long-lived host with
	// endless subjects should supply Since. A zero time means the stage
	// has not begun: Pending.
	Since func(Subject) time.Time

	mu    sync.Mutex
	first map[[3]string]time.Time
}

// Evaluate decides at the engine clock's current time.
func (k *Soak) Evaluate(ctx context.Context, s Subject) Result {
	now := ClockFrom(ctx).Now()
	r := Result{Gate: k.Name, At: now}
	if r.Gate == "" {
		r.Gate = "soak"
	}
	if k.Duration < 0 {
		r.Status, r.Reason, r.Err = Errored, "negative soak duration", fmt.Errorf("soak gate %q: duration %s < 0", r.Gate, k.Duration)
		return r
	}
	var since time.Time
	if k.Since != nil {
		since = k.Since(s)
	} else {
		key := [3]string{s.ID, s.Stage, s.Digest}
		k.mu.Lock()
		if k.first == nil {
			k.first = make(map[[3]string]time.Time)
		}
		since = k.first[key]
		if since.IsZero() {
			since = now
			k.first[key] = now
		}
		k.mu.Unlock()
	}
	if since.IsZero() {
		r.Status, r.Reason = Pending, "the stage has not begun"
		return r
	}
	soaked := max(now.Sub(since), 0)
	r.Evidence = map[string]any{"since": since, "soaked": soaked.String(), "required": k.Duration.String()}
	if soaked >= k.Duration {
		r.Status, r.Reason = Passed, fmt.Sprintf("soaked %s of %s since %s", soaked, k.Duration, stamp(since))
		return r
	}
	r.Status, r.Reason = Pending, fmt.Sprintf("soaked %s of %s since %s; passes at %s", soaked, k.Duration, stamp(since), stamp(since.Add(k.Duration)))
	return r
}
