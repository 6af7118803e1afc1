package release_test

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayHistory is a project's history: the commits of each release, then
// its tag. Each release's level is what its maintainers chose; the replay
// must find it from the commits alone. "{hash:<header>}" stands for the
// hash of the earlier commit with that header. Commits in topic are made on
// a branch that starts where the previous release left off and is merged
// (with a merge commit) after the commits in msgs.
var replayHistory = []struct {
	tag   string
	msgs  []string
	topic []string
}{
	{tag: "v1.0.0", msgs: []string{"feat: initial release", "docs: readme"}},
	{tag: "v1.0.1", msgs: []string{"fix: handle empty input", "docs: usage"}},
	{tag: "v1.1.0", msgs: []string{"feat(cli): add --dry-run", "fix: typo in help"}},
	// Nothing releasable, released anyway: counts as a patch.
	{tag: "v1.1.1", msgs: []string{"chore: bump CI image", "docs: changelog links"}},
	{tag: "v2.0.0", msgs: []string{"feat!: drop the v1 config format", "fix: a"}},
	// A feature and its revert cancel: the fix makes it a patch.
	{tag: "v2.0.1", msgs: []string{
		"feat(api): experimental streaming",
		"fix(api): close bodies",
		"Revert \"feat(api): experimental streaming\"\n\nThis reverts commit {hash:feat(api): experimental streaming}.",
	}},
	{tag: "v3.0.0", msgs: []string{"chore: prepare the next major\n\nRelease-As: 3.0.0"}},
	// A feature merged from a branch, with a merge commit.
	{tag: "v3.1.0", msgs: []string{"fix: race in the cache"}, topic: []string{"feat(export): CSV", "test: CSV export"}},
	// A multi-paragraph breaking note in the footers.
	{tag: "v4.0.0", msgs: []string{"refactor(config): one options object\n\nWhy.\n\nBREAKING CHANGE: options moved.\n\nOld:\nf(a, b)\n\nNew:\nf({a, b})"}},
	// A dependency update that quotes another project's changelog is no break.
	{tag: "v4.1.0", msgs: []string{
		"feat(api): pagination",
		"chore(deps): update parser to v9\n\nRelease notes:\n\n* feat!: dropped node 12\n* BREAKING CHANGE: new AST\n\nSigned-off-by: bot <bot@example.com>",
	}},
	{tag: "v4.1.1", msgs: []string{"perf: cache lookups", "Merge branch 'topic'"}},
	// A skipped version number is still a minor step.
	{tag: "v4.3.0", msgs: []string{"feat: export metrics"}},
	{tag: "v4.3.1", msgs: []string{"fix(deps): update yaml\n\nRefs: #12"}},
	// A revert that is itself reverted: the feature is back.
	{tag: "v4.4.0", msgs: []string{
		"feat: plugins",
		"Revert \"feat: plugins\"\n\nThis reverts commit {hash:feat: plugins}.",
		"Revert \"Revert \"feat: plugins\"\"\n\nThis reverts commit {hash:Revert \"feat: plugins\"}.",
	}},
	// A revert whose target was released before stands on its own.
	{tag: "v4.4.1", msgs: []string{"Revert \"feat: export metrics\"\n\nThis reverts commit {hash:feat: export metrics}.\n\nIt leaked memory."}},
	{tag: "v5.0.0", msgs: []string{"fix: stricter parsing\n\nBREAKING-CHANGE: invalid input is now an error"}},
	// CRLF line endings, and bytes the log reader must not split on.
	{tag: "v5.0.1", msgs: []string{"fix: windows paths\r\n\r\nRefs: #40\r\n", "docs: a \x1e record separator, a \x1f unit separator"}},
	{tag: "v6.0.0", msgs: []string{"fix(io): keep line endings\r\n\r\nBREAKING CHANGE: CRLF is no longer rewritten\r\n"}},
	{tag: "v6.1.0", msgs: []string{"feat: a", "feat(ui): b", "fix: c", "style: format"}},
	{tag: "v7.0.0", msgs: []string{"feat(api)!: rename Client.Do to Client.Send", "docs: migration guide"}},
}

