// Command release prints the current version of the git repository it runs
// in, the next version its commits call for, the bump, the rule that
// decided and the commits that caused it.
//
// Usage:
//
//	go run ./examples/release [-C dir] [-tag-format v{version}] [-channel rc]
//	    [-pre-major-breaking-minor] [-pre-major-feat-patch] [-json] [-replay]
//	    [-go-modules]
//
// The current version is the latest tag under -tag-format that HEAD
// contains (with -channel, that channel's prereleases count too); the
// commits are those since that tag, or the whole history when there is
// none, and then the next version is 1.0.0. In a shallow clone that lacks
// the tag it says how to fetch it instead. Commit headers are printed with
// control characters escaped, since they come from whoever wrote them.
//
// With -replay it checks the policy against the repository's history
// instead: for every pair of consecutive stable releases it compares the
// bump the policy computes with the level that was released, prints every
// mismatch with the commits that decided it, and ends with the line
// "agreement: MATCHED/TOTAL".
//
// With -go-modules it treats the repository as a monorepo of Go modules:
// one component per go.mod (go.work selects them when present), each with
// its own tags ("api/v1.2.3"), and prints every module's next version with
// its reasons, including releases of modules that depend on a released
// one and versions whose module path needs a new /vN suffix.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/releasekit/releasekit/internal/text"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and outputs passed in; it returns
// the exit code: 0 on success, 1 when the repository cannot be read or the
// policy fails, 2 for bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("C", ".", "the repository to read")
	format := fs.String("tag-format", string(release.DefaultTagFormat), "how versions are written as tags")
	channel := fs.String("channel", "", "prerelease channel, such as rc or beta")
	breakingMinor := fs.Bool("pre-major-breaking-minor", false, "in 0.x, a breaking change bumps the minor version")
	featPatch := fs.Bool("pre-major-feat-patch", false, "in 0.x, a feature bumps the patch version")
	asJSON := fs.Bool("json", false, "print the proposal as JSON")
	replay := fs.Bool("replay", false, "check the policy against the released history")
	goModules := fs.Bool("go-modules", false, "plan every Go module of the repository")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "release: unexpected argument %q (name the repository with -C)\n", fs.Arg(0))
		return 2
	}
	policy := release.Policy{
		Prerelease:            *channel,
		PreMajorBreakingMinor: *breakingMinor,
		PreMajorFeatPatch:     *featPatch,
	}
	repo := git.Repo{Dir: *dir}
	if *replay {
		return runReplay(ctx, repo, release.TagFormat(*format), policy, *asJSON, stdout, stderr)
	}
	if *goModules {
		return runModules(ctx, repo, policy, *asJSON, stdout, stderr)
	}
	next, latest, err := propose(ctx, repo, release.TagFormat(*format), policy)
	if err != nil {
		fmt.Fprintln(stderr, "release:", strings.TrimPrefix(err.Error(), "release: "))
		return 1
	}
	if *asJSON {
		return writeJSON(stdout, stderr, next)
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
		fmt.Fprintf(stdout, "  %.7s %s\n", c.Hash, text.Printable(c.Header))
	}
	for _, c := range next.Cancelled {
		fmt.Fprintf(stdout, "  (cancelled by a revert) %.7s %s\n", c.Hash, text.Printable(c.Header))
	}
	return 0
}

// propose reads the repository and asks policy for the next version. Only
// tags that HEAD contains count, so a newer release made on another branch
// does not hide this branch's own.
func propose(ctx context.Context, repo git.Repo, format release.TagFormat, policy release.Policy) (release.Proposal, release.Tag, error) {
	if err := checkRepo(ctx, repo); err != nil {
		return release.Proposal{}, release.Tag{}, err
	}
	var latest release.Tag
	tag, current, err := repo.LatestTag(ctx, format, policy.Prerelease, "HEAD")
	switch {
	case errors.Is(err, git.ErrNoTag):
		current = nil
	case err != nil:
		return release.Proposal{}, release.Tag{}, err
	default:
		latest = release.Tag{Name: tag.Name, Version: current}
	}
	commits, err := repo.Commits(ctx, git.Range{From: tag.Commit, NoFiles: true})
	if err != nil {
		return release.Proposal{}, release.Tag{}, err
	}
	next, err := policy.Next(current, commits)
	return next, latest, err
}

// checkRepo turns the usual mistakes (a wrong -C, an empty repository)
// into messages that say what to do.
func checkRepo(ctx context.Context, repo git.Repo) error {
	if fi, err := os.Stat(repo.Dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", repo.Dir)
	}
	_, err := repo.Resolve(ctx, "HEAD")
	switch {
	case errors.Is(err, git.ErrNotRepository):
		return fmt.Errorf("%s is not inside a git repository (run it in one, or name one with -C)", repo.Dir)
	case errors.Is(err, git.ErrUnknownRef):
		// In a repository git can read, the only reason HEAD is not a
		// commit is that nothing was committed yet.
		return fmt.Errorf("%s has no commits yet", repo.Dir)
	}
	return err
}

// runReplay prints the policy's agreement with the released history.
func runReplay(ctx context.Context, repo git.Repo, format release.TagFormat, policy release.Policy, asJSON bool, stdout, stderr io.Writer) int {
	if err := format.Validate(); err != nil {
		fmt.Fprintln(stderr, "release:", strings.TrimPrefix(err.Error(), "release: "))
		return 2
	}
	if err := checkRepo(ctx, repo); err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	report, err := repo.Replay(ctx, format, policy, "HEAD")
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	if asJSON {
		return writeJSON(stdout, stderr, report)
	}
	fmt.Fprint(stdout, report)
	return 0
}

// runModules plans the Go modules of the repository as one workspace.
func runModules(ctx context.Context, repo git.Repo, policy release.Policy, asJSON bool, stdout, stderr io.Writer) int {
	if err := checkRepo(ctx, repo); err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	comps, err := release.GoComponents(os.DirFS(repo.Dir))
	if err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	if len(comps) == 0 {
		fmt.Fprintln(stderr, "release: no go.mod in", repo.Dir)
		return 1
	}
	plan, err := repo.PlanWorkspace(ctx, release.Workspace{Components: comps, Policy: policy}, "HEAD")
	if len(plan.Components) == 0 {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	if asJSON {
		if code := writeJSON(stdout, stderr, plan); code != 0 {
			return code
		}
	} else {
		fmt.Fprint(stdout, plan)
	}
	if err != nil {
		// The plan is printed; its problems (a module path that needs a
		// new major suffix) make the exit status.
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	return 0
}

// writeJSON prints v as indented JSON and returns the exit code.
func writeJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(stderr, "release:", err)
		return 1
	}
	return 0
}
