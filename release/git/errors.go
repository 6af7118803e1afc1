package git

import (
	"errors"
	"strings"
)

// Sentinel errors, for errors.Is. Errors from a git command that failed are
// *Error values that wrap one of them when the cause is known.
var (
	// ErrNotRepository reports a directory that is not inside a git
	// repository.
	ErrNotRepository = errors.New("not a git repository")

	// ErrGitNotFound reports that the git program is not installed (or
	// Repo.Git names no program).
	ErrGitNotFound = errors.New("the git program is not installed")

	// ErrUnknownRef reports a ref (branch, tag, hash) the repository does
	// not have.
	ErrUnknownRef = errors.New("unknown ref")

	// ErrShallow reports that the clone is shallow and lacks history the
	// call needs: the previous release tag, or the commits back to it. The
	// fix is to fetch the history: `git fetch --unshallow --tags`, or
	// `fetch-depth: 0` for GitHub's actions/checkout.
	ErrShallow = errors.New("shallow clone lacks the history needed; fetch it with `git fetch --unshallow --tags` (actions/checkout: fetch-depth: 0)")

	// ErrNoTag reports that no tag matches: a repository that was never
	// released. A host then proposes its first version (release.Policy's
	// Initial).
	ErrNoTag = errors.New("no release tag")

	// ErrOutput reports output from git that the reader does not
	// understand: a git too old or a bug. It is never a silent wrong
	// result.
	ErrOutput = errors.New("unexpected output from git")
)

// Error is a git command that failed: its arguments, what it printed on
// standard error (at most 4 KiB of it), and the sentinel that says why when
// it is known (ErrNotRepository, ErrUnknownRef, ErrShallow, ...).
type Error struct {
	Args   []string // the arguments after "git"
	Stderr string
	Err    error
}

// Error returns "git: log: unknown ref: fatal: ...".
func (e *Error) Error() string {
	msg := "git"
	if len(e.Args) > 0 {
		msg += ": " + e.Args[0]
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if s := strings.TrimSpace(e.Stderr); s != "" {
		msg += ": " + s
	}
	return msg
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }
