package release

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTagFormatValidate(t *testing.T) {
	cases := []struct {
		name   string
		format TagFormat
		ok     bool
	}{
		{"zero is v{version}", "", true},
		{"v prefix", "v{version}", true},
		{"bare", "{version}", true},
		{"prefix word", "release-{version}", true},
		{"Go submodule", "api/v{version}", true},
		{"suffix", "{version}-final", true},
		{"no placeholder", "v", false},
		{"two placeholders", "{version}-{version}", false},
		{"unknown placeholder", "{component}/v{version}", false},
		{"looks like an option", "-{version}", false},
		{"space", "v {version}", false},
		{"double dot", "a..b{version}", false},
		{"control character", "v\x01{version}", false},
		{"colon", "v:{version}", false},
		{"trailing slash", "{version}/", false},
		{"leading slash", "/v{version}", false},
		{"lock suffix", "{version}.lock", false},
		{"dot component", ".v{version}", false},
		{"dot component inside", "a/.b/v{version}", false},
		{"lock component", "a.lock/v{version}", false},
		{"too long", TagFormat(strings.Repeat("a", MaxTagLen) + "{version}"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.format.Validate()
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrInvalidTagFormat)
			}
		})
	}
}

var tagCases = []struct {
	name   string
	format TagFormat
	tag    string
	want   string // "" for an error
	err    error
}{
	{"v tag", "", "v1.2.3", "1.2.3", nil},
	{"prerelease", "v{version}", "v1.3.0-rc.1", "1.3.0-rc.1", nil},
	{"build", "v{version}", "v1.3.0+sha.1", "1.3.0+sha.1", nil},
	{"bare", "{version}", "1.2.3", "1.2.3", nil},
	{"bare rejects v", "{version}", "v1.2.3", "", ErrInvalidTag},
	{"prefix", "release-{version}", "release-2.0.0", "2.0.0", nil},
	{"Go submodule", "api/v{version}", "api/v1.2.3", "1.2.3", nil},
	{"other component", "api/v{version}", "web/v1.2.3", "", ErrInvalidTag},
	{"option", "{version}", "--foo", "", ErrInvalidTag},
	{"option-looking version", "{version}", "-1.0.0", "", ErrInvalidTag},
	{"overflow", "", "v99999999999999999999.0.0", "", ErrInvalidTag},
	{"prerelease overflow", "", "v1.0.0-99999999999999999999", "", ErrInvalidTag},
	{"leading zero", "", "v01.2.3", "", ErrInvalidTag},
	{"two parts", "", "v1.2", "", ErrInvalidTag},
	{"wrong prefix", "", "release-1.2.3", "", ErrInvalidTag},
	{"empty", "", "", "", ErrInvalidTag},
	{"prefix only", "", "v", "", ErrInvalidTag},
	{"NUL", "", "v1.2.3\x00", "", ErrInvalidTag},
	{"too long", "", "v1.2.3-" + strings.Repeat("a", MaxTagLen), "", ErrTooLong},
	{"bad format", "x", "x1.2.3", "", ErrInvalidTagFormat},
}

func TestTagFormatParse(t *testing.T) {
	for _, tc := range tagCases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.format.Parse(tc.tag)
			if tc.err != nil {
				assert.ErrorIs(t, err, tc.err)
				assert.Nil(t, v)
				assert.Less(t, len(err.Error()), 400, "messages stay short")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, v.String())
			assert.Equal(t, tc.tag, tc.format.Format(v), "Format inverts Parse")
		})
	}
}

func TestTagFormatParseSaysWhat(t *testing.T) {
	_, err := DefaultTagFormat.Parse("--output=/etc/passwd")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not an option")
	_, err = DefaultTagFormat.Parse("v1.2")
	assert.Contains(t, err.Error(), "v{version}")
}

func TestTagFormatLatest(t *testing.T) {
	names := []string{
		"v1.2.3", "v1.10.0", "v1.9.9", "v2.0.0-rc.1", "v2.0.0-beta.3",
		"not-a-tag", "v3", "v01.0.0", "api/v9.0.0", "v99999999999999999999.0.0",
	}
	cases := []struct {
		name    string
		format  TagFormat
		names   []string
		channel string
		want    string // tag name, "" for none
	}{
		{"stable only", "", names, "", "v1.10.0"},
		{"rc channel", "", names, "rc", "v2.0.0-rc.1"},
		{"beta channel", "", names, "beta", "v2.0.0-beta.3"},
		{"stable beats an older channel", "", append(slices.Clone(names), "v2.0.0"), "rc", "v2.0.0"},
		{"unknown channel falls back to stable", "", names, "alpha", "v1.10.0"},
		{"component format", "api/v{version}", names, "", "api/v9.0.0"},
		{"equal precedence: smallest name", "", []string{"v1.0.0+b", "v1.0.0", "v1.0.0+a"}, "", "v1.0.0"},
		{"nothing matches", "release-{version}", names, "", ""},
		{"empty", "", nil, "", ""},
		{"bad format", "x", names, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.format.Latest(tc.names, tc.channel)
			assert.Equal(t, tc.want != "", ok, "ok")
			assert.Equal(t, tc.want, got.Name)
			// The answer does not depend on the order of the names.
			rev := slices.Clone(tc.names)
			slices.Reverse(rev)
			again, _ := tc.format.Latest(rev, tc.channel)
			assert.Equal(t, got.Name, again.Name, "order-independent")
		})
	}
}

func FuzzParseTag(f *testing.F) {
	for _, tc := range tagCases {
		f.Add(string(tc.format), tc.tag)
	}
	f.Fuzz(func(t *testing.T, format, name string) {
		tf := TagFormat(format)
		v, err := tf.Parse(name)
		if err == nil && (len(name) > MaxTagLen || strings.HasPrefix(name, "-")) {
			t.Fatalf("accepted %q, which looks like an option or is too long", name)
		}
		if tf.Validate() != nil && err == nil {
			t.Fatalf("parsed %q under the invalid format %q", name, format)
		}
		if err != nil {
			return
		}
		formatted := tf.Format(v)
		back, err := tf.Parse(formatted)
		if err != nil || !back.Equal(v) || back.String() != v.String() {
			t.Fatalf("%q -> %s -> %q does not round-trip: %v", name, v, formatted, err)
		}
		if formatted != name {
			// Only a non-canonical spelling could differ, and strict
			// parsing admits none.
			t.Fatalf("Format(Parse(%q)) = %q", name, formatted)
		}
	})
}
