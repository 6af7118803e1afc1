package release_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayHistory is a project's history: the commits of each release, then
// its tag. Each release's level is what its maintainers chose; the replay
// must find it from the commits alone. "{hash:<header>}" stands for the
// hash of the earlier commit with that header.
var replayHistory = []struct {
	tag  string
	msgs []string
}{
	{"v1.0.0", []string{"feat: initial release"}},
	{"v1.0.1", []string{"fix: handle empty input", "docs: usage"}},
	{"v1.1.0", []string{"feat(cli): add --dry-run", "fix: typo in help"}},
	// Nothing releasable, released anyway: counts as a patch.
	{"v1.1.1", []string{"chore: bump CI image", "docs: changelog links"}},
	{"v2.0.0", []string{"feat!: drop the v1 config format", "fix: a"}},
	// A feature and its revert cancel: the fix makes it a patch.
	{"v2.0.1", []string{
		"feat(api): experimental streaming",
		"fix(api): close bodies",
		"Revert \"feat(api): experimental streaming\"\n\nThis reverts commit {hash:feat(api): experimental streaming}.",
	}},
	{"v3.0.0", []string{"chore: prepare the next major\n\nRelease-As: 3.0.0"}},
	// A multi-paragraph breaking note in the footers.
	{"v4.0.0", []string{"refactor(config): one options object\n\nWhy.\n\nBREAKING CHANGE: options moved.\n\nOld:\nf(a, b)\n\nNew:\nf({a, b})"}},
	// A dependency update that quotes another project's changelog is no break.
	{"v4.1.0", []string{
		"feat(api): pagination",
		"chore(deps): update parser to v9\n\nRelease notes:\n\n* feat!: dropped node 12\n* BREAKING CHANGE: new AST\n\nSigned-off-by: bot <bot@example.com>",
	}},
	{"v4.1.1", []string{"perf: cache lookups", "Merge branch 'topic'"}},
	// A skipped version number is still a minor step.
	{"v4.3.0", []string{"feat: export metrics"}},
	{"v4.3.1", []string{"fix(deps): update yaml\n\nRefs: #12"}},
	{"v5.0.0", []string{"fix: stricter parsing\n\nBREAKING-CHANGE: invalid input is now an error"}},
}

func TestReplayAgreesWithReleasedLevels(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: []string{
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
	}}
	require.NoError(t, repo.Init(ctx))
	hashes := map[string]string{}
	for _, rel := range replayHistory {
		for _, msg := range rel.msgs {
			if before, rest, ok := strings.Cut(msg, "{hash:"); ok {
				header, after, _ := strings.Cut(rest, "}")
				require.Contains(t, hashes, header, "a revert names an earlier commit")
				msg = before + hashes[header] + after
			}
			hash, err := repo.Commit(ctx, msg)
			require.NoError(t, err)
			header, _, _ := strings.Cut(msg, "\n")
			hashes[header] = hash
		}
		_, err := repo.Run(ctx, "tag", rel.tag)
		require.NoError(t, err)
	}

	names, err := repo.Tags(ctx)
	require.NoError(t, err)
	var tags []release.Tag
	for _, name := range names {
		v, err := release.DefaultTagFormat.Parse(name)
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
		got, err := policy.Next(prev.Version, commits)
		require.NoError(t, err, "%s..%s", prev.Name, next.Name)
		bump := max(got.Bump, release.Patch) // a release with nothing releasable counts as a patch
		if want := level(prev.Version, next.Version); assert.Equal(t, want, bump, "%s..%s: %s", prev.Name, next.Name, got) {
			matched++
		}
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
