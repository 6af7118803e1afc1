package release

import (
	"fmt"
	"strconv"

	"github.com/Masterminds/semver/v3"
)

// Bump is the size of a version step. Bumps are ordered: None < Patch <
// Minor < Major, so the bump of a set of commits is the largest of theirs.
type Bump int

// The bumps, in order.
const (
	None Bump = iota
	Patch
	Minor
	Major
)

var bumpNames = [...]string{"none", "patch", "minor", "major"}

// String returns "none", "patch", "minor" or "major".
func (b Bump) String() string {
	if b >= None && b <= Major {
		return bumpNames[b]
	}
	return "Bump(" + strconv.Itoa(int(b)) + ")"
}

// MarshalText returns the bump's name; it fails for a value outside None..Major.
func (b Bump) MarshalText() ([]byte, error) {
	if b < None || b > Major {
		return nil, fmt.Errorf("release: invalid Bump %d", int(b))
	}
	return []byte(bumpNames[b]), nil
}

// UnmarshalText parses "none", "patch", "minor" or "major".
func (b *Bump) UnmarshalText(text []byte) error {
	for i, n := range bumpNames {
		if string(text) == n {
			*b = Bump(i)
			return nil
		}
	}
	return &ParseError{Input: shorten(string(text)), Expected: "one of none, patch, minor, major", Err: ErrInvalidOp}
}

// op is the increment that makes a step of this size.
func (b Bump) op() Op {
	switch b {
	case Major:
		return OpMajor
	case Minor:
		return OpMinor
	default:
		return OpPatch
	}
}

// step returns the size of the step from a to b (a < b): the first of
// major, minor, patch that differs; a step that only changes the prerelease
// counts as a patch.
func step(a, b *semver.Version) Bump {
	switch {
	case a.Major() != b.Major():
		return Major
	case a.Minor() != b.Minor():
		return Minor
	default:
		return Patch
	}
}
