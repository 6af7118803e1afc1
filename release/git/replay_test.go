package git_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
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

	// Noise Replay must ignore: a prerelease, a tag that is no version, a
	// second tag of one version with build metadata, and a release made on
	// a branch that was never merged.
	gitRun(t, repo, "tag", "v7.1.0-rc.1")
	gitRun(t, repo, "tag", "latest")
	gitRun(t, repo, "tag", "v7.0.0+build.5", "v7.0.0")
	gitRun(t, repo, "checkout", "-q", "-b", "abandoned")
	commit("feat!: never merged")
	gitRun(t, repo, "tag", "v8.0.0")
	gitRun(t, repo, "checkout", "-q", "main")

	report, err := git.Repo{Dir: repo.Dir}.Replay(ctx, "v{version}", release.Policy{}, "main")
	require.NoError(t, err)
	assert.Equal(t, len(replayHistory)-1, report.Total)
	for _, s := range report.Mismatches() {
		assert.Failf(t, "replay disagrees", "%s..%s: released as %s, policy says %s\nproposal: %s",
			s.From.Name, s.To.Name, s.Released, s.Computed, s.Proposal)
	}
	for _, s := range report.Steps {
		assert.NotZero(t, s.Commits, "%s..%s", s.From.Name, s.To.Name)
	}
	assert.Equal(t, report.Total, report.Matched)
	assert.True(t, strings.HasSuffix(report.String(), fmt.Sprintf("agreement: %d/%d\n", report.Total, report.Total)))

	// A policy that treats features as patches disagrees where features
	// were released, and the report names the steps and their reasons.
	report, err = git.Repo{Dir: repo.Dir}.Replay(ctx, "", release.Policy{Types: map[string]release.Bump{"feat": release.Patch}}, "main")
	require.NoError(t, err)
	var bad []string
	for _, s := range report.Mismatches() {
		bad = append(bad, s.To.Name)
	}
	assert.Equal(t, []string{"v1.1.0", "v3.1.0", "v4.1.0", "v4.3.0", "v4.4.0", "v6.1.0"}, bad)
	assert.Contains(t, report.String(), "v1.0.1..v1.1.0: released minor, computed patch")
	assert.Contains(t, report.String(), fmt.Sprintf("agreement: %d/%d", report.Total-len(bad), report.Total))
	js, err := json.Marshal(report)
	require.NoError(t, err)
	assert.Contains(t, string(js), `{"from":"v1.0.1","to":"v1.1.0","released":"minor","computed":"patch","match":false,`)
}

func TestReplayFewReleases(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: a")
	repo := git.Repo{Dir: f.dir}
	report, err := repo.Replay(t.Context(), "", release.Policy{}, "HEAD")
	require.NoError(t, err)
	assert.Zero(t, report.Total, "no releases")
	f.git("tag", "v1.0.0")
	report, err = repo.Replay(t.Context(), "", release.Policy{}, "HEAD")
	require.NoError(t, err)
	assert.Equal(t, "agreement: 0/0\n", report.String(), "one release")
	_, err = repo.Replay(t.Context(), "v{version", release.Policy{}, "HEAD")
	assert.ErrorIs(t, err, release.ErrInvalidTagFormat)
	_, err = repo.Replay(t.Context(), "", release.Policy{}, "nope")
	assert.ErrorIs(t, err, git.ErrUnknownRef)
}
