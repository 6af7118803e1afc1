package notes_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/releasekit/releasekit/notes"
	"github.com/releasekit/releasekit/release"
)

func parsed(msgs ...string) []release.Commit {
	var cs []release.Commit
	for i, m := range msgs {
		c := release.ParseCommit(m)
		c.Hash = fmt.Sprintf("%x%039d", i+10, i) // a stand-in for git's hash
		cs = append(cs, c)
	}
	return cs
}

func ExampleBuild() {
	n := notes.Build(notes.Release{
		Version: "1.5.0",
		Commits: parsed(
			"feat(cli): add --dry-run (#41)",
			"fix: handle empty input",
			"docs: explain --dry-run",
			"feat(api)!: drop v1\n\nBREAKING CHANGE: call /v2 instead.",
		),
	}, notes.Config{})
	for _, b := range n.Breaking {
		fmt.Println("breaking:", b.Note)
	}
	for s, e := range n.Entries() {
		fmt.Printf("%s: %s %v\n", s.Title, e.Description, e.Refs)
	}
	// Output:
	// breaking: call /v2 instead.
	// Features: drop v1 []
	// Features: add --dry-run [#41]
	// Bug Fixes: handle empty input []
}

func ExampleRender() {
	n := notes.Build(notes.Release{
		Version:  "1.5.0",
		Previous: "1.4.2",
		Date:     time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC),
		Commits:  parsed("feat(cli): add --dry-run (#41)", "fix: <script> in titles is escaped"),
	}, notes.Config{Links: notes.GitHubLinks("acme", "shop")})
	var out strings.Builder
	if err := notes.Render(&out, n, notes.Markdown); err != nil {
		fmt.Println(err)
	}
	// Each line is shown after a '>' so that the blank lines, two before
	// each section as release-please writes them, are visible.
	for line := range strings.Lines(out.String()) {
		fmt.Print(">", line)
	}
	// Output:
	// >## [1.5.0](https://github.com/acme/shop/compare/v1.4.2...v1.5.0) (2026-01-10)
	// >
	// >
	// >### Features
	// >
	// >* **cli:** add --dry-run ([#41](https://github.com/acme/shop/issues/41)) ([a000000](https://github.com/acme/shop/commit/a000000000000000000000000000000000000000))
	// >
	// >
	// >### Bug Fixes
	// >
	// >* \<script\> in titles is escaped ([b000000](https://github.com/acme/shop/commit/b000000000000000000000000000000000000001))
}

func ExampleUpdate() {
	changelog := "# Changelog\n\n## [Unreleased]\n\n## [1.4.2] - 2026-01-02\n\n### Fixed\n\n- an old fix\n"
	n := notes.Build(notes.Release{
		Version: "1.5.0",
		Date:    time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC),
		Commits: parsed("feat: a new thing"),
	}, notes.Config{})
	if err := notes.Update(os.Stdout, strings.NewReader(changelog), n, notes.KeepAChangelog); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Changelog
	//
	// ## [Unreleased]
	//
	// ## [1.5.0] - 2026-01-10
	//
	// ### Added
	//
	// - a new thing
	//
	// ## [1.4.2] - 2026-01-02
	//
	// ### Fixed
	//
	// - an old fix
}

// Release notes for a monorepo: entries grouped per component, the
// components taken from the files each commit changed.
func ExampleBuild_components() {
	ws := release.Workspace{Components: []release.Component{
		{Name: "api", Paths: []string{"services/api"}},
		{Name: "web", Paths: []string{"web"}},
	}}
	commit := func(msg string, files ...string) release.Commit {
		c := release.ParseCommit(msg)
		for _, f := range files {
			c.Files = append(c.Files, release.FileChange{Path: f})
		}
		return c
	}
	n := notes.Build(notes.Release{Version: "2026.11.0", Commits: []release.Commit{
		commit("feat(auth): single sign-on", "services/api/sso.go", "web/login.tsx"),
		commit("fix(web): dark mode contrast", "web/theme.css"),
		commit("fix: typo in the README", "README.md"),
	}}, notes.Config{Component: ws.Owners()})
	if err := notes.Render(os.Stdout, n, notes.Text); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2026.11.0
	//
	// Features
	//   api:
	//     * auth: single sign-on
	//   web:
	//     * auth: single sign-on
	//
	// Bug Fixes
	//   * typo in the README
	//   web:
	//     * dark mode contrast
}
