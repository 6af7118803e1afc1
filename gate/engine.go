package gate

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-multierror"
	"golang.org/x/sync/errgroup"
)

// DefaultLimit is how many gates an Engine evaluates at once when its
// Limit is zero.
const DefaultLimit = 16

// DefaultPollInterval is how long Await waits between evaluations when
// the Engine's PollInterval is zero.
const DefaultPollInterval = 30 * time.Second

// Engine evaluates gates for a subject and decides.
//
// The zero value is ready to use: real time, DefaultLimit gates at once,
// no timeout of its own (each gate runs until the context ends), and no
// logging.
type Engine struct {
	// Clock is the time the engine reads and waits on. Nil means real
	// time.
	Clock Clock

	// Limit bounds how many gates are evaluated at once. Zero means
	// DefaultLimit; it panics when negative.
	Limit int

	// Timeout bounds each gate's evaluation, on Clock. A gate that runs
	// past it is Errored with ErrTimeout; its context is cancelled, and a
	// gate that ignores its context is left to finish on its own, its
	// result discarded, so that a hung check never hangs the decision.
	// Zero means no timeout of the engine's own.
	Timeout time.Duration

	// PollInterval is how long Await waits between evaluations, on
	// Clock. Zero means DefaultPollInterval.
	PollInterval time.Duration

	// Logger receives a record per decision. Nil means no logging.
	Logger *slog.Logger

	// Audit, when set, receives a verdict entry for every decision
	// Evaluate, Await and Sample return (not for the evaluations Await
	// and Sample make along the way). A decision that cannot be recorded
	// is not allowed: it comes back Errored, with the store's error.
	Audit Store
}

// node is one gate of the tree being evaluated: a composition with its
// members, or a leaf gate with the index of its result.
type node struct {
	comp     *composite
	advisory bool
	children []*node
	leaf     Gate
	slot     int
}

// Evaluate evaluates gates for s, as the members of All, and decides.
// Leaf gates are evaluated concurrently, at most Limit at once; a
// composition's members count as leaves of the same evaluation, so nested
// compositions cost no extra waiting. A gate that panics, runs past
// Timeout or returns a status that does not exist is Errored, never a
// crashed engine or an allowed release.
//
// The error gathers every gate that Errored (each a *GateError, for
// errors.As and errors.Is(err, ErrGateErrored)); a Failed gate is a
// verdict, not an error. With no gates the decision is Errored and the
// error wraps ErrNoGates. When ctx ends, Evaluate returns promptly with
// the decision so far (gates not evaluated are Errored) and the context's
// cause as the error.
func (e *Engine) Evaluate(ctx context.Context, s Subject, gates ...Gate) (Decision, error) {
	d, err := e.evaluate(ctx, s, gates...)
	return e.record(ctx, d, err)
}

// record appends a decision to Audit.
func (e *Engine) record(ctx context.Context, d Decision, err error) (Decision, error) {
	if e.Audit == nil {
		return d, err
	}
	raw, merr := json.Marshal(d)
	if merr == nil {
		var body []byte
		body, merr = json.Marshal(Entry{Kind: KindVerdict, At: d.At.UTC(), Gate: "engine", Subject: d.Subject, Verdict: raw})
		if merr == nil {
			_, merr = e.Audit.Append(context.WithoutCancel(ctx), d.Subject.ID, body)
		}
	}
	if merr != nil {
		d.Status, d.Allowed = Errored, false
		d.Root.Status = Errored
		d.Root.Reason = "the decision could not be recorded: " + merr.Error()
		errs := multierror.Append(err, fmt.Errorf("gate: recording the decision: %w", merr))
		errs.ErrorFormat = listErrors
		return d, errs
	}
	return d, err
}

func (e *Engine) evaluate(ctx context.Context, s Subject, gates ...Gate) (Decision, error) {
	clock := clockOr(e.Clock)
	ctx = withClock(ctx, clock) // once, for every gate: ClockFrom
	limit := e.Limit
	switch {
	case limit < 0:
		panic("gate: Engine.Limit < 0")
	case limit == 0:
		limit = DefaultLimit
	}
	root := &composite{name: "all", kind: kindAll, gates: gates}
	var leaves []Gate
	tree := flatten(root, false, &leaves)

	results := make([]Result, len(leaves))
	var next atomic.Int64
	var g errgroup.Group
	for range min(limit, len(leaves)) {
		g.Go(func() error {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(leaves) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					results[i] = Result{Status: Errored, Reason: "not evaluated: " + context.Cause(ctx).Error(), Err: context.Cause(ctx)}
					continue
				}
				results[i] = e.run(ctx, clock, leaves[i], s)
			}
		})
	}
	_ = g.Wait()

	now := clock.Now()
	d := Decision{Subject: s, At: now}
	d.Root = fold(tree, results, now)
	d.Status = d.Root.Status
	d.Allowed = d.Status.Allows()

	var errs *multierror.Error
	for _, r := range d.Results() {
		if r.Status == Errored && !r.Advisory && r.Err != ErrNoGates {
			cause := r.Err
			if cause == nil {
				cause = fmt.Errorf("%s", r.Reason)
			}
			errs = multierror.Append(errs, &GateError{Gate: r.Gate, Err: cause})
		}
	}
	if len(gates) == 0 {
		errs = multierror.Append(errs, fmt.Errorf("gate: %w", ErrNoGates))
	}
	if errs != nil {
		errs.ErrorFormat = listErrors
	}
	err := errs.ErrorOrNil()
	if ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	if e.Logger != nil {
		e.Logger.LogAttrs(ctx, slog.LevelInfo, "gate decision", slog.Any("decision", d))
	}
	return d, err
}

