package gate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func people() gate.Users {
	return gate.Users{
		"ada":          {ID: "ada", Groups: []string{"release-managers"}},
		"ada.lovelace": {ID: "ada", Groups: []string{"release-managers"}}, // the same person
		"bob":          {ID: "bob", Groups: []string{"release-managers", "sre"}},
		"carol":        {ID: "carol", Groups: []string{"security"}},
		"dave":         {ID: "dave", Groups: []string{"developers"}},
		"erin":         {ID: "erin", Groups: []string{"sre", "oncall-leads"}},
		"frank":        {ID: "frank", Groups: []string{"oncall-leads", "release-managers"}},
		"req":          {ID: "req", Groups: []string{"release-managers"}},
	}
}

var shop = gate.Subject{ID: "shop@2.4.0", Stage: "production", Digest: "sha256:aaa", Requester: "req", Run: "run-1"}

// fixture is an approval gate over a MemStore on a virtual clock.
type fixture struct {
	a     *gate.Approvals
	store *gate.MemStore
	clock *gate.VirtualClock
	dir   gate.Users
}

func newFixture(change func(*gate.Approvals)) *fixture {
	f := &fixture{store: new(gate.MemStore), clock: gate.NewVirtualClock(t0), dir: people()}
	f.a = &gate.Approvals{
		Name: "production approvals", Store: f.store, Directory: f.dir, Clock: f.clock,
		Rules: []gate.Rule{
			{Name: "release managers", Required: 2, Groups: []string{"release-managers"}},
			{Name: "security", Groups: []string{"security"}},
		},
		MaxAge:    24 * time.Hour,
		Overrides: gate.OverridePolicy{Groups: []string{"oncall-leads"}},
	}
	if change != nil {
		change(f.a)
	}
	return f
}

func (f *fixture) eval(t *testing.T, s gate.Subject) gate.Result {
	t.Helper()
	return f.a.Evaluate(t.Context(), s)
}

// forge appends a vote straight to the store, as a host (or an attacker
// with write access to the log) could, bypassing the checks Approve makes:
// the decision must not count it either.
func (f *fixture) forge(t *testing.T, kind gate.EntryKind, s gate.Subject, user string) {
	t.Helper()
	b, err := json.Marshal(gate.Entry{Kind: kind, At: f.clock.Now(), Subject: s, Policy: f.a.PolicyHash(), Actor: user, Reason: "forged"})
	require.NoError(t, err)
	_, err = f.store.Append(t.Context(), s.ID, b)
	require.NoError(t, err)
}

func skippedReasons(r gate.Result) []string {
	var out []string
	for _, c := range r.Children {
		if c.Status == gate.Skipped {
			out = append(out, c.Gate+": "+c.Reason)
		}
	}
	return out
}

func TestApprovalsHappyPath(t *testing.T) {
	f := newFixture(nil)
	r := f.eval(t, shop)
	assert.Equal(t, gate.Pending, r.Status)
	assert.Equal(t, "waiting for rule release managers: 2 more approvals from group release-managers; may approve: ada, bob, frank; rule security: 1 more approval from group security; may approve: carol", r.Reason)

	for _, u := range []string{"ada", "bob", "carol"} {
		_, err := f.a.Approve(t.Context(), shop, u, "looks good")
		require.NoError(t, err)
	}
	r = f.eval(t, shop)
	assert.Equal(t, gate.Passed, r.Status, r.Reason)
	assert.Equal(t, "all 2 rules hold", r.Reason)
	require.Len(t, r.Children, 2)
	assert.Equal(t, "rule release managers", r.Children[0].Gate)
	assert.Equal(t, "2 of 2 approvals: ada, bob", r.Children[0].Reason)
	assert.Equal(t, []string{"ada", "bob", "carol"}, r.Evidence["approved_by"])
}

