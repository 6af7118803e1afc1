package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/notes"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
	"github.com/releasekit/releasekit/schedule"
)

// calendar is when the shop may be deployed: office hours on weekdays,
// not on Friday afternoons, not over the year's end. One parsed calendar
// serves the freeze gate (its At method is gate.Window's) and the planner
// (its Next method is schedule.Slots').
const calendar = `
zone UTC
allow every Mon-Fri 09:00-17:00 "office hours"
deny  every Fri 12:00-17:00 "Friday afternoon"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
`

// proposal is what the release step found: the latest release, the
// commits since, newest first, and the next version.
type proposal struct {
	tag     git.Tag
	latest  release.Tag
	commits []release.Commit
	next    release.Proposal
}

// pipeline builds the repository in dir and runs the flow over it:
// release, notes, risk, gate, schedule, each printing its section to w.
func pipeline(ctx context.Context, dir string, w io.Writer) error {
	repo := gitrun.Repo{Dir: dir, Env: []string{"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.com"}}
	if err := build(ctx, repo); err != nil {
		return err
	}
	reader := git.Repo{Dir: dir}

	p, err := propose(ctx, reader, w)
	if err != nil {
		return err
	}
	if err := writeNotes(w, p); err != nil {
		return err
	}

	// The release is planned for a Tuesday morning as office hours open.
	// The steps from here on read that time, or a virtual clock that
	// starts there, never the wall clock: a morning of release flow takes
	// milliseconds.
	start := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	assessed, err := assess(ctx, reader, p, start, w)
	if err != nil {
		return err
	}
	cal, err := schedule.ParseCalendar(calendar)
	if err != nil {
		return err
	}
	clock := schedule.NewVirtualClock(start)
	g, err := releaseGraph(clock, assessed)
	if err != nil {
		return err
	}
	plan, err := schedule.Planner{Concurrency: 2, Calendar: cal}.Plan(g, start)
	if err != nil {
		return err
	}
	d, err := decide(ctx, clock, cal, p, assessed, plan, w)
	if err != nil {
		return err
	}
	if !d.Allowed {
		_, err := fmt.Fprintln(w, "\nthe gates hold the release: nothing is scheduled")
		return err
	}
	return runRelease(ctx, clock, cal, g, plan, w)
}

// propose reads the latest release and the commits since with
// release/git, and prints the next version and why.
func propose(ctx context.Context, reader git.Repo, w io.Writer) (proposal, error) {
	var p proposal
	format := release.DefaultTagFormat
	tag, current, err := reader.LatestTag(ctx, format, "", "HEAD")
	if err != nil {
		return p, err
	}
	p.tag = tag
	p.latest = release.Tag{Name: tag.Name, Version: current}
	p.commits, err = reader.Commits(ctx, git.Range{From: tag.Commit})
	if err != nil {
		return p, err
	}

	var policy release.Policy
	p.next, err = policy.Next(p.latest.Version, p.commits)
	if err != nil {
		return p, err
	}
	fmt.Fprintf(w, "== release\ncurrent tag %s, %d commits since\n", p.latest.Name, len(p.commits))
	fmt.Fprint(w, p.next)
	for _, c := range p.next.Cancelled {
		fmt.Fprintf(w, "  cancelled by a revert in the range: %s\n", c.Header)
	}
	for i, c := range p.commits {
		if !c.Conventional && !slices.Contains(p.next.Cancelled, &p.commits[i]) {
			fmt.Fprintf(w, "  not conventional, ignored for the bump: %s\n", c.Header)
		}
	}
	if err := release.CheckGoModule("example.com/shop", p.next.Version); err != nil {
		return p, err
	}
	_, err = fmt.Fprintf(w, "next tag %s\n", format.Format(p.next.Version))
	return p, err
}

// writeNotes prints what the release says to its users, in
// release-please's Markdown, dated by the last commit.
func writeNotes(w io.Writer, p proposal) error {
	n := notes.Build(notes.Release{
		Version:  p.next.Version.String(),
		Previous: p.latest.Version.String(),
		Date:     p.commits[0].CommitTime.UTC(),
		Commits:  p.commits,
	}, notes.Config{Links: notes.GitHubLinks("example", "shop")})
	fmt.Fprintln(w, "\n== notes")
	return notes.Render(w, n, notes.Markdown)
}
