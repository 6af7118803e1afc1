package release

import (
	"testing"

	"github.com/Masterminds/semver/v3"
	"github.com/stretchr/testify/assert"
)

func TestCheckGoModule(t *testing.T) {
	cases := []struct {
		name, path, version string
		suggest             string // "" when the pair is valid
	}{
		{"v1 without suffix", "example.com/m", "1.2.3", ""},
		{"v0 without suffix", "example.com/m", "0.1.0", ""},
		{"v2 needs the suffix", "example.com/m", "2.0.0", "example.com/m/v2"},
		{"v2 with suffix", "example.com/m/v2", "2.3.0", ""},
		{"v3 on a v2 path", "example.com/m/v2", "3.0.0", "example.com/m/v3"},
		{"back to v1 on a v2 path", "example.com/m/v2", "1.5.0", "example.com/m"},
		{"/v1 is never valid", "example.com/m/v1", "1.0.0", "example.com/m"},
		{"/v0 is never valid", "example.com/m/v0", "0.3.0", "example.com/m"},
		{"leading zero suffix", "example.com/m/v02", "2.0.0", "example.com/m/v2"},
		{"prerelease counts by major", "example.com/m", "2.0.0-rc.1", "example.com/m/v2"},
		{"nested module", "github.com/o/r/api", "4.1.0", "github.com/o/r/api/v4"},
		{"no slash", "m", "2.0.0", "m/v2"},
		{"gopkg.in match", "gopkg.in/yaml.v3", "3.0.1", ""},
		{"gopkg.in v1", "gopkg.in/check.v1", "1.0.0", ""},
		{"gopkg.in mismatch", "gopkg.in/yaml.v3", "2.0.0", "gopkg.in/yaml.v2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckGoModule(tc.path, semver.MustParse(tc.version))
			if tc.suggest == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrModulePath)
			assert.Contains(t, err.Error(), `"module `+tc.suggest+`"`, "the error names the path to use")
		})
	}
}

func TestCheckGoModuleBadInput(t *testing.T) {
	assert.ErrorIs(t, CheckGoModule("", semver.MustParse("1.0.0")), ErrModulePath)
	assert.ErrorIs(t, CheckGoModule("example.com/m", nil), ErrModulePath)
	assert.ErrorIs(t, CheckGoModule("gopkg.in/yaml", semver.MustParse("1.0.0")), ErrModulePath)
	assert.NoError(t, CheckGoModule("example.com/m", semver.MustParse("2.0.0+incompatible")), "Go allows it without a suffix")
	assert.ErrorIs(t, CheckGoModule("example.com/m/v2", semver.MustParse("2.0.0+incompatible")), ErrModulePath)
	assert.ErrorIs(t, CheckGoModule("example.com/m", semver.MustParse("1.0.0+incompatible")), ErrModulePath)
}