// TestApprovalsAdversarial is the security table of the issue: each
// attempt is refused when it is made, or, when it reaches the log some
// other way, not counted when deciding.
func TestApprovalsAdversarial(t *testing.T) {
	type step func(t *testing.T, f *fixture)
	approve := func(s gate.Subject, user string, want error) step {
		return func(t *testing.T, f *fixture) {
			before := records(t, f.store)
			_, err := f.a.Approve(t.Context(), s, user, "")
			if want == nil {
				require.NoError(t, err, "approve by %s", user)
			} else {
				require.ErrorIs(t, err, want, "approve by %s", user)
				require.Equal(t, before, records(t, f.store), "a refused approval is not recorded")
			}
		}
	}
	all := func(s gate.Subject) []step {
		return []step{approve(s, "ada", nil), approve(s, "bob", nil), approve(s, "carol", nil)}
	}
	other := shop
	other.Digest = "sha256:bbb"
	staging := shop
	staging.Stage = "staging"
	run2 := shop
	run2.Run = "run-2"

	tests := []struct {
		name    string
		change  func(*gate.Approvals)
		steps   []step
		eval    gate.Subject
		status  gate.Status
		reason  string // in the verdict's reason
		skipped string // in a skipped vote's explanation
	}{
		{name: "self-approval is refused", steps: []step{approve(shop, "req", gate.ErrSelfApproval)},
			eval: shop, status: gate.Pending},
		{name: "a forged self-approval does not count",
			steps: []step{func(t *testing.T, f *fixture) { f.forge(t, gate.KindApproval, shop, "req") }, approve(shop, "ada", nil), approve(shop, "carol", nil)},
			eval:  shop, status: gate.Pending, skipped: "the requester cannot approve their own release"},
		{name: "self-approval allowed by the host", change: func(a *gate.Approvals) { a.AllowSelfApproval = true },
			steps: []step{approve(shop, "req", nil), approve(shop, "ada", nil), approve(shop, "carol", nil)}, eval: shop, status: gate.Passed},
		{name: "authors may not approve", change: func(a *gate.Approvals) {
			a.ExcludeAuthors = true
			a.Authors = func(gate.Subject) []string { return []string{"bob"} }
		}, steps: []step{approve(shop, "bob", gate.ErrSelfApproval)}, eval: shop, status: gate.Pending},
		{name: "approving twice counts once",
			steps: []step{approve(shop, "ada", nil), approve(shop, "ada", nil), approve(shop, "carol", nil)},
			eval:  shop, status: gate.Pending, reason: "1 more approval", skipped: "replaced by approval #2 of the same person (ada)"},
		{name: "two names of one identity count once",
			steps: []step{approve(shop, "ada", nil), approve(shop, "ada.lovelace", nil), approve(shop, "carol", nil)},
			eval:  shop, status: gate.Pending, reason: "1 more approval", skipped: "of the same person (ada)"},
		{name: "an approver outside the group is refused", steps: []step{approve(shop, "dave", gate.ErrNotEligible)},
			eval: shop, status: gate.Pending},
		{name: "a forged approval from outside the group does not count",
			steps: []step{func(t *testing.T, f *fixture) { f.forge(t, gate.KindApproval, shop, "dave") }},
			eval:  shop, status: gate.Pending, skipped: "not eligible now"},
		{name: "an unknown user is refused", steps: []step{approve(shop, "mallory", gate.ErrNotEligible)},
			eval: shop, status: gate.Pending},
		{name: "approvals for an old digest are stale", steps: all(shop),
			eval: other, status: gate.Pending, skipped: "stale: given for digest sha256:aaa"},
		{name: "approvals under a changed policy are stale",
			steps: append(all(shop), func(t *testing.T, f *fixture) { f.a.Rules[0].Required = 1 }),
			eval:  shop, status: gate.Pending, skipped: "stale: given under another policy"},
		{name: "approvals expire",
			steps: append(all(shop), func(t *testing.T, f *fixture) { f.clock.Advance(24 * time.Hour) }),
			eval:  shop, status: gate.Pending, skipped: "expired at 2026-12-02 09:00 UTC"},
		{name: "an approval for another stage is not carried over", steps: all(staging),
			eval: shop, status: gate.Pending, skipped: `given for stage "staging"`},
		{name: "an approval bound to a run is not carried to another", change: func(a *gate.Approvals) { a.BindRun = true },
			steps: all(shop), eval: run2, status: gate.Pending, skipped: `given in run "run-1"`},
		{name: "without BindRun a new run keeps its approvals", steps: all(shop), eval: run2, status: gate.Passed},
		{name: "someone removed from the group no longer counts",
			steps: append(all(shop), func(t *testing.T, f *fixture) { f.dir["bob"] = gate.Identity{ID: "bob", Groups: []string{"sre"}} }),
			eval:  shop, status: gate.Pending, skipped: "approval #2 by bob: not eligible now"},
		{name: "one approval counts for one rule",
			change: func(a *gate.Approvals) {
				a.Rules = []gate.Rule{{Name: "rm", Groups: []string{"release-managers"}}, {Name: "sre", Groups: []string{"sre"}}}
			},
			steps: []step{approve(shop, "bob", nil)}, eval: shop, status: gate.Pending, reason: "rule sre: 1 more approval"},
		{name: "unless the host counts it for each rule",
			change: func(a *gate.Approvals) {
				a.Rules = []gate.Rule{{Name: "rm", Groups: []string{"release-managers"}}, {Name: "sre", Groups: []string{"sre"}}}
				a.CountForEachRule = true
			},
			steps: []step{approve(shop, "bob", nil)}, eval: shop, status: gate.Passed},
		{name: "approvers are assigned to rules to satisfy them all",
			change: func(a *gate.Approvals) {
				a.Rules = []gate.Rule{{Name: "rm", Groups: []string{"release-managers"}}, {Name: "sre", Groups: []string{"sre"}}}
			},
			steps: []step{approve(shop, "bob", nil), approve(shop, "ada", nil)}, eval: shop, status: gate.Passed},
		{name: "any of several rules",
			change: func(a *gate.Approvals) {
				a.Rules = []gate.Rule{{Name: "sign-off", AnyOf: []gate.Rule{
					{Name: "security", Groups: []string{"security"}},
					{Name: "two SREs", Required: 2, Groups: []string{"sre"}},
				}}}
			},
			steps: []step{approve(shop, "bob", nil), approve(shop, "erin", nil)}, eval: shop, status: gate.Passed},
		{name: "a single rejection blocks, with its reason",
			steps: append(all(shop), func(t *testing.T, f *fixture) {
				_, err := f.a.Reject(t.Context(), shop, "frank", "the migration is not reversible")
				require.NoError(t, err)
			}),
			eval: shop, status: gate.Failed, reason: "rejected by frank: the migration is not reversible"},
		{name: "a rejection needs a reason",
			steps: []step{func(t *testing.T, f *fixture) {
				_, err := f.a.Reject(t.Context(), shop, "frank", " ")
				require.ErrorIs(t, err, gate.ErrNoReason)
				require.Zero(t, records(t, f.store))
			}},
			eval: shop, status: gate.Pending},
		{name: "a rejection quorum", change: func(a *gate.Approvals) { a.Rejections = 2 },
			steps: []step{func(t *testing.T, f *fixture) {
				_, err := f.a.Reject(t.Context(), shop, "frank", "not now")
				require.NoError(t, err)
			}},
			eval: shop, status: gate.Pending, reason: "(1 of 2 rejections to block)"},
		{name: "the requester may reject their own release",
			steps: append(all(shop), func(t *testing.T, f *fixture) {
				_, err := f.a.Reject(t.Context(), shop, "req", "found a bug in it")
				require.NoError(t, err)
			}),
			eval: shop, status: gate.Failed, reason: "rejected by req: found a bug in it"},
		{name: "votes dated in the future do not count",
			steps: []step{func(t *testing.T, f *fixture) {
				f.clock.Advance(100 * 24 * time.Hour)
				for _, u := range []string{"ada", "bob", "carol"} {
					f.forge(t, gate.KindApproval, shop, u)
				}
				f.clock.Advance(-100 * 24 * time.Hour)
			}},
			eval: shop, status: gate.Pending, skipped: "dated in the future"},
		{name: "superseded votes never count again, even for their digest",
			change: func(a *gate.Approvals) { a.AutoRejectStale = true },
			steps: append(all(shop), func(t *testing.T, f *fixture) {
				require.Equal(t, gate.Pending, f.eval(t, other).Status)
			}),
			eval: shop, status: gate.Pending, skipped: "superseded (#"},
		{name: "a later approval replaces a person's rejection",
			steps: []step{func(t *testing.T, f *fixture) {
				_, err := f.a.Reject(t.Context(), shop, "ada", "wait for the fix")
				require.NoError(t, err)
			}, approve(shop, "ada", nil), approve(shop, "bob", nil), approve(shop, "carol", nil)},
			eval: shop, status: gate.Passed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(tt.change)
			for _, s := range tt.steps {
				s(t, f)
			}
			r := f.eval(t, tt.eval)
			assert.Equal(t, tt.status, r.Status, r.Reason)
			if tt.reason != "" {
				assert.Contains(t, r.Reason, tt.reason)
			}
			if tt.skipped != "" {
				assert.Contains(t, strings.Join(skippedReasons(r), "\n"), tt.skipped)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	t.Run("needs a reason, rights and a bounded duration", func(t *testing.T) {
		f := newFixture(nil)
		_, err := f.a.Override(t.Context(), shop, "erin", "", time.Hour)
		assert.ErrorIs(t, err, gate.ErrNoReason)
		_, err = f.a.Override(t.Context(), shop, "ada", "hotfix", time.Hour)
		assert.ErrorIs(t, err, gate.ErrNoOverrideRights)
		_, err = f.a.Override(t.Context(), shop, "erin", "hotfix", 5*time.Hour)
		assert.ErrorIs(t, err, gate.ErrInvalidPolicy)
		_, err = f.a.Override(t.Context(), shop, "mallory", "hotfix", time.Hour)
		assert.ErrorIs(t, err, gate.ErrNotEligible)
		assert.Equal(t, gate.Pending, f.eval(t, shop).Status)
	})
	t.Run("is visible in the decision and expires", func(t *testing.T) {
		f := newFixture(nil)
		_, err := f.a.Override(t.Context(), shop, "erin", "payment outage, hotfix", time.Hour)
		require.NoError(t, err)
		r := f.eval(t, shop)
		assert.Equal(t, gate.Passed, r.Status)
		assert.Equal(t, "overridden by erin (#1): payment outage, hotfix", r.Reason)
		assert.Contains(t, fmt.Sprint(r.Children), "override #1 by erin")
		f.clock.Advance(time.Hour)
		r = f.eval(t, shop)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "override #1 by erin: expired at 2026-12-01 10:00 UTC")
	})
	t.Run("by the requester needs a second person", func(t *testing.T) {
		f := newFixture(nil)
		s := shop
		s.Requester = "frank"
		ov, err := f.a.Override(t.Context(), s, "frank", "hotfix", time.Hour)
		require.NoError(t, err)
		r := f.eval(t, s)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "waiting for a second person to confirm it")
		_, err = f.a.ConfirmOverride(t.Context(), s, ov.Seq, "frank", "")
		assert.ErrorIs(t, err, gate.ErrSelfApproval)
		_, err = f.a.ConfirmOverride(t.Context(), s, ov.Seq, "dave", "")
		assert.ErrorIs(t, err, gate.ErrNotEligible)
		_, err = f.a.ConfirmOverride(t.Context(), s, 99, "erin", "")
		assert.ErrorIs(t, err, gate.ErrUnknownOverride)
		_, err = f.a.ConfirmOverride(t.Context(), s, ov.Seq, "erin", "agreed")
		require.NoError(t, err)
		r = f.eval(t, s)
		assert.Equal(t, gate.Passed, r.Status, r.Reason)
	})
	t.Run("a forged override without reason or rights does not count", func(t *testing.T) {
		f := newFixture(nil)
		for _, e := range []gate.Entry{
			{Kind: gate.KindOverride, At: t0, Subject: shop, Policy: f.a.PolicyHash(), Actor: "erin", Expires: t0.Add(time.Hour)},
			{Kind: gate.KindOverride, At: t0, Subject: shop, Policy: f.a.PolicyHash(), Actor: "ada", Reason: "x", Expires: t0.Add(time.Hour)},
		} {
			b, _ := json.Marshal(e)
			_, err := f.store.Append(t.Context(), shop.ID, b)
			require.NoError(t, err)
		}
		r := f.eval(t, shop)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "no reason given")
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "no override rights now")
	})
	t.Run("the policy can require confirmation for everyone", func(t *testing.T) {
		f := newFixture(func(a *gate.Approvals) { a.Overrides.Confirm = true })
		ov, err := f.a.Override(t.Context(), shop, "erin", "hotfix", time.Hour)
		require.NoError(t, err)
		assert.Equal(t, gate.Pending, f.eval(t, shop).Status)
		_, err = f.a.ConfirmOverride(t.Context(), shop, ov.Seq, "req", "")
		assert.ErrorIs(t, err, gate.ErrSelfApproval, "the requester cannot be the second person")
		_, err = f.a.ConfirmOverride(t.Context(), shop, ov.Seq, "bob", "")
		require.NoError(t, err)
		assert.Equal(t, gate.Passed, f.eval(t, shop).Status)
	})
}

