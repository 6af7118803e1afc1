package gate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// deciding holds what one decision (or one vote) has learnt: the
// directory's answers, the requester and the authors.
type deciding struct {
	ctx    context.Context
	a      *Approvals
	s      Subject
	lookup func(user string) (Identity, error)
	ids    map[string]Identity // answers so far; an unknown user maps to the zero Identity
	err    error               // the first failure of the directory itself

	requester   Identity
	authors     []Identity
	authorNames []string
	replay      bool // answers come from a recorded decision: ask the directory nothing

	combos [][]leaf // the rules' alternatives, computed once
	hash   string   // the policy's hash, when already computed

	// keep holds the users looked up as the requester, an author, an
	// overrider or a confirmer: a vote of theirs that does not count
	// still leaves them in the record, or the decision would not replay.
	keep map[string]bool
}

func (d *deciding) alternatives() [][]leaf {
	if d.combos == nil {
		d.combos, _ = alternatives(d.a.Rules)
	}
	return d.combos
}

func newDeciding(ctx context.Context, a *Approvals, s Subject) *deciding {
	d := &deciding{ctx: ctx, a: a, s: s, ids: make(map[string]Identity)}
	d.lookup = func(user string) (Identity, error) { return a.Directory.Lookup(ctx, user) }
	d.people()
	return d
}

// reserve makes room for the answers about n voters.
func (d *deciding) reserve(n int) {
	if len(d.ids) < n {
		ids := make(map[string]Identity, n)
		for k, v := range d.ids {
			ids[k] = v
		}
		d.ids = ids
	}
}

// people resolves the requester and the authors. A subject must name
// its requester, known to the directory, unless self-approval is
// allowed: without one, separation of duties could not be enforced. An
// author unknown to the directory is still themselves.
func (d *deciding) people() {
	switch {
	case d.s.ID == "":
		d.fail(fmt.Errorf("gate: a subject without an ID: %w", ErrInvalidPolicy))
	case d.s.Requester == "" && !d.a.AllowSelfApproval:
		d.fail(fmt.Errorf("gate: subject %q names no requester, so separation of duties cannot be enforced: %w", d.s.ID, ErrInvalidPolicy))
	case d.s.Requester != "":
		d.kept(d.s.Requester)
		id, err := d.identity(d.s.Requester)
		if err != nil {
			d.fail(fmt.Errorf("gate: the requester of %q: %w", d.s.ID, err))
		}
		d.requester = id
	}
	if d.a.ExcludeAuthors {
		if !d.replay && d.a.Authors != nil {
			d.authorNames = d.a.Authors(d.s)
		}
		for _, u := range d.authorNames {
			d.kept(u)
			d.authors = append(d.authors, d.known(u))
		}
	}
}

// kept marks user as looked up for more than a vote (see keep).
func (d *deciding) kept(user string) {
	if d.keep == nil {
		d.keep = make(map[string]bool)
	}
	d.keep[user] = true
}

// fail records the first error that keeps a decision from being made.
func (d *deciding) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *deciding) known(user string) Identity {
	id, err := d.identity(user)
	if err != nil || id.ID == "" {
		return Identity{ID: "user:" + user}
	}
	return id
}

// identity looks user up once per decision. An unknown user is an error
// wrapping ErrNotEligible; a failing directory, one recorded in d.err.
func (d *deciding) identity(user string) (Identity, error) {
	if id, ok := d.ids[user]; ok {
		if id.ID == "" {
			return id, fmt.Errorf("gate: user %q is unknown to the directory: %w", user, ErrNotEligible)
		}
		return id, nil
	}
	id, err := d.lookup(user)
	switch {
	case errors.Is(err, ErrUnknownUser) || err == nil && id.ID == "":
		d.ids[user] = Identity{}
		return Identity{}, fmt.Errorf("gate: user %q is unknown to the directory: %w", user, ErrNotEligible)
	case err != nil:
		d.fail(fmt.Errorf("gate: directory lookup of %q: %w", user, err))
		return Identity{}, d.err
	}
	d.ids[user] = id
	return id, nil
}

// excluded says why separation of duties keeps id out, or "".
func (d *deciding) excluded(id Identity) string {
	if !d.a.AllowSelfApproval && d.s.Requester != "" && id.ID == d.requester.ID {
		return "the requester cannot approve their own release"
	}
	for _, au := range d.authors {
		if au.ID == id.ID {
			return "an author of the changes cannot approve them"
		}
	}
	return ""
}

