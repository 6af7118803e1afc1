// Command release prints the current version of the git repository it runs
// in, the next version its commits call for, the bump, the rule that
// decided and the commits that caused it.
//
// Usage:
//
//	go run ./examples/release [-C dir] [-tag-format v{version}] [-channel rc]
//	    [-pre-major-breaking-minor] [-pre-major-feat-patch] [-json]
//
// The current version is the latest tag under -tag-format (with -channel,
// that channel's prereleases count too); the commits are those since that
// tag, or the whole history when there is none, and then the next version is
// 1.0.0.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("C", ".", "the repository to read")
	format := fs.String("tag-format", string(release.DefaultTagFormat), "how versions are written as tags")
	channel := fs.String("channel", "", "prerelease channel, such as rc or beta")
	breakingMinor := fs.Bool("pre-major-breaking-minor", false, "in 0.x, a breaking change bumps the minor version")
	featPatch := fs.Bool("pre-major-feat-patch", false, "in 0.x, a feature bumps the patch version")
	asJSON := fs.Bool("json", false, "print the proposal as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	policy := release.Policy{
		Prerelease:            *channel,
		PreMajorBreakingMinor: *breakingMinor,
		PreMajorFeatPatch:     *featPatch,
	}
	next, latest, err := propose(ctx, gitrun.Repo{Dir: *dir}, release.TagFormat(*format), policy)
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(next); err != nil {
			fmt.Fprintln(stderr, "release:", err)
			return 1
		}
		return 0
	}
	if latest.Name == "" {
		fmt.Fprintln(stdout, "current: none (no tag matches", *format+")")
	} else {
		fmt.Fprintf(stdout, "current: %s (tag %s)\n", latest.Version, latest.Name)
	}
	if !next.Releasable() {
		fmt.Fprintf(stdout, "next:    nothing to release (%s)\n", next.Reason)
		return 0
	}
	fmt.Fprintf(stdout, "next:    %s (tag %s)\n", next.Version, release.TagFormat(*format).Format(next.Version))
	fmt.Fprintf(stdout, "bump:    %s: %s\n", next.Bump, next.Reason)
	fmt.Fprintln(stdout, "because:")
	for _, c := range next.Causes {
		fmt.Fprintf(stdout, "  %.7s %s\n", c.Hash, c.Header)
	}
	for _, c := range next.Cancelled {
		fmt.Fprintf(stdout, "  (cancelled by a revert) %.7s %s\n", c.Hash, c.Header)
	}
	return 0
}

// propose reads the repository and asks policy for the next version.
func propose(ctx context.Context, repo gitrun.Repo, format release.TagFormat, policy release.Policy) (release.Proposal, release.Tag, error) {
	if err := format.Validate(); err != nil {
		return release.Proposal{}, release.Tag{}, err
	}
	tags, err := repo.Tags(ctx)
	if err != nil {
		if errors.Is(err, gitrun.ErrNotRepository) {
			err = fmt.Errorf("%s is not inside a git repository (run it in one, or name one with -C)", repo.Dir)
		}
		return release.Proposal{}, release.Tag{}, err
	}
	latest, _ := format.Latest(tags, policy.Prerelease)
	var current *semver.Version
	if latest.Name != "" {
		current = latest.Version
	}
	commits, err := repo.Log(ctx, latest.Name, "HEAD")
	if err != nil {
		return release.Proposal{}, release.Tag{}, err
	}
	next, err := policy.Next(current, commits)
	return next, latest, err
}