func TestApprovalsAuditTrail(t *testing.T) {
	f := newFixture(func(a *gate.Approvals) { a.AutoRejectStale = true })
	for _, u := range []string{"ada", "bob", "carol"} {
		_, err := f.a.Approve(t.Context(), shop, u, "")
		require.NoError(t, err)
	}
	require.Equal(t, gate.Passed, f.eval(t, shop).Status)
	require.Equal(t, gate.Passed, f.eval(t, shop).Status) // unchanged: no second decision entry
	rebuilt := shop
	rebuilt.Digest = "sha256:bbb"
	require.Equal(t, gate.Pending, f.eval(t, rebuilt).Status)
	stale, err := f.a.Stale(t.Context(), rebuilt)
	require.NoError(t, err)
	assert.Empty(t, stale, "auto-rejected")

	var kinds []string
	var decisions []gate.Entry
	for r, err := range f.store.Records(t.Context(), shop.ID, 1) {
		require.NoError(t, err)
		var e gate.Entry
		require.NoError(t, json.Unmarshal(r.Body, &e))
		e.Seq = r.Seq
		kinds = append(kinds, string(e.Kind))
		if e.Kind == gate.KindDecision {
			decisions = append(decisions, e)
		}
	}
	assert.Equal(t, []string{"approval", "approval", "approval", "decision", "superseded", "superseded", "superseded", "decision"}, kinds)
	for _, d := range decisions {
		r, err := f.a.ReplayDecision(t.Context(), d)
		require.NoError(t, err, "decision %d", d.Seq)
		assert.Equal(t, d.Decision.Status, r.Status)
	}
	_, err = gate.Verify(t.Context(), f.store, gate.Checkpoint{})
	require.NoError(t, err)

	// A decision replayed under another policy is refused; one whose
	// status, counted votes or reach were altered does not replay.
	f.a.Rules[1].Required = 2
	_, err = f.a.ReplayDecision(t.Context(), decisions[0])
	assert.ErrorIs(t, err, gate.ErrInvalidPolicy)
	f.a.Rules[1].Required = 0
	for name, alter := range map[string]func(*gate.ApprovalDecision){
		"status":  func(d *gate.ApprovalDecision) { d.Status = gate.Failed },
		"counted": func(d *gate.ApprovalDecision) { d.Counted = d.Counted[:1] },
		"reach":   func(d *gate.ApprovalDecision) { d.Upto = 99 },
	} {
		altered := decisions[0]
		dec := *altered.Decision
		alter(&dec)
		altered.Decision = &dec
		_, err = f.a.ReplayDecision(t.Context(), altered)
		assert.Error(t, err, name)
	}
	_, err = f.a.ReplayDecision(t.Context(), decisions[0])
	assert.NoError(t, err, "the original still replays")
}