// listErrors formats gathered errors on one line: "2 gates errored: a; b".
func listErrors(errs []error) string {
	s := fmt.Sprintf("%d gates errored: ", len(errs))
	if len(errs) == 1 {
		s = ""
	}
	for i, err := range errs {
		if i > 0 {
			s += "; "
		}
		s += err.Error()
	}
	return s
}

// flatten turns a composition into a tree of nodes and collects its leaf
// gates.
func flatten(g Gate, adv bool, leaves *[]Gate) *node {
	switch v := g.(type) {
	case *composite:
		n := &node{comp: v, advisory: adv}
		for _, m := range v.gates {
			n.children = append(n.children, flatten(m, false, leaves))
		}
		return n
	case advisory:
		return flatten(v.g, true, leaves)
	}
	*leaves = append(*leaves, g)
	return &node{leaf: g, slot: len(*leaves) - 1, advisory: adv}
}

// fold computes each composition's result from its members'.
func fold(n *node, results []Result, at time.Time) Result {
	var r Result
	if n.comp == nil {
		r = results[n.slot]
	} else {
		children := make([]Result, len(n.children))
		for i, c := range n.children {
			children[i] = fold(c, results, at)
		}
		r = n.comp.combine(children, at)
	}
	if n.advisory {
		r.Advisory = true
	}
	return r
}

// run evaluates one gate, turning a panic, a timeout or an invalid status
// into Errored.
func (e *Engine) run(ctx context.Context, clock Clock, g Gate, s Subject) Result {
	if e.Timeout <= 0 {
		return e.call(ctx, clock, g, s)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan Result, 1)
	go func() { done <- e.call(ctx, clock, g, s) }()
	select {
	case r := <-done:
		return r
	case <-clock.After(e.Timeout):
		cancel(ErrTimeout)
		select {
		case r := <-done: // it stopped at once
			if r.Status != Errored {
				return r
			}
		default:
		}
		return Result{Gate: gateName(g), Status: Errored, Reason: fmt.Sprintf("no verdict within %s", e.Timeout), Err: ErrTimeout, At: clock.Now()}
	case <-ctx.Done():
		return Result{Gate: gateName(g), Status: Errored, Reason: "not finished: " + context.Cause(ctx).Error(), Err: context.Cause(ctx), At: clock.Now()}
	}
}

// call evaluates g in this goroutine and checks its result.
func (e *Engine) call(ctx context.Context, clock Clock, g Gate, s Subject) (r Result) {
	defer func() {
		if p := recover(); p != nil {
			r = Result{Gate: gateName(g), Status: Errored, Reason: fmt.Sprintf("panic: %v", p),
				Err: fmt.Errorf("%w: %v\n%s", ErrPanic, p, debug.Stack()), At: clock.Now()}
		}
	}()
	r = g.Evaluate(ctx, s.clone())
	if r.Status < Pending || r.Status > Skipped {
		r = Result{Gate: r.Gate, Status: Errored, Reason: fmt.Sprintf("invalid status %d", int(r.Status)), Err: ErrInvalidResult}
	}
	if r.Gate == "" {
		r.Gate = gateName(g)
	}
	if r.Status == Errored && r.Err == nil {
		r.Err = fmt.Errorf("%s", r.Reason)
	}
	if r.At.IsZero() {
		r.At = clock.Now()
	}
	return r
}

// gateName names a gate that did not name its result.
func gateName(g Gate) string {
	if n, ok := g.(named); ok {
		return n.name
	}
	return fmt.Sprintf("%T", g)
}

// Await evaluates until the decision is final (no longer Pending),
// waiting PollInterval on Clock between evaluations, and returns it with
// Evaluate's error. When ctx ends first, it returns the last decision and
// the context's cause.
func (e *Engine) Await(ctx context.Context, s Subject, gates ...Gate) (Decision, error) {
	d, err := e.await(ctx, s, gates...)
	return e.record(ctx, d, err)
}

func (e *Engine) await(ctx context.Context, s Subject, gates ...Gate) (Decision, error) {
	clock := clockOr(e.Clock)
	every := e.PollInterval
	if every <= 0 {
		every = DefaultPollInterval
	}
	var changers []changer
	var leaves []Gate
	flatten(&composite{gates: gates}, false, &leaves)
	for _, g := range leaves {
		for n, ok := g.(named); ok; n, ok = g.(named) {
			g = n.g
		}
		if c, ok := g.(changer); ok {
			changers = append(changers, c)
		}
	}
	for {
		// Ask for the change channels before evaluating, so a vote cast
		// during the evaluation wakes the next one.
		wake := make([]<-chan struct{}, len(changers))
		for i, c := range changers {
			wake[i] = c.Changed()
		}
		d, err := e.evaluate(ctx, s, gates...)
		if d.Status.Final() || ctx.Err() != nil {
			return d, err
		}
		if err := waitAny(ctx, clock.After(every), wake); err != nil {
			return d, err
		}
	}
}

// changer is a gate that can say when its verdict may have changed (an
// approval gate, when a vote is cast); Await wakes on it.
type changer interface {
	Changed() <-chan struct{}
}

// waitAny waits for the timer, any of the change channels, or the end of
// ctx (returning its cause).
func waitAny(ctx context.Context, timer <-chan time.Time, wake []<-chan struct{}) error {
	switch len(wake) {
	case 0:
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-timer:
			return nil
		}
	case 1:
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-timer:
			return nil
		case <-wake[0]:
			return nil
		}
	}
	// Several: one goroutine per channel, all stopped before returning.
	woken := make(chan struct{}, len(wake))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, w := range wake {
		wg.Go(func() {
			select {
			case <-w:
				woken <- struct{}{}
			case <-stop:
			}
		})
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-timer:
	case <-woken:
	}
	return nil
}
