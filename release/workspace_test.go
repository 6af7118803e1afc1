package release_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wc is a commit for workspace tests: a hash, its parents, a message and
// the files it changes.
func wc(hash string, parents []string, msg string, files ...string) release.Commit {
	c := release.ParseCommit(msg)
	c.Hash, c.Parents = hash, parents
	for _, f := range files {
		fc := release.FileChange{Path: f, Added: 1}
		if old, nw, ok := strings.Cut(f, " => "); ok {
			fc = release.FileChange{OldPath: old, Path: nw}
		}
		c.Files = append(c.Files, fc)
	}
	return c
}

func comp(name string, deps ...string) release.Component {
	return release.Component{Name: name, Paths: []string{name}, DependsOn: deps}
}

func TestOwners(t *testing.T) {
	w := release.Workspace{Components: []release.Component{
		{Name: "root", Paths: []string{"."}, TagFormat: "v{version}"},
		{Name: "api", Paths: []string{"services/api", "api-old"}},
		{Name: "api-client", Paths: []string{"services/api/client"}},
		{Name: "web", Paths: []string{"web/"}},
	}}
	owners := w.Owners()
	cases := []struct {
		name  string
		files []string
		want  []string
	}{
		{"a file of one component", []string{"web/index.html"}, []string{"web"}},
		{"the longest path wins", []string{"services/api/client/c.go"}, []string{"api-client"}},
		{"nested but not under the longer path", []string{"services/api/server.go"}, []string{"api"}},
		{"two components", []string{"web/a.js", "services/api/b.go"}, []string{"api", "web"}},
		{"outside every component: the root", []string{"README.md"}, []string{"root"}},
		{"a prefix is not a directory", []string{"webapp/x"}, []string{"root"}},
		{"a rename out of a component counts for both", []string{"api-old/x.go => services/api/x.go"}, []string{"api"}},
		{"a rename between components", []string{"web/x => services/api/client/x"}, []string{"api-client", "web"}},
		{"an empty commit: the root", nil, []string{"root"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := wc("h", nil, "fix: x", tc.files...)
			assert.Equal(t, tc.want, owners(&c))
		})
	}

	// Without a root component, files outside and empty commits belong to
	// nobody.
	noRoot := release.Workspace{Components: []release.Component{comp("web")}}.Owners()
	empty := wc("h", nil, "chore: empty")
	assert.Empty(t, noRoot(&empty))
	readme := wc("h", nil, "docs: x", "README.md")
	assert.Empty(t, noRoot(&readme))
}

func mustV(s string) *semver.Version { return semver.MustParse(s) }

func TestPlanRangesFollowTheGraph(t *testing.T) {
	// History, newest first:
	//   m   merge of topic into main
	//   b2  feat(api) on topic, made before api/v1.1.0 was tagged on a1 but merged after
	//   a1  fix(web)           <- api/v1.1.0, web/v2.0.0
	//   a0  feat(api)
	w := release.Workspace{Components: []release.Component{comp("api"), comp("web")}}
	commits := []release.Commit{
		wc("m", []string{"a1", "b2"}, "Merge branch 'topic'"),
		wc("b2", []string{"a0"}, "feat(api): streaming", "api/stream.go"),
		wc("a1", []string{"a0"}, "fix(web): layout", "web/app.css"),
		wc("a0", nil, "feat(api): first", "api/api.go"),
	}
	tags := []release.TagRef{{"api/v1.1.0", "a1"}, {"web/v2.0.0", "a1"}, {"api/v1.0.0", "a0"}, {"garbage", "a0"}}
	plan, err := w.Plan(tags, commits)
	require.NoError(t, err)

	api, ok := plan.Get("api")
	require.True(t, ok)
	assert.Equal(t, "api/v1.1.0", api.Tag)
	assert.Equal(t, "1.2.0", api.Proposal.Version.String(), "the merged branch commit counts although it is older than the tag")
	assert.Equal(t, "api/v1.2.0", api.NextTag)
	require.Len(t, api.Commits, 1)
	assert.Equal(t, "b2", api.Commits[0].Hash)

	web, _ := plan.Get("web")
	assert.False(t, web.Releases(), "its fix was released in 2.0.0")
	assert.Empty(t, web.Commits)
	assert.Empty(t, web.NextTag)

	// Without parents the list is linear: b2 comes after a1's tag.
	for i := range commits {
		commits[i].Parents = nil
	}
	plan, err = w.Plan(tags, commits)
	require.NoError(t, err)
	api, _ = plan.Get("api")
	assert.Equal(t, "1.2.0", api.Proposal.Version.String())
}

