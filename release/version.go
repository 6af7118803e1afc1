package release

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// MaxPreidLen bounds a prerelease identifier given to Increment or
// Policy.Prerelease.
const MaxPreidLen = 64

// ParseVersion parses a strict SemVer 2.0.0 version ("1.2.3-rc.1+build"),
// with an optional leading 'v'. Unlike semver.NewVersion it never coerces
// ("1.2" is an error) and it rejects numbers that do not fit in 64 bits,
// prerelease numbers included, so every version it returns orders
// correctly. Errors wrap ErrInvalidVersion or ErrTooLong.
func ParseVersion(s string) (*semver.Version, error) {
	v, err := parseStrict(strings.TrimPrefix(s, "v"))
	if err != nil {
		err.Input = shorten(s)
		return nil, err
	}
	return v, nil
}

// parseStrict parses a version without a 'v' prefix.
func parseStrict(s string) (*semver.Version, *ParseError) {
	if len(s) > semver.MaxVersionLen {
		return nil, &ParseError{Input: shorten(s), Expected: fmt.Sprintf("a version of at most %d bytes", semver.MaxVersionLen), Err: ErrTooLong}
	}
	v, err := semver.StrictNewVersion(s)
	if err != nil {
		var numErr *strconv.NumError
		if errors.As(err, &numErr) {
			return nil, &ParseError{Input: s, Expected: "numbers that fit in 64 bits", Err: ErrInvalidVersion}
		}
		return nil, &ParseError{Input: s, Expected: "a semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] without leading zeros", Err: ErrInvalidVersion}
	}
	if err := checkNumericIdents(v.Prerelease()); err != nil {
		return nil, &ParseError{Input: s, Expected: err.Error(), Err: ErrInvalidVersion}
	}
	return v, nil
}

func checkNumericIdents(pre string) error {
	for id := range strings.SplitSeq(pre, ".") {
		if isNumeric(id) {
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return fmt.Errorf("prerelease number %s does not fit in 64 bits", shorten(id))
			}
		}
	}
	return nil
}

// checkIdents validates dot-separated SemVer identifiers: non-empty,
// [0-9A-Za-z-], numeric ones without leading zeros. what names them in the
// error ("prerelease", "build metadata").
func checkIdents(s, what string, numericRule bool) error {
	if len(s) > MaxPreidLen {
		return &ParseError{Input: shorten(s), Expected: fmt.Sprintf("%s of at most %d bytes", what, MaxPreidLen), Err: ErrTooLong}
	}
	for id := range strings.SplitSeq(s, ".") {
		if id == "" {
			return &ParseError{Input: s, Expected: what + " identifiers that are not empty", Err: ErrInvalidVersion}
		}
		for i := 0; i < len(id); i++ {
			if !isAlnum(id[i]) && id[i] != '-' {
				return &ParseError{Input: s, Expected: what + " made of ASCII letters, digits, '-' and '.'", Err: ErrInvalidVersion}
			}
		}
		if !numericRule || !isNumeric(id) {
			continue
		}
		if len(id) > 1 && id[0] == '0' {
			return &ParseError{Input: s, Expected: what + " numbers without leading zeros", Err: ErrInvalidVersion}
		}
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			return &ParseError{Input: s, Expected: what + " numbers that fit in 64 bits", Err: ErrInvalidVersion}
		}
	}
	return nil
}

func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Op is a version increment, as in node-semver's inc.
type Op int

// The increments. The zero Op is invalid.
const (
	OpMajor Op = iota + 1
	OpMinor
	OpPatch
	OpPremajor
	OpPreminor
	OpPrepatch
	OpPrerelease
	OpRelease
)

var opNames = [...]string{"", "major", "minor", "patch", "premajor", "preminor", "prepatch", "prerelease", "release"}

