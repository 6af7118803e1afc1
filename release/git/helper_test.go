package git_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/stretchr/testify/require"
)

// fixture builds a repository in a temporary directory with the git
// program, with fixed names and dates so that every machine builds the
// same commits.
type fixture struct {
	t    *testing.T
	w    gitrun.Repo
	dir  string
	tick int
}

var fixtureEnv = []string{
	"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com",
	"GIT_COMMITTER_NAME=Ci", "GIT_COMMITTER_EMAIL=ci@example.com",
	"GIT_CONFIG_COUNT=3",
	"GIT_CONFIG_KEY_0=init.defaultBranch", "GIT_CONFIG_VALUE_0=main",
	"GIT_CONFIG_KEY_1=commit.gpgSign", "GIT_CONFIG_VALUE_1=false",
	"GIT_CONFIG_KEY_2=tag.gpgSign", "GIT_CONFIG_VALUE_2=false",
}

func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	needGit(t)
	dir := t.TempDir()
	f := &fixture{t: t, w: gitrun.Repo{Dir: dir, Env: fixtureEnv}, dir: dir}
	require.NoError(t, f.w.Init(t.Context()))
	return f
}

// git runs a git command that changes the repository.
func (f *fixture) git(args ...string) string {
	f.t.Helper()
	out, err := f.w.Run(f.t.Context(), args...)
	require.NoError(f.t, err, "git %v", args)
	return strings.TrimSpace(out)
}

// write sets the content of files ("path", "content", ...); an empty
// content removes the file.
func (f *fixture) write(pairs ...string) {
	f.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		p := filepath.Join(f.dir, filepath.FromSlash(pairs[i]))
		if pairs[i+1] == "" {
			require.NoError(f.t, os.Remove(p))
			continue
		}
		require.NoError(f.t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(f.t, os.WriteFile(p, []byte(pairs[i+1]), 0o644))
	}
}

// commit stages everything and commits it with msg, an hour after the
// previous commit, and returns the hash.
func (f *fixture) commit(msg string) string {
	f.t.Helper()
	f.git("add", "-A")
	f.tick++
	date := fmt.Sprintf("GIT_AUTHOR_DATE=2026-01-01T%02d:00:00+02:00", f.tick%24)
	cdate := fmt.Sprintf("GIT_COMMITTER_DATE=2026-01-02T%02d:00:00Z", f.tick%24)
	hash, err := f.w.Commit(f.t.Context(), msg, date, cdate)
	require.NoError(f.t, err)
	return hash
}
