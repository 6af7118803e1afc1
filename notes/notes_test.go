package notes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// titles returns "Section: description" for every entry, in order.
func titles(n Notes) []string {
	var out []string
	for s, e := range n.Entries() {
		out = append(out, s.Title+": "+e.Description)
	}
	return out
}

func TestBuild(t *testing.T) {
	cases := []struct {
		name     string
		commits  []release.Commit
		cfg      Config
		entries  []string
		breaking []string
	}{
		{
			name:    "zero config: conventional sections, others hidden, merges dropped",
			commits: []release.Commit{commit(1, "", "feat: a"), commit(2, "", "fix: b"), commit(3, "", "chore: c"), commit(4, "", "Merge branch 'x'"), commit(5, "", "perf: d"), commit(6, "", "docs: e")},
			entries: []string{"Features: a", "Bug Fixes: b", "Performance Improvements: d"},
		},
		{
			name:    "revert pair in the release disappears",
			commits: []release.Commit{commit(1, "", "feat: a"), commit(2, "", "Revert \"feat: a\"\n\nThis reverts commit "+hash(1)+"."), commit(3, "", "fix: b")},
			entries: []string{"Bug Fixes: b"},
		},
		{
			name:    "revert of an earlier release is listed",
			commits: []release.Commit{commit(1, "", "revert: feat: old thing")},
			entries: []string{"Reverts: feat: old thing"},
		},
		{
			name:    "duplicates by subject and references appear once",
			commits: []release.Commit{commit(1, "", "fix: b (#3)"), commit(2, "", "fix: b (#3)"), commit(3, "", "fix: b (#4)")},
			entries: []string{"Bug Fixes: b", "Bug Fixes: b"},
		},
		{
			name:     "breaking change listed once, entry kept in its section",
			commits:  []release.Commit{commit(1, "", "feat(api)!: new api\n\nBREAKING CHANGE: old calls fail\nacross two lines")},
			entries:  []string{"Features: new api"},
			breaking: []string{"old calls fail\nacross two lines"},
		},
		{
			name:     "a breaking change of a hidden type is still listed",
			commits:  []release.Commit{commit(1, "", "refactor!: rename keys")},
			breaking: []string{"rename keys"},
		},
		{
			name:     "several notes in one commit",
			commits:  []release.Commit{commit(1, "", "fix: x\n\nBREAKING CHANGE: one\nBREAKING-CHANGE: two")},
			entries:  []string{"Bug Fixes: x"},
			breaking: []string{"one", "two"},
		},
		{
			name:    "nested commits ignored by default",
			commits: []release.Commit{commit(1, "", "feat: main\n\nBEGIN_NESTED_COMMIT\nfix(a): nested\nEND_NESTED_COMMIT")},
			entries: []string{"Features: main"},
		},
		{
			name:    "nested commits when opted in",
			commits: []release.Commit{commit(1, "", "feat: main\n\nBEGIN_NESTED_COMMIT\nfix(a): nested\nEND_NESTED_COMMIT\nBEGIN_NESTED_COMMIT\nnot conventional\nEND_NESTED_COMMIT")},
			cfg:     Config{Nested: true},
			entries: []string{"Features: main", "Bug Fixes: nested"},
		},
		{
			name:    "sort by scope",
			commits: []release.Commit{commit(1, "", "feat(z): a"), commit(2, "", "feat: b"), commit(3, "", "feat(a): c")},
			entries: []string{"Features: b", "Features: c", "Features: a"},
		},
		{
			name:    "input order",
			commits: []release.Commit{commit(1, "", "feat(z): a"), commit(2, "", "feat: b"), commit(3, "", "feat(a): c")},
			cfg:     Config{Sort: SortInput},
			entries: []string{"Features: a", "Features: b", "Features: c"},
		},
		{
			name:    "custom sections",
			commits: []release.Commit{commit(1, "", "docs: a"), commit(2, "", "feat: b")},
			cfg:     Config{Sections: []SectionConfig{{Title: "Docs", Types: []string{"docs"}}}},
			entries: []string{"Docs: a"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := Build(Release{Version: "1.0.0", Commits: tc.commits}, tc.cfg)
			assert.Equal(t, tc.entries, titles(n), "entries")
			var notes []string
			for _, b := range n.Breaking {
				notes = append(notes, b.Note)
			}
			assert.Equal(t, tc.breaking, notes, "breaking changes")
		})
	}
}

