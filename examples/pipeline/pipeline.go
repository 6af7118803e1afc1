package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/notes"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
)

// history is the repository the pipeline builds: a released v1.4.2, then
// the work since. Each entry is a commit message; "tag X" tags HEAD.
var history = []string{
	"feat: first cut of the shop service",
	"fix(cart): keep items when the session renews",
	"tag v1.4.2",
	"feat(checkout): pay with a saved card\n\nCards are stored by the payment provider; we keep a token.\n\nRefs: #41",
	"fix(cart): round totals half-even",
	"docs: describe the checkout flow",
	"feat(search): fuzzy product search",
	"Revert \"feat(search): fuzzy product search\"\n\nThis reverts commit {hash:feat(search): fuzzy product search}.\n\nThe index is too slow for production.",
	"chore(deps): update the payment SDK to v3\n\nThis PR contains the following updates:\n\n" +
		"| Package | Change |\n|---|---|\n| payment-sdk | 2.9.0 -> 3.0.0 |\n\n" +
		"<details>\n<summary>payment-sdk release notes</summary>\n\n" +
		"**BREAKING CHANGES**\n\n* dropped the v1 client\n\n**Features**\n\n* feat: new retry policy\n\n</details>\n\n" +
		"Signed-off-by: deps-bot <bot@example.com>",
	"Update README",
}

// pipeline builds the repository in dir and runs the flow over it.
func pipeline(ctx context.Context, dir string, w io.Writer) error {
	repo := gitrun.Repo{Dir: dir, Env: []string{
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com",
	}}
	if err := build(ctx, repo); err != nil {
		return err
	}

	// Read: the latest release and the commits since, with release/git.
	reader := git.Repo{Dir: dir}
	format := release.DefaultTagFormat
	tag, current, err := reader.LatestTag(ctx, format, "", "HEAD")
	if err != nil {
		return err
	}
	latest := release.Tag{Name: tag.Name, Version: current}
	commits, err := reader.Commits(ctx, git.Range{From: tag.Commit})
	if err != nil {
		return err
	}

	// Release: the next version and why.
	var policy release.Policy
	next, err := policy.Next(latest.Version, commits)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== release\ncurrent tag %s, %d commits since\n", latest.Name, len(commits))
	fmt.Fprint(w, next)
	for _, c := range next.Cancelled {
		fmt.Fprintf(w, "  cancelled by a revert in the range: %s\n", c.Header)
	}
	for i, c := range commits {
		if !c.Conventional && !slices.Contains(next.Cancelled, &commits[i]) {
			fmt.Fprintf(w, "  not conventional, ignored for the bump: %s\n", c.Header)
		}
	}
	if err := release.CheckGoModule("example.com/shop", next.Version); err != nil {
		return err
	}
	fmt.Fprintf(w, "next tag %s\n", format.Format(next.Version))

	// Notes: what the release says to its users, in release-please's
	// Markdown, dated by the last commit.
	n := notes.Build(notes.Release{
		Version:  next.Version.String(),
		Previous: latest.Version.String(),
		Date:     commits[0].CommitTime.UTC(),
		Commits:  commits,
	}, notes.Config{Links: notes.GitHubLinks("example", "shop")})
	fmt.Fprintln(w, "\n== notes")
	return notes.Render(w, n, notes.Markdown)
}

// build creates the repository of history in repo.Dir, with fixed dates so
// that its hashes are the same on every run.
func build(ctx context.Context, repo gitrun.Repo) error {
	if err := repo.Init(ctx); err != nil {
		return err
	}
	hashes := map[string]string{} // header -> hash, for the revert
	for i, msg := range history {
		if tag, ok := strings.CutPrefix(msg, "tag "); ok {
			if _, err := repo.Run(ctx, "tag", tag); err != nil {
				return err
			}
			continue
		}
		if before, rest, ok := strings.Cut(msg, "{hash:"); ok {
			header, after, _ := strings.Cut(rest, "}")
			msg = before + hashes[header] + after
		}
		date := fmt.Sprintf("2026-01-%02dT12:00:00Z", i+1)
		hash, err := repo.Commit(ctx, msg, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if err != nil {
			return err
		}
		header, _, _ := strings.Cut(msg, "\n")
		hashes[header] = hash
	}
	return nil
}
