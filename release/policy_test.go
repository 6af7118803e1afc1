package release

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commits parses messages and gives each a hash "h0", "h1", ... padded to 40
// hex-like characters, so reverts can name them.
func commits(msgs ...string) []Commit {
	out := make([]Commit, len(msgs))
	for i, m := range msgs {
		out[i] = ParseCommit(m)
		out[i].Hash = hashOf(i)
	}
	return out
}

func hashOf(i int) string { return fmt.Sprintf("%07x%033d", 0xabc0000+i, 0) }

func TestPolicyNext(t *testing.T) {
	cases := []struct {
		name    string
		policy  Policy
		current string // "" for none
		msgs    []string
		want    string // "" for nil
		bump    Bump
		causes  []string // headers
	}{
		{name: "feat is minor", current: "1.2.3", msgs: []string{"fix: a", "feat: b", "docs: c"}, want: "1.3.0", bump: Minor, causes: []string{"feat: b"}},
		{name: "fix is patch", current: "1.2.3", msgs: []string{"fix: a", "chore: b"}, want: "1.2.4", bump: Patch, causes: []string{"fix: a"}},
		{name: "perf is patch", current: "1.2.3", msgs: []string{"perf: a"}, want: "1.2.4", bump: Patch, causes: []string{"perf: a"}},
		{name: "breaking bang is major", current: "1.2.3", msgs: []string{"feat: a", "refactor!: b"}, want: "2.0.0", bump: Major, causes: []string{"refactor!: b"}},
		{name: "breaking footer is major", current: "1.2.3", msgs: []string{"fix: a\n\nBREAKING CHANGE: b"}, want: "2.0.0", bump: Major, causes: []string{"fix: a"}},
		{name: "nothing releasable", current: "1.2.3", msgs: []string{"docs: a", "chore: b", "Merge branch x"}, want: "1.2.3", bump: None},
		{name: "no commits", current: "1.2.3", want: "1.2.3", bump: None},
		{name: "type override", policy: Policy{Types: map[string]Bump{"docs": Patch, "feat": Patch}}, current: "1.2.3", msgs: []string{"docs: a", "feat: b"}, want: "1.2.4", bump: Patch, causes: []string{"docs: a", "feat: b"}},
		{name: "override cannot hide a break", policy: Policy{Types: map[string]Bump{"feat": None}}, current: "1.2.3", msgs: []string{"feat!: a"}, want: "2.0.0", bump: Major, causes: []string{"feat!: a"}},
		// Pre-1.0 rules.
		{name: "0.x breaking is major by default", current: "0.4.1", msgs: []string{"feat!: a"}, want: "1.0.0", bump: Major, causes: []string{"feat!: a"}},
		{name: "0.x breaking is minor by rule", policy: Policy{PreMajorBreakingMinor: true}, current: "0.4.1", msgs: []string{"feat!: a"}, want: "0.5.0", bump: Minor, causes: []string{"feat!: a"}},
		{name: "0.x feat is patch by rule", policy: Policy{PreMajorFeatPatch: true}, current: "0.4.1", msgs: []string{"feat: a"}, want: "0.4.2", bump: Patch, causes: []string{"feat: a"}},
		{name: "pre-major rules end at 1.0", policy: Policy{PreMajorBreakingMinor: true, PreMajorFeatPatch: true}, current: "1.0.0", msgs: []string{"feat!: a"}, want: "2.0.0", bump: Major, causes: []string{"feat!: a"}},
		{name: "0.x leaves only by Release-As", policy: Policy{PreMajorBreakingMinor: true}, current: "0.9.0", msgs: []string{"feat!: a", "chore: go stable\n\nRelease-As: 1.0.0"}, want: "1.0.0", bump: Major, causes: []string{"chore: go stable"}},
		// Prerelease channels.
		{name: "channel starts at .1", policy: Policy{Prerelease: "rc"}, current: "1.2.3", msgs: []string{"feat: a"}, want: "1.3.0-rc.1", bump: Minor, causes: []string{"feat: a"}},
		{name: "channel counts on", policy: Policy{Prerelease: "rc"}, current: "1.3.0-rc.1", msgs: []string{"fix: a"}, want: "1.3.0-rc.2", bump: Patch, causes: []string{"fix: a"}},
		{name: "feat on a minor prerelease counts on", policy: Policy{Prerelease: "rc"}, current: "1.3.0-rc.2", msgs: []string{"feat: a"}, want: "1.3.0-rc.3", bump: Minor, causes: []string{"feat: a"}},
		{name: "bigger bump moves the base", policy: Policy{Prerelease: "rc"}, current: "1.3.0-rc.2", msgs: []string{"feat!: a"}, want: "2.0.0-rc.1", bump: Major, causes: []string{"feat!: a"}},
		{name: "feat moves a patch prerelease", policy: Policy{Prerelease: "beta"}, current: "1.2.4-beta.3", msgs: []string{"feat: a"}, want: "1.3.0-beta.1", bump: Minor, causes: []string{"feat: a"}},
		{name: "channel change forward", policy: Policy{Prerelease: "rc"}, current: "1.3.0-beta.2", msgs: []string{"fix: a"}, want: "1.3.0-rc.1", bump: Patch, causes: []string{"fix: a"}},
		{name: "graduation", current: "1.3.0-rc.2", msgs: []string{"fix: a"}, want: "1.3.0", bump: Patch, causes: []string{"fix: a"}},
		{name: "graduation with a bigger bump", current: "1.3.0-rc.2", msgs: []string{"feat!: a"}, want: "2.0.0", bump: Major, causes: []string{"feat!: a"}},
		{name: "nothing releasable on a channel", policy: Policy{Prerelease: "rc"}, current: "1.3.0-rc.2", msgs: []string{"docs: a"}, want: "1.3.0-rc.2", bump: None},
		// Build metadata.
		{name: "build metadata", policy: Policy{Build: "sha.abc123"}, current: "1.2.3", msgs: []string{"fix: a"}, want: "1.2.4+sha.abc123", bump: Patch, causes: []string{"fix: a"}},
		// First releases.
		{name: "first release", msgs: []string{"feat: a"}, want: "1.0.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "first release from Initial", policy: Policy{Initial: semver.MustParse("0.1.0")}, msgs: []string{"fix: a"}, want: "0.1.0", bump: Patch, causes: []string{"fix: a"}},
		{name: "first release on a channel", policy: Policy{Prerelease: "alpha"}, msgs: []string{"fix: a"}, want: "1.0.0-alpha.1", bump: Patch, causes: []string{"fix: a"}},
		{name: "nothing to release first", msgs: []string{"chore: init"}, want: "", bump: None},
		// Release-As.
		{name: "Release-As", current: "1.2.3", msgs: []string{"fix: a", "chore: b\n\nRelease-As: 1.5.0"}, want: "1.5.0", bump: Minor, causes: []string{"chore: b"}},
		{name: "Release-As token any case, v prefix", current: "1.2.3", msgs: []string{"chore: b\n\nrelease-as: v2.0.0"}, want: "2.0.0", bump: Major, causes: []string{"chore: b"}},
		{name: "greatest Release-As wins", current: "1.2.3", msgs: []string{"chore: a\n\nRelease-As: 3.0.0", "chore: b\n\nRelease-As: 2.0.0"}, want: "3.0.0", bump: Major, causes: []string{"chore: a"}},
		// Reverts.
		{name: "revert cancels its target by hash", current: "1.2.3",
			msgs: []string{"Revert \"feat: a\"\n\nThis reverts commit " + hashOf(1) + ".", "feat: a", "fix: b"},
			want: "1.2.4", bump: Patch, causes: []string{"fix: b"}},
		{name: "revert cancels its target by header", current: "1.2.3",
			msgs: []string{"revert: feat: a", "feat: a"}, want: "1.2.3", bump: None},
		{name: "landed and reverted twice, by header", current: "1.2.3",
			// Each revert takes its own target, the nearest older one.
			msgs: []string{"revert: feat: a", "feat: a", "revert: feat: a", "feat: a"}, want: "1.2.3", bump: None},
		{name: "re-landed after a revert, by header", current: "1.2.3",
			msgs: []string{"feat: a", "revert: feat: a", "feat: a"}, want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "a revert never takes a newer commit", current: "1.2.3",
			// The revert is older than the feat: nothing cancels.
			msgs: []string{"feat: a", "revert: feat: a"}, want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "hash wins over header", current: "1.2.3",
			// The revert names a commit outside the range: the feat with the
			// same header in the range is a re-land and stands.
			msgs: []string{"Revert \"feat: a\"\n\nThis reverts commit 1111111111111111111111111111111111111111.", "feat: a"},
			want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "revert of a revert restores the target", current: "1.2.3",
			msgs: []string{
				"Revert \"Revert \"feat: a\"\"\n\nThis reverts commit " + hashOf(1) + ".",
				"Revert \"feat: a\"\n\nThis reverts commit " + hashOf(2) + ".",
				"feat: a"},
			want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "revert of an earlier release is a patch", current: "1.2.3",
			msgs: []string{"Revert \"feat: a\"\n\nThis reverts commit 2222222222222222222222222222222222222222."},
			want: "1.2.4", bump: Patch, causes: []string{`Revert "feat: a"`}},
		{name: "abbreviated hash", current: "1.2.3",
			msgs: []string{"Revert \"feat: a\"\n\nThis reverts commit " + hashOf(1)[:12] + ".", "feat: a"},
			want: "1.2.3", bump: None},
		{name: "git 2.43's Reapply restores the target", current: "1.2.3",
			msgs: []string{
				"Reapply \"feat: a\"\n\nThis reverts commit " + hashOf(1) + ".",
				"Revert \"feat: a\"\n\nThis reverts commit " + hashOf(2) + ".",
				"feat: a"},
			want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "Reapply by header", current: "1.2.3",
			msgs: []string{"Reapply \"feat: a\"", "Revert \"feat: a\"", "feat: a"},
			want: "1.3.0", bump: Minor, causes: []string{"feat: a"}},
		{name: "Release-As with a reason below", current: "1.2.3", msgs: []string{"chore: b\n\nRelease-As: 2.0.0\nbecause we are stable now"}, want: "2.0.0", bump: Major, causes: []string{"chore: b"}},
		{name: "squash-merged revert cancels by hash", current: "1.2.3",
			msgs: []string{"Revert \"feat: a (#12)\" (#13)\n\nThis reverts commit " + hashOf(1) + ".", "feat: a (#12)"},
			want: "1.2.3", bump: None},
		{name: "spec revert with a Refs footer", current: "1.2.3",
			msgs: []string{"revert: other words\n\nRefs: " + hashOf(1)[:7], "feat: a"},
			want: "1.2.3", bump: None},
		{name: "reverted Release-As is ignored", current: "1.2.3",
			msgs: []string{"Revert \"chore: b\"\n\nThis reverts commit " + hashOf(1) + ".", "chore: b\n\nRelease-As: 5.0.0", "fix: c"},
			want: "1.2.4", bump: Patch, causes: []string{"fix: c"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cur *semver.Version
			if tc.current != "" {
				cur = semver.MustParse(tc.current)
			}
			got, err := tc.policy.Next(cur, commits(tc.msgs...))
			require.NoError(t, err)
			if tc.want == "" {
				assert.Nil(t, got.Version, "version")
			} else if assert.NotNil(t, got.Version, "version") {
				assert.Equal(t, tc.want, got.Version.String(), "version")
			}
			assert.Equal(t, tc.bump, got.Bump, "bump")
			assert.Equal(t, tc.bump != None, got.Releasable(), "releasable")
			var causes []string
			for _, c := range got.Causes {
				causes = append(causes, c.Header)
			}
			assert.Equal(t, tc.causes, causes, "causes")
			assert.NotEmpty(t, got.Reason, "a reason is always given")
		})
	}
}

func TestPolicyNextErrors(t *testing.T) {
	cases := []struct {
		name    string
		policy  Policy
		current string
		msgs    []string
		err     error
		says    string
	}{
		{name: "Release-As not greater", current: "2.0.0", msgs: []string{"chore: a\n\nRelease-As: 1.9.0"}, err: ErrReleaseAs, says: "greater than the current 2.0.0"},
		{name: "Release-As equal", current: "2.0.0", msgs: []string{"chore: a\n\nRelease-As: 2.0.0"}, err: ErrReleaseAs, says: "(commit abc0000)"},
		{name: "Release-As not a version", current: "2.0.0", msgs: []string{"chore: a\n\nRelease-As: soon"}, err: ErrReleaseAs, says: "Release-As footer"},
		{name: "channel going backwards", policy: Policy{Prerelease: "beta"}, current: "1.3.0-rc.1", msgs: []string{"fix: a"}, err: ErrInvalidVersion, says: "sorts after"},
		{name: "bad channel", policy: Policy{Prerelease: "r c"}, current: "1.0.0", msgs: []string{"fix: a"}, err: ErrInvalidVersion, says: "prerelease channel"},
		{name: "numeric channel", policy: Policy{Prerelease: "7"}, current: "1.0.0", msgs: []string{"fix: a"}, err: ErrInvalidVersion, says: "not a number"},
		{name: "bad build", policy: Policy{Build: "a..b"}, current: "1.0.0", msgs: []string{"fix: a"}, err: ErrInvalidVersion, says: "build metadata"},
		{name: "overflow", current: "18446744073709551615.0.0", msgs: []string{"feat!: a"}, err: ErrInvalidVersion, says: "overflow"},
		{name: "Initial 0.0.0", policy: Policy{Initial: semver.MustParse("0.0.0")}, current: "1.0.0", msgs: []string{"fix: a"}, err: ErrInvalidVersion, says: "above 0.0.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cur, err := ParseVersion(tc.current)
			require.NoError(t, err)
			_, err = tc.policy.Next(cur, commits(tc.msgs...))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.err)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestZeroPolicy(t *testing.T) {
	var p Policy
	got, err := p.Next(semver.MustParse("1.0.0"), commits("feat: x"))
	require.NoError(t, err)
	assert.Equal(t, "1.1.0", got.Version.String(), "the zero Policy is the Conventional Commits convention")
}

func TestProposalRendering(t *testing.T) {
	var p Policy
	pr, err := p.Next(semver.MustParse("1.2.3"), commits("revert: fix: y", "fix: y", "feat(api): add x")) // newest first
	require.NoError(t, err)
	assert.Equal(t, "1.2.3 -> 1.3.0 (minor): new feature\n  abc0002 feat(api): add x\n", pr.String())
	b, err := json.Marshal(pr)
	require.NoError(t, err)
	var back struct {
		Current, Version, Bump string
		Causes                 []Commit
		Cancelled              []Commit
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "1.2.3", back.Current)
	assert.Equal(t, "1.3.0", back.Version)
	assert.Equal(t, "minor", back.Bump)
	assert.Len(t, back.Causes, 1)
	assert.Len(t, back.Cancelled, 2, "the revert and the fix it cancels")
	assert.Contains(t, pr.LogValue().String(), "minor")
}

func TestBumpText(t *testing.T) {
	for b := None; b <= Major; b++ {
		text, err := b.MarshalText()
		require.NoError(t, err)
		var back Bump
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, b, back)
		assert.Equal(t, string(text), b.String())
	}
	assert.True(t, None < Patch && Patch < Minor && Minor < Major, "bumps are ordered")
	_, err := Bump(9).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Bump(9)", Bump(9).String())
	var b Bump
	assert.Error(t, b.UnmarshalText([]byte("huge")))
}

// Cancelling is linear: many reverts, each of its own commit.
func TestManyReverts(t *testing.T) {
	var msgs []string
	for i := range 2000 {
		msgs = append(msgs, fmt.Sprintf("feat: f%d", i))
	}
	for i := range 2000 {
		msgs = append(msgs, fmt.Sprintf("Revert \"feat: f%d\"\n\nThis reverts commit %s.", i, hashOf(i)))
	}
	var p Policy
	got, err := p.Next(semver.MustParse("1.0.0"), commits(msgs...))
	require.NoError(t, err)
	assert.Equal(t, None, got.Bump)
	assert.Len(t, got.Cancelled, 4000)
}

func TestBumpOfGitRevert(t *testing.T) {
	var p Policy
	assert.Equal(t, Patch, p.BumpOf(ParseCommit(`Revert "feat: x"`)))
	assert.Equal(t, None, p.BumpOf(ParseCommit(`Reverted things`)))
	assert.True(t, strings.HasPrefix(p.BumpOf(ParseCommit("x")).String(), "none"))
}

func TestCancelled(t *testing.T) {
	cs := commits(
		"Revert \"Revert \\\"feat: a\\\"\"\n\nThis reverts commit "+hashOf(1)+".",
		"Revert \"feat: a\"\n\nThis reverts commit "+hashOf(2)+".",
		"feat: a",
		"revert: fix: gone long ago",
		"fix: b",
	)
	// The revert of the revert cancels the revert; feat: a stands; a revert
	// whose target is not in the list stands.
	assert.Equal(t, []bool{true, true, false, false, false}, Cancelled(cs))
	assert.Nil(t, Cancelled(commits("fix: x", "feat: y")), "nil when nothing is cancelled")
}
