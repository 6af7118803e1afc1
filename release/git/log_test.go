package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogReadsEverything(t *testing.T) {
	f := newFixture(t)
	f.write("README.md", "hello\nhello again\nand more\nand more\n", "logo.png", "\x89PNG\x00\x01\x02")
	first := f.commit("feat: first\n\nSome body.\n\nRefs: #1")
	f.write("README.md", "", "docs/README.md", "hello\nhello again\nand more\nand more\nworld\n")
	second := f.commit("docs: move the readme")
	empty := f.commit("chore: nothing at all")
	// A side branch merged with a merge commit.
	f.git("checkout", "-q", "-b", "topic")
	f.write("src/a.go", "package a\n\nfunc A() {}\n")
	branch := f.commit("fix(a)!: a breaks\n\nBREAKING CHANGE: A is new.")
	f.git("checkout", "-q", "main")
	f.write("odd\tname\n\"quoted\" é.txt", "x\n")
	mainline := f.commit("feat: odd path")
	f.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
	merge := f.git("rev-parse", "HEAD")

	commits, err := git.Repo{Dir: f.dir}.Commits(t.Context(), git.Range{})
	require.NoError(t, err)
	byHash := map[string]release.Commit{}
	for _, c := range commits {
		byHash[c.Hash] = c
	}
	require.Len(t, commits, 6)
	assert.Equal(t, merge, commits[0].Hash, "newest first")

	c := byHash[first]
	assert.Equal(t, "feat", c.Type)
	assert.Equal(t, "Some body.", c.Body)
	assert.Empty(t, c.Parents, "a root commit")
	assert.Equal(t, release.Person{Name: "Ada", Email: "ada@example.com"}, c.Author)
	assert.Equal(t, "2026-01-01T01:00:00+02:00", c.AuthorTime.Format(time.RFC3339), "the author's zone is kept")
	assert.Equal(t, "2026-01-02T01:00:00Z", c.CommitTime.UTC().Format(time.RFC3339))
	assert.Equal(t, []release.FileChange{
		{Path: "README.md", Added: 4},
		{Path: "logo.png", Binary: true},
	}, c.Files)

	c = byHash[second]
	assert.Equal(t, []string{first}, c.Parents)
	assert.Equal(t, []release.FileChange{{Path: "docs/README.md", OldPath: "README.md", Added: 1}}, c.Files, "a rename keeps the old path")

	assert.Empty(t, byHash[empty].Files, "an empty commit")
	assert.True(t, byHash[branch].Breaking)
	assert.Equal(t, []release.FileChange{{Path: "src/a.go", Added: 3}}, byHash[branch].Files)
	assert.Equal(t, []release.FileChange{{Path: "odd\tname\n\"quoted\" é.txt", Added: 1}}, byHash[mainline].Files, "paths are taken verbatim")

	m := byHash[merge]
	assert.Equal(t, []string{mainline, branch}, m.Parents)
	assert.Empty(t, m.Files, "a merge has no files of its own")
}

func TestLogRanges(t *testing.T) {
	f := newFixture(t)
	f.write("api/x.go", "1")
	f.commit("feat(api): x")
	f.git("tag", "v1.0.0")
	f.write("web/y.js", "1")
	f.commit("feat(web): y")
	f.git("checkout", "-q", "-b", "topic")
	f.write("api/z.go", "1")
	f.commit("fix(api): z")
	f.git("checkout", "-q", "main")
	f.git("merge", "-q", "--no-ff", "-m", "Merge topic", "topic")
	repo := git.Repo{Dir: f.dir}

	headers := func(rng git.Range) []string {
		t.Helper()
		commits, err := repo.Commits(t.Context(), rng)
		require.NoError(t, err)
		var out []string
		for _, c := range commits {
			out = append(out, c.Header)
			if rng.NoFiles {
				assert.Nil(t, c.Files)
			}
		}
		return out
	}
	assert.Equal(t, []string{"Merge topic", "fix(api): z", "feat(web): y"}, headers(git.Range{From: "v1.0.0"}))
	assert.Equal(t, []string{"fix(api): z"}, headers(git.Range{From: "v1.0.0", Paths: []string{"api"}}))
	assert.Equal(t, []string{"Merge topic", "feat(web): y"}, headers(git.Range{From: "v1.0.0", FirstParent: true}))
	assert.Equal(t, []string{"Merge topic", "fix(api): z", "feat(web): y"}, headers(git.Range{From: "v1.0.0", NoFiles: true}))
	assert.Empty(t, headers(git.Range{From: "HEAD"}))

	// With FirstParent a merge carries its changes against the first parent.
	commits, err := repo.Commits(t.Context(), git.Range{From: "v1.0.0", FirstParent: true})
	require.NoError(t, err)
	assert.Equal(t, []release.FileChange{{Path: "api/z.go", Added: 1}}, commits[0].Files)

	// Paths are literal: pathspec magic is a file name.
	assert.Empty(t, headers(git.Range{Paths: []string{":(exclude)api"}}))
	assert.Empty(t, headers(git.Range{Paths: []string{"*"}}))
}

