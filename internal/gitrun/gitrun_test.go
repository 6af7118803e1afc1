package gitrun

import (
	"errors"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLogKeepsMessagesWhole(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := Repo{Dir: t.TempDir(), Env: []string{"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com"}}
	require.NoError(t, repo.Init(ctx))
	first, err := repo.Commit(ctx, "feat: first")
	require.NoError(t, err)
	_, err = repo.Run(ctx, "tag", "v1.0.0")
	require.NoError(t, err)
	// A record separator and a '#' line inside a message, and a ref that
	// looks like an option: none may confuse the reader.
	second, err := repo.Commit(ctx, "fix: odd \x1e bytes\n\n# not a comment here\n\nRefs: #1")
	require.NoError(t, err)

	commits, err := repo.Log(ctx, "v1.0.0", "HEAD")
	require.NoError(t, err)
	require.Len(t, commits, 1)
	assert.Equal(t, second, commits[0].Hash)
	assert.Equal(t, "odd \x1e bytes", commits[0].Description)
	assert.Equal(t, []string{"Refs"}, []string{commits[0].Footers[0].Token})

	all, err := repo.Log(ctx, "", "HEAD")
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, first, all[1].Hash, "newest first")

	_, err = repo.Log(ctx, "", "--output=/dev/null")
	assert.Error(t, err, "a ref that looks like an option is a ref")

	tags, err := repo.Tags(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"v1.0.0"}, tags)
}

func TestNotRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	_, err := Repo{Dir: t.TempDir()}.Tags(t.Context())
	assert.True(t, errors.Is(err, ErrNotRepository), "got %v", err)
}

// A git hook that runs go test sets GIT_DIR; the runner must not follow it.
func TestIgnoresInheritedGitDir(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	t.Setenv("GIT_DIR", t.TempDir())
	t.Setenv("GIT_INDEX_FILE", "elsewhere")
	repo := Repo{Dir: t.TempDir(), Env: []string{"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com"}}
	require.NoError(t, repo.Init(t.Context()))
	_, err := repo.Commit(t.Context(), "feat: here")
	require.NoError(t, err)
	commits, err := repo.Log(t.Context(), "", "HEAD")
	require.NoError(t, err)
	assert.Len(t, commits, 1)
}