func TestPlanNeverReleased(t *testing.T) {
	initial := mustV("0.1.0")
	w := release.Workspace{
		Components: []release.Component{comp("api"), {Name: "web", Paths: []string{"web"}, Policy: &release.Policy{Initial: initial}}},
	}
	plan, err := w.Plan(nil, []release.Commit{
		wc("2", nil, "fix(web): x", "web/x"),
		wc("1", nil, "feat(api): y", "api/y"),
	})
	require.NoError(t, err)
	api, _ := plan.Get("api")
	assert.Equal(t, "1.0.0", api.Proposal.Version.String())
	assert.Nil(t, api.Proposal.Current)
	web, _ := plan.Get("web")
	assert.Equal(t, "0.1.0", web.Proposal.Version.String(), "the component's own policy")
	assert.Equal(t, "web/v0.1.0", web.NextTag)
}

func TestPlanPropagation(t *testing.T) {
	comps := []release.Component{comp("api"), comp("sdk", "api"), comp("web", "sdk"), comp("docs")}
	tags := []release.TagRef{{"api/v1.4.0", "0"}, {"sdk/v0.3.1", "0"}, {"web/v2.0.0", "0"}, {"docs/v1.0.0", "0"}}
	commits := []release.Commit{wc("1", []string{"0"}, "feat(api)!: new client", "api/client.go"), wc("0", nil, "chore: init")}

	t.Run("transitive, with reasons", func(t *testing.T) {
		plan, err := release.Workspace{Components: comps}.Plan(tags, commits)
		require.NoError(t, err)
		var got []string
		for _, c := range plan.Components {
			got = append(got, fmt.Sprintf("%s %s %v", c.Component, c.NextTag, c.Reasons))
		}
		assert.Equal(t, []string{
			"api api/v2.0.0 [breaking change]",
			"docs  []",
			"sdk sdk/v0.3.2 [depends on api, released 2.0.0]",
			"web web/v2.0.1 [depends on sdk, released 0.3.2]",
		}, got, "dependency order, then name")
	})
	t.Run("a minor for dependents", func(t *testing.T) {
		plan, err := release.Workspace{Components: comps, DependentBump: release.Minor}.Plan(tags, commits)
		require.NoError(t, err)
		web, _ := plan.Get("web")
		assert.Equal(t, "2.1.0", web.Proposal.Version.String())
		assert.Equal(t, release.None, web.OwnBump)
	})
	t.Run("off", func(t *testing.T) {
		plan, err := release.Workspace{Components: comps, NoPropagation: true}.Plan(tags, commits)
		require.NoError(t, err)
		sdk, _ := plan.Get("sdk")
		assert.False(t, sdk.Releases())
	})
	t.Run("a bigger own bump stays", func(t *testing.T) {
		own := append([]release.Commit{wc("2", []string{"1"}, "feat(web): dark mode", "web/theme.css")}, commits...)
		own[1].Parents = []string{"0"}
		plan, err := release.Workspace{Components: comps}.Plan(tags, own)
		require.NoError(t, err)
		web, _ := plan.Get("web")
		assert.Equal(t, "2.1.0", web.Proposal.Version.String())
		assert.Equal(t, []string{"new feature", "depends on sdk, released 0.3.2"}, web.Reasons)
	})
}

func TestPlanGroups(t *testing.T) {
	comps := []release.Component{comp("a"), comp("b"), comp("c"), comp("d")}
	tags := []release.TagRef{{"a/v1.2.0", "0"}, {"b/v1.5.3", "0"}, {"c/v1.0.0", "0"}, {"d/v3.0.0", "0"}}
	commits := []release.Commit{
		wc("2", []string{"1"}, "fix(b): small", "b/x"),
		wc("1", []string{"0"}, "feat(a): big", "a/x"),
		wc("0", nil, "chore: init"),
	}
	next := func(plan release.WorkspacePlan) map[string]string {
		out := map[string]string{}
		for _, c := range plan.Components {
			if c.Releases() {
				out[c.Component] = c.Proposal.Version.String()
			}
		}
		return out
	}

	plan, err := release.Workspace{Components: comps, Linked: [][]string{{"a", "b", "c"}}}.Plan(tags, commits)
	require.NoError(t, err)
	// a and b release; b takes a's minor bump; both land on the greatest
	// version: b 1.5.3 + minor = 1.6.0 > a's 1.3.0. c has nothing.
	assert.Equal(t, map[string]string{"a": "1.6.0", "b": "1.6.0"}, next(plan))
	b, _ := plan.Get("b")
	assert.Equal(t, []string{"fix", "linked with a, c"}, b.Reasons)
	assert.Equal(t, release.Patch, b.OwnBump)
	assert.Equal(t, release.Minor, b.Proposal.Bump)

	plan, err = release.Workspace{Components: comps, Fixed: [][]string{{"a", "c"}, {"d"}}}.Plan(tags, commits)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1.3.0", "b": "1.5.4", "c": "1.3.0"}, next(plan), "c releases with a; d's group has no change")
	c, _ := plan.Get("c")
	assert.Equal(t, []string{"fixed group with a"}, c.Reasons)

	// Groups and dependencies together: b depends on d, d is fixed with
	// a, so a's feature releases d, which releases b.
	comps[1].DependsOn = []string{"d"}
	plan, err = release.Workspace{Components: comps, Fixed: [][]string{{"a", "d"}}}.Plan(tags, commits[1:])
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "3.1.0", "d": "3.1.0", "b": "1.5.4"}, next(plan))
}

