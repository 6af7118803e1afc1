package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Repo is a local git repository, read through the git program. It never
// writes to the repository.
//
// The zero value reads the repository that contains the current directory
// with the git program found on PATH.
type Repo struct {
	// Dir is a directory inside the work tree (or the git directory of a
	// bare repository). Empty means the current directory.
	Dir string

	// Git is the git program to run. Empty means "git", looked up on PATH.
	Git string

	// SafeDirectory reads a repository owned by another user, which git
	// otherwise refuses ("detected dubious ownership"), as in a CI
	// container whose checkout was made by another user. It passes
	// safe.directory for this repository only; set it only for a checkout
	// the host trusts, since a repository's configuration can run
	// programs for some commands.
	SafeDirectory bool
}

// maxStderr bounds what is kept of a command's standard error.
const maxStderr = 4 << 10

// environment returns the environment every git command runs with: the
// process's, without the variables that would point git at another
// repository or add configuration (a git hook sets GIT_DIR and
// GIT_INDEX_FILE for the programs it runs), and with output made plain and
// stable: no pager, no terminal prompt, the C locale, no user or system
// configuration, pathspecs taken literally, and no optional locks, since a
// reader must not write.
func environment() []string {
	env := os.Environ()
	out := make([]string, 0, len(env)+8)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
			"GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
			"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_PAGER", "PAGER",
			"GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_NOTES_REF", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS",
			"GIT_GRAFT_FILE", "GIT_SHALLOW_FILE", "GIT_LITERAL_PATHSPECS", "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS",
			"GIT_ICASE_PATHSPECS", "GIT_OPTIONAL_LOCKS", "GIT_TRACE", "GIT_TRACE2", "GIT_TRACE2_EVENT", "GIT_TRACE2_PERF",
			"LC_ALL", "LANG", "LANGUAGE":
			continue
		}
		out = append(out, kv)
	}
	return append(out,
		"LC_ALL=C", "LANGUAGE=C", "GIT_PAGER=cat", "PAGER=cat", "GIT_TERMINAL_PROMPT=0",
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_LITERAL_PATHSPECS=1", "GIT_OPTIONAL_LOCKS=0", "GIT_NO_REPLACE_OBJECTS=1")
}

// command returns the git command for args, run in r.Dir. Args are passed
// to git as they are, with no shell: callers put user-supplied refs after
// --end-of-options and paths after "--".
func (r Repo) command(ctx context.Context, args []string) *exec.Cmd {
	prog := r.Git
	if prog == "" {
		prog = "git"
	}
	// --no-pager and the -c settings override what a repository's own
	// configuration could change in the output the package parses.
	full := []string{"--no-pager", "-c", "log.showSignature=false", "-c", "core.quotePath=true",
		"-c", "diff.noprefix=false", "-c", "log.mailmap=false"}
	if r.SafeDirectory {
		dir := r.Dir
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		full = append(full, "-c", "safe.directory="+dir)
	}
	full = append(full, args...)
	cmd := exec.CommandContext(ctx, prog, full...)
	cmd.Dir = r.Dir
	cmd.Env = environment()
	cmd.Stdin = nil
	return cmd
}

// run runs git with args and returns its standard output.
func (r Repo) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.command(ctx, args)
	var stdout bytes.Buffer
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Run(); err != nil {
		return nil, r.fail(ctx, args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// fail turns a failed command into an *Error that says why.
func (r Repo) fail(ctx context.Context, args []string, err error, stderr string) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	e := &Error{Args: args, Stderr: stderr}
	var pe *os.PathError
	switch {
	case errors.As(err, &pe) && pe.Op == "chdir":
		e.Err = fmt.Errorf("%s: %w", r.Dir, ErrNotRepository)
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist):
		e.Err = fmt.Errorf("%w: %v", ErrGitNotFound, err)
	case strings.Contains(stderr, "dubious ownership"):
		e.Err = fmt.Errorf("%w: the repository is owned by another user; fix its ownership, or set Repo.SafeDirectory if the checkout is trusted", ErrNotRepository)
	case strings.Contains(stderr, "not a git repository"):
		e.Err = ErrNotRepository
		if r.Dir != "" {
			e.Err = fmt.Errorf("%s: %w", r.Dir, ErrNotRepository)
		}
	case strings.Contains(stderr, "unknown revision"), strings.Contains(stderr, "bad revision"),
		strings.Contains(stderr, "bad object"), strings.Contains(stderr, "not a valid object name"),
		strings.Contains(stderr, "malformed object name"):
		e.Err = ErrUnknownRef
	default:
		e.Err = err
	}
	return e
}

// limitedBuffer keeps the first max bytes written to it and discards the
// rest, so a command that floods standard error cannot exhaust memory.
type limitedBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string { return b.buf.String() }

// Resolve returns the hash of the commit ref names: a branch, a tag
// (annotated tags are followed to their commit), a hash or any revision
// expression git accepts, such as "HEAD~2". A ref that starts with '-' is a
// ref, never an option. The error wraps ErrUnknownRef when the repository
// has no such commit, or ErrShallow when the clone is shallow and the
// commit may be in the history it lacks.
func (r Repo) Resolve(ctx context.Context, ref string) (string, error) {
	args := []string{"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"}
	out, err := r.run(ctx, args...)
	if err == nil {
		hash := strings.TrimSpace(string(out))
		if !isHash(hash) {
			return "", &Error{Args: args, Stderr: hash, Err: ErrOutput}
		}
		return hash, nil
	}
	var ge *Error
	if !errors.As(err, &ge) || errors.Is(ge.Err, ErrGitNotFound) || errors.Is(ge.Err, ErrNotRepository) {
		return "", err
	}
	// --quiet prints nothing for an unknown ref: exit status 1 is the
	// answer. Anything else is a real failure.
	var exit *exec.ExitError
	if !errors.As(ge.Err, &exit) && ge.Err != ErrUnknownRef {
		return "", err
	}
	if shallow, serr := r.shallow(ctx); serr == nil && len(shallow) > 0 {
		return "", &Error{Args: args, Err: fmt.Errorf("%q: %w", ref, ErrShallow)}
	}
	return "", &Error{Args: args, Err: fmt.Errorf("%q: %w", ref, ErrUnknownRef)}
}

// shallow returns the boundary commits of a shallow clone (those whose
// parents were not fetched), or nil for a complete clone.
func (r Repo) shallow(ctx context.Context) (map[string]bool, error) {
	out, err := r.run(ctx, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
	if err != nil {
		return nil, err
	}
	is, path, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if is != "true" {
		return nil, nil
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.Dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool)
	for line := range strings.SplitSeq(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			set[line] = true
		}
	}
	return set, nil
}

// IsShallow reports whether the repository is a shallow clone.
func (r Repo) IsShallow(ctx context.Context) (bool, error) {
	set, err := r.shallow(ctx)
	return len(set) > 0, err
}

// isHash reports whether s is a full SHA-1 or SHA-256 object name.
func isHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
