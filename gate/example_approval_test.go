package gate_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/releasekit/releasekit/gate"
)

// Two release managers and someone from security must approve; the
// requester may not, a vote from outside the groups is refused, and the
// decision names who may still approve.
func ExampleApprovals() {
	ctx := context.Background()
	a := &gate.Approvals{
		Store: new(gate.MemStore),
		Directory: gate.Users{
			"ada":   {ID: "ada", Groups: []string{"release-managers"}},
			"bob":   {ID: "bob", Groups: []string{"release-managers"}},
			"carol": {ID: "carol", Groups: []string{"security"}},
			"dave":  {ID: "dave", Groups: []string{"developers"}},
		},
		Clock: gate.NewVirtualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)),
		Rules: []gate.Rule{
			{Name: "release managers", Required: 2, Groups: []string{"release-managers"}},
			{Name: "security", Groups: []string{"security"}},
		},
		MaxAge: 24 * time.Hour,
	}
	s := gate.Subject{ID: "shop@2.4.0", Stage: "production", Digest: "sha256:4f1c", Requester: "ada"}

	_, err := a.Approve(ctx, s, "ada", "ship it")
	fmt.Println(errors.Is(err, gate.ErrSelfApproval))
	_, err = a.Approve(ctx, s, "dave", "")
	fmt.Println(errors.Is(err, gate.ErrNotEligible))
	_, _ = a.Approve(ctx, s, "bob", "")
	_, _ = a.Approve(ctx, s, "carol", "")
	r := a.Evaluate(ctx, s)
	fmt.Println(r.Status, "-", r.Reason)

	_, err = gate.Verify(ctx, a.Store, gate.Checkpoint{})
	fmt.Println("audit log verifies:", err == nil)
	// Output:
	// true
	// true
	// pending - waiting for rule release managers: 1 more approval from group release-managers
	// audit log verifies: true
}

// A rebuild changes the digest: approvals given for the old build are
// stale, shown as such, and never counted.
func ExampleApprovals_stale() {
	ctx := context.Background()
	a := &gate.Approvals{
		Store:     new(gate.MemStore),
		Directory: gate.Users{"ada": {ID: "ada", Groups: []string{"sre"}}, "ci": {ID: "ci"}},
		Clock:     gate.NewVirtualClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)),
		Rules:     []gate.Rule{{Name: "sre", Groups: []string{"sre"}}},
	}
	build1 := gate.Subject{ID: "shop@2.4.0", Stage: "production", Digest: "sha256:1111", Requester: "ci"}
	_, _ = a.Approve(ctx, build1, "ada", "")
	fmt.Println(a.Evaluate(ctx, build1).Status)

	build2 := build1
	build2.Digest = "sha256:2222"
	r := a.Evaluate(ctx, build2)
	fmt.Println(r.Status)
	for _, c := range r.Children {
		if c.Status == gate.Skipped {
			fmt.Println(c.Gate, "-", c.Reason)
		}
	}
	// Output:
	// passed
	// pending
	// approval #1 by ada - stale: given for digest sha256:1111
}

// Break glass: an on-call lead forces the gate open for an hour with a
// reason; the decision says so, and the override expires.
func ExampleApprovals_Override() {
	ctx := context.Background()
	clock := gate.NewVirtualClock(time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC))
	a := &gate.Approvals{
		Store: new(gate.MemStore),
		Directory: gate.Users{
			"erin": {ID: "erin", Groups: []string{"oncall-leads"}},
			"ada":  {ID: "ada", Groups: []string{"release-managers"}},
		},
		Clock:     clock,
		Rules:     []gate.Rule{{Name: "release managers", Groups: []string{"release-managers"}}},
		Overrides: gate.OverridePolicy{Groups: []string{"oncall-leads"}},
	}
	s := gate.Subject{ID: "shop@2.4.1", Stage: "production", Digest: "sha256:9e0f", Requester: "ada"}
	_, err := a.Override(ctx, s, "erin", "", time.Hour)
	fmt.Println(errors.Is(err, gate.ErrNoReason))
	_, _ = a.Override(ctx, s, "erin", "payments down, hotfix", time.Hour)
	fmt.Println(a.Evaluate(ctx, s).Reason)
	clock.Advance(time.Hour)
	fmt.Println(a.Evaluate(ctx, s).Status)
	// Output:
	// true
	// overridden by erin (#1): payments down, hotfix
	// pending
}