func TestWorkspaceValidate(t *testing.T) {
	err := release.Workspace{
		Components: []release.Component{
			{Name: "", Paths: []string{"x"}},
			{Name: "api", Paths: []string{"/abs"}},
			{Name: "api", Paths: []string{"y"}},
			{Name: "web", Paths: []string{"../up", `win\dir`}, DependsOn: []string{"nope"}},
			{Name: "bad tag", Paths: []string{"z"}},
			{Name: "same", Paths: []string{"s"}, TagFormat: "v{version}"},
			{Name: "same2", Paths: []string{"s2"}, TagFormat: "v{version}"},
			{Name: "nopaths"},
		},
		Linked: [][]string{{"web", "ghost"}},
		Fixed:  [][]string{{"web", "same"}},
	}.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, release.ErrInvalidWorkspace)
	for _, want := range []string{
		"component 1 has no name",
		`two components named "api"`,
		`path "/abs": absolute`,
		`path "../up": outside the repository`,
		`path "win\\dir": backslash`,
		`depends on "nope"`,
		`component "bad tag"`,
		`"same" and "same2" have the same tag format`,
		`component "nopaths" has no paths`,
		`names "ghost"`,
		`component "web" is in more than one group`,
	} {
		assert.Contains(t, err.Error(), want)
	}

	// Tag formats that read each other's tags.
	err = release.Workspace{Components: []release.Component{
		{Name: "a", Paths: []string{"a"}, TagFormat: "v{version}"},
		{Name: "b", Paths: []string{"b"}, TagFormat: "v{version}-b"},
	}}.Validate()
	assert.ErrorContains(t, err, "cannot be told apart")

	assert.NoError(t, release.Workspace{}.Validate(), "the zero value")
	plan, err := release.Workspace{}.Plan(nil, nil)
	require.NoError(t, err)
	assert.Empty(t, plan.Components)
}

func TestWorkspaceCycle(t *testing.T) {
	w := release.Workspace{Components: []release.Component{comp("api", "web"), comp("web", "lib"), comp("lib", "api"), comp("cli", "api")}}
	_, err := w.Plan(nil, nil)
	require.ErrorIs(t, err, release.ErrCycle)
	var ce *release.CycleError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, []string{"api", "web", "lib", "api"}, ce.Path)
	assert.EqualError(t, err, "release: dependency cycle: api -> web -> lib -> api")

	self := release.Workspace{Components: []release.Component{comp("a", "a")}}
	assert.EqualError(t, self.Validate(), "release: dependency cycle: a -> a")
}

func TestPlanGoModules(t *testing.T) {
	w := release.Workspace{Components: []release.Component{
		{Name: "api", Paths: []string{"api"}, Module: "example.com/repo/api"},
		{Name: "lib", Paths: []string{"lib"}, Module: "example.com/repo/lib/v2"},
	}}
	plan, err := w.Plan(
		[]release.TagRef{{"api/v1.3.0", "0"}, {"lib/v2.1.0", "0"}},
		[]release.Commit{wc("1", nil, "feat!: everything changes", "api/a.go", "lib/l.go"), wc("0", nil, "chore: x")},
	)
	require.ErrorIs(t, err, release.ErrModulePath, "api/v2.0.0 needs the /v2 suffix")
	assert.Contains(t, err.Error(), `component "api"`)
	api, _ := plan.Get("api")
	assert.ErrorIs(t, api.Err, release.ErrModulePath)
	assert.Equal(t, "2.0.0", api.Proposal.Version.String(), "the plan is still there")
	lib, _ := plan.Get("lib")
	assert.ErrorIs(t, lib.Err, release.ErrModulePath, "lib/v3.0.0 needs the /v3 suffix")
	assert.Contains(t, plan.String(), "error:")
}

