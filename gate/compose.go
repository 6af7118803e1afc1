package gate

import (
	"context"
	"fmt"
	"time"
)

// All is a gate that holds when every member holds. Its status is the most
// severe of its members' (see Status); Skipped members and advisory ones
// do not count, and with none left it is Skipped. Members are evaluated
// concurrently by an Engine.
func All(name string, gates ...Gate) Gate {
	return newComposite(name, kindAll, 0, gates)
}

// Any is a gate that holds when at least one member holds: AtLeast(1).
func Any(name string, gates ...Gate) Gate {
	return newComposite(name, kindAtLeast, 1, gates)
}

// AtLeast is a gate that holds when at least n of its counted members
// (neither Skipped nor advisory) pass. Short of n, it is Pending if the
// pending members could still make n, else Inconclusive if the
// inconclusive ones could, else Errored if the errored ones could, else
// Failed. AtLeast(0, ...) always passes. It panics for n < 0.
func AtLeast(name string, n int, gates ...Gate) Gate {
	if n < 0 {
		panic("gate: AtLeast with n < 0")
	}
	return newComposite(name, kindAtLeast, n, gates)
}

// Advisory wraps a gate that is evaluated and reported but never blocks:
// its result is marked Advisory and does not count in its composition.
func Advisory(g Gate) Gate {
	if g == nil {
		panic("gate: Advisory with a nil gate")
	}
	return advisory{g}
}

type advisory struct{ g Gate }

func (a advisory) Evaluate(ctx context.Context, s Subject) Result {
	r := a.g.Evaluate(ctx, s)
	r.Advisory = true
	return r
}

const (
	kindAll = iota
	kindAtLeast
)

type composite struct {
	name  string
	kind  int
	n     int
	gates []Gate
}

func newComposite(name string, kind, n int, gates []Gate) *composite {
	for _, g := range gates {
		if g == nil {
			panic("gate: a nil gate in " + name)
		}
	}
	return &composite{name: name, kind: kind, n: n, gates: gates}
}

// Evaluate evaluates the members one after the other; an Engine evaluates
// them concurrently and is the usual way to run a composition.
func (c *composite) Evaluate(ctx context.Context, s Subject) Result {
	children := make([]Result, len(c.gates))
	for i, g := range c.gates {
		children[i] = g.Evaluate(ctx, s)
	}
	return c.combine(children, time.Time{})
}

// combine folds the members' results into the composition's.
func (c *composite) combine(children []Result, at time.Time) Result {
	r := Result{Gate: c.name, Children: children, At: at, group: true}
	var count [Skipped + 1]int
	counted := 0
	for _, ch := range children {
		if ch.Advisory || ch.Status == Skipped {
			continue
		}
		if ch.Status < 0 || ch.Status > Skipped {
			ch.Status = Errored
		}
		count[ch.Status]++
		counted++
	}
	switch {
	case len(children) == 0:
		r.Status, r.Reason, r.Err = Errored, "no gates", ErrNoGates
		return r
	case counted == 0 && c.kind == kindAll:
		r.Status, r.Reason = Skipped, "no gate applies"
		return r
	}
	if c.kind == kindAll {
		r.Status = Passed
		for _, ch := range children {
			if !ch.Advisory && ch.Status != Skipped && worse(ch.Status, r.Status) {
				r.Status = ch.Status
			}
		}
		r.Reason = fmt.Sprintf("%d of %d gates passed", count[Passed], counted)
		if bad := counted - count[Passed]; bad > 0 {
			r.Reason += describeCounts(count)
		}
		return r
	}
	p, q, i, e := count[Passed], count[Pending], count[Inconclusive], count[Errored]
	switch {
	case p >= c.n:
		r.Status = Passed
	case p+q >= c.n:
		r.Status = Pending
	case p+q+i >= c.n:
		r.Status = Inconclusive
	case p+q+i+e >= c.n:
		r.Status = Errored
	default:
		r.Status = Failed
	}
	r.Reason = fmt.Sprintf("%d of %d gates passed, %d required", p, counted, c.n)
	if p < c.n {
		r.Reason += describeCounts(count)
	}
	return r
}

// describeCounts lists the statuses other than Passed: "; 1 failed, 2 pending".
func describeCounts(count [Skipped + 1]int) string {
	s := ""
	for _, st := range []Status{Failed, Errored, Inconclusive, Pending} {
		if count[st] > 0 {
			if s != "" {
				s += ", "
			}
			s += fmt.Sprintf("%d %s", count[st], st)
		}
	}
	if s == "" {
		return ""
	}
	return "; " + s
}
