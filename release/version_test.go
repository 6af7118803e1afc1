package release

import (
	"strings"
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// incrementCases follow node-semver's reference fixture
// (test/fixtures/increments.js). Cases that need its identifierBase
// argument, loose parsing or a preid with dots and no number do not apply:
// Increment always starts a prerelease at 0.
var incrementCases = []struct {
	v, op, preid string
	want         string // "" for an error
}{
	{"1.2.3", "major", "", "2.0.0"},
	{"1.2.3", "minor", "", "1.3.0"},
	{"1.2.3", "patch", "", "1.2.4"},
	{"1.2.3-tag", "major", "", "2.0.0"},
	{"1.2.0-0", "patch", "", "1.2.0"},
	{"1.2.3-4", "major", "", "2.0.0"},
	{"1.2.3-4", "minor", "", "1.3.0"},
	{"1.2.3-4", "patch", "", "1.2.3"},
	{"1.2.3-alpha.0.beta", "major", "", "2.0.0"},
	{"1.2.3-alpha.0.beta", "minor", "", "1.3.0"},
	{"1.2.3-alpha.0.beta", "patch", "", "1.2.3"},
	{"1.2.4", "prerelease", "", "1.2.5-0"},
	{"1.2.3-0", "prerelease", "", "1.2.3-1"},
	{"1.2.3-alpha.0", "prerelease", "", "1.2.3-alpha.1"},
	{"1.2.3-alpha.1", "prerelease", "", "1.2.3-alpha.2"},
	{"1.2.3-alpha.0.beta", "prerelease", "", "1.2.3-alpha.1.beta"},
	{"1.2.3-alpha.10.0.beta", "prerelease", "", "1.2.3-alpha.10.1.beta"},
	{"1.2.3-alpha.10.beta.0", "prerelease", "", "1.2.3-alpha.10.beta.1"},
	{"1.2.3-alpha.9.beta", "prerelease", "", "1.2.3-alpha.10.beta"},
	{"1.2.3-alpha.10.beta", "prerelease", "", "1.2.3-alpha.11.beta"},
	{"1.2.0", "prepatch", "", "1.2.1-0"},
	{"1.2.0-1", "prepatch", "", "1.2.1-0"},
	{"1.2.0", "preminor", "", "1.3.0-0"},
	{"1.2.3-1", "preminor", "", "1.3.0-0"},
	{"1.2.0", "premajor", "", "2.0.0-0"},
	{"1.2.3-1", "premajor", "", "2.0.0-0"},
	{"1.2.0-1", "minor", "", "1.2.0"},
	{"1.0.0-1", "major", "", "1.0.0"},
	{"1.0.0-1", "release", "", "1.0.0"},
	{"1.2.0-1", "release", "", "1.2.0"},
	{"1.2.3-1", "release", "", "1.2.3"},
	{"1.2.3", "release", "", ""}, // not a prerelease
	{"1.2.3", "major", "dev", "2.0.0"},
	{"1.2.4", "prerelease", "dev", "1.2.5-dev.0"},
	{"1.2.3-0", "prerelease", "dev", "1.2.3-dev.0"},
	{"1.2.3-alpha.0", "prerelease", "dev", "1.2.3-dev.0"},
	{"1.2.3-alpha.0", "prerelease", "alpha", "1.2.3-alpha.1"},
	{"1.2.3-alpha.0.beta", "prerelease", "dev", "1.2.3-dev.0"},
	{"1.2.3-alpha.0.beta", "prerelease", "alpha", "1.2.3-alpha.1.beta"},
	{"1.2.3-alpha.10.0.beta", "prerelease", "alpha", "1.2.3-alpha.10.1.beta"},
	{"1.2.3-alpha.9.beta", "prerelease", "alpha", "1.2.3-alpha.10.beta"},
	{"1.2.0", "prepatch", "dev", "1.2.1-dev.0"},
	{"1.2.0-1", "prepatch", "dev", "1.2.1-dev.0"},
	{"1.2.0", "preminor", "dev", "1.3.0-dev.0"},
	{"1.2.3-1", "preminor", "dev", "1.3.0-dev.0"},
	{"1.2.0", "premajor", "dev", "2.0.0-dev.0"},
	{"1.2.3-1", "premajor", "dev", "2.0.0-dev.0"},
	// node-semver gives 1.2.3-dev.0, which sorts before 1.2.3-dev.bar:
	// Increment never goes backwards.
	{"1.2.3-dev.bar", "prerelease", "dev", ""},
	{"1.2.3-beta.1", "prerelease", "alpha", ""},
	{"1.2.3-alpha.1", "prerelease", "beta", "1.2.3-beta.0"},
	{"1.2.3-0", "prerelease", "1", "1.2.3-1.0"},
	{"1.2.3-1.0", "prerelease", "1", "1.2.3-1.1"},
	{"1.2.3-1.1", "prerelease", "1", "1.2.3-1.2"},
	{"1.2.3-1.1", "prerelease", "2", "1.2.3-2.0"},
	{"1.0.0-rc.1+build.4", "prerelease", "rc", "1.0.0-rc.2"}, // build metadata is dropped
	{"1.2.3+build", "patch", "", "1.2.4"},
	// Where we differ from node-semver: 64-bit numbers, errors on overflow.
	{"18446744073709551615.0.0", "major", "", ""},
	{"1.18446744073709551615.0", "minor", "", ""},
	{"1.2.18446744073709551615", "prerelease", "", ""},
	{"1.2.3-18446744073709551615", "prerelease", "", ""},
	{"1.2.3-18446744073709551614", "prerelease", "", "1.2.3-18446744073709551615"},
	// Bad identifiers.
	{"1.2.3", "prerelease", "a b", ""},
	{"1.2.3", "prerelease", "01", ""},
	{"1.2.3", "prerelease", "a..b", ""},
	{"1.2.3", "prerelease", strings.Repeat("x", MaxPreidLen+1), ""},
}

func TestIncrement(t *testing.T) {
	for _, tc := range incrementCases {
		t.Run(tc.v+" "+tc.op+" "+tc.preid, func(t *testing.T) {
			v, err := semver.StrictNewVersion(tc.v)
			require.NoError(t, err)
			op, err := ParseOp(tc.op)
			require.NoError(t, err)
			got, err := Increment(v, op, tc.preid)
			if tc.want == "" {
				assert.Error(t, err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
		})
	}
}

func TestIncrementErrors(t *testing.T) {
	v := semver.MustParse("1.2.3")
	_, err := Increment(v, Op(0), "")
	assert.ErrorIs(t, err, ErrInvalidOp)
	_, err = Increment(v, OpRelease, "")
	assert.ErrorIs(t, err, ErrInvalidOp)
	_, err = Increment(nil, OpMajor, "")
	assert.ErrorIs(t, err, ErrInvalidVersion)
	_, err = Increment(semver.MustParse("18446744073709551615.0.0"), OpMajor, "")
	assert.ErrorIs(t, err, ErrInvalidVersion)
	assert.Contains(t, err.Error(), "overflow")
	_, err = Increment(v, OpPrerelease, strings.Repeat("x", MaxPreidLen+1))
	assert.ErrorIs(t, err, ErrTooLong)
}

func TestOpText(t *testing.T) {
	for op := OpMajor; op <= OpRelease; op++ {
		text, err := op.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, op.String(), string(text))
		var back Op
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, op, back)
	}
	_, err := ParseOp("Major")
	assert.ErrorIs(t, err, ErrInvalidOp, "names are lower case")
	_, err = Op(42).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Op(42)", Op(42).String())
}

func TestParseVersion(t *testing.T) {
	cases := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "1.2.3", "1.2.3", nil},
		{"v prefix", "v1.2.3", "1.2.3", nil},
		{"prerelease and build", "1.2.3-rc.1+sha.5", "1.2.3-rc.1+sha.5", nil},
		{"no coercion", "1.2", "", ErrInvalidVersion},
		{"leading zero", "01.2.3", "", ErrInvalidVersion},
		{"leading zero in prerelease", "1.2.3-01", "", ErrInvalidVersion},
		{"overflow", "99999999999999999999.0.0", "", ErrInvalidVersion},
		{"prerelease overflow", "1.0.0-99999999999999999999", "", ErrInvalidVersion},
		{"empty", "", "", ErrInvalidVersion},
		{"option", "--version", "", ErrInvalidVersion},
		{"spaces", " 1.2.3", "", ErrInvalidVersion},
		{"too long", "1.2.3-" + strings.Repeat("a", 300), "", ErrTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := ParseVersion(tc.in)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				assert.Less(t, len(err.Error()), 400, "messages stay short")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, v.String())
		})
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, tc := range incrementCases {
		f.Add(tc.v, tc.preid)
	}
	f.Add("v1.2.3-rc.1+b", "rc")
	f.Fuzz(func(t *testing.T, s, preid string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		again, err := ParseVersion(v.String())
		if err != nil || !again.Equal(v) || again.String() != v.String() {
			t.Fatalf("%q does not round-trip: %v, %v", s, again, err)
		}
		for op := OpMajor; op <= OpRelease; op++ {
			next, err := Increment(v, op, preid)
			if err != nil {
				continue
			}
			if !next.GreaterThan(v) {
				t.Fatalf("%s %s %q gave %s, not greater", v, op, preid, next)
			}
			if _, err := ParseVersion(next.String()); err != nil {
				t.Fatalf("%s %s %q gave %s, which does not parse: %v", v, op, preid, next, err)
			}
		}
	})
}
