package git

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/release"
)

// ReplayStep is one release compared with what the policy computes from
// its commits.
type ReplayStep struct {
	// From and To are the tags of the previous release and this one.
	From, To Tag
	// FromVersion and ToVersion are their versions.
	FromVersion, ToVersion *semver.Version
	// Released is the level of the step as released: Major when the
	// major version changed, Minor when the minor did, Patch otherwise.
	Released release.Bump
	// Computed is the bump the policy computes from the commits between
	// the tags, None counted as Patch: a project that releases with
	// nothing releasable in its commits makes a patch release.
	Computed release.Bump
	// Proposal is the policy's answer: the reason and the commits that
	// decided it.
	Proposal release.Proposal
	// Commits is the number of commits between the tags.
	Commits int
	// Err is the policy's error for these commits (an invalid
	// Release-As, say); the step then does not match.
	Err error
}

// Match reports whether the policy computes the level that was released.
func (s ReplayStep) Match() bool { return s.Err == nil && s.Computed == s.Released }

// ReplayReport is the result of Replay: every step in version order, and
// how many the policy gets right.
type ReplayReport struct {
	Steps   []ReplayStep
	Matched int
	Total   int
}

// Mismatches returns the steps the policy gets wrong.
func (r ReplayReport) Mismatches() []ReplayStep {
	var out []ReplayStep
	for _, s := range r.Steps {
		if !s.Match() {
			out = append(out, s)
		}
	}
	return out
}

// String describes every mismatch with the commits that decided it and
// ends with the line "agreement: MATCHED/TOTAL". It is for people; the
// JSON form is the stable one.
func (r ReplayReport) String() string {
	var b strings.Builder
	for _, s := range r.Mismatches() {
		fmt.Fprintf(&b, "%s..%s: released %s, computed %s", s.From.Name, s.To.Name, s.Released, s.Computed)
		if s.Err != nil {
			fmt.Fprintf(&b, " (error: %v)\n", s.Err)
			continue
		}
		fmt.Fprintf(&b, " (%s; %d commits)\n", s.Proposal.Reason, s.Commits)
		for _, c := range s.Proposal.Causes {
			fmt.Fprintf(&b, "  %.7s %s\n", c.Hash, quoteControl(c.Header))
		}
	}
	fmt.Fprintf(&b, "agreement: %d/%d\n", r.Matched, r.Total)
	return b.String()
}

// MarshalJSON writes the report as
// {"matched":M,"total":T,"steps":[{"from":"v1.0.0","to":"v1.1.0","released":"minor","computed":"minor","match":true,"reason":"...","causes":["<hash>",...],"error":"..."}]}.
func (r ReplayReport) MarshalJSON() ([]byte, error) {
	type step struct {
		From     string       `json:"from"`
		To       string       `json:"to"`
		Released release.Bump `json:"released"`
		Computed release.Bump `json:"computed"`
		Match    bool         `json:"match"`
		Commits  int          `json:"commits"`
		Reason   string       `json:"reason,omitempty"`
		Causes   []string     `json:"causes,omitempty"`
		Error    string       `json:"error,omitempty"`
	}
	out := struct {
		Matched int    `json:"matched"`
		Total   int    `json:"total"`
		Steps   []step `json:"steps"`
	}{Matched: r.Matched, Total: r.Total, Steps: make([]step, 0, len(r.Steps))}
	for _, s := range r.Steps {
		js := step{From: s.From.Name, To: s.To.Name, Released: s.Released, Computed: s.Computed, Match: s.Match(),
			Commits: s.Commits, Reason: s.Proposal.Reason}
		for _, c := range s.Proposal.Causes {
			js.Causes = append(js.Causes, c.Hash)
		}
		if s.Err != nil {
			js.Error = s.Err.Error()
		}
		out.Steps = append(out.Steps, js)
	}
	return json.Marshal(out)
}

// Replay checks a policy against a project's own history before a host
// trusts it: it takes the releases under f whose tags are reachable from
// ref — stable versions only, in version order, one tag per version — and
// for each consecutive pair compares the bump p computes from the commits
// between the two tags with the level of the step actually released. A
// repository with fewer than two releases gives an empty report.
//
// It runs git log once per release, without reading changed files. The
// error is the first one reading the repository; a policy error for one
// step is recorded in that step.
func (r Repo) Replay(ctx context.Context, f release.TagFormat, p release.Policy, ref string) (ReplayReport, error) {
	if err := f.Validate(); err != nil {
		return ReplayReport{}, err
	}
	tags, err := r.TagsMerged(ctx, ref)
	if err != nil {
		return ReplayReport{}, err
	}
	type rel struct {
		tag Tag
		v   *semver.Version
	}
	var rels []rel
	for _, t := range tags {
		v, err := f.Parse(t.Name)
		if err != nil || t.Commit == "" || v.Prerelease() != "" {
			continue
		}
		rels = append(rels, rel{t, v})
	}
	// Tags arrive sorted by name, so for equal versions (v1.0.0 and
	// v1.0.0+build) the stable sort keeps the smallest name first.
	slices.SortStableFunc(rels, func(a, b rel) int { return a.v.Compare(b.v) })
	rels = slices.CompactFunc(rels, func(a, b rel) bool { return a.v.Equal(b.v) })

	var rep ReplayReport
	for i := 1; i < len(rels); i++ {
		a, b := rels[i-1], rels[i]
		commits, err := r.Commits(ctx, Range{From: a.tag.Commit, To: b.tag.Commit, NoFiles: true})
		if err != nil {
			return ReplayReport{}, err
		}
		s := ReplayStep{From: a.tag, To: b.tag, FromVersion: a.v, ToVersion: b.v, Released: level(a.v, b.v), Commits: len(commits)}
		s.Proposal, s.Err = p.Next(a.v, commits)
		s.Computed = max(s.Proposal.Bump, release.Patch)
		rep.Steps = append(rep.Steps, s)
		rep.Total++
		if s.Match() {
			rep.Matched++
		}
	}
	return rep, nil
}

// level is the level of the step from a to b.
func level(a, b *semver.Version) release.Bump {
	switch {
	case a.Major() != b.Major():
		return release.Major
	case a.Minor() != b.Minor():
		return release.Minor
	}
	return release.Patch
}

// quoteControl escapes control characters in text from a commit, so a
// report printed to a terminal cannot drive it.
func quoteControl(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	q := fmt.Sprintf("%+q", s)
	return q[1 : len(q)-1]
}
