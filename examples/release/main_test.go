package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gitEnv makes the test repositories the same on every machine: fixed
// names and dates, and what `git -c` would set for every command, so that a
// user's configuration cannot sign commits or name the branch otherwise.
// (gitrun already ignores the global and system configuration files.)
var gitEnv = []string{
	"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com",
	"GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
	"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z",
	"GIT_CONFIG_COUNT=3",
	"GIT_CONFIG_KEY_0=init.defaultBranch", "GIT_CONFIG_VALUE_0=main",
	"GIT_CONFIG_KEY_1=commit.gpgsign", "GIT_CONFIG_VALUE_1=false",
	"GIT_CONFIG_KEY_2=tag.gpgsign", "GIT_CONFIG_VALUE_2=false",
}

// isolate skips the test without git. (gitrun itself drops the variables
// a git hook sets, such as GIT_DIR, that would point git elsewhere.)
func isolate(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
}

// newRepo builds a repository with a tag v1.2.3 and the given commits after it.
func newRepo(t *testing.T, after ...string) gitrun.Repo {
	t.Helper()
	isolate(t)
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: gitEnv}
	require.NoError(t, repo.Init(ctx))
	_, err := repo.Commit(ctx, "feat: first")
	require.NoError(t, err)
	_, err = repo.Run(ctx, "tag", "v1.2.3")
	require.NoError(t, err)
	for _, msg := range after {
		_, err := repo.Commit(ctx, msg)
		require.NoError(t, err)
	}
	return repo
}

func TestRunProposes(t *testing.T) {
	repo := newRepo(t, "fix: a bug", "feat(cli): add --dry-run", "docs: explain")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "current: 1.2.3 (tag v1.2.3)")
	assert.Contains(t, out, "next:    1.3.0 (tag v1.3.0)")
	assert.Contains(t, out, "bump:    minor: new feature")
	assert.Contains(t, out, "feat(cli): add --dry-run")
	assert.NotContains(t, out, "fix: a bug", "only the deciding commits are listed")
	assert.Empty(t, stderr.String())
}

func TestRunWithoutTag(t *testing.T) {
	isolate(t)
	repo := gitrun.Repo{Dir: t.TempDir(), Env: gitEnv}
	require.NoError(t, repo.Init(t.Context()))
	_, err := repo.Commit(t.Context(), "fix: the first commit")
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "current: none (no tag matches v{version})")
	assert.Contains(t, stdout.String(), "next:    1.0.0 (tag v1.0.0)", "Policy.Initial")
}

func TestRunIgnoresTagsHEADDoesNotContain(t *testing.T) {
	repo := newRepo(t)
	ctx := t.Context()
	// A newer release made on another branch is not this branch's.
	_, err := repo.Run(ctx, "checkout", "-q", "-b", "next")
	require.NoError(t, err)
	_, err = repo.Commit(ctx, "feat!: the next major")
	require.NoError(t, err)
	_, err = repo.Run(ctx, "tag", "v2.0.0")
	require.NoError(t, err)
	_, err = repo.Run(ctx, "checkout", "-q", "main")
	require.NoError(t, err)
	_, err = repo.Commit(ctx, "fix: on the 1.x line")
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "current: 1.2.3 (tag v1.2.3)")
	assert.Contains(t, stdout.String(), "next:    1.2.4 (tag v1.2.4)")
}

func TestRunChannelAndJSON(t *testing.T) {
	repo := newRepo(t, "feat!: new API")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", repo.Dir, "-channel", "rc", "-json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var got struct {
		Current, Version, Bump string
		Causes                 []struct{ Hash, Header string }
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	assert.Equal(t, "1.2.3", got.Current)
	assert.Equal(t, "2.0.0-rc.1", got.Version)
	assert.Equal(t, "major", got.Bump)
	require.Len(t, got.Causes, 1)
	assert.Equal(t, "feat!: new API", got.Causes[0].Header)
	assert.Len(t, got.Causes[0].Hash, 40, "the full hash")
}

func TestRunNothingToRelease(t *testing.T) {
	repo := newRepo(t, "docs: only docs")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "nothing to release")
}

func TestRunEscapesHeaders(t *testing.T) {
	repo := newRepo(t, "feat: \x1b[2Jclear the screen\x1e")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), `feat: \x1b[2Jclear the screen\x1e`)
	assert.NotContains(t, stdout.String(), "\x1b", "a header cannot drive the terminal")
}

