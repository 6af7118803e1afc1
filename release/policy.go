package release

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/internal/text"
)

// Policy decides how commits turn into the next version.
//
// The zero value is the Conventional Commits convention: a breaking change
// bumps the major version, feat the minor, fix and perf the patch, and every
// other type nothing. A revert that stands on its own (its target is not in
// the range) bumps the patch, as in semantic-release and release-please,
// since it changes what users get; a revert whose target is in the range
// cancels it, and both drop out.
type Policy struct {
	// Types sets the bump of commit types, overriding the defaults for the
	// types it names ({"docs": Patch, "feat": Patch}). Keys are lower case.
	// A breaking change is Major whatever its type.
	Types map[string]Bump

	// PreMajorBreakingMinor makes a breaking change bump the minor version
	// while the major version is 0, so a 0.x project never leaves 0.x on
	// its own: only a "Release-As: 1.0.0" footer does (release-please's
	// bump-minor-pre-major).
	PreMajorBreakingMinor bool

	// PreMajorFeatPatch makes a feature (any change that would bump the
	// minor version) bump the patch while the major version is 0
	// (release-please's bump-patch-for-minor-pre-major).
	PreMajorFeatPatch bool

	// Prerelease is the prerelease channel, such as "rc" or "beta". When
	// set, Next proposes prereleases numbered from 1: from 1.2.3 a feature
	// gives 1.3.0-rc.1, then a fix gives 1.3.0-rc.2; a bigger bump than the
	// one the prerelease stands for moves its base (1.3.0-rc.2 with a
	// breaking change gives 2.0.0-rc.1). When empty, Next proposes a
	// release, and from a prerelease it graduates (1.3.0-rc.2 with a fix
	// gives 1.3.0).
	Prerelease string

	// Build is build metadata appended to proposed versions ("sha.abc123").
	Build string

	// Initial is the first version, proposed when there is no current
	// version and something is releasable; with Prerelease set and no
	// prerelease of its own it becomes that channel's .1. Nil means 1.0.0;
	// 0.0.0 is an error.
	Initial *semver.Version
}

// TypeBump returns the bump of a commit type under p, before breaking
// changes and the pre-1.0 rules are applied.
func (p Policy) TypeBump(typ string) Bump { return p.typeBump(typ) }

func (p *Policy) typeBump(typ string) Bump {
	if len(p.Types) > 0 {
		if b, ok := p.Types[typ]; ok {
			return b
		}
	}
	switch typ {
	case "feat":
		return Minor
	case "fix", "perf", "revert":
		return Patch
	}
	return None
}

// BumpOf returns the bump one commit calls for under p: Major for a
// breaking change, the bump of its type for a conventional commit, the bump
// of "revert" for a revert in git's own form (Revert "..."), and None for
// any other commit. The pre-1.0 rules, which depend on the current version,
// are applied by Next.
func (p Policy) BumpOf(c Commit) Bump { return p.bumpOf(&c) }

func (p *Policy) bumpOf(c *Commit) Bump {
	switch {
	case c.Breaking:
		return Major
	case c.Conventional:
		return p.typeBump(c.Type)
	case isRevert(c):
		return p.typeBump("revert")
	}
	return None
}

// Proposal is the next version and why.
type Proposal struct {
	// Current is the version Next started from (nil for a first release).
	Current *semver.Version `json:"current"`

	// Version is the proposed version. It equals Current when nothing is
	// releasable.
	Version *semver.Version `json:"version"`

	// Bump is the bump the commits call for, after the pre-1.0 rules, or
	// for a Release-As footer the size of the step from Current to
	// Version; None when nothing is releasable. From a prerelease the two
	// can differ: 2.0.0-rc.1 graduates to 2.0.0 with a fix, and Bump is
	// then Patch.
	Bump Bump `json:"bump"`

	// Reason says in words which rule decided, for people.
	Reason string `json:"reason"`

	// Causes are the commits that decided the bump, in input order: those
	// whose own bump is the largest, or those with the Release-As footer
	// that was followed. They point into the slice given to Next, which
	// spares copying thousands of commits; do not modify that slice while
	// the Proposal is in use.
	Causes []*Commit `json:"causes"`

	// Cancelled are the commits left out because a revert in the range
	// cancels them (the reverts included), in input order.
	Cancelled []*Commit `json:"cancelled,omitempty"`
}

// Releasable reports whether the proposal is a new version.
func (pr Proposal) Releasable() bool { return pr.Bump != None }