func (d *deciding) eligible(id Identity, r *Rule) bool {
	for _, g := range r.Groups {
		if slices.Contains(id.Groups, g) {
			return true
		}
	}
	for _, u := range r.Users {
		if uid, err := d.identity(u); err == nil && uid.ID == id.ID {
			return true
		}
	}
	return false
}

func (d *deciding) eligibleAny(id Identity) bool {
	for _, c := range d.alternatives() {
		for _, l := range c {
			if d.eligible(id, l.rule) {
				return true
			}
		}
	}
	return false
}

func (d *deciding) canOverride(id Identity) bool {
	for _, g := range d.a.Overrides.Groups {
		if slices.Contains(id.Groups, g) {
			return true
		}
	}
	return false
}

// maxSkipped bounds how many uncounted votes an explanation lists.
const maxSkipped = 50

// castVote is a person's vote that counts, with who they are.
type castVote struct {
	e  *Entry
	id Identity
}

// outcome is a decision with what it was made from.
type outcome struct {
	result   Result
	counted  []uint64
	override uint64
	expired  []uint64        // votes and overrides that ran out, with no expiry entry yet
	stale    []uint64        // votes for another digest or policy, not yet superseded
	unused   map[string]bool // users whose votes did not count for lack of eligibility: their identities are not recorded
}

// Evaluate decides on s at the clock's time: see Approvals. It also
// appends to Store an expiry entry for every vote or override that ran
// out, a superseded entry for every stale approval when AutoRejectStale is
// set, and a decision entry whenever the decision for the subject, stage
// and digest differs from the last one this gate recorded.
func (a *Approvals) Evaluate(ctx context.Context, s Subject) Result {
	now := a.now(ctx)
	r := Result{Gate: a.name(), At: now}
	combos, err := a.validate()
	if err == nil && s.ID == "" {
		err = fmt.Errorf("gate: a subject without an ID: %w", ErrInvalidPolicy) // before reading: "" is every subject
	}
	if err != nil {
		r.Status, r.Reason, r.Err = Errored, err.Error(), err
		return r
	}
	entries, upto, err := a.entries(ctx, s.ID)
	if err != nil {
		r.Status, r.Reason, r.Err = Errored, err.Error(), err
		return r
	}
	d := newDeciding(ctx, a, s)
	d.hash, d.combos = a.PolicyHash(), combos
	d.reserve(len(entries))
	o := d.decide(entries, now)
	if d.err != nil {
		r.Status, r.Reason, r.Err = Errored, d.err.Error(), d.err
		return r
	}
	for name := range d.keep {
		delete(o.unused, name) // looked up for more than a vote
	}
	if err := a.record(ctx, s, o, upto, now, d.hash, d.ids, d.authorNames); err != nil {
		r.Status, r.Reason, r.Err = Errored, err.Error(), err
		return r
	}
	return o.result
}

// record appends what the decision found to the audit trail.
func (a *Approvals) record(ctx context.Context, s Subject, o outcome, upto uint64, now time.Time, hash string, ids map[string]Identity, authors []string) error {
	for _, seq := range o.expired {
		if _, err := a.append(ctx, Entry{Kind: KindExpiry, At: now, Subject: s, Policy: hash, Ref: seq}); err != nil {
			return err
		}
	}
	if a.AutoRejectStale {
		for _, seq := range o.stale {
			if _, err := a.append(ctx, Entry{Kind: KindSuperseded, At: now, Subject: s, Policy: hash, Ref: seq,
				Reason: "superseded by digest " + s.Digest + " under policy " + hash}); err != nil {
				return err
			}
		}
	}
	// The decision's signature: its status, the votes and override it
	// counted, and its reason.
	sig := make([]byte, 0, 16+8*len(o.counted)+len(o.result.Reason))
	sig = strconv.AppendInt(sig, int64(o.result.Status), 10)
	for _, c := range o.counted {
		sig = strconv.AppendUint(append(sig, ' '), c, 10)
	}
	sig = strconv.AppendUint(append(sig, '/'), o.override, 10)
	sig = append(append(sig, '|'), o.result.Reason...)
	key := [3]string{s.ID, s.Stage, s.Digest}
	a.mu.Lock()
	same := a.last[key] == string(sig)
	a.mu.Unlock()
	if same {
		return nil
	}
	kept := make(map[string]Identity, len(ids))
	for name, id := range ids {
		if id.ID != "" && !o.unused[name] {
			kept[name] = id
		}
	}
	dec := &ApprovalDecision{Status: o.result.Status, Reason: o.result.Reason, Upto: upto, Counted: o.counted, Override: o.override,
		Identities: kept, Authors: authors}
	if _, err := a.append(ctx, Entry{Kind: KindDecision, At: now, Subject: s, Policy: hash, Decision: dec}); err != nil {
		return err
	}
	a.mu.Lock()
	if a.last == nil {
		a.last = make(map[[3]string]string)
	}
	a.last[key] = string(sig)
	a.mu.Unlock()
	return nil
}