func TestBuildRefsAndHashes(t *testing.T) {
	n := Build(Release{Version: "1.0.0", Commits: []release.Commit{
		commit(1, "", "fix: a (#12) (#13)\n\nCloses #14, #12\nFixes other/repo#3\nRefs: not-a-ref #0 #x"),
		commit(2, "", "fix: a (#12) (#13)\n\nCloses #14, #12\nFixes other/repo#3"),
	}}, Config{Footers: []string{"closes"}})
	require.Len(t, n.Sections, 1)
	e := n.Sections[0].Entries[0]
	assert.Equal(t, "a", e.Description, "trailing references leave the description")
	assert.Equal(t, []Ref{{Number: 12}, {Number: 13}, {Number: 14, Keyword: "closes"}, {Owner: "other", Repo: "repo", Number: 3, Keyword: "fixes"}}, e.Refs)
	assert.Equal(t, []string{hash(1), hash(2)}, e.Hashes, "both commits, once")
	// "Fixes other/repo#3" is no footer in the grammar: it continues the
	// value of Closes, and still counts as a reference.
	assert.Equal(t, []release.Footer{{Token: "Closes", Value: "#14, #12\nFixes other/repo#3"}}, e.Footers, "only the footers asked for")

	n = Build(Release{Version: "1.0.0", Commits: []release.Commit{commit(1, "", "fix: a\n\nSome text.\n\nFixes other/repo#3")}}, Config{})
	assert.Equal(t, []Ref{{Owner: "other", Repo: "repo", Number: 3, Keyword: "fixes"}}, n.Sections[0].Entries[0].Refs, "keyword line in the body")
}

func TestContributors(t *testing.T) {
	commits := []release.Commit{
		commit(1, "ada", "feat: a"), commit(2, "ada", "fix: b"), commit(3, "renovate[bot]", "fix(deps): c"),
		commit(4, "", "fix: d"), commit(5, "bob", "feat: e"), commit(6, "renovate[bot]", "fix(deps): f"),
	}
	n := Build(Release{Version: "1.0.0", Commits: commits}, Config{Contributors: true, Known: func(name, _ string) bool { return name == "ada" }})
	require.Len(t, n.Contributors, 3)
	assert.Equal(t, Contributor{Name: "ada", Email: "ada@example.com", Commits: 2}, n.Contributors[0])
	assert.Equal(t, Contributor{Name: "bob", Email: "bob@example.com", Commits: 1, FirstTime: true}, n.Contributors[1])
	assert.True(t, n.Contributors[2].Bot)
	assert.Equal(t, 2, n.Contributors[2].Commits)

	n = Build(Release{Version: "1.0.0", Commits: commits}, Config{Contributors: true, ExcludeBots: true})
	assert.Len(t, n.Contributors, 2, "bots excluded")
	assert.Empty(t, Build(Release{Commits: commits}, Config{}).Contributors, "off by default")
}

