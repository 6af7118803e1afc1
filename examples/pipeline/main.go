// Command pipeline runs releasekit's end-to-end flow over a small repository
// that it builds itself, so a new user sees the whole pipeline with nothing
// to set up but Go and git.
//
// The repository is a shop service: eleven commits by three people, with
// fixed dates so that its hashes never change, a release tagged v1.4.2 and
// seven commits since. The flow, one section of output per step:
//
//   - release: read the history and tags with release/git, parse the
//     commits, propose the next version with the commits that caused it;
//   - notes: the release notes in Markdown;
//   - risk: the change metrics of every commit, each commit of the release
//     scored (the riskiest one explained), the release as a whole assessed,
//     and what its level requires: approvals, bake time, the first wave;
//   - gate: may the release go to production now? A freeze gate on the
//     deploy calendar, the approvals the risk level calls for, and a hold
//     at critical risk;
//   - schedule: the release's tasks (build, notes, the migration, a rollout
//     in two waves, a smoke test, a notification) planned in the calendar's
//     office hours, run on a virtual clock, and a forecast of the finish
//     from a thousand simulated runs.
//
// Nothing reads the wall clock after the repository is built: the release
// is planned for a fixed morning, and a morning of release flow runs in
// milliseconds.
//
// Usage:
//
//	go run ./examples/pipeline [-keep]
//
// With -keep the repository is left in place and its path printed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pipeline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keep := fs.Bool("keep", false, "keep the repository the pipeline builds and print its path")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dir, err := os.MkdirTemp("", "releasekit-pipeline-")
	if err != nil {
		fmt.Fprintln(stderr, "pipeline:", err)
		return 1
	}
	if *keep {
		fmt.Fprintln(stdout, "repository:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	if err := pipeline(ctx, dir, stdout); err != nil {
		fmt.Fprintln(stderr, "pipeline:", err)
		return 1
	}
	return 0
}
