package release

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors, for errors.Is. The typed errors below wrap them.
var (
	// ErrNotConventional is wrapped by the *ParseError that LintCommit returns
	// for a message that does not follow Conventional Commits 1.0.
	ErrNotConventional = errors.New("not a conventional commit")

	// ErrTooLong reports an input over one of the package's size limits
	// (MaxMessageLen, MaxTagLen, MaxPreidLen).
	ErrTooLong = errors.New("input too long")

	// ErrInvalidVersion reports a version string that is not strict SemVer 2.0.0,
	// or one whose numbers overflow 64 bits.
	ErrInvalidVersion = errors.New("invalid version")

	// ErrInvalidTag reports a tag name that does not match a TagFormat or does not
	// hold a valid version.
	ErrInvalidTag = errors.New("invalid tag")

	// ErrInvalidTagFormat reports a TagFormat without exactly one {version}
	// placeholder, or with characters git does not allow in a tag.
	ErrInvalidTagFormat = errors.New("invalid tag format")

	// ErrInvalidOp reports an unknown increment operation or an operation that
	// does not apply to the version (release of a version that is not a
	// prerelease).
	ErrInvalidOp = errors.New("invalid increment")

	// ErrReleaseAs reports a Release-As footer that does not hold a version
	// greater than the current one.
	ErrReleaseAs = errors.New("invalid Release-As")

	// ErrModulePath reports a Go module path whose major-version suffix does not
	// match the version being released.
	ErrModulePath = errors.New("module path does not match major version")

	// ErrInvalidCalVer reports a CalVer format that is not valid, a version
	// that does not parse under its format, or a next version that cannot
	// be made (a date before the current version's, a second release on one
	// date for a format without counters).
	ErrInvalidCalVer = errors.New("invalid calendar version")

	// ErrInvalidGoMod reports a go.mod or go.work file that does not parse,
	// or a tree of Go modules that cannot be components (a module path
	// defined twice, a go.work use of a directory without go.mod).
	ErrInvalidGoMod = errors.New("invalid go.mod")

	// ErrCycle reports components that depend on each other in a circle;
	// the *CycleError that wraps it names the circle.
	ErrCycle = errors.New("dependency cycle")

	// ErrInvalidWorkspace reports a Workspace whose configuration is
	// wrong: a missing or duplicate component name, an unknown name in
	// DependsOn or a group, a path outside the repository, two components
	// whose tags cannot be told apart.
	ErrInvalidWorkspace = errors.New("invalid workspace")
)

// CycleError is a dependency cycle among components: Path lists them in
// dependency order and ends with the first one again, so "api", "web",
// "api" means api depends on web and web on api.
type CycleError struct {
	Path []string
}

// Error returns "release: dependency cycle: api -> web -> api".
func (e *CycleError) Error() string {
	return "release: dependency cycle: " + strings.Join(e.Path, " -> ")
}

// Unwrap returns ErrCycle.
func (e *CycleError) Unwrap() error { return ErrCycle }

// ParseError is the detail behind an error about a piece of text: which input,
// where in it (Line and Col count from 1; Col counts bytes) and what was
// expected there. Err is the sentinel it wraps (ErrNotConventional, ErrTooLong,
// ErrInvalidTag, ...).
type ParseError struct {
	Input    string // what was parsed, shortened to at most 80 bytes
	Line     int    // 1-based line of the problem
	Col      int    // 1-based byte column of the problem
	Expected string // what should have been there, for people
	Err      error  // the sentinel
}

// Error returns a one-line message such as
// `release: "feat:x": line 1, column 6: one space after the colon (not a conventional commit)`:
// the input, where, what was expected there, and the sentinel.
func (e *ParseError) Error() string {
	msg := "release: " + strconv.Quote(e.Input)
	if e.Line > 0 {
		msg += fmt.Sprintf(": line %d, column %d", e.Line, e.Col)
	}
	if e.Expected != "" {
		msg += ": " + e.Expected
	}
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// Unwrap returns the sentinel, so errors.Is(err, ErrNotConventional) works.
func (e *ParseError) Unwrap() error { return e.Err }

// shorten keeps error messages bounded whatever the size of the input.
func shorten(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	// Do not cut a UTF-8 sequence in half.
	i := max
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
