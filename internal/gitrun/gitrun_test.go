package gitrun

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testEnv = []string{"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com"}

func TestCommitKeepsMessagesVerbatim(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	ctx := t.Context()
	repo := Repo{Dir: t.TempDir(), Env: testEnv}
	require.NoError(t, repo.Init(ctx))
	msg := "fix: odd \x1e bytes\n\n# not a comment here\n\nRefs: #1\n"
	hash, err := repo.Commit(ctx, msg, "GIT_AUTHOR_NAME=Other")
	require.NoError(t, err)
	body, err := repo.Run(ctx, "log", "-1", "--format=%an%n%B", hash)
	require.NoError(t, err)
	assert.Equal(t, "Other\n"+msg+"\n", body, "the message as written, the extra environment applied")
	branch, err := repo.Run(ctx, "branch", "--show-current")
	require.NoError(t, err)
	assert.Equal(t, "main", strings.TrimSpace(branch))
}

func TestNotRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	_, err := Repo{Dir: t.TempDir()}.Run(t.Context(), "tag", "--list")
	assert.True(t, errors.Is(err, ErrNotRepository), "got %v", err)
}

// A git hook that runs go test sets GIT_DIR; the writer must not follow it.
func TestIgnoresInheritedGitDir(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	elsewhere := t.TempDir()
	t.Setenv("GIT_DIR", elsewhere)
	t.Setenv("GIT_INDEX_FILE", "elsewhere")
	repo := Repo{Dir: t.TempDir(), Env: testEnv}
	require.NoError(t, repo.Init(t.Context()))
	_, err := repo.Commit(t.Context(), "feat: here")
	require.NoError(t, err)
	out, err := repo.Run(t.Context(), "log", "--format=%s")
	require.NoError(t, err)
	assert.Equal(t, "feat: here\n", out)
	assert.NoDirExists(t, elsewhere+"/objects")
}