func TestWorkspacePlanRendering(t *testing.T) {
	w := release.Workspace{Components: []release.Component{comp("api"), comp("web", "api"), comp("docs")}}
	plan, err := w.Plan([]release.TagRef{{"api/v1.4.0", "0"}, {"web/v0.3.1", "0"}},
		[]release.Commit{wc("1234567890", nil, "feat(api)!: new \x1b[31mclient", "api/x"), wc("0", nil, "chore: init")})
	require.NoError(t, err)
	assert.Equal(t, "api 1.4.0 -> 2.0.0 (major), tag api/v2.0.0\n"+
		"  breaking change\n"+
		"  1234567 feat(api)!: new \\x1b[31mclient\n"+
		"docs: nothing to release\n"+
		"web 0.3.1 -> 0.3.2 (patch), tag web/v0.3.2\n"+
		"  depends on api, released 2.0.0\n", plan.String())
	js, err := json.Marshal(plan)
	require.NoError(t, err)
	assert.JSONEq(t, `{"components":[
		{"name":"api","currentTag":"api/v1.4.0","current":"1.4.0","next":"2.0.0","nextTag":"api/v2.0.0","bump":"major","ownBump":"major","releases":true,"reasons":["breaking change"],"causes":["1234567890"],"commits":1},
		{"name":"docs","bump":"none","ownBump":"none","releases":false,"commits":0},
		{"name":"web","currentTag":"web/v0.3.1","current":"0.3.1","next":"0.3.2","nextTag":"web/v0.3.2","bump":"patch","ownBump":"none","releases":true,"reasons":["depends on api, released 2.0.0"],"commits":0}
	]}`, string(js))
}

func TestPlanCalVer(t *testing.T) {
	comps := []release.Component{
		comp("api"),
		{Name: "site", Paths: []string{"site"}, CalVer: "YYYY.0M.MICRO", TagFormat: "site-{version}", DependsOn: []string{"api"}},
		{Name: "docs", Paths: []string{"docs"}, CalVer: "YYYY.0M.MICRO", TagFormat: "docs-{version}"},
	}
	tags := []release.TagRef{{"api/v1.0.0", "0"}, {"site-2026.11.0", "0"}, {"site-2026.10.4", "0"}, {"docs-2026.10.1", "0"}}
	commits := []release.Commit{
		wc("2", []string{"1"}, "fix(docs): typo", "docs/a.md"),
		wc("1", []string{"0"}, "feat(api): x", "api/x.go"),
		wc("0", nil, "chore: init"),
	}
	w := release.Workspace{Components: comps, Date: day("2026-11-22")}
	plan, err := w.Plan(tags, commits)
	require.NoError(t, err)
	site, _ := plan.Get("site")
	assert.Equal(t, "2026.11.0", site.Current)
	assert.Equal(t, "2026.11.1", site.Version, "released this month already: the counter")
	assert.Equal(t, "site-2026.11.1", site.NextTag)
	assert.Equal(t, []string{"depends on api, released 1.1.0"}, site.Reasons)
	assert.Nil(t, site.Proposal.Version)
	docs, _ := plan.Get("docs")
	assert.Equal(t, "2026.11.0", docs.Version, "a new month")
	assert.Contains(t, plan.String(), "docs 2026.10.1 -> 2026.11.0 (patch), tag docs-2026.11.0")

	w.Date = time.Time{}
	_, err = w.Plan(tags, commits)
	assert.ErrorContains(t, err, "needs Workspace.Date")

	w.Date = day("2026-10-01")
	_, err = w.Plan(tags, commits)
	assert.ErrorIs(t, err, release.ErrInvalidCalVer, "a date before the last release")

	bad := release.Workspace{Components: []release.Component{
		comps[1], comps[2], comp("api"),
		{Name: "mod", Paths: []string{"mod"}, CalVer: "YYYY.MM", Module: "example.com/mod"},
		{Name: "odd", Paths: []string{"odd"}, CalVer: "YYYY.MMM"},
	}, Fixed: [][]string{{"site", "api"}}}
	err = bad.Validate()
	assert.ErrorContains(t, err, "mixes CalVer and SemVer")
	assert.ErrorContains(t, err, "a Go module is versioned by SemVer")
	assert.ErrorContains(t, err, `component "odd"`)
}
