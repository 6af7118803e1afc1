// Command pipeline runs releasekit's end-to-end flow over a small repository
// that it builds itself, so a new user sees the whole pipeline with nothing
// to set up but Go and git.
//
// Today the flow is the release step (read the history and tags, parse the
// commits, propose the next version with the commits that caused it) and
// the notes step (the release notes in Markdown). Risk, gates and
// scheduling join as their packages land.
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