// ReplayDecision recomputes a recorded decision entry from the votes it
// read (those with Seq <= Upto), the directory answers it recorded and
// its time, and returns the result. The error wraps ErrInvalidPolicy when
// a's policy is not the one the decision was made under, and
// ErrReplayMismatch when the status differs from the one recorded.
func (a *Approvals) ReplayDecision(ctx context.Context, e Entry) (Result, error) {
	if e.Kind != KindDecision || e.Decision == nil {
		return Result{}, fmt.Errorf("gate: entry %d is a %s, not a decision: %w", e.Seq, e.Kind, ErrInvalidPolicy)
	}
	if err := a.Validate(); err != nil {
		return Result{}, err
	}
	if e.Policy != a.PolicyHash() {
		return Result{}, fmt.Errorf("gate: decision %d was made under policy %s, not %s: %w", e.Seq, e.Policy, a.PolicyHash(), ErrInvalidPolicy)
	}
	all, _, err := a.entries(ctx, e.Subject.ID)
	if err != nil {
		return Result{}, err
	}
	var entries []Entry
	for _, x := range all {
		if x.Seq <= e.Decision.Upto {
			entries = append(entries, x)
		}
	}
	if e.Decision.Upto >= e.Seq {
		return Result{}, fmt.Errorf("gate: decision %d claims to have read record %d, after itself: %w", e.Seq, e.Decision.Upto, ErrTampered)
	}
	d := &deciding{ctx: ctx, a: a, s: e.Subject, ids: make(map[string]Identity), replay: true, authorNames: e.Decision.Authors}
	d.lookup = func(user string) (Identity, error) {
		if id, ok := e.Decision.Identities[user]; ok && id.ID != "" {
			return id, nil
		}
		return Identity{}, ErrUnknownUser
	}
	d.people()
	o := d.decide(entries, e.At)
	switch {
	case d.err != nil:
		return o.result, fmt.Errorf("gate: replaying decision %d: %w", e.Seq, d.err)
	case o.result.Status != e.Decision.Status:
		return o.result, fmt.Errorf("gate: decision %d replays as %s, recorded as %s: %w", e.Seq, o.result.Status, e.Decision.Status, ErrReplayMismatch)
	case !slices.Equal(o.counted, e.Decision.Counted) || o.override != e.Decision.Override:
		return o.result, fmt.Errorf("gate: decision %d replays counting %v and override %d, recorded as %v and %d: %w",
			e.Seq, o.counted, o.override, e.Decision.Counted, e.Decision.Override, ErrReplayMismatch)
	}
	return o.result, nil
}

