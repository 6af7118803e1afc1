package release

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// CheckGoModule reports whether a Go module at modulePath may be released
// as version v. Go's import compatibility rule ties the two: from v2 on the
// module path must end in the major version ("example.com/m/v2"), and for
// v0 and v1 it must not have such a suffix. gopkg.in paths carry the major
// version as ".vN" and are checked the same way ("gopkg.in/yaml.v3" is
// v3.x.y; gopkg.in allows .v0 and .v1 too).
//
// A "+incompatible" version (a v2+ tag of a repository without go.mod) is
// valid only on a path without a major suffix, as Go has it.
//
// The error wraps ErrModulePath and says what to change: the module line
// of go.mod, and every import of the module's packages.
func CheckGoModule(modulePath string, v *semver.Version) error {
	if modulePath == "" || v == nil {
		return &ParseError{Input: modulePath, Expected: "a module path and a version", Err: ErrModulePath}
	}
	major := v.Major()
	base, suffix, gopkgin := splitMajor(modulePath)
	if v.Metadata() == "incompatible" {
		// v2.0.0+incompatible: a v2+ tag of a repository without a go.mod,
		// taken by Go as it is, on the path without a suffix.
		if gopkgin || suffix != "" || major < 2 {
			return &ParseError{Input: modulePath,
				Expected: fmt.Sprintf("a path without a major suffix and a major version of 2 or more for v%s", v),
				Err:      ErrModulePath}
		}
		return nil
	}
	switch {
	case gopkgin && suffix == "":
		return &ParseError{Input: modulePath, Expected: "a gopkg.in path with a .vN suffix", Err: ErrModulePath}
	case gopkgin:
		n, _ := strconv.ParseUint(suffix, 10, 64)
		if n != major {
			return moduleErr(modulePath, v, fmt.Sprintf("%s.v%d", base, major))
		}
	case major >= 2:
		want := fmt.Sprintf("%s/v%d", base, major)
		if modulePath != want {
			return moduleErr(modulePath, v, want)
		}
	case suffix != "":
		return moduleErr(modulePath, v, base)
	}
	return nil
}

func moduleErr(path string, v *semver.Version, want string) error {
	return &ParseError{
		Input: path,
		Expected: fmt.Sprintf("module path %s for v%s: change the module line of go.mod to \"module %s\" and every import of its packages",
			want, v, want),
		Err: ErrModulePath,
	}
}

// splitMajor splits "example.com/m/v2" into ("example.com/m", "2") and
// "gopkg.in/yaml.v3" into ("gopkg.in/yaml", "3", true). A path without a
// suffix returns it whole with suffix "".
func splitMajor(path string) (base, suffix string, gopkgin bool) {
	if strings.HasPrefix(path, "gopkg.in/") {
		i := strings.LastIndex(path, ".v")
		if i < 0 || !isNumeric(path[i+2:]) {
			return path, "", true
		}
		return path[:i], path[i+2:], true
	}
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return path, "", false
	}
	last := path[i+1:]
	if len(last) >= 2 && last[0] == 'v' && isNumeric(last[1:]) {
		// "/v1", "/v0" and "/v02" split too: they are never valid, and
		// the check then names the right path.
		return path[:i], last[1:], false
	}
	return path, "", false
}