func records(t *testing.T, s gate.Store) int {
	t.Helper()
	n := 0
	for _, err := range s.Records(t.Context(), "", 1) {
		require.NoError(t, err)
		n++
	}
	return n
}

// TestApprovalsForgedRecords: records written to the store by someone
// other than this package are judged like any other, and odd ones are
// refused outright.
func TestApprovalsForgedRecords(t *testing.T) {
	appendEntry := func(t *testing.T, f *fixture, e gate.Entry) {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		_, err = f.store.Append(t.Context(), e.Subject.ID, b)
		require.NoError(t, err)
	}
	t.Run("an override longer than the policy allows", func(t *testing.T) {
		f := newFixture(nil)
		appendEntry(t, f, gate.Entry{Kind: gate.KindOverride, At: t0, Subject: shop, Policy: f.a.PolicyHash(), Actor: "erin", Reason: "x", Expires: t0.Add(10 * 365 * 24 * time.Hour)})
		f.clock.Advance(5 * 365 * 24 * time.Hour)
		r := f.eval(t, shop)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "longer than the 4h0m0s the policy allows")
	})
	t.Run("an override dated in the future", func(t *testing.T) {
		f := newFixture(nil)
		appendEntry(t, f, gate.Entry{Kind: gate.KindOverride, At: t0.Add(time.Hour), Subject: shop, Policy: f.a.PolicyHash(), Actor: "erin", Reason: "x", Expires: t0.Add(2 * time.Hour)})
		r := f.eval(t, shop)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Contains(t, strings.Join(skippedReasons(r), "\n"), "dated in the future")
	})
	t.Run("a record with duplicate keys", func(t *testing.T) {
		f := newFixture(nil)
		body := `{"kind":"approval","at":"2026-12-01T09:00:00Z","subject":{"id":"other","ID":"shop@2.4.0","stage":"production","digest":"sha256:aaa"},"actor":"dave","ACTOR":"carol"}`
		_, err := f.store.Append(t.Context(), shop.ID, []byte(body))
		require.NoError(t, err)
		r := f.eval(t, shop)
		assert.Equal(t, gate.Errored, r.Status)
		assert.ErrorIs(t, r.Err, gate.ErrTampered)
	})
	t.Run("a flood of forged votes is summarised", func(t *testing.T) {
		f := newFixture(nil)
		for i := range 80 {
			f.forge(t, gate.KindApproval, shop, fmt.Sprint("nobody", i))
		}
		r := f.eval(t, shop)
		assert.Equal(t, gate.Pending, r.Status)
		assert.Len(t, skippedReasons(r), 51)
		assert.Equal(t, "votes not counted", r.Children[len(r.Children)-1].Gate)
		assert.Equal(t, "and 30 more, not shown", r.Children[len(r.Children)-1].Reason)
	})
}