// decide is the decision itself: a function of the entries, the time and
// the directory's answers.
func (d *deciding) decide(entries []Entry, now time.Time) outcome {
	a, s := d.a, d.s
	hash := d.hash
	if hash == "" {
		hash = a.PolicyHash()
	}
	var o outcome
	res := Result{Gate: a.name(), At: now, Evidence: map[string]any{"policy": hash}}

	handled := make(map[uint64]bool)      // refs of expiry and superseded entries
	superseded := make(map[uint64]uint64) // vote -> the superseded entry about it
	confirms := make(map[uint64][]Entry)
	o.unused = make(map[string]bool)
	for _, e := range entries {
		switch e.Kind {
		case KindExpiry, KindSuperseded:
			handled[e.Ref] = true
			if e.Kind == KindSuperseded {
				superseded[e.Ref] = e.Seq
			}
		case KindConfirmation:
			confirms[e.Ref] = append(confirms[e.Ref], e)
		}
	}

	// bound says why an entry is not for this decision, or "".
	bound := func(e Entry) string {
		switch {
		case e.Subject.Stage != s.Stage:
			return "given for stage " + strconv.Quote(e.Subject.Stage)
		case e.Subject.Digest != s.Digest:
			return "stale: given for digest " + e.Subject.Digest
		case e.Policy != hash:
			return "stale: given under another policy (" + e.Policy + ")"
		case a.BindRun && e.Subject.Run != s.Run:
			return "given in run " + strconv.Quote(e.Subject.Run)
		}
		return ""
	}

	var skipped []Result
	skip := func(e *Entry, why string) {
		skipped = append(skipped, Result{Gate: fmt.Sprintf("%s #%d by %s", e.Kind, e.Seq, e.Actor), Status: Skipped, Reason: why, At: e.At})
	}

	// The latest valid vote of each person.
	latest := make(map[string]int, len(entries)) // person -> index in votes
	votes := make([]castVote, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		if e.Kind != KindApproval && e.Kind != KindRejection {
			continue
		}
		if by, ok := superseded[e.Seq]; ok {
			skip(e, fmt.Sprintf("superseded (#%d): never counts again", by))
			continue
		}
		if why := bound(*e); why != "" {
			if e.Subject.Stage == s.Stage && strings.HasPrefix(why, "stale") && !handled[e.Seq] {
				o.stale = append(o.stale, e.Seq)
			}
			skip(e, why)
			continue
		}
		if e.At.After(now) {
			skip(e, "dated in the future ("+stamp(e.At.In(now.Location()))+")")
			continue
		}
		if a.MaxAge > 0 && !now.Before(e.At.Add(a.MaxAge)) {
			if !handled[e.Seq] {
				o.expired = append(o.expired, e.Seq)
			}
			skip(e, "expired at "+stamp(e.At.Add(a.MaxAge).In(now.Location())))
			continue
		}
		id, err := d.identity(e.Actor)
		if err != nil {
			o.unused[e.Actor] = true
			skip(e, "unknown to the directory")
			continue
		}
		if why := d.excluded(id); why != "" && e.Kind == KindApproval {
			skip(e, why)
			continue
		}
		if !d.eligibleAny(id) {
			o.unused[e.Actor] = true
			skip(e, "not eligible now: in none of the groups or users of the rules")
			continue
		}
		if k, ok := latest[id.ID]; ok {
			skip(votes[k].e, fmt.Sprintf("replaced by %s #%d of the same person (%s)", e.Kind, e.Seq, id.ID))
			votes[k].e = e
			continue
		}
		latest[id.ID] = len(votes)
		votes = append(votes, castVote{e, id})
	}
	var approvers []castVote
	var rejections []castVote
	for _, v := range votes {
		if v.e.Kind == KindApproval {
			approvers = append(approvers, v)
		} else {
			rejections = append(rejections, v)
		}
	}

	// Overrides.
	overrideLimit := a.Overrides.MaxDuration
	if overrideLimit == 0 {
		overrideLimit = DefaultOverrideDuration
	}
	var active *Entry
	var overrides []Result
	for i, e := range entries {
		if e.Kind != KindOverride {
			continue
		}
		name := fmt.Sprintf("override #%d by %s", e.Seq, e.Actor)
		why := bound(e)
		switch {
		case why != "":
		case strings.TrimSpace(e.Reason) == "":
			why = "no reason given"
		case e.At.After(now):
			why = "dated in the future (" + stamp(e.At.In(now.Location())) + ")"
		case !e.Expires.After(e.At):
			why = "it has no duration"
		case e.Expires.Sub(e.At) > overrideLimit:
			why = fmt.Sprintf("it lasts %s, longer than the %s the policy allows", e.Expires.Sub(e.At), overrideLimit)
		}
		if why == "" && !now.Before(e.Expires) {
			why = "expired at " + stamp(e.Expires.In(now.Location()))
			if !handled[e.Seq] {
				o.expired = append(o.expired, e.Seq)
			}
		}
		var by Identity
		if why == "" {
			var err error
			d.kept(e.Actor)
			if by, err = d.identity(e.Actor); err != nil {
				why = "unknown to the directory"
			} else if !d.canOverride(by) {
				why = "no override rights now"
			}
		}
		confirmedBy := ""
		if why == "" && (a.Overrides.Confirm || by.ID == d.requester.ID) {
			for _, c := range confirms[e.Seq] {
				d.kept(c.Actor)
				cid, err := d.identity(c.Actor)
				if err == nil && bound(c) == "" && !c.At.After(now) && cid.ID != by.ID && d.excluded(cid) == "" && (d.canOverride(cid) || d.eligibleAny(cid)) {
					confirmedBy = c.Actor
					break
				}
			}
			if confirmedBy == "" {
				why = "waiting for a second person to confirm it"
			}
		}
		if why != "" {
			overrides = append(overrides, Result{Gate: name, Status: Skipped, Reason: why, At: e.At})
			continue
		}
		reason := fmt.Sprintf("until %s: %s", stamp(e.Expires.In(now.Location())), e.Reason)
		if confirmedBy != "" {
			reason = "confirmed by " + confirmedBy + ", " + reason
		}
		overrides = append(overrides, Result{Gate: name, Status: Passed, Reason: reason, At: e.At})
		active = &entries[i]
	}

	// Rules.
	ruleResults, satisfied, counted := d.match(approvers)
	o.counted = counted
	var rejected []string
	var rejResults []Result
	for _, v := range rejections {
		rejected = append(rejected, v.e.Actor+": "+v.e.Reason)
		rejResults = append(rejResults, Result{Gate: fmt.Sprintf("rejection #%d by %s", v.e.Seq, v.e.Actor), Status: Failed, Reason: v.e.Reason, At: v.e.At})
	}
	var names []string
	for _, v := range approvers {
		names = append(names, v.e.Actor)
	}
	if len(names) > 0 {
		res.Evidence["approved_by"] = names
	}
	quorum := max(a.Rejections, 1)
	switch {
	case active != nil:
		o.override = active.Seq
		res.Status = Passed
		res.Reason = fmt.Sprintf("overridden by %s (#%d): %s", active.Actor, active.Seq, active.Reason)
		res.Evidence["override"] = active.Seq
	case len(rejections) >= quorum:
		res.Status = Failed
		res.Reason = "rejected by " + strings.Join(rejected, "; ")
	case satisfied:
		res.Status = Passed
		res.Reason = fmt.Sprintf("all %d rules hold", len(a.Rules))
		if len(a.Rules) == 1 {
			res.Reason = "the rule holds"
		}
	default:
		res.Status = Pending
		var wait []string
		for _, r := range ruleResults {
			if r.Status == Pending {
				wait = append(wait, r.Gate+": "+r.Reason)
			}
		}
		res.Reason = "waiting for " + strings.Join(wait, "; ")
		if len(rejections) > 0 {
			res.Reason += fmt.Sprintf(" (%d of %d rejections to block)", len(rejections), quorum)
		}
	}
	if len(skipped) > maxSkipped {
		more := len(skipped) - maxSkipped
		skipped = append(skipped[:maxSkipped:maxSkipped], Result{Gate: "votes not counted", Status: Skipped,
			Reason: fmt.Sprintf("and %d more, not shown", more)})
	}
	res.Children = slices.Concat(ruleResults, rejResults, overrides, skipped)
	o.result = res
	return o
}