// String returns the operation's name ("major", "prerelease", ...).
func (o Op) String() string {
	if o > 0 && int(o) < len(opNames) {
		return opNames[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText returns the operation's name.
func (o Op) MarshalText() ([]byte, error) {
	if o <= 0 || int(o) >= len(opNames) {
		return nil, fmt.Errorf("release: invalid Op %d", int(o))
	}
	return []byte(opNames[o]), nil
}

// UnmarshalText parses a name as ParseOp does.
func (o *Op) UnmarshalText(b []byte) error {
	op, err := ParseOp(string(b))
	if err != nil {
		return err
	}
	*o = op
	return nil
}

// ParseOp parses one of major, minor, patch, premajor, preminor, prepatch,
// prerelease and release (lower case). The error wraps ErrInvalidOp.
func ParseOp(s string) (Op, error) {
	for i := 1; i < len(opNames); i++ {
		if s == opNames[i] {
			return Op(i), nil
		}
	}
	return 0, &ParseError{Input: shorten(s), Expected: "one of major, minor, patch, premajor, preminor, prepatch, prerelease, release", Err: ErrInvalidOp}
}

// Increment returns v incremented by op with the semantics of node-semver's
// inc, the reference most release tools follow:
//
//   - major, minor, patch on a release bump that part and zero the ones
//     after it (1.2.3 minor gives 1.3.0); on a prerelease they drop the
//     prerelease when it already stands for that bump (1.2.3-4 patch gives
//     1.2.3, 1.3.0-rc.1 minor gives 1.3.0, 1.0.0-1 major gives 1.0.0).
//   - premajor, preminor, prepatch bump that part and start a prerelease
//     at 0: 1.2.3 preminor "rc" gives 1.3.0-rc.0.
//   - prerelease increments the last number of the prerelease
//     (1.2.3-alpha.10.beta gives 1.2.3-alpha.11.beta), appends .0 when there
//     is none, starts the patch's prerelease on a release (1.2.4 gives
//     1.2.5-0), and moves to preid.0 when preid is given and differs from
//     the current prerelease's first identifier.
//   - release drops the prerelease; it is an error on a release.
//
// preid is used by the pre* operations only and may be empty. Build
// metadata is dropped, as node-semver does.
//
// Where this differs from node-semver, on purpose: the result is always
// greater than v, so a preid that would go backwards is an error where
// node-semver returns a lower version (1.2.3-beta.1 prerelease "alpha", or
// 1.2.3-dev.bar prerelease "dev", which node-semver turns into 1.2.3-dev.0);
// and numbers are 64-bit, so an increment that would overflow is an error
// rather than a loss of precision. Errors wrap ErrInvalidOp,
// ErrInvalidVersion or ErrTooLong.
func Increment(v *semver.Version, op Op, preid string) (*semver.Version, error) {
	if v == nil {
		return nil, &ParseError{Input: op.String(), Expected: "a version to increment", Err: ErrInvalidVersion}
	}
	if preid != "" {
		if err := checkIdents(preid, "prerelease identifier", true); err != nil {
			return nil, err
		}
	}
	major, minor, patch, pre := v.Major(), v.Minor(), v.Patch(), v.Prerelease()
	var err error
	switch op {
	case OpMajor:
		if minor != 0 || patch != 0 || pre == "" {
			major, err = inc(major)
		}
		minor, patch, pre = 0, 0, ""
	case OpMinor:
		if patch != 0 || pre == "" {
			minor, err = inc(minor)
		}
		patch, pre = 0, ""
	case OpPatch:
		if pre == "" {
			patch, err = inc(patch)
		}
		pre = ""
	case OpPremajor:
		major, err = inc(major)
		minor, patch = 0, 0
		pre, err = incPre("", preid, 0, err)
	case OpPreminor:
		minor, err = inc(minor)
		patch = 0
		pre, err = incPre("", preid, 0, err)
	case OpPrepatch:
		patch, err = inc(patch)
		pre, err = incPre("", preid, 0, err)
	case OpPrerelease:
		if pre == "" {
			patch, err = inc(patch)
		}
		pre, err = incPre(pre, preid, 0, err)
	case OpRelease:
		if pre == "" {
			return nil, &ParseError{Input: v.String(), Expected: "a prerelease version to release", Err: ErrInvalidOp}
		}
		pre = ""
	default:
		return nil, &ParseError{Input: op.String(), Expected: "a valid increment", Err: ErrInvalidOp}
	}
	if err != nil {
		return nil, &ParseError{Input: v.String(), Expected: op.String() + ": " + err.Error(), Err: ErrInvalidVersion}
	}
	next := semver.New(major, minor, patch, pre, "")
	if !next.GreaterThan(v) {
		return nil, &ParseError{Input: v.String(),
			Expected: fmt.Sprintf("a prerelease identifier that sorts after the current one (%s %q gives %s)", op, preid, next),
			Err:      ErrInvalidOp}
	}
	return next, nil
}

var errOverflow = errors.New("number would overflow 64 bits")

func inc(n uint64) (uint64, error) {
	if n == ^uint64(0) {
		return n, errOverflow
	}
	return n + 1, nil
}

// incPre is node-semver's "pre" step on a prerelease string: increment its
// last numeric identifier (or append base), then switch to "preid.base"
// unless the prerelease already starts with preid followed by a number.
// A previous error passes through.
func incPre(pre, preid string, base uint64, prev error) (string, error) {
	if prev != nil {
		return "", prev
	}
	ids := []string{}
	if pre != "" {
		ids = strings.Split(pre, ".")
	}
	bumped := false
	for i := len(ids) - 1; i >= 0; i-- {
		if isNumeric(ids[i]) {
			n, err := strconv.ParseUint(ids[i], 10, 64)
			if err != nil {
				return "", errOverflow
			}
			if n, err = inc(n); err != nil {
				return "", err
			}
			ids[i] = strconv.FormatUint(n, 10)
			bumped = true
			break
		}
	}
	b := strconv.FormatUint(base, 10)
	if !bumped {
		ids = append(ids, b)
	}
	if preid != "" {
		if !(sameIdent(ids[0], preid) && len(ids) > 1 && isNumeric(ids[1])) {
			ids = []string{preid, b}
		}
	}
	return strings.Join(ids, "."), nil
}

// sameIdent compares prerelease identifiers as SemVer does: numerically when
// both are numbers.
func sameIdent(a, b string) bool {
	if isNumeric(a) && isNumeric(b) {
		return strings.TrimLeft(a, "0") == strings.TrimLeft(b, "0")
	}
	return a == b
}
