package main

import (
	"bytes"
	"context"
	"os/exec"
	"testing"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunPrintsNotes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: []string{"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com"}}
	require.NoError(t, repo.Init(ctx))
	for _, msg := range []string{"feat: first", "tag v1.0.0", "feat(cli): add --dry-run (#4)", "fix: <b>bold</b> title", "docs: hidden"} {
		if msg == "tag v1.0.0" {
			_, err := repo.Run(ctx, "tag", "v1.0.0")
			require.NoError(t, err)
			continue
		}
		_, err := repo.Commit(ctx, msg)
		require.NoError(t, err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", repo.Dir, "-github", "acme/shop"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	out := stdout.String()
	assert.Contains(t, out, "## [1.1.0](https://github.com/acme/shop/compare/v1.0.0...v1.1.0)")
	assert.Contains(t, out, "* **cli:** add --dry-run ([#4](https://github.com/acme/shop/issues/4))")
	assert.Contains(t, out, `\<b\>bold\</b\> title`)
	assert.NotContains(t, out, "hidden")

	stdout.Reset()
	code = run(context.Background(), []string{"-C", repo.Dir, "-format", "text", "-version", "9.9.9"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "9.9.9")

	assert.Equal(t, 2, run(context.Background(), []string{"-format", "pdf"}, &stdout, &stderr))
	assert.Equal(t, 1, run(context.Background(), []string{"-C", t.TempDir()}, &stdout, &stderr))
}