// TestApprovalsSubjectRequired: a subject must name itself and its
// requester, known to the directory, or separation of duties could not
// hold.
func TestApprovalsSubjectRequired(t *testing.T) {
	for name, s := range map[string]gate.Subject{
		"no ID":             {Stage: "production", Digest: "sha256:aaa", Requester: "req"},
		"no requester":      {ID: "shop@2.4.0", Stage: "production", Digest: "sha256:aaa"},
		"unknown requester": {ID: "shop@2.4.0", Stage: "production", Digest: "sha256:aaa", Requester: "Frank"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(nil)
			f.forge(t, gate.KindApproval, shop, "ada") // another subject's record: must not be read as this one's
			r := f.eval(t, s)
			assert.Equal(t, gate.Errored, r.Status, r.Reason)
			assert.NotErrorIs(t, r.Err, gate.ErrTampered, "refused, not mistaken for tampering")
			_, err := f.a.Approve(t.Context(), s, "ada", "")
			assert.Error(t, err)
			_, err = f.a.Override(t.Context(), s, "erin", "hotfix", time.Hour)
			assert.Error(t, err)
			assert.Equal(t, 1, records(t, f.store), "nothing recorded")
		})
	}
	f := newFixture(func(a *gate.Approvals) { a.AllowSelfApproval = true })
	s := shop
	s.Requester = ""
	for _, u := range []string{"ada", "bob", "carol"} {
		_, err := f.a.Approve(t.Context(), s, u, "")
		require.NoError(t, err)
	}
	assert.Equal(t, gate.Passed, f.eval(t, s).Status, "with self-approval allowed, no requester is needed")
}

