// Package gitrun writes git repositories for the examples and the tests:
// init, commit, tag, merge, with a fixed argv (no shell) and a controlled
// environment. Reading a repository is release/git's job; this package
// exists because release/git never writes. Hosts cannot import it (it is
// internal).
package gitrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrNotRepository reports a directory that is not inside a git repository.
var ErrNotRepository = errors.New("not a git repository")

// Repo runs git in Dir.
type Repo struct {
	Dir string
	// Env is added to the environment of every git command.
	Env []string
}

// Run runs git with args and returns its standard output.
func (r Repo) Run(ctx context.Context, args ...string) (string, error) {
	return r.RunInput(ctx, "", args...)
}

// RunInput runs git with args and stdin as its standard input. User and
// system configuration are ignored so that output has one format, and the
// locale is C so that messages are stable.
func (r Repo) RunInput(ctx context.Context, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(environ(), "LC_ALL=C", "GIT_PAGER=cat", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0")
	cmd.Env = append(cmd.Env, r.Env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if strings.Contains(msg, "not a git repository") {
			return "", fmt.Errorf("%s: %w", r.Dir, ErrNotRepository)
		}
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("the git program is not installed: %w", err)
		}
		return "", fmt.Errorf("git %s: %v: %s", args[0], err, msg)
	}
	return stdout.String(), nil
}

// Init creates a repository in r.Dir whose first branch is main.
func (r Repo) Init(ctx context.Context) error {
	_, err := r.Run(ctx, "init", "-q", "-b", "main")
	return err
}

// Commit records an empty commit whose message is message, verbatim, with
// env added to git's environment (GIT_AUTHOR_DATE, say), and returns its
// hash.
func (r Repo) Commit(ctx context.Context, message string, env ...string) (string, error) {
	dated := r
	dated.Env = append(append([]string(nil), r.Env...), env...)
	if _, err := dated.RunInput(ctx, message, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", "-"); err != nil {
		return "", err
	}
	hash, err := r.Run(ctx, "rev-parse", "HEAD")
	return strings.TrimSpace(hash), err
}

// environ returns the process's environment without the variables that
// would point git at another repository or add configuration: a git hook
// that runs the program (or go test) sets GIT_DIR and GIT_INDEX_FILE.
func environ() []string {
	env := os.Environ()
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
			"GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT":
			continue
		}
		out = append(out, kv)
	}
	return out
}
