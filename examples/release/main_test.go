package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newRepo builds a repository with a tag v1.2.3 and the given commits after it.
func newRepo(t *testing.T, after ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: []string{
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
	}}
	require.NoError(t, repo.Init(ctx))
	_, err := repo.Commit(ctx, "feat: first")
	require.NoError(t, err)
	_, err = repo.Run(ctx, "tag", "v1.2.3")
	require.NoError(t, err)
	for _, msg := range after {
		_, err := repo.Commit(ctx, msg)
		require.NoError(t, err)
	}
	return repo.Dir
}

func TestRunProposes(t *testing.T) {
	dir := newRepo(t, "fix: a bug", "feat(cli): add --dry-run", "docs: explain")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", dir}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "current: 1.2.3 (tag v1.2.3)")
	assert.Contains(t, out, "next:    1.3.0 (tag v1.3.0)")
	assert.Contains(t, out, "bump:    minor")
	assert.Contains(t, out, "feat(cli): add --dry-run")
	assert.NotContains(t, out, "fix: a bug", "only the deciding commits are listed")
}

func TestRunChannelAndJSON(t *testing.T) {
	dir := newRepo(t, "feat!: new API")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", dir, "-channel", "rc", "-json"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var got struct{ Current, Version, Bump string }
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	assert.Equal(t, "1.2.3", got.Current)
	assert.Equal(t, "2.0.0-rc.1", got.Version)
	assert.Equal(t, "major", got.Bump)
}

func TestRunNothingToRelease(t *testing.T) {
	dir := newRepo(t, "docs: only docs")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", dir}, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "nothing to release")
}

func TestRunErrors(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", t.TempDir()}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "is not inside a git repository")

	stderr.Reset()
	code = run(context.Background(), []string{"-C", newRepo(t), "-tag-format", "v"}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "{version}")

	stderr.Reset()
	assert.Equal(t, 2, run(context.Background(), []string{"-bogus"}, &stdout, &stderr))
}