// match assigns approvers to rules: each approver to one rule (unless
// CountForEachRule), trying every combination of alternatives, and
// returns a result per rule for the best combination, whether it
// satisfies them all, and the Seqs of the approvals it counted.
func (d *deciding) match(approvers []castVote) ([]Result, bool, []uint64) {
	combos := d.alternatives()
	bestScore := -1
	var best [][]int
	var bestCombo []leaf
	for _, c := range combos {
		got := assign(c, len(approvers), func(i, l int) bool { return d.eligible(approvers[i].id, c[l].rule) }, d.a.CountForEachRule)
		score, all := 0, true
		for l := range c {
			score += min(len(got[l]), c[l].need)
			if len(got[l]) < c[l].need {
				all = false
			}
		}
		if all {
			score += 1 << 30
		}
		if score > bestScore {
			bestScore, best, bestCombo = score, got, c
		}
		if all {
			break
		}
	}
	satisfied := bestScore >= 1<<30
	var results []Result
	var counted []uint64
	for l, lf := range bestCombo {
		top := &d.a.Rules[l]
		var who []string
		for _, i := range best[l] {
			who = append(who, approvers[i].e.Actor)
			counted = append(counted, approvers[i].e.Seq)
		}
		name := top.Name
		if lf.rule != top {
			name += " (" + lf.rule.Name + ")"
		}
		r := Result{Gate: "rule " + name, Evidence: map[string]any{"required": lf.need, "approvals": len(who)}}
		if len(who) > 0 {
			r.Evidence["approved_by"] = who
		}
		if len(who) >= lf.need {
			r.Status, r.Reason = Passed, fmt.Sprintf("%d of %d approvals: %s", len(who), lf.need, strings.Join(who, ", "))
		} else {
			r.Status = Pending
			r.Reason = fmt.Sprintf("%d more approval", lf.need-len(who))
			if lf.need-len(who) > 1 {
				r.Reason += "s"
			}
			r.Reason += " from " + describeRule(lf.rule)
			if may := d.mayApprove(lf.rule, approvers); may != "" {
				r.Reason += "; may approve: " + may
			}
		}
		results = append(results, r)
	}
	slices.Sort(counted)
	return results, satisfied, slices.Compact(counted)
}

