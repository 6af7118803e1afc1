package git_test

import (
	"path/filepath"
	"testing"

	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTags(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	one := f.commit("feat: one")
	f.git("tag", "v1.0.0")
	f.git("tag", "-a", "-m", "release 1.0.0", "also-1.0.0") // two tags on one commit, one annotated
	f.git("tag", "-a", "-m", "a tag of a tag", "nested", "also-1.0.0")
	f.git("tag", "tree-tag", "HEAD^{tree}")
	f.git("checkout", "-q", "-b", "side")
	f.write("b", "1")
	side := f.commit("feat: side")
	f.git("tag", "v1.1.0-side")
	f.git("checkout", "-q", "main")
	f.write("c", "1")
	two := f.commit("fix: two")
	f.git("tag", "-a", "-m", "2", "v1.0.1")
	repo := git.Repo{Dir: f.dir}

	all, err := repo.Tags(t.Context())
	require.NoError(t, err)
	got := map[string]git.Tag{}
	var names []string
	for _, tag := range all {
		got[tag.Name] = tag
		names = append(names, tag.Name)
	}
	assert.Equal(t, []string{"also-1.0.0", "nested", "tree-tag", "v1.0.0", "v1.0.1", "v1.1.0-side"}, names, "sorted by name")
	assert.Equal(t, one, got["v1.0.0"].Commit)
	assert.False(t, got["v1.0.0"].Annotated)
	assert.Equal(t, one, got["also-1.0.0"].Commit, "an annotated tag is followed to its commit")
	assert.True(t, got["also-1.0.0"].Annotated)
	assert.Equal(t, one, got["nested"].Commit, "a tag of a tag is followed to the commit")
	assert.Empty(t, got["tree-tag"].Commit, "a tag of a tree points to no commit")
	assert.Equal(t, side, got["v1.1.0-side"].Commit)
	assert.Equal(t, two, got["v1.0.1"].Commit)
	assert.False(t, got["v1.0.0"].Date.IsZero())

	merged, err := repo.TagsMerged(t.Context(), "main")
	require.NoError(t, err)
	names = nil
	for _, tag := range merged {
		names = append(names, tag.Name)
	}
	assert.Equal(t, []string{"also-1.0.0", "nested", "v1.0.0", "v1.0.1"}, names, "the side branch's tag and the tree's tag are not on main")

	tag, v, err := repo.LatestTag(t.Context(), "v{version}", "", "main")
	require.NoError(t, err)
	assert.Equal(t, "v1.0.1", tag.Name)
	assert.Equal(t, two, tag.Commit)
	assert.Equal(t, "1.0.1", v.String())

	tag, _, err = repo.LatestTag(t.Context(), "v{version}", "side", "side")
	require.NoError(t, err)
	assert.Equal(t, "v1.1.0-side", tag.Name, "the side channel's prerelease")

	_, _, err = repo.LatestTag(t.Context(), "v{versoin}", "", "main")
	assert.ErrorIs(t, err, release.ErrInvalidTagFormat, "a typo in the format is an error, not a first release")
}

func TestLatestTagNone(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: one")
	f.git("tag", "not-a-version")
	f.git("tag", "v1.2") // not strict SemVer: never guessed
	_, _, err := git.Repo{Dir: f.dir}.LatestTag(t.Context(), "", "", "HEAD")
	assert.ErrorIs(t, err, git.ErrNoTag)
	assert.NotErrorIs(t, err, git.ErrShallow)
}

// A CI job's checkout is often shallow (actions/checkout fetches one
// commit by default). The previous release tag or the commits back to it
// may be missing; each case must say so, never propose a first release or
// a bump from part of the history.
func TestShallowClone(t *testing.T) {
	f := newFixture(t)
	for i, msg := range []string{"feat: a", "fix: b", "fix: c", "feat: d", "fix: e"} {
		f.write("f", msg)
		f.commit(msg)
		if i == 1 {
			f.git("tag", "v1.0.0")
		}
	}
	clone := filepath.Join(t.TempDir(), "clone")
	f.git("clone", "-q", "--depth", "1", "--no-tags", "file://"+f.dir, clone)
	repo := git.Repo{Dir: clone}

	shallow, err := repo.IsShallow(t.Context())
	require.NoError(t, err)
	assert.True(t, shallow)

	_, _, err = repo.LatestTag(t.Context(), "v{version}", "", "HEAD")
	assert.ErrorIs(t, err, git.ErrShallow, "no tag fetched: not a first release")
	assert.Contains(t, err.Error(), "--unshallow")

	_, err = repo.Commits(t.Context(), git.Range{})
	assert.ErrorIs(t, err, git.ErrShallow, "the whole history is not there")
	_, err = repo.Commits(t.Context(), git.Range{From: "v1.0.0"})
	assert.ErrorIs(t, err, git.ErrShallow, "the tag is not there")
	n := 0
	for c, err := range repo.Log(t.Context(), git.Range{}) {
		if err != nil {
			break
		}
		assert.NotEmpty(t, c.Files)
		n++
	}
	assert.Equal(t, 0, n, "the boundary commit, whose parent is missing, is not yielded")

	// The tag fetched but not the commits back to it.
	f.git("-C", clone, "fetch", "-q", "--depth", "2", "origin", "tag", "v1.0.0")
	_, err = repo.Commits(t.Context(), git.Range{From: "v1.0.0"})
	assert.ErrorIs(t, err, git.ErrShallow, "the commits between the tag and HEAD are cut")

	// Deep enough: the range is complete.
	f.git("-C", clone, "fetch", "-q", "--deepen", "5")
	commits, err := repo.Commits(t.Context(), git.Range{From: "v1.0.0"})
	require.NoError(t, err)
	assert.Len(t, commits, 3)
	tag, _, err := repo.LatestTag(t.Context(), "v{version}", "", "HEAD")
	require.NoError(t, err)
	assert.Equal(t, "v1.0.0", tag.Name)
}
