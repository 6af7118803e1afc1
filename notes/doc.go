// Package notes turns a release's parsed commits into release notes and
// keeps CHANGELOG.md up to date, in the formats platforms want: Markdown in
// release-please's style, Keep a Changelog, plain text, JSON and HTML, or a
// host's own template.
//
//	n := notes.Build(notes.Release{Version: "1.5.0", Previous: "1.4.2", Date: today, Commits: commits},
//		notes.Config{Links: notes.GitHubLinks("acme", "shop")})
//	err := notes.Render(os.Stdout, n, notes.Markdown)
//	err = notes.Update(newChangelog, oldChangelog, n, notes.Markdown)
//
// # Building notes
//
// [Build] groups commits into sections by type ([Config] and
// [DefaultSections]): breaking changes first, each with the text of its
// BREAKING CHANGE footer, then features, fixes, performance improvements and
// reverts. A revert and the commit it reverts, both in the release,
// disappear; cherry-picks and merged branch commits that repeat a change
// make one entry with all their hashes; merge commits are never listed.
// Issue and pull-request references come from the header ("(#123)") and
// from footers ("Closes #12", "Fixes owner/repo#3", "Refs: #4").
// Contributors can be listed, bots recognised, and first-time contributors
// marked.
//
// Entries can be grouped under a sub-heading per scope
// (Config.GroupByScope) or, in a monorepo, per component
// (Config.Component, usually a release.Workspace's Owners): a commit that
// touches two components is listed under both, and its breaking change
// too. For one component's own notes, build from the commits of its
// release.ComponentPlan instead.
//
// # Rendering
//
// [Render] writes [Notes] in a [Format]; [RenderTemplate] runs a host's
// text/template. Commit messages and author names come from anyone who can
// open a pull request, so every format escapes what would change its
// meaning: Markdown punctuation and HTML tags in Markdown, contextual
// escaping in HTML, control characters in text. A commit titled "<script>"
// or "[x](javascript:...)" renders as those characters.
//
// # CHANGELOG.md
//
// [Update] puts a release at the top of an existing changelog, below its
// preamble, or in place of the same version's section, and leaves every
// other byte as it was.
//
// # What it does not do
//
// It reads no repository (see release/git) and writes no file: it writes to
// the io.Writer it is given. It does not decide versions (see release).
// Output is deterministic: the same input gives byte-identical output.
package notes