// String renders the proposal for people, one line for the step and one for
// each cause. The text may change between versions; use JSON for machines.
func (pr Proposal) String() string {
	var b strings.Builder
	cur, next := "none", "none"
	if pr.Current != nil {
		cur = pr.Current.String()
	}
	if pr.Version != nil {
		next = pr.Version.String()
	}
	fmt.Fprintf(&b, "%s -> %s (%s): %s\n", cur, next, pr.Bump, pr.Reason)
	for _, c := range pr.Causes {
		b.WriteString("  ")
		if c.Hash != "" {
			b.WriteString(shortHash(c.Hash))
			b.WriteByte(' ')
		}
		b.WriteString(text.Printable(c.Header))
		b.WriteByte('\n')
	}
	return b.String()
}

// LogValue logs the step and the number of causes.
func (pr Proposal) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("bump", pr.Bump.String()), slog.Int("causes", len(pr.Causes))}
	if pr.Current != nil {
		attrs = append(attrs, slog.String("current", pr.Current.String()))
	}
	if pr.Version != nil {
		attrs = append(attrs, slog.String("version", pr.Version.String()))
	}
	return slog.GroupValue(attrs...)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// Next proposes the version that follows current given the commits since
// it was released, in any order. current is nil when nothing was released
// yet; Next then proposes p.Initial (1.0.0 by default) if anything is
// releasable.
//
// The bump is the largest of the commits' bumps (see BumpOf), after
// reverts cancel their targets, and after the pre-1.0 rules when current is
// 0.x. A "Release-As: x.y.z" footer (token case-insensitive) overrides it:
// the proposal is that exact version, and it is an error wrapping
// ErrReleaseAs if it is not greater than current or not a version. When
// several commits carry one, the greatest version wins.
//
// Next returns an error wrapping ErrInvalidVersion for an invalid
// p.Prerelease, p.Build or p.Initial, or for a channel change that would
// go backwards (1.3.0-rc.1 with Prerelease "beta").
//
// Next costs one pass over the commits and their footers, and with reverts
// in the range one more over the commits' hashes.
func (p Policy) Next(current *semver.Version, commits []Commit) (Proposal, error) {
	if err := p.validate(); err != nil {
		return Proposal{}, err
	}
	pr := Proposal{Current: current, Version: current}

	// One pass: each commit's bump, how many commits have each bump, the
	// reverts, and the commits that may carry a Release-As footer.
	bumps := make([]uint8, len(commits))
	var count [Major + 1]int
	var reverts, withAs []int
	for i := range commits {
		c := &commits[i]
		b := p.bumpOf(c)
		bumps[i] = uint8(b)
		count[b]++
		if isRevert(c) {
			reverts = append(reverts, i)
		}
		if hasReleaseAs(c) {
			withAs = append(withAs, i)
		}
	}
	drop := cancelled(commits, reverts)
	if drop != nil {
		for i := range commits {
			if drop[i] {
				count[bumps[i]]--
				pr.Cancelled = append(pr.Cancelled, &commits[i])
			}
		}
	}

	var asVersion *semver.Version
	for _, i := range withAs {
		if drop != nil && drop[i] {
			continue
		}
		v, err := releaseAs(&commits[i])
		if err != nil {
			return Proposal{}, err
		}
		if asVersion == nil || v.GreaterThan(asVersion) {
			asVersion = v
		}
	}
	if asVersion != nil {
		return p.releaseAs(pr, asVersion, commits, drop)
	}

	raw := Major
	for raw > None && count[raw] == 0 {
		raw--
	}
	if raw == None {
		pr.Reason = "no releasable commits"
		return pr, nil
	}
	pr.Causes = make([]*Commit, 0, count[raw])
	for i, b := range bumps {
		if Bump(b) == raw && (drop == nil || !drop[i]) {
			pr.Causes = append(pr.Causes, &commits[i])
		}
	}

	eff, reason := raw, rawReason(raw)
	if current != nil && current.Major() == 0 {
		switch {
		case raw == Major && p.PreMajorBreakingMinor:
			eff, reason = Minor, "breaking change bumps the minor version before 1.0.0"
		case raw == Minor && p.PreMajorFeatPatch:
			eff, reason = Patch, "feature bumps the patch version before 1.0.0"
		}
	}
	pr.Bump, pr.Reason = eff, reason

	if current == nil {
		pr.Reason = "first release; " + reason
	}
	v, err := p.versionFor(current, eff)
	if err != nil {
		return Proposal{}, err
	}
	pr.Version = v
	return pr, nil
}

