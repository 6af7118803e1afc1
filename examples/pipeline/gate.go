package main

import (
	"context"
	"fmt"
	"io"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/schedule"
)

// decide asks the gates whether the release may go to production now: the
// deploy calendar, with room for the whole planned release before it
// closes, and the approvals the risk level calls for. Two release
// managers have approved; the requester may not approve her own release.
func decide(ctx context.Context, clock *schedule.VirtualClock, cal *schedule.Calendar, p proposal, a assessment, plan *schedule.Plan, w io.Writer) (gate.Decision, error) {
	subject := gate.Subject{ID: "shop@" + p.next.Version.String(), Stage: "production", Requester: "ada"}
	window := gate.Freeze{Name: "deploy window", Window: cal, Expected: plan.Duration()}
	approvals := &gate.Approvals{
		Store: new(gate.MemStore),
		Directory: gate.Users{
			"ada":   {ID: "ada", Groups: []string{"release-managers"}},
			"bob":   {ID: "bob", Groups: []string{"release-managers"}},
			"carol": {ID: "carol", Groups: []string{"release-managers"}},
		},
		Clock: clock,
		// One approval as usual, and as many more as the risk asks.
		Rules: []gate.Rule{{Name: "release managers", Required: 1 + a.needs.Approvals, Groups: []string{"release-managers"}}},
	}
	for _, user := range []string{"bob", "carol"} {
		if _, err := approvals.Approve(ctx, subject, user, ""); err != nil {
			return gate.Decision{}, err
		}
	}
	hold := gate.Func(func(context.Context, gate.Subject) gate.Result {
		r := gate.Result{Gate: "risk", Status: gate.Passed, Reason: a.release.String() + ", no hold"}
		if a.needs.Hold {
			r.Status, r.Reason = gate.Pending, a.release.String()+": held for a person's decision"
		}
		return r
	})

	engine := gate.Engine{Clock: clock}
	d, err := engine.Evaluate(ctx, subject, window, approvals, hold)
	if err != nil {
		return d, err
	}
	fmt.Fprintln(w, "\n== gate")
	_, err = fmt.Fprint(w, d)
	return d, err
}