func TestRunErrors(t *testing.T) {
	isolate(t)
	notRepo := t.TempDir()
	// Git must not find a repository above the temporary directory.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(notRepo))
	empty := gitrun.Repo{Dir: t.TempDir(), Env: gitEnv}
	require.NoError(t, empty.Init(t.Context()))
	tagged := newRepo(t).Dir

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"not a repository", []string{"-C", notRepo}, 1, notRepo + " is not inside a git repository"},
		{"no such directory", []string{"-C", filepath.Join(notRepo, "missing")}, 1, "missing is not a directory"},
		{"no commits", []string{"-C", empty.Dir}, 1, empty.Dir + " has no commits yet"},
		{"bad tag format", []string{"-C", tagged, "-tag-format", "v"}, 1, "{version}"},
		{"bad channel", []string{"-C", tagged, "-channel", "r c"}, 1, "prerelease channel"},
		{"bad flag", []string{"-bogus"}, 2, "-bogus"},
		{"extra argument", []string{tagged}, 2, "unexpected argument"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr.String(), tc.want)
			assert.Empty(t, stdout.String(), "errors go to stderr only")
			if tc.code == 1 {
				assert.Equal(t, 1, bytes.Count(stderr.Bytes(), []byte("\n")), "one line: %q", stderr.String())
				assert.NotContains(t, stderr.String(), "release: release:")
			}
		})
	}
}

func TestRunReplay(t *testing.T) {
	repo := newRepo(t, "fix: a bug")
	ctx := t.Context()
	tag := func(name string, msgs ...string) {
		for _, m := range msgs {
			_, err := repo.Commit(ctx, m)
			require.NoError(t, err)
		}
		_, err := repo.Run(ctx, "tag", name)
		require.NoError(t, err)
	}
	tag("v1.2.4")
	tag("v1.3.0", "feat: b")
	tag("v2.0.0", "fix: c") // released as a major, but nothing breaks
	tag("v2.0.1-rc.1", "fix: d")

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-C", repo.Dir, "-replay"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "v1.3.0..v2.0.0: released major, computed patch")
	assert.Regexp(t, `\n  [0-9a-f]{7} fix: c\n`, out, "the commit that decided")
	assert.True(t, strings.HasSuffix(out, "agreement: 2/3\n"), out)

	stdout.Reset()
	code = run(ctx, []string{"-C", repo.Dir, "-replay", "-json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var report struct {
		Matched, Total int
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &report))
	assert.Equal(t, 2, report.Matched)
	assert.Equal(t, 3, report.Total)

	code = run(ctx, []string{"-C", t.TempDir(), "-replay"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	code = run(ctx, []string{"-C", repo.Dir, "-replay", "-tag-format", "v{x}"}, &stdout, &stderr)
	assert.Equal(t, 2, code)
}

// A CI checkout without the tags must not propose a first release.
func TestRunShallowClone(t *testing.T) {
	repo := newRepo(t, "fix: a bug", "feat: b")
	clone := filepath.Join(t.TempDir(), "clone")
	_, err := repo.Run(t.Context(), "clone", "-q", "--depth", "1", "--no-tags", "file://"+repo.Dir, clone)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-C", clone}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "--unshallow")
	assert.Empty(t, stdout.String())
}

func TestRunGoModules(t *testing.T) {
	repo := newRepo(t)
	ctx := t.Context()
	write := func(name, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(repo.Dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(repo.Dir, name), []byte(content), 0o644))
	}
	write("lib/go.mod", "module example.com/m/lib\n")
	write("app/go.mod", "module example.com/m/app\n\nrequire example.com/m/lib v1.0.0\n")
	_, err := repo.Run(ctx, "add", "-A")
	require.NoError(t, err)
	_, err = repo.Commit(ctx, "chore: modules")
	require.NoError(t, err)
	for _, tag := range []string{"lib/v1.0.0", "app/v1.0.0"} {
		_, err = repo.Run(ctx, "tag", tag)
		require.NoError(t, err)
	}
	write("lib/lib.go", "package lib\n")
	_, err = repo.Run(ctx, "add", "-A")
	require.NoError(t, err)
	_, err = repo.Commit(ctx, "feat(lib): first API")
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-C", repo.Dir, "-go-modules"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "example.com/m/lib 1.0.0 -> 1.1.0 (minor), tag lib/v1.1.0\n")
	assert.Contains(t, stdout.String(), "example.com/m/app 1.0.0 -> 1.0.1 (patch), tag app/v1.0.1\n  depends on example.com/m/lib, released 1.1.0\n")

	// A breaking change needs a /v2 module path: the plan is printed and
	// the exit status says something must change.
	write("lib/lib.go", "package lib\n\nfunc New() {}\n")
	_, err = repo.Run(ctx, "add", "-A")
	require.NoError(t, err)
	_, err = repo.Commit(ctx, "feat(lib)!: New replaces everything")
	require.NoError(t, err)
	stdout.Reset()
	stderr.Reset()
	code = run(ctx, []string{"-C", repo.Dir, "-go-modules"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout.String(), "tag lib/v2.0.0")
	assert.Contains(t, stderr.String(), "example.com/m/lib/v2")
}