// versionFor returns the version a bump of eff (not None) takes current to
// under p: the initial version when current is nil, and otherwise the
// increment, within p's prerelease channel if it has one, with p's build
// metadata. It is the last step of Next, shared with Workspace.Plan, which
// raises bumps for linked and fixed groups and dependents.
func (p *Policy) versionFor(current *semver.Version, eff Bump) (*semver.Version, error) {
	if current == nil {
		v := p.Initial
		if v == nil {
			v = semver.New(1, 0, 0, "", "")
		}
		pre := v.Prerelease()
		if p.Prerelease != "" && pre == "" {
			pre = p.Prerelease + ".1"
		}
		return semver.New(v.Major(), v.Minor(), v.Patch(), pre, p.Build), nil
	}
	next, err := Increment(current, eff.op(), "")
	if err != nil {
		return nil, err
	}
	pre := ""
	if p.Prerelease != "" {
		pre = p.Prerelease + ".1"
		if current.Prerelease() != "" && next.Major() == current.Major() && next.Minor() == current.Minor() && next.Patch() == current.Patch() {
			// Still on the same base: count on within the channel.
			if pre, err = incPre(current.Prerelease(), p.Prerelease, 1, nil); err != nil {
				return nil, &ParseError{Input: current.String(), Expected: "prerelease: " + err.Error(), Err: ErrInvalidVersion}
			}
		}
	}
	v := semver.New(next.Major(), next.Minor(), next.Patch(), pre, p.Build)
	if !v.GreaterThan(current) {
		return nil, &ParseError{Input: current.String(),
			Expected: fmt.Sprintf("a prerelease channel that sorts after the current one (%q gives %s)", p.Prerelease, v),
			Err:      ErrInvalidVersion}
	}
	return v, nil
}

func rawReason(b Bump) string {
	switch b {
	case Major:
		return "breaking change"
	case Minor:
		return "new feature"
	default:
		return "fix"
	}
}

// releaseAs completes a proposal decided by a Release-As footer.
func (p Policy) releaseAs(pr Proposal, v *semver.Version, commits []Commit, drop []bool) (Proposal, error) {
	for i := range commits {
		if drop != nil && drop[i] {
			continue
		}
		if w, _ := releaseAs(&commits[i]); w != nil && w.Equal(v) {
			pr.Causes = append(pr.Causes, &commits[i])
		}
	}
	if pr.Current != nil && !v.GreaterThan(pr.Current) {
		where := "commit " + shortHash(pr.Causes[0].Hash)
		if pr.Causes[0].Hash == "" {
			where = strconv.Quote(shorten(pr.Causes[0].Header))
		}
		return Proposal{}, &ParseError{Input: v.String(),
			Expected: fmt.Sprintf("a Release-As version greater than the current %s (%s)", pr.Current, where),
			Err:      ErrReleaseAs}
	}
	pr.Version = v
	pr.Bump = Major
	if pr.Current != nil {
		pr.Bump = step(pr.Current, v)
	}
	pr.Reason = "Release-As: " + v.String()
	return pr, nil
}

func hasReleaseAs(c *Commit) bool {
	for _, f := range c.Footers {
		if len(f.Token) == len("Release-As") && strings.EqualFold(f.Token, "Release-As") {
			return true
		}
	}
	return false
}

// releaseAs returns the version of c's Release-As footer, or nil.
func releaseAs(c *Commit) (*semver.Version, error) {
	for _, f := range c.Footers {
		if len(f.Token) != len("Release-As") || !strings.EqualFold(f.Token, "Release-As") {
			continue
		}
		// The version is the value's first line; a reason may follow.
		first, _, _ := strings.Cut(f.Value, "\n")
		v, err := ParseVersion(trimSpace(first))
		if err != nil {
			where := c.Header
			if c.Hash != "" {
				where = shortHash(c.Hash)
			}
			return nil, &ParseError{Input: shorten(f.Value), Expected: "a version in the Release-As footer of " + shorten(where), Err: ErrReleaseAs}
		}
		return v, nil
	}
	return nil, nil
}

func (p Policy) validate() error {
	if p.Prerelease != "" {
		if err := checkIdents(p.Prerelease, "prerelease channel", true); err != nil {
			return err
		}
		if isNumeric(p.Prerelease) || strings.Contains(p.Prerelease, ".") {
			return &ParseError{Input: p.Prerelease, Expected: "a prerelease channel that is one word, not a number", Err: ErrInvalidVersion}
		}
	}
	if p.Build != "" {
		if err := checkIdents(p.Build, "build metadata", false); err != nil {
			return err
		}
	}
	if v := p.Initial; v != nil {
		if v.Major() == 0 && v.Minor() == 0 && v.Patch() == 0 {
			return &ParseError{Input: v.String(), Expected: "an initial version above 0.0.0", Err: ErrInvalidVersion}
		}
		if err := checkIdents(v.Prerelease(), "initial prerelease", true); v.Prerelease() != "" && err != nil {
			return err
		}
	}
	return nil
}
