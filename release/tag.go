package release

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// MaxTagLen is the longest tag name ParseTag and Latest consider; a longer
// one is an error wrapping ErrTooLong.
const MaxTagLen = 256

// DefaultTagFormat is the format the zero TagFormat stands for.
const DefaultTagFormat TagFormat = "v{version}"

// TagFormat is how versions are written as tag names: literal text around
// one "{version}" placeholder, such as "v{version}", "{version}",
// "release-{version}" or, for a Go module in a subdirectory,
// "api/v{version}". The zero TagFormat is DefaultTagFormat.
type TagFormat string

const versionPlaceholder = "{version}"

func (f TagFormat) orDefault() TagFormat {
	if f == "" {
		return DefaultTagFormat
	}
	return f
}

// Validate reports whether f has exactly one {version} placeholder and
// literal text that git accepts in a tag name. The error wraps
// ErrInvalidTagFormat.
func (f TagFormat) Validate() error {
	s := string(f.orDefault())
	bad := func(what string) error {
		return &ParseError{Input: shorten(s), Expected: what, Err: ErrInvalidTagFormat}
	}
	if strings.Count(s, versionPlaceholder) != 1 {
		return bad("exactly one {version} placeholder")
	}
	prefix, suffix, _ := strings.Cut(s, versionPlaceholder)
	lit := prefix + suffix
	switch {
	case len(s) > MaxTagLen:
		return bad(fmt.Sprintf("a format of at most %d bytes", MaxTagLen))
	case strings.HasPrefix(s, "-"):
		return bad("a format that does not start with '-'")
	case strings.ContainsAny(lit, "{}"):
		return bad("no placeholder other than {version}")
	case strings.Contains(lit, ".."), strings.Contains(lit, "@{"), strings.Contains(lit, "//"),
		strings.HasPrefix(s, "/"), strings.HasSuffix(s, "/"), strings.HasSuffix(s, ".lock"), strings.HasSuffix(s, "."):
		return bad("text that git allows in a tag name")
	}
	for i := 0; i < len(lit); i++ {
		if c := lit[i]; c < 0x20 || c == 0x7f || strings.IndexByte(" ~^:?*[\\", c) >= 0 {
			return bad("text that git allows in a tag name")
		}
	}
	// git check-ref-format: no path component may start with '.' or end
	// with ".lock". The version itself never does, so only the literal
	// text around it is checked, with the placeholder standing for "1".
	for comp := range strings.SplitSeq(strings.Replace(s, versionPlaceholder, "1", 1), "/") {
		if strings.HasPrefix(comp, ".") || strings.HasSuffix(comp, ".lock") {
			return bad("path components that do not start with '.' or end with .lock")
		}
	}
	return nil
}

// Format returns the tag name of v under f. It does not validate f; call
// Validate once when the format comes from configuration.
func (f TagFormat) Format(v *semver.Version) string {
	return strings.Replace(string(f.orDefault()), versionPlaceholder, v.String(), 1)
}

// Parse returns the version in a tag name written under f. The version must
// be strict SemVer (no leading zeros, no missing parts, numbers within 64
// bits): "v1.2" or "v01.2.3" is an error, never a guess. A name that starts
// with '-' (an option, not a tag), or that is longer than MaxTagLen, is an
// error. Errors wrap ErrInvalidTag (ErrTooLong for length) and say what was
// expected.
func (f TagFormat) Parse(name string) (*semver.Version, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	bad := func(what string) error {
		return &ParseError{Input: shorten(name), Expected: what, Err: ErrInvalidTag}
	}
	switch {
	case len(name) > MaxTagLen:
		return nil, &ParseError{Input: shorten(name), Expected: fmt.Sprintf("a tag of at most %d bytes", MaxTagLen), Err: ErrTooLong}
	case name == "":
		return nil, bad("a tag name")
	case name[0] == '-':
		return nil, bad("a tag name, not an option")
	}
	prefix, suffix, _ := strings.Cut(string(f.orDefault()), versionPlaceholder)
	if len(name) < len(prefix)+len(suffix) || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return nil, bad(fmt.Sprintf("a tag of the form %s", f.orDefault()))
	}
	v, err := parseStrict(name[len(prefix) : len(name)-len(suffix)])
	if err != nil {
		return nil, bad(fmt.Sprintf("a tag of the form %s, {version} being %s", f.orDefault(), err.Expected))
	}
	return v, nil
}

// Tag is a tag name with the version it holds.
type Tag struct {
	Name    string          `json:"name"`
	Version *semver.Version `json:"version"`
}

// Latest returns the tag with the greatest version among names, ignoring
// names that do not parse under f. An invalid f matches no name, so call
// Validate first when f comes from configuration: otherwise a typo such as
// "v{versoin}" reads as a repository that was never released. With channel "" only releases count;
// with a channel such as "rc", releases and that channel's prereleases
// (1.3.0-rc.2) count, so the result is where the channel's next prerelease
// starts from. Among tags of equal precedence (1.0.0 and 1.0.0+build) the
// smallest name wins, so the result does not depend on the order of names.
// ok is false when no name qualifies.
func (f TagFormat) Latest(names []string, channel string) (tag Tag, ok bool) {
	if f.Validate() != nil {
		return Tag{}, false
	}
	for _, n := range names {
		v, err := f.Parse(n)
		if err != nil || !onChannel(v, channel) {
			continue
		}
		if !ok {
			tag, ok = Tag{Name: n, Version: v}, true
			continue
		}
		if c := v.Compare(tag.Version); c > 0 || c == 0 && n < tag.Name {
			tag = Tag{Name: n, Version: v}
		}
	}
	return tag, ok
}

// onChannel reports whether v is a release or a prerelease of channel.
func onChannel(v *semver.Version, channel string) bool {
	pre := v.Prerelease()
	if pre == "" {
		return true
	}
	if channel == "" {
		return false
	}
	first, _, _ := strings.Cut(pre, ".")
	return first == channel
}