// Refs and paths come from users: one that looks like an option must stay a
// ref, and write nothing.
func TestLogRefsAreNeverOptions(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: a")
	repo := git.Repo{Dir: f.dir}
	target := filepath.Join(t.TempDir(), "pwned")
	for _, ref := range []string{"--output=" + target, "-p", "--all", "-"} {
		_, err := repo.Commits(t.Context(), git.Range{To: ref})
		assert.ErrorIs(t, err, git.ErrUnknownRef, "ref %q", ref)
		_, err = repo.Commits(t.Context(), git.Range{From: ref})
		assert.ErrorIs(t, err, git.ErrUnknownRef, "ref %q", ref)
		_, err = repo.TagsMerged(t.Context(), ref)
		assert.ErrorIs(t, err, git.ErrUnknownRef, "ref %q", ref)
	}
	_, err := repo.Commits(t.Context(), git.Range{Paths: []string{"--output=" + target}})
	assert.NoError(t, err)
	assert.NoFileExists(t, target)

	// A branch that really has such a name is read as a branch.
	f.git("update-ref", "refs/heads/--output="+target, "HEAD")
	commits, err := repo.Commits(t.Context(), git.Range{To: "--output=" + target})
	require.NoError(t, err)
	assert.Len(t, commits, 1)
	assert.NoFileExists(t, target)
}

func TestLogErrors(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: a")
	ctx := t.Context()

	_, err := git.Repo{Dir: t.TempDir()}.Commits(ctx, git.Range{})
	assert.ErrorIs(t, err, git.ErrNotRepository)
	_, err = git.Repo{Dir: filepath.Join(t.TempDir(), "missing")}.Commits(ctx, git.Range{})
	assert.ErrorIs(t, err, git.ErrNotRepository)
	_, err = git.Repo{Dir: f.dir, Git: filepath.Join(t.TempDir(), "no-git")}.Commits(ctx, git.Range{})
	assert.ErrorIs(t, err, git.ErrGitNotFound)
	t.Setenv("PATH", t.TempDir())
	_, err = git.Repo{Dir: f.dir}.Commits(ctx, git.Range{})
	assert.ErrorIs(t, err, git.ErrGitNotFound)
}

func TestLogUnknownRef(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: a")
	_, err := git.Repo{Dir: f.dir}.Commits(t.Context(), git.Range{From: "v9.9.9"})
	require.ErrorIs(t, err, git.ErrUnknownRef)
	assert.Contains(t, err.Error(), `"v9.9.9"`, "the message names the ref")
	var ge *git.Error
	assert.True(t, errors.As(err, &ge))

	// An empty repository has no HEAD yet.
	empty := newFixture(t)
	_, err = git.Repo{Dir: empty.dir}.Commits(t.Context(), git.Range{})
	assert.ErrorIs(t, err, git.ErrUnknownRef)
}

func TestLogStopsEarlyAndOnCancel(t *testing.T) {
	f := newFixture(t)
	for i := range 30 {
		f.write("f", strings.Repeat("x", i+1))
		f.commit("fix: step")
	}
	repo := git.Repo{Dir: f.dir}
	n := 0
	for _, err := range repo.Log(t.Context(), git.Range{}) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)

	ctx, cancel := context.WithCancelCause(t.Context())
	stop := errors.New("deploy window closed")
	n = 0
	var last error
	for _, err := range repo.Log(ctx, git.Range{}) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 2 {
			cancel(stop)
		}
	}
	assert.ErrorIs(t, last, stop, "the cause of the cancellation is returned")

	cancel(nil)
	_, err := repo.Commits(ctx, git.Range{})
	assert.ErrorIs(t, err, stop, "a context that already ended starts nothing")
}

// A git hook that runs the host sets GIT_DIR for it; the reader must read
// the repository it was given.
func TestLogIgnoresInheritedGitDir(t *testing.T) {
	f := newFixture(t)
	f.write("a", "1")
	f.commit("feat: here")
	other := newFixture(t)
	other.write("b", "1")
	other.commit("feat: elsewhere")
	t.Setenv("GIT_DIR", filepath.Join(other.dir, ".git"))
	t.Setenv("GIT_INDEX_FILE", "elsewhere")
	commits, err := git.Repo{Dir: f.dir}.Commits(t.Context(), git.Range{})
	require.NoError(t, err)
	require.Len(t, commits, 1)
	assert.Equal(t, "feat: here", commits[0].Header)
}

// A repository's own configuration must not change the output the reader
// parses.
func TestLogIgnoresOutputConfig(t *testing.T) {
	f := newFixture(t)
	f.write("dir/a.txt", "1\n")
	f.commit("feat: a")
	for _, kv := range [][2]string{
		{"log.showSignature", "true"}, {"diff.relative", "true"}, {"core.quotePath", "false"},
		{"log.decorate", "full"}, {"diff.renames", "false"}, {"color.ui", "always"},
		{"i18n.logOutputEncoding", "ISO-8859-1"}, {"log.mailmap", "true"}, {"diff.external", "false"},
	} {
		f.git("config", kv[0], kv[1])
	}
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, ".mailmap"), []byte("Bob <bob@example.com> <ada@example.com>\n"), 0o644))
	repo := git.Repo{Dir: filepath.Join(f.dir, "dir")}
	commits, err := repo.Commits(t.Context(), git.Range{})
	require.NoError(t, err)
	require.Len(t, commits, 1)
	assert.Equal(t, "Ada", commits[0].Author.Name)
	assert.Equal(t, []release.FileChange{{Path: "dir/a.txt", Added: 1}}, commits[0].Files, "paths are from the root, whatever the directory")
}