// replayEnv makes the repository the same on every machine: fixed names,
// and what `git -c` would set for every command, so that a user's
// configuration cannot sign commits or name the branch otherwise (gitrun
// already ignores the global and system configuration files). Dates are
// added per commit.
var replayEnv = []string{
	"GIT_AUTHOR_NAME=Replay", "GIT_AUTHOR_EMAIL=replay@example.com",
	"GIT_COMMITTER_NAME=Replay", "GIT_COMMITTER_EMAIL=replay@example.com",
	"GIT_CONFIG_COUNT=3",
	"GIT_CONFIG_KEY_0=init.defaultBranch", "GIT_CONFIG_VALUE_0=main",
	"GIT_CONFIG_KEY_1=commit.gpgsign", "GIT_CONFIG_VALUE_1=false",
	"GIT_CONFIG_KEY_2=tag.gpgsign", "GIT_CONFIG_VALUE_2=false",
}

// gitRun runs git in repo and fails the test on an error.
func gitRun(t *testing.T, repo gitrun.Repo, args ...string) string {
	t.Helper()
	out, err := repo.Run(t.Context(), args...)
	require.NoError(t, err, "git %s", strings.Join(args, " "))
	return out
}

func TestReplayAgreesWithReleasedLevels(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: replayEnv}
	require.NoError(t, repo.Init(ctx))

	// Each commit is a minute after the one before.
	clock := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	dated := func() gitrun.Repo {
		clock = clock.Add(time.Minute)
		d := clock.Format(time.RFC3339)
		r := repo
		r.Env = append(slices.Clone(repo.Env), "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
		return r
	}
	hashes := map[string]string{}
	commit := func(msg string) {
		t.Helper()
		if before, rest, ok := strings.Cut(msg, "{hash:"); ok {
			header, after, _ := strings.Cut(rest, "}")
			require.Contains(t, hashes, header, "a revert names an earlier commit")
			msg = before + hashes[header] + after
		}
		hash, err := dated().Commit(ctx, msg)
		require.NoError(t, err)
		header, _, _ := strings.Cut(msg, "\n")
		hashes[header] = hash
	}
	commits := 0
	for i, rel := range replayHistory {
		branch := fmt.Sprintf("topic-%d", i)
		if len(rel.topic) > 0 {
			gitRun(t, repo, "checkout", "-q", "-b", branch)
			for _, msg := range rel.topic {
				commit(msg)
			}
			gitRun(t, repo, "checkout", "-q", "main")
		}
		for _, msg := range rel.msgs {
			commit(msg)
		}
		if len(rel.topic) > 0 {
			gitRun(t, dated(), "merge", "-q", "--no-ff", "-m", "Merge branch '"+branch+"'", branch)
			commits++
		}
		gitRun(t, repo, "tag", rel.tag)
		commits += len(rel.msgs) + len(rel.topic)
	}
	t.Logf("%d commits, %d releases, HEAD %s", commits, len(replayHistory), strings.TrimSpace(gitRun(t, repo, "rev-parse", "HEAD")))

	format := release.TagFormat("v{version}")
	var tags []release.Tag
	for _, name := range strings.Fields(gitRun(t, repo, "tag", "--list")) {
		v, err := format.Parse(name)
		require.NoError(t, err)
		tags = append(tags, release.Tag{Name: name, Version: v})
	}
	slices.SortFunc(tags, func(a, b release.Tag) int { return a.Version.Compare(b.Version) })
	require.Len(t, tags, len(replayHistory))

	var policy release.Policy
	matched := 0
	for i := 1; i < len(tags); i++ {
		prev, next := tags[i-1], tags[i]
		commits, err := repo.Log(ctx, prev.Name, next.Name)
		require.NoError(t, err)
		require.NotEmpty(t, commits, "%s..%s", prev.Name, next.Name)
		got, err := policy.Next(prev.Version, commits)
		require.NoError(t, err, "%s..%s", prev.Name, next.Name)
		bump := max(got.Bump, release.Patch) // a release with nothing releasable counts as a patch
		want := level(prev.Version, next.Version)
		if bump == want {
			matched++
			continue
		}
		var b strings.Builder
		for _, c := range commits {
			fmt.Fprintf(&b, "\n  %.7s %-5s %q", c.Hash, policy.BumpOf(c), c.Header)
		}
		assert.Failf(t, "replay disagrees", "%s..%s: released as %s, policy says %s\nproposal: %scommits:%s",
			prev.Name, next.Name, want, bump, got, b.String())
	}
	t.Logf("agreement: %d/%d", matched, len(tags)-1)
}

// level is the size of the step a project took from a to b.
func level(a, b *semver.Version) release.Bump {
	switch {
	case a.Major() != b.Major():
		return release.Major
	case a.Minor() != b.Minor():
		return release.Minor
	}
	return release.Patch
}
