package gate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Identity is a person as the host's directory knows them: one ID however
// many user names they sign in with, and the groups (or roles) they belong
// to now.
type Identity struct {
	ID     string   `json:"id"`
	Groups []string `json:"groups,omitempty"`
}

// Directory tells who a user is. The host supplies it, backed by its
// identity provider; the approval gate asks it at every decision, so that
// someone removed from a group no longer counts. Lookup returns
// ErrUnknownUser (wrapped or not) for a user it does not know; any other
// error makes the decision Errored.
type Directory interface {
	Lookup(ctx context.Context, user string) (Identity, error)
}

// Members is what a Directory may also offer: the users of a group, so a
// pending approval gate can say who may still approve.
type Members interface {
	Members(ctx context.Context, group string) ([]string, error)
}

// Users is a Directory in memory, by user name: for tests and for hosts
// with a fixed list. Two names mapping to the same Identity.ID are one
// person.
type Users map[string]Identity

// Lookup returns the user's identity, or ErrUnknownUser.
func (u Users) Lookup(_ context.Context, user string) (Identity, error) {
	id, ok := u[user]
	if !ok || id.ID == "" {
		return Identity{}, fmt.Errorf("gate: user %q: %w", user, ErrUnknownUser)
	}
	return id, nil
}

// Members returns the users whose identity is in group, sorted.
func (u Users) Members(_ context.Context, group string) ([]string, error) {
	var out []string
	for name, id := range u {
		if slices.Contains(id.Groups, group) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Rule is one requirement of an approval policy: Required approvals from
// people in any of Groups or among Users, or, when AnyOf is set, any one
// of those rules instead.
type Rule struct {
	Name     string   `json:"name"`
	Required int      `json:"required,omitempty"` // zero means 1
	Groups   []string `json:"groups,omitempty"`
	Users    []string `json:"users,omitempty"`
	AnyOf    []Rule   `json:"any_of,omitempty"`
}

// OverridePolicy says who may force an approval gate open (break glass)
// and how. The zero value lets nobody.
type OverridePolicy struct {
	// Groups may override.
	Groups []string `json:"groups,omitempty"`
	// Confirm requires a second person, with override rights or eligible
	// for a rule, to confirm an override before it counts. An override by
	// the requester needs one anyway.
	Confirm bool `json:"confirm,omitempty"`
	// MaxDuration is the longest an override may last; zero means
	// DefaultOverrideDuration.
	MaxDuration time.Duration `json:"max_duration,omitempty"`
}

// DefaultOverrideDuration bounds an override when the policy does not.
const DefaultOverrideDuration = 4 * time.Hour

// maxAlternatives bounds the combinations of AnyOf rules a policy may
// make, so a decision's cost stays bounded.
const maxAlternatives = 256

// EntryKind is what an audit entry records.
type EntryKind string

// The kinds of audit entries.
const (
	KindApproval     EntryKind = "approval"
	KindRejection    EntryKind = "rejection"
	KindOverride     EntryKind = "override"
	KindConfirmation EntryKind = "confirmation" // of an override, by a second person
	KindDecision     EntryKind = "decision"
	KindExpiry       EntryKind = "expiry"     // an approval or override ran out
	KindSuperseded   EntryKind = "superseded" // an approval for an older digest or policy, rejected automatically
	KindVerdict      EntryKind = "verdict"    // an Engine's decision over all its gates
)

// Entry is the body of an audit record: what happened, when, to which
// subject, under which policy, by whom and why. Decisions carry their
// inputs, so that ReplayDecision can recompute them.
type Entry struct {
	// Seq is the record's position in the log (not part of the body).
	Seq uint64 `json:"-"`

	Kind    EntryKind `json:"kind"`
	At      time.Time `json:"at"`
	Gate    string    `json:"gate,omitempty"`
	Subject Subject   `json:"subject"`
	// Policy is the hash of the policy the entry was made under.
	Policy string `json:"policy,omitempty"`
	// Actor is the user who approved, rejected, overrode or confirmed.
	Actor  string `json:"actor,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Expires is when an override ends.
	Expires time.Time `json:"expires,omitzero"`
	// Ref is the Seq of the entry this one is about: the override
	// confirmed, the approval expired or superseded.
	Ref uint64 `json:"ref,omitempty"`
	// Decision is set on an approval gate's decision entries.
	Decision *ApprovalDecision `json:"decision,omitempty"`
	// Verdict is set on an Engine's verdict entries: the Decision as JSON,
	// its explanation tree included.
	Verdict json.RawMessage `json:"verdict,omitempty"`
}

// ApprovalDecision is what an approval gate decided and from what.
type ApprovalDecision struct {
	Status Status `json:"status"`
	Reason string `json:"reason"`
	// Upto is the last record the decision read: it considered the
	// subject's entries with Seq <= Upto.
	Upto uint64 `json:"upto"`
	// Counted are the Seqs of the approvals that counted, Override the
	// override that decided, if any.
	Counted  []uint64 `json:"counted,omitempty"`
	Override uint64   `json:"override,omitempty"`
	// Identities are the directory's answers the decision used, by user
	// name, so it can be replayed as it was; Authors, the authors of the
	// changes it kept out.
	Identities map[string]Identity `json:"identities,omitempty"`
	Authors    []string            `json:"authors,omitempty"`
}

// Approvals is the gate of human approvals: rules that must all hold,
// votes recorded in an audit Store and bound to exactly what was
// approved, rejections, separation of duties, expiry and break-glass
// overrides.
//
// A vote counts only when it is for this subject ID, stage and artifact
// digest, under this policy (its hash: any change to the rules makes
// earlier votes stale), for this run when BindRun is set, younger than
// MaxAge, by a person the Directory knows now, who is eligible now, and
// who is not the requester (nor, with ExcludeAuthors, an author of the
// changes). A person counts once: under two user names of one identity,
// or approving twice, they are one vote, their latest; and unless
// CountForEachRule is set, one approval counts for one rule only (the
// gate finds the assignment of approvers to rules that satisfies the most).
//
// The verdict: an active override, Passed; rejections reaching the
// quorum, Failed; every rule satisfied, Passed; otherwise Pending, saying
// what each rule still needs and who may still approve. Votes that do not
// count appear in the explanation as Skipped, with the reason.
//
// Every vote, override, expiry, and every change of decision is appended
// to Store. Store and Directory are required; the zero value is Errored.
// An Approvals must not be copied after first use.
type Approvals struct {
	// Name is the gate's name; "" means "approvals".
	Name string
	// Store keeps the votes and the audit trail.
	Store Store
	// Directory says who users are, at every decision.
	Directory Directory
	// Clock is the time votes and decisions are stamped with. Nil means
	// the engine's clock in Evaluate (ClockFrom) and real time elsewhere.
	Clock Clock

	// Rules must all hold.
	Rules []Rule
	// Rejections is how many rejections block; zero means 1.
	Rejections int
	// AllowSelfApproval lets the requester approve.
	AllowSelfApproval bool
	// ExcludeAuthors keeps the authors of the changes (Authors) from
	// approving.
	ExcludeAuthors bool
	// Authors returns the user names of the changes' authors.
	Authors func(Subject) []string
	// CountForEachRule lets one approval count for every rule its
	// approver is eligible for, as GitLab does.
	CountForEachRule bool
	// MaxAge is how long a vote stays valid; zero means for ever.
	MaxAge time.Duration
	// BindRun makes votes count only in the run (Subject.Run) they were
	// given in.
	BindRun bool
	// AutoRejectStale records a superseded entry for every vote made for
	// another digest or policy of the same subject and stage: it never
	// counts again, even if the digest or the policy comes back.
	AutoRejectStale bool
	// Overrides says who may override the gate.
	Overrides OverridePolicy

	mu      sync.Mutex
	changed chan struct{}
	cacheMu sync.Mutex
	cache   map[string]*subjectLog
	last    map[[3]string]string // the last decision recorded, per subject, stage and digest
}

type policyDoc struct {
	Rules             []Rule         `json:"rules"`
	Rejections        int            `json:"rejections"`
	AllowSelfApproval bool           `json:"allow_self_approval"`
	ExcludeAuthors    bool           `json:"exclude_authors"`
	CountForEachRule  bool           `json:"count_for_each_rule"`
	MaxAge            time.Duration  `json:"max_age"`
	BindRun           bool           `json:"bind_run"`
	Override          OverridePolicy `json:"override"`
}

// PolicyHash returns the hash of the policy: the rules and every setting
// that decides what counts (not the name, store, directory or clock).
// Votes are bound to it.
func (a *Approvals) PolicyHash() string {
	b, _ := json.Marshal(policyDoc{a.Rules, a.Rejections, a.AllowSelfApproval, a.ExcludeAuthors,
		a.CountForEachRule, a.MaxAge, a.BindRun, a.Overrides})
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// leaf is a rule without alternatives.
type leaf struct {
	rule *Rule
	need int
}

// alternatives returns the ways the rules can be met: every combination
// of one alternative per AnyOf rule.
func alternatives(rules []Rule) ([][]leaf, error) {
	combos := [][]leaf{nil}
	for i := range rules {
		opts, err := options(&rules[i], 0)
		if err != nil {
			return nil, err
		}
		var next [][]leaf
		for _, c := range combos {
			for _, o := range opts {
				next = append(next, append(slices.Clone(c), o))
			}
		}
		if len(next) > maxAlternatives {
			return nil, fmt.Errorf("gate: approval rules make more than %d combinations of alternatives: %w", maxAlternatives, ErrInvalidPolicy)
		}
		combos = next
	}
	return combos, nil
}

func options(r *Rule, depth int) ([]leaf, error) {
	if depth > 8 {
		return nil, fmt.Errorf("gate: approval rule %q nests alternatives too deep: %w", r.Name, ErrInvalidPolicy)
	}
	if len(r.AnyOf) == 0 {
		switch {
		case r.Required < 0:
			return nil, fmt.Errorf("gate: approval rule %q requires %d approvals: %w", r.Name, r.Required, ErrInvalidPolicy)
		case len(r.Groups) == 0 && len(r.Users) == 0:
			return nil, fmt.Errorf("gate: approval rule %q names no group and no user: %w", r.Name, ErrInvalidPolicy)
		}
		return []leaf{{rule: r, need: max(r.Required, 1)}}, nil
	}
	var out []leaf
	for i := range r.AnyOf {
		o, err := options(&r.AnyOf[i], depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, o...)
	}
	return out, nil
}

// Validate reports a policy that cannot be decided: no rules, a rule
// with no group or user, a negative count, or too many alternatives. The
// error wraps ErrInvalidPolicy.
func (a *Approvals) Validate() error {
	_, err := a.validate()
	return err
}

// validate is Validate, returning the rules' alternatives it worked out
// so that a decision does not work them out again.
func (a *Approvals) validate() ([][]leaf, error) {
	switch {
	case a.Store == nil:
		return nil, fmt.Errorf("gate: approvals %q have no Store: %w", a.name(), ErrInvalidPolicy)
	case a.Directory == nil:
		return nil, fmt.Errorf("gate: approvals %q have no Directory: %w", a.name(), ErrInvalidPolicy)
	case len(a.Rules) == 0:
		return nil, fmt.Errorf("gate: approvals %q have no rules: %w", a.name(), ErrInvalidPolicy)
	case a.Rejections < 0 || a.MaxAge < 0 || a.Overrides.MaxDuration < 0:
		return nil, fmt.Errorf("gate: approvals %q: negative settings: %w", a.name(), ErrInvalidPolicy)
	}
	return alternatives(a.Rules)
}

func (a *Approvals) name() string {
	if a.Name == "" {
		return "approvals"
	}
	return a.Name
}

func (a *Approvals) now(ctx context.Context) time.Time {
	if a.Clock != nil {
		return a.Clock.Now()
	}
	return ClockFrom(ctx).Now()
}

// Changed returns a channel closed at the next vote or override recorded
// through a; Engine.Await wakes on it instead of waiting for its next
// poll. Votes recorded by other processes are seen at the next poll.
func (a *Approvals) Changed() <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.changed == nil {
		a.changed = make(chan struct{})
	}
	return a.changed
}

func (a *Approvals) notify() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.changed != nil {
		close(a.changed)
		a.changed = nil
	}
}

// append writes an entry to the store.
func (a *Approvals) append(ctx context.Context, e Entry) (Entry, error) {
	e.At = e.At.UTC()
	e.Gate = a.name()
	body, err := json.Marshal(e)
	if err != nil {
		return e, fmt.Errorf("gate: encoding a %s entry: %w", e.Kind, err)
	}
	r, err := a.Store.Append(ctx, e.Subject.ID, body)
	if err != nil {
		return e, fmt.Errorf("gate: recording a %s: %w", e.Kind, err)
	}
	e.Seq = r.Seq
	return e, nil
}

// Approve records user's approval of s, bound to its stage, digest, run
// and the policy's hash, once user is known, eligible for a rule and not
// kept out by separation of duties; otherwise it records nothing and
// returns an error wrapping ErrNotEligible or ErrSelfApproval. The user
// must be authenticated by the host: the gate trusts the name it is
// given.
func (a *Approvals) Approve(ctx context.Context, s Subject, user, reason string) (Entry, error) {
	return a.vote(ctx, s, KindApproval, user, reason)
}

// Reject records user's rejection of s, with a reason (ErrNoReason
// without one), under Approve's conditions except separation of duties:
// the requester and the authors may reject their own release.
func (a *Approvals) Reject(ctx context.Context, s Subject, user, reason string) (Entry, error) {
	if strings.TrimSpace(reason) == "" {
		return Entry{}, fmt.Errorf("gate: a rejection by %q: %w", user, ErrNoReason)
	}
	return a.vote(ctx, s, KindRejection, user, reason)
}

// actor starts a decision about s and looks user up in it: the
// subject's requester must be known, and so must user.
func (a *Approvals) actor(ctx context.Context, s Subject, user string) (*deciding, Identity, error) {
	d := newDeciding(ctx, a, s)
	if d.err != nil {
		return nil, Identity{}, d.err
	}
	id, err := d.identity(user)
	return d, id, err
}

func (a *Approvals) vote(ctx context.Context, s Subject, kind EntryKind, user, reason string) (Entry, error) {
	if err := a.Validate(); err != nil {
		return Entry{}, err
	}
	d, id, err := a.actor(ctx, s, user)
	if err != nil {
		return Entry{}, err
	}
	if why := d.excluded(id); why != "" && kind == KindApproval {
		return Entry{}, fmt.Errorf("gate: %s by %q: %s: %w", kind, user, why, ErrSelfApproval)
	}
	if !d.eligibleAny(id) {
		return Entry{}, fmt.Errorf("gate: %s by %q: not eligible for any rule: %w", kind, user, ErrNotEligible)
	}
	if d.err != nil {
		return Entry{}, d.err
	}
	e, err := a.append(ctx, Entry{Kind: kind, At: a.now(ctx), Subject: s, Policy: a.PolicyHash(), Actor: user, Reason: reason})
	if err == nil {
		a.notify()
	}
	return e, err
}

// Override records a break-glass override of s by user, for d (at most
// the policy's MaxDuration), with a reason. It needs override rights
// (ErrNoOverrideRights) and a reason (ErrNoReason). It counts at once
// unless the policy asks for confirmation or user is the requester: then
// only once a second person has confirmed it (ConfirmOverride).
func (a *Approvals) Override(ctx context.Context, s Subject, user, reason string, d time.Duration) (Entry, error) {
	if err := a.Validate(); err != nil {
		return Entry{}, err
	}
	limit := a.Overrides.MaxDuration
	if limit == 0 {
		limit = DefaultOverrideDuration
	}
	switch {
	case strings.TrimSpace(reason) == "":
		return Entry{}, fmt.Errorf("gate: an override by %q: %w", user, ErrNoReason)
	case d <= 0 || d > limit:
		return Entry{}, fmt.Errorf("gate: an override by %q for %s: it must last from 1ns to %s: %w", user, d, limit, ErrInvalidPolicy)
	}
	dc, id, err := a.actor(ctx, s, user)
	if err != nil {
		return Entry{}, err
	}
	if !dc.canOverride(id) {
		return Entry{}, fmt.Errorf("gate: an override by %q: %w", user, ErrNoOverrideRights)
	}
	now := a.now(ctx)
	e, err := a.append(ctx, Entry{Kind: KindOverride, At: now, Subject: s, Policy: a.PolicyHash(), Actor: user, Reason: reason, Expires: now.Add(d).UTC()})
	if err == nil {
		a.notify()
	}
	return e, err
}

// ConfirmOverride records user's confirmation of the override recorded as
// entry seq for s. user must be another person than the one who
// overrode and than the requester, with override rights or eligible for a
// rule.
func (a *Approvals) ConfirmOverride(ctx context.Context, s Subject, seq uint64, user, reason string) (Entry, error) {
	if err := a.Validate(); err != nil {
		return Entry{}, err
	}
	if s.ID == "" {
		return Entry{}, fmt.Errorf("gate: a subject without an ID: %w", ErrInvalidPolicy)
	}
	entries, _, err := a.entries(ctx, s.ID)
	if err != nil {
		return Entry{}, err
	}
	var ov *Entry
	for i := range entries {
		if entries[i].Seq == seq && entries[i].Kind == KindOverride {
			ov = &entries[i]
		}
	}
	if ov == nil {
		return Entry{}, fmt.Errorf("gate: no override %d for %q: %w", seq, s.ID, ErrUnknownOverride)
	}
	d, id, err := a.actor(ctx, s, user)
	if err != nil {
		return Entry{}, err
	}
	by, err := d.identity(ov.Actor)
	if err != nil {
		return Entry{}, err
	}
	switch {
	case id.ID == by.ID:
		return Entry{}, fmt.Errorf("gate: %q cannot confirm their own override: %w", user, ErrSelfApproval)
	case d.excluded(id) != "":
		return Entry{}, fmt.Errorf("gate: confirmation by %q: %s: %w", user, d.excluded(id), ErrSelfApproval)
	case !d.canOverride(id) && !d.eligibleAny(id):
		return Entry{}, fmt.Errorf("gate: confirmation by %q: %w", user, ErrNotEligible)
	case d.err != nil:
		return Entry{}, d.err
	}
	e, err := a.append(ctx, Entry{Kind: KindConfirmation, At: a.now(ctx), Subject: s, Policy: a.PolicyHash(), Actor: user, Reason: reason, Ref: seq})
	if err == nil {
		a.notify()
	}
	return e, err
}

// entries reads and decodes the subject's records, and the last Seq seen.
// Records already decoded are kept: a decision reads only what was
// appended since the last one.
func (a *Approvals) entries(ctx context.Context, subject string) ([]Entry, uint64, error) {
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	c := a.cache[subject]
	if c == nil {
		c = new(subjectLog)
	}
	var fresh []Entry
	upto := c.upto
	for r, err := range a.Store.Records(ctx, subject, c.upto+1) {
		if err != nil {
			return nil, 0, fmt.Errorf("gate: reading the votes for %q: %w", subject, err)
		}
		var e Entry
		if err := json.Unmarshal(r.Body, &e); err != nil {
			return nil, 0, fmt.Errorf("gate: audit record %d: %v: %w", r.Seq, err, ErrTampered)
		}
		if e.Subject.ID != subject {
			return nil, 0, fmt.Errorf("gate: audit record %d is filed under %q but is about %q: %w", r.Seq, subject, e.Subject.ID, ErrTampered)
		}
		// Every entry this package writes is json.Marshal's output: one
		// that is not (duplicate keys, keys in another case, other
		// spacing) could read differently in another tool.
		if canonical, err := json.Marshal(e); err != nil || !bytes.Equal(canonical, r.Body) {
			return nil, 0, fmt.Errorf("gate: audit record %d is not in the form this package writes: %w", r.Seq, ErrTampered)
		}
		e.Seq = r.Seq
		upto = r.Seq
		fresh = append(fresh, e)
	}
	if len(fresh) > 0 {
		// A new slice, so that decisions still reading the old one are
		// not disturbed.
		c = &subjectLog{entries: slices.Concat(c.entries, fresh), upto: upto}
		if a.cache == nil {
			a.cache = make(map[string]*subjectLog)
		}
		a.cache[subject] = c
	}
	return c.entries, c.upto, nil
}

// subjectLog is the decoded records of one subject.
type subjectLog struct {
	entries []Entry
	upto    uint64
}

// Stale returns the approvals and rejections of s's subject and stage
// that were given for another digest or under another policy: they will
// never count for s.
func (a *Approvals) Stale(ctx context.Context, s Subject) ([]Entry, error) {
	if s.ID == "" {
		return nil, fmt.Errorf("gate: a subject without an ID: %w", ErrInvalidPolicy)
	}
	entries, _, err := a.entries(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	hash := a.PolicyHash()
	superseded := make(map[uint64]bool)
	for _, e := range entries {
		if e.Kind == KindSuperseded {
			superseded[e.Ref] = true
		}
	}
	var out []Entry
	for _, e := range entries {
		if (e.Kind == KindApproval || e.Kind == KindRejection) && e.Subject.Stage == s.Stage &&
			(e.Subject.Digest != s.Digest || e.Policy != hash) && !superseded[e.Seq] {
			out = append(out, e)
		}
	}
	return out, nil
}