func describeRule(r *Rule) string {
	var parts []string
	if len(r.Groups) > 0 {
		parts = append(parts, "group "+strings.Join(r.Groups, " or "))
	}
	if len(r.Users) > 0 {
		parts = append(parts, strings.Join(r.Users, ", "))
	}
	return strings.Join(parts, " or ")
}

// mayApprove lists, when the directory can tell, who could still approve
// for a rule: its users and its groups' members, less those who have, the
// requester and the authors.
func (d *deciding) mayApprove(r *Rule, approvers []castVote) string {
	candidates := slices.Clone(r.Users)
	if m, ok := d.a.Directory.(Members); ok && !d.replay {
		for _, g := range r.Groups {
			users, err := m.Members(d.ctx, g)
			if err != nil {
				continue
			}
			candidates = append(candidates, users...)
		}
	}
	seen := make(map[string]bool)
	for _, v := range approvers {
		seen[v.id.ID] = true
	}
	var out []string
	for _, u := range candidates {
		id, err := d.identity(u)
		if err != nil || seen[id.ID] || d.excluded(id) != "" || !d.eligible(id, r) {
			continue
		}
		seen[id.ID] = true
		out = append(out, u)
	}
	slices.Sort(out)
	const show = 10
	if len(out) > show {
		return strings.Join(out[:show], ", ") + fmt.Sprintf(" and %d more", len(out)-show)
	}
	return strings.Join(out, ", ")
}

// assign finds, for each leaf rule, the approvers that count for it: a
// maximum assignment where each approver serves one rule and each rule at
// most its need (augmenting paths, as in Kuhn's algorithm with
// capacities), or, with each set, every eligible approver for every rule.
func assign(leaves []leaf, n int, eligible func(approver, leaf int) bool, each bool) [][]int {
	got := make([][]int, len(leaves))
	if each {
		for l := range leaves {
			for i := 0; i < n && len(got[l]) < leaves[l].need; i++ {
				if eligible(i, l) {
					got[l] = append(got[l], i)
				}
			}
		}
		return got
	}
	owner := make([]int, n) // the leaf an approver serves, or -1
	for i := range owner {
		owner[i] = -1
	}
	var visited []bool
	var try func(i int) bool
	try = func(i int) bool {
		for l := range leaves {
			if visited[l] || !eligible(i, l) {
				continue
			}
			visited[l] = true
			if len(got[l]) < leaves[l].need {
				got[l] = append(got[l], i)
				owner[i] = l
				return true
			}
			for k, j := range got[l] {
				if try(j) {
					got[l][k] = i
					owner[i] = l
					return true
				}
			}
		}
		return false
	}
	total := 0
	for _, lf := range leaves {
		total += lf.need
	}
	visited = make([]bool, len(leaves))
	for i := 0; i < n && total > 0; i++ {
		clear(visited)
		if try(i) {
			total--
		}
	}
	for l := range got {
		slices.Sort(got[l])
	}
	return got
}
