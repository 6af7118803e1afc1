package release_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseGoMod(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    release.GoMod
		wantErr string
	}{
		{name: "everything", in: `// a comment
module example.com/repo // trailing comment

go 1.26

require example.com/repo/lib v1.2.3
require (
	example.com/repo/api v0.0.0-00010101000000-000000000000 // indirect
	"example.com/quoted" v1.0.0

	golang.org/x/sync v0.23.0
)
replace example.com/repo/lib => ./lib
replace (
	example.com/repo/api v0.0.0 => ../api
	example.com/old => example.com/new v1.1.0
)
exclude example.com/bad v1.0.0
retract [v1.0.0, v1.0.5]
`, want: release.GoMod{
			Module: "example.com/repo",
			Requires: []release.GoRequire{
				{"example.com/repo/lib", "v1.2.3"}, {"example.com/repo/api", "v0.0.0-00010101000000-000000000000"},
				{"example.com/quoted", "v1.0.0"}, {"golang.org/x/sync", "v0.23.0"},
			},
			Replaces: []release.GoReplace{
				{Old: "example.com/repo/lib", New: "./lib"},
				{Old: "example.com/repo/api", OldVersion: "v0.0.0", New: "../api"},
				{Old: "example.com/old", New: "example.com/new", NewVersion: "v1.1.0"},
			},
		}},
		{name: "raw string module", in: "module `example.com/raw`\r\n", want: release.GoMod{Module: "example.com/raw"}},
		{name: "no module", in: "go 1.26\n", wantErr: "a module directive"},
		{name: "two modules", in: "module a\nmodule b\n", wantErr: "line 2, column 1: one module directive"},
		{name: "require without version", in: "module a\nrequire b\n", wantErr: "line 2, column 1: require with a path and a version"},
		{name: "open block", in: "module a\nrequire (\nb v1.0.0\n", wantErr: "a closing ')'"},
		{name: "unterminated quote", in: "module \"a\n", wantErr: "line 1, column 8: a closing '\"'"},
		{name: "stray paren", in: "module a\n)\n", wantErr: "line 2, column 1: a directive"},
		{name: "bad replace", in: "module a\nreplace x\n", wantErr: "replace old [version] => new [version]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := release.ParseGoMod([]byte(tc.in))
			if tc.wantErr != "" {
				assert.ErrorIs(t, err, release.ErrInvalidGoMod)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := release.ParseGoMod([]byte("module a\n" + strings.Repeat("// x\n", release.MaxGoModLen/5+1)))
	assert.ErrorIs(t, err, release.ErrTooLong)
}

func gomod(module string, lines ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("module " + module + "\n\ngo 1.26\n" + strings.Join(lines, "\n") + "\n")}
}

func TestGoComponents(t *testing.T) {
	fsys := fstest.MapFS{
		"go.mod":                  gomod("example.com/repo", "require example.com/repo/lib v1.0.0"),
		"lib/go.mod":              gomod("example.com/repo/lib"),
		"api/go.mod":              gomod("example.com/repo/api", "require (\n\texample.com/repo/lib v1.0.0\n\tgolang.org/x/sync v0.23.0\n)"),
		"api/v2/go.mod":           gomod("example.com/repo/api/v2", "replace example.com/repo/lib => ../../lib"),
		"tools/go.mod":            gomod("example.com/repo/tools/v3"),
		"vendor/x/go.mod":         gomod("example.com/vendored"),
		"api/testdata/go.mod":     gomod("example.com/fixture"),
		".github/go.mod":          gomod("example.com/hidden"),
		"_old/go.mod":             gomod("example.com/old"),
		"lib/lib.go":              {Data: []byte("package lib\n")},
		"docs/README.md":          {Data: []byte("# docs\n")},
		"api/v2/internal/x/go.md": {Data: []byte("not a go.mod\n")},
	}
	comps, err := release.GoComponents(fsys)
	require.NoError(t, err)
	type row struct {
		name, path, tag string
		deps            []string
	}
	var got []row
	for _, c := range comps {
		assert.Equal(t, c.Name, c.Module)
		got = append(got, row{c.Name, c.Paths[0], string(c.Tags()), c.DependsOn})
	}
	assert.Equal(t, []row{
		{"example.com/repo", ".", "v{version}", []string{"example.com/repo/lib"}},
		{"example.com/repo/api", "api", "api/v{version}", []string{"example.com/repo/lib"}},
		// The major-version subdirectory is not part of the tag prefix.
		{"example.com/repo/api/v2", "api/v2", "api/v{version}", []string{"example.com/repo/lib"}},
		{"example.com/repo/lib", "lib", "lib/v{version}", nil},
		// A major-branch module: its directory is the prefix.
		{"example.com/repo/tools/v3", "tools", "tools/v{version}", nil},
	}, got)

	// go.work selects modules.
	fsys["go.work"] = &fstest.MapFile{Data: []byte("go 1.26\n\nuse (\n\t./lib\n\t./api\n)\nuse .\n")}
	comps, err = release.GoComponents(fsys)
	require.NoError(t, err)
	var names []string
	for _, c := range comps {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"example.com/repo", "example.com/repo/api", "example.com/repo/lib"}, names)

	// A workspace built from the modules plans with Go's rules.
	w := release.Workspace{Components: comps}
	c := wc("1", nil, "feat(lib)!: new API", "lib/lib.go")
	plan, err := w.Plan([]release.TagRef{{"lib/v1.4.0", "0"}, {"api/v1.0.0", "0"}, {"v1.2.0", "0"}}, []release.Commit{c, wc("0", nil, "chore: x")})
	assert.ErrorIs(t, err, release.ErrModulePath, "lib/v2.0.0 needs the module path example.com/repo/lib/v2")
	api, _ := plan.Get("example.com/repo/api")
	assert.Equal(t, "api/v1.0.1", api.NextTag, "a dependent of lib")
}

func TestGoComponentsErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"go.mod":     gomod("example.com/repo"),
		"a/go.mod":   gomod("example.com/same"),
		"b/go.mod":   gomod("example.com/same"),
		"c/go.mod":   {Data: []byte("go 1.26\n")},
		"d/go.mod":   {Data: []byte("module \"broken\n")},
		"go.work":    {Data: []byte("use ./a\nuse ./missing\n")},
		"e/e.go":     {Data: []byte("package e")},
		"big/go.mod": {Data: []byte("module x\n" + strings.Repeat("x", release.MaxGoModLen))},
	}
	_, err := release.GoComponents(nil)
	assert.ErrorIs(t, err, release.ErrInvalidGoMod, "no panic without a file system")
	_, err = release.GoComponents(fsys)
	require.Error(t, err)
	for _, want := range []string{
		"c/go.mod: release: \"go.mod\": a module directive",
		"d/go.mod: release:",
		"big/go.mod:",
		"go.work: use ./missing: no go.mod there",
	} {
		assert.ErrorContains(t, err, want)
	}
	assert.ErrorIs(t, err, release.ErrInvalidGoMod)
	assert.ErrorIs(t, err, release.ErrTooLong)

	delete(fsys, "go.work")
	delete(fsys, "c/go.mod")
	delete(fsys, "d/go.mod")
	delete(fsys, "big/go.mod")
	_, err = release.GoComponents(fsys)
	assert.ErrorContains(t, err, "module example.com/same is defined twice, in a/go.mod and b/go.mod")
}

// FuzzParseGoMod checks that the parser never panics, that every error is
// a *ParseError, and that what it accepts is well formed.
func FuzzParseGoMod(f *testing.F) {
	f.Add("module a\nrequire (\n\tb v1.0.0 // indirect\n)\nreplace b => ../b\n")
	f.Add("module `a`\nreplace (\nx v1 => y v2\n)\n")
	f.Add("module \"a\\\"b\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := release.ParseGoMod([]byte(in))
		if err != nil {
			var pe *release.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		if m.Module == "" {
			t.Fatal("accepted a go.mod without a module path")
		}
		for _, r := range m.Requires {
			if r.Path == "" || r.Version == "" {
				t.Fatalf("accepted an empty require in %q", in)
			}
		}
		uses, err := release.ParseGoWork([]byte(in))
		if err == nil && len(uses) > strings.Count(in, "\n")+1 {
			t.Fatalf("more uses than lines: %v", uses)
		}
	})
}

// Go's major-subdirectory layout: api and api/v2 share the tag prefix
// "api/", and each takes the tags of its own major version.
func TestGoMajorSubdirectories(t *testing.T) {
	comps, err := release.GoComponents(fstest.MapFS{
		"api/go.mod":    gomod("example.com/repo/api"),
		"api/v2/go.mod": gomod("example.com/repo/api/v2"),
	})
	require.NoError(t, err)
	w := release.Workspace{Components: comps}
	require.NoError(t, w.Validate())
	plan, err := w.Plan(
		[]release.TagRef{{"api/v1.9.0", "0"}, {"api/v2.3.1", "0"}},
		[]release.Commit{wc("1", nil, "fix(api): both", "api/v2/x.go", "api/y.go"), wc("0", nil, "chore: init")},
	)
	require.NoError(t, err)
	v1, _ := plan.Get("example.com/repo/api")
	v2, _ := plan.Get("example.com/repo/api/v2")
	assert.Equal(t, "api/v1.9.1", v1.NextTag)
	assert.Equal(t, "api/v2.3.2", v2.NextTag)
	assert.Equal(t, map[string]string{"example.com/repo/api": "api/v1.9.0", "example.com/repo/api/v2": "api/v2.3.1"},
		w.LatestTags([]string{"api/v1.9.0", "api/v2.3.1", "api/v2.0.0", "other"}))
}