// TestReplayUsesRecordedAuthors: the authors kept out are recorded, so a
// decision replays the same however the host's Authors function changes.
func TestReplayUsesRecordedAuthors(t *testing.T) {
	authors := []string{"bob"}
	f := newFixture(func(a *gate.Approvals) {
		a.ExcludeAuthors = true
		a.Authors = func(gate.Subject) []string { return authors }
	})
	for _, u := range []string{"ada", "frank", "carol"} {
		_, err := f.a.Approve(t.Context(), shop, u, "")
		require.NoError(t, err)
	}
	require.Equal(t, gate.Passed, f.eval(t, shop).Status)
	authors = []string{"ada"}
	for r, err := range f.store.Records(t.Context(), shop.ID, 1) {
		require.NoError(t, err)
		var e gate.Entry
		require.NoError(t, json.Unmarshal(r.Body, &e))
		e.Seq = r.Seq
		if e.Kind == gate.KindDecision {
			_, err := f.a.ReplayDecision(t.Context(), e)
			assert.NoError(t, err)
		}
	}
}

func TestConfirmRefusedWhenDirectoryFails(t *testing.T) {
	f := newFixture(func(a *gate.Approvals) { a.Overrides.Confirm = true })
	ov, err := f.a.Override(t.Context(), shop, "erin", "hotfix", time.Hour)
	require.NoError(t, err)
	failOnce := true
	f.a.Directory = directoryFunc(func(ctx context.Context, u string) (gate.Identity, error) {
		if u == "req" && failOnce {
			failOnce = false
			return gate.Identity{}, fmt.Errorf("ldap timeout")
		}
		return people().Lookup(ctx, u)
	})
	_, err = f.a.ConfirmOverride(t.Context(), shop, ov.Seq, "req", "")
	assert.ErrorContains(t, err, "ldap timeout")
	assert.Equal(t, 1, records(t, f.store), "nothing recorded")
}

