// Command notes prints the release notes for the commits since the latest
// release tag of the git repository it runs in, as the next release would
// have them.
//
// Usage:
//
//	go run ./examples/notes [-C dir] [-format markdown|keepachangelog|text|json|html]
//	    [-github owner/repo] [-version X] [-tag-format v{version}] [-from tag]
//
// The previous release is the latest release tag that -to (HEAD) contains.
// The version is the one release.Policy proposes unless -version is given;
// -github adds links to commits, issues and the comparison with the
// previous release; -from reads from another tag than the latest.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/releasekit/releasekit/notes"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("notes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("C", ".", "the repository to read")
	formatName := fs.String("format", "markdown", "markdown, keepachangelog, text, json or html")
	github := fs.String("github", "", "owner/repo on GitHub, for links")
	version := fs.String("version", "", "the version of the notes (default: the next version)")
	tagFormat := fs.String("tag-format", string(release.DefaultTagFormat), "how versions are written as tags")
	from := fs.String("from", "", "the tag to read from (default: the latest release tag)")
	to := fs.String("to", "HEAD", "the revision to read to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var format notes.Format
	if err := format.UnmarshalText([]byte(*formatName)); err != nil {
		fmt.Fprintln(stderr, "notes:", err)
		return 2
	}
	var cfg notes.Config
	if *github != "" {
		owner, repo, ok := strings.Cut(*github, "/")
		if !ok {
			fmt.Fprintln(stderr, "notes: -github takes owner/repo")
			return 2
		}
		cfg.Links = notes.GitHubLinks(owner, repo)
	}
	r, err := collect(ctx, git.Repo{Dir: *dir}, release.TagFormat(*tagFormat), *from, *to, *version)
	if err != nil {
		fmt.Fprintln(stderr, "notes:", err)
		return 1
	}
	if err := notes.Render(stdout, notes.Build(r, cfg), format); err != nil {
		fmt.Fprintln(stderr, "notes:", err)
		return 1
	}
	return 0
}

// collect reads the commits of the release and names its version.
func collect(ctx context.Context, repo git.Repo, format release.TagFormat, from, to, version string) (notes.Release, error) {
	if err := format.Validate(); err != nil {
		return notes.Release{}, err
	}
	tagList, err := repo.TagsMerged(ctx, to)
	if errors.Is(err, git.ErrNotRepository) {
		return notes.Release{}, fmt.Errorf("%s is not inside a git repository (run it in one, or name one with -C)", repo.Dir)
	}
	if err != nil {
		return notes.Release{}, err
	}
	tags := make([]string, len(tagList))
	for i, t := range tagList {
		tags[i] = t.Name
	}
	var prev release.Tag
	if from != "" {
		v, err := format.Parse(from)
		if err != nil {
			return notes.Release{}, err
		}
		prev = release.Tag{Name: from, Version: v}
	} else {
		prev, _ = format.Latest(tags, "")
	}
	commits, err := repo.Commits(ctx, git.Range{From: prev.Name, To: to, NoFiles: true})
	if err != nil {
		return notes.Release{}, err
	}
	// The release is dated by its last commit: the first one git logs
	// from it.
	var date time.Time
	for c, err := range repo.Log(ctx, git.Range{To: to, NoFiles: true}) {
		if err != nil {
			return notes.Release{}, err
		}
		date = c.CommitTime
		break
	}
	r := notes.Release{Version: version, Date: date.UTC(), Commits: commits}
	if prev.Name != "" {
		r.Previous = prev.Version.String()
	}
	if r.Version == "" {
		var policy release.Policy
		next, err := policy.Next(prev.Version, commits)
		if err != nil {
			return notes.Release{}, err
		}
		if next.Version == nil {
			return notes.Release{}, errors.New("nothing to release, and no -version given")
		}
		r.Version = next.Version.String()
	}
	return r, nil
}
