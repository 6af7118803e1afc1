// Command risk computes the change metrics of the git repository it runs
// in, fits a model on its history, and prints the riskiest recent changes
// with the factors that make them risky.
//
// Usage:
//
//	go run ./examples/risk [-C dir] [-recent 20] [-top 5] [-window 2160h]
//	    [-first-parent] [-json]
//
// It reads every commit of HEAD with release/git, oldest first, and turns
// each into a risk.Change in two statements (see change). Merge commits
// are left out: git reports no files for them, and the commits they merge
// are read one by one, with their own authors and messages. With
// -first-parent it reads the main line instead, as a project that merges
// pull requests sees it: each merge is one change (its diff against the
// first parent, by whoever merged it) and the commits it merged are not
// read.
//
// A commit is a fix when its header says so (see isFix): a conventional
// "fix: ..." or a header whose subject starts with "fix", as in
// "Fix crash on empty input" or "net/http: fix a race". The changes that
// induced a defect are then guessed with risk.LabelByFixes: a change is
// labelled when a fix within -window touched a file it was the last to
// change.
//
// The model is fitted (risk.Fit, default options) on every change but the
// most recent -recent ones, whose fixes may not have come yet, and scores
// those recent ones; the -top riskiest are printed with their largest
// factors, and then all of them as one release (risk.AssessRelease). When
// the older changes do not include both outcomes (a young repository, or
// one whose headers never say "fix"), or fewer than ten defect-inducing
// changes a term, it says so and scores with risk.DefaultModel, whose
// weights are set by hand, instead.
//
// Commit headers and author addresses are printed with control characters
// escaped, since they come from whoever wrote them. The exit code is 0 on
// success (a repository too young to fit included), 1 when the repository
// cannot be read, and 2 for bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
	"github.com/releasekit/releasekit/risk"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and outputs passed in; it returns
// the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("risk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("C", ".", "the repository to read")
	recent := fs.Int("recent", 20, "how many of the newest changes to assess; the model is fitted on the older ones")
	top := fs.Int("top", 5, "how many of the riskiest recent changes to explain")
	window := fs.Duration("window", 90*24*time.Hour, "how long after a change a fix still blames it (0: any time)")
	firstParent := fs.Bool("first-parent", false, "read the main line only: each merge is one change")
	asJSON := fs.Bool("json", false, "print the model and the assessments as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "risk: unexpected argument %q (name the repository with -C)\n", fs.Arg(0))
		return 2
	case *recent < 1:
		fmt.Fprintln(stderr, "risk: -recent must be at least 1")
		return 2
	case *top < 0:
		fmt.Fprintln(stderr, "risk: -top must not be negative")
		return 2
	case *window < 0:
		fmt.Fprintln(stderr, "risk: -window must not be negative")
		return 2
	}

	repo := git.Repo{Dir: *dir}
	commits, err := readHistory(ctx, repo, *firstParent)
	if err != nil {
		fail(stderr, err)
		return 1
	}
	history := make([]risk.Change, len(commits))
	for i, c := range commits {
		history[i] = change(c)
	}
	rep, err := analyse(commits, history, *window, *recent, *top)
	if err != nil {
		fail(stderr, err)
		return 1
	}
	rep.Read = "every commit of HEAD but merges, oldest first"
	if *firstParent {
		rep.Read = "the first-parent line of HEAD, merges included, oldest first"
	}
	if *asJSON {
		err = rep.writeJSON(stdout)
	} else {
		err = rep.writeText(stdout)
	}
	if err != nil {
		fail(stderr, err)
		return 1
	}
	return 0
}

// fail prints err on one line, without the package prefix risk's own
// errors carry.
func fail(stderr io.Writer, err error) {
	fmt.Fprintln(stderr, "risk:", strings.TrimPrefix(err.Error(), "risk: "))
}

// readHistory returns the commits of HEAD, oldest first: all but merges,
// or with firstParent the main line, merges included.
func readHistory(ctx context.Context, repo git.Repo, firstParent bool) ([]release.Commit, error) {
	if err := checkRepo(ctx, repo); err != nil {
		return nil, err
	}
	commits, err := repo.Commits(ctx, git.Range{FirstParent: firstParent})
	if err != nil {
		return nil, err
	}
	if !firstParent {
		commits = slices.DeleteFunc(commits, func(c release.Commit) bool { return len(c.Parents) > 1 })
	}
	// git lists the newest first; a risk.History needs the oldest first.
	slices.Reverse(commits)
	return commits, nil
}

// change converts a commit to risk's own type, which depends on no other
// package: these two statements are all a host needs to feed release/git's
// history to risk. The author is the e-mail address as recorded (git's
// .mailmap is not applied), and binary files count zero lines, as git
// reports them.
func change(c release.Commit) risk.Change {
	ch := risk.Change{ID: c.Hash, Author: c.Author.Email, Time: c.AuthorTime, Fix: isFix(c)}
	for _, f := range c.Files {
		ch.Files = append(ch.Files, risk.File{Path: f.Path, OldPath: f.OldPath, Added: f.Added, Deleted: f.Deleted})
	}
	return ch
}

// isFix reports whether a commit fixes a defect, as its header says: a
// conventional fix ("fix: ...", "fix(parser)!: ..."), or a header whose
// subject (what follows its first ": ", as in "net/http: fix a race", or
// else the whole header, as in "Fix crash on empty input") starts with the
// word fix, fixes or fixed, in any case. It is a guess from the header
// alone; a host that links fixes to its issue tracker knows better.
func isFix(c release.Commit) bool {
	if c.Type == "fix" {
		return true
	}
	subject := c.Header
	if _, after, ok := strings.Cut(subject, ": "); ok {
		subject = after
	}
	word, _, _ := strings.Cut(strings.TrimSpace(subject), " ")
	switch strings.ToLower(strings.TrimRight(word, ":,.")) {
	case "fix", "fixes", "fixed":
		return true
	}
	return false
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