func TestApprovalsInvalid(t *testing.T) {
	for name, a := range map[string]*gate.Approvals{
		"zero value":      {},
		"no rules":        {Store: new(gate.MemStore), Directory: people()},
		"nobody eligible": {Store: new(gate.MemStore), Directory: people(), Rules: []gate.Rule{{Name: "x"}}},
		"negative count":  {Store: new(gate.MemStore), Directory: people(), Rules: []gate.Rule{{Name: "x", Required: -1, Users: []string{"ada"}}}},
	} {
		r := a.Evaluate(t.Context(), shop)
		assert.Equal(t, gate.Errored, r.Status, name)
		assert.ErrorIs(t, r.Err, gate.ErrInvalidPolicy, name)
		_, err := a.Approve(t.Context(), shop, "ada", "")
		assert.ErrorIs(t, err, gate.ErrInvalidPolicy, name)
	}
	failing := gate.Approvals{Store: new(gate.MemStore), Rules: []gate.Rule{{Name: "x", Users: []string{"ada"}}},
		Directory: directoryFunc(func(context.Context, string) (gate.Identity, error) { return gate.Identity{}, fmt.Errorf("ldap down") })}
	_, err := failing.Approve(t.Context(), shop, "ada", "")
	assert.ErrorContains(t, err, "ldap down")
	r := failing.Evaluate(t.Context(), shop)
	assert.Equal(t, gate.Errored, r.Status, "a failing directory is an error, never a pass")
}

type directoryFunc func(context.Context, string) (gate.Identity, error)

func (f directoryFunc) Lookup(ctx context.Context, u string) (gate.Identity, error) { return f(ctx, u) }