func TestParseRef(t *testing.T) {
	cases := []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"#12", Ref{Number: 12}, true},
		{"o/r#3", Ref{Owner: "o", Repo: "r", Number: 3}, true},
		{"#0", Ref{}, false},
		{"#-1", Ref{}, false},
		{"#+1", Ref{}, false},
		{"#99999999999", Ref{}, false},
		{"o/r/x#3", Ref{}, false},
		{"o#3", Ref{}, false},
		{"../r#3", Ref{}, false},
		{"a b/r#3", Ref{}, false},
		{"#", Ref{}, false},
	}
	for _, tc := range cases {
		got, ok := parseRef(tc.in)
		assert.Equal(t, tc.ok, ok, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestFormatText(t *testing.T) {
	for f := Markdown; f <= HTML; f++ {
		b, err := f.MarshalText()
		require.NoError(t, err)
		var back Format
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, f, back)
	}
	var f Format
	assert.ErrorIs(t, f.UnmarshalText([]byte("pdf")), ErrFormat)
	assert.ErrorIs(t, Render(nil, Notes{}, Format(99)), ErrFormat)
}

func TestAuthorLinks(t *testing.T) {
	cases := []struct{ email, login string }{
		{"1234+faygee@users.noreply.github.com", "faygee"},
		{"faygee@users.noreply.github.com", "faygee"},
		{"49699333+dependabot[bot]@users.noreply.github.com", "dependabot[bot]"},
		{"fay@example.com", ""},
		{"1+../x@users.noreply.github.com", ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.login, githubLogin(tc.email), tc.email)
	}
	l := GitHubLinks("acme", "shop")
	assert.Equal(t, "https://github.com/faygee", l.authorURL(Contributor{Name: "Fay", Email: "1+faygee@users.noreply.github.com"}))
	assert.Empty(t, l.authorURL(Contributor{Name: "Fay", Email: "fay@example.com"}), "no login, no link")
	l.Author = "mailto:{email}"
	assert.Equal(t, "mailto:fay@example.com", l.authorURL(Contributor{Name: "Fay", Email: "fay@example.com"}))
}

func TestBuildComponents(t *testing.T) {
	owners := func(c *release.Commit) []string {
		switch c.Scope {
		case "both":
			return []string{"api", "web"}
		case "api", "web":
			return []string{c.Scope}
		}
		return nil // no component
	}
	commits := []release.Commit{
		release.ParseCommit("feat(web): b"),
		release.ParseCommit("feat(both)!: shared\n\nBREAKING CHANGE: everything moved"),
		release.ParseCommit("feat: loose"),
		release.ParseCommit("feat(api): a"),
		release.ParseCommit("feat(api): a"), // a cherry-pick: one entry
	}
	for i := range commits {
		commits[i].Hash = fmt.Sprintf("%040d", i+1)
	}
	type row struct{ comp, scope, desc string }
	rows := func(n Notes) []row {
		var out []row
		for _, e := range n.Sections[0].Entries {
			out = append(out, row{e.Component, e.Scope, e.Description})
		}
		return out
	}
	cases := []struct {
		name string
		cfg  Config
		want []row
	}{
		{"sorted: no component first, then by component and scope", Config{Component: owners},
			[]row{{"", "", "loose"}, {"api", "api", "a"}, {"api", "both", "shared"}, {"web", "both", "shared"}, {"web", "web", "b"}}},
		{"input order within each component", Config{Component: owners, Sort: SortInput},
			[]row{{"", "", "loose"}, {"api", "both", "shared"}, {"api", "api", "a"}, {"web", "web", "b"}, {"web", "both", "shared"}}},
		{"components win over scope grouping", Config{Component: owners, GroupByScope: true},
			[]row{{"", "", "loose"}, {"api", "api", "a"}, {"api", "both", "shared"}, {"web", "both", "shared"}, {"web", "web", "b"}}},
		{"a func that names no component groups nothing", Config{Component: func(*release.Commit) []string { return nil }},
			[]row{{"", "", "loose"}, {"", "api", "a"}, {"", "both", "shared"}, {"", "web", "b"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := Build(Release{Version: "1.0.0", Commits: commits}, tc.cfg)
			assert.Equal(t, tc.want, rows(n))
			assert.True(t, n.GroupByComponent)
		})
	}

	n := Build(Release{Version: "1.0.0", Commits: commits}, Config{Component: owners})
	require.Len(t, n.Breaking, 2, "one breaking change per component it touches")
	assert.Equal(t, []string{"api", "web"}, []string{n.Breaking[0].Component, n.Breaking[1].Component})
	assert.Equal(t, []string{commits[3].Hash, commits[4].Hash}, n.Sections[0].Entries[1].Hashes, "the cherry-pick joins its entry")

	var b strings.Builder
	require.NoError(t, Render(&b, n, Markdown))
	md := b.String()
	assert.Contains(t, md, "* **api:** **both:** everything moved\n* **web:** **both:** everything moved\n")
	assert.Contains(t, md, "#### api\n\n* a (", "the scope is left out where it repeats the component")
	assert.Contains(t, md, "* **both:** shared (")

	b.Reset()
	hidden := Build(Release{Version: "1.0.0", Commits: commits}, Config{Component: owners, HideScopes: true})
	require.NoError(t, Render(&b, hidden, Text))
	assert.Contains(t, b.String(), "  api:\n    * a (")
	assert.NotContains(t, b.String(), "both:")
}