// TestConcurrentApprovals races many approvals against decisions: every
// approval is recorded once, the log verifies, and the final decision
// counts every distinct eligible approver.
func TestConcurrentApprovals(t *testing.T) {
	dir := gate.Users{"req": {ID: "req"}}
	for i := range 40 {
		dir[fmt.Sprint("u", i)] = gate.Identity{ID: fmt.Sprint("p", i%20), Groups: []string{"approvers"}}
	}
	a := &gate.Approvals{Store: new(gate.MemStore), Directory: dir,
		Rules: []gate.Rule{{Name: "many", Required: 20, Groups: []string{"approvers"}}}}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			_, err := a.Approve(t.Context(), shop, fmt.Sprint("u", i), "")
			assert.NoError(t, err)
		})
		wg.Go(func() { a.Evaluate(t.Context(), shop) })
	}
	wg.Wait()
	r := a.Evaluate(t.Context(), shop)
	assert.Equal(t, gate.Passed, r.Status, r.Reason)
	assert.Len(t, r.Evidence["approved_by"], 20, "40 names, 20 people")
	_, err := gate.Verify(t.Context(), a.Store, gate.Checkpoint{})
	assert.NoError(t, err)
}

// TestAwaitWakesOnApproval: Await returns as soon as the last approval is
// recorded, not at its next poll.
func TestAwaitWakesOnApproval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(nil)
		f.a.Clock = nil // the engine's clock: synctest's
		e := gate.Engine{PollInterval: time.Hour}
		start := time.Now()
		done := make(chan gate.Decision)
		go func() {
			d, err := e.Await(t.Context(), shop, gate.Named("sign-off", f.a))
			assert.NoError(t, err)
			done <- d
		}()
		for _, u := range []string{"ada", "bob", "carol"} {
			time.Sleep(time.Minute)
			_, err := f.a.Approve(t.Context(), shop, u, "")
			require.NoError(t, err)
		}
		d := <-done
		assert.Equal(t, gate.Passed, d.Status)
		assert.Equal(t, 3*time.Minute, time.Since(start), "woken by the last approval, not by the hourly poll")
	})
}

// BenchmarkApprovalsEvaluate decides over 1,000 approvals of 1,000 people
// for two rules (issue target: 1 ms).
func BenchmarkApprovalsEvaluate(b *testing.B) {
	dir := gate.Users{"req": {ID: "req"}}
	for i := range 1000 {
		dir[fmt.Sprint("u", i)] = gate.Identity{ID: fmt.Sprint("u", i), Groups: []string{[]string{"approvers", "security"}[i%2]}}
	}
	a := &gate.Approvals{Store: new(gate.MemStore), Directory: dir, Clock: gate.NewVirtualClock(t0),
		Rules: []gate.Rule{{Name: "approvers", Required: 400, Groups: []string{"approvers"}}, {Name: "security", Required: 400, Groups: []string{"security"}}}}
	for i := range 1000 {
		_, err := a.Approve(context.Background(), shop, fmt.Sprint("u", i), "")
		require.NoError(b, err)
	}
	require.Equal(b, gate.Passed, a.Evaluate(context.Background(), shop).Status)
	b.ReportAllocs()
	for b.Loop() {
		a.Evaluate(context.Background(), shop)
	}
}

// TestReplayIneligibleOverrider: a vote that does not count (erin is in
// no rule's groups) leaves its voter out of the record only when nothing
// else looked them up; erin's override must still replay.
func TestReplayIneligibleOverrider(t *testing.T) {
	f := newFixture(nil)
	f.forge(t, gate.KindApproval, shop, "erin")
	_, err := f.a.Override(t.Context(), shop, "erin", "payment outage, hotfix", time.Hour)
	require.NoError(t, err)
	require.Equal(t, gate.Passed, f.eval(t, shop).Status)
	replayed := 0
	for r, err := range f.store.Records(t.Context(), shop.ID, 1) {
		require.NoError(t, err)
		var e gate.Entry
		require.NoError(t, json.Unmarshal(r.Body, &e))
		e.Seq = r.Seq
		if e.Kind == gate.KindDecision {
			got, err := f.a.ReplayDecision(t.Context(), e)
			require.NoError(t, err)
			assert.Equal(t, gate.Passed, got.Status)
			replayed++
		}
	}
	assert.Equal(t, 1, replayed)
}
