// Package git reads a local repository's history and tags through the git
// program, for the release package: commits with their parents, authors,
// dates, parsed messages and changed files, and tags with the commits they
// point to.
//
//	repo := git.Repo{Dir: "."}
//	tag, current, err := repo.LatestTag(ctx, "v{version}", "", "HEAD")
//	if errors.Is(err, git.ErrNoTag) { ... } // never released: propose the first version
//	commits, err := repo.Commits(ctx, git.Range{From: tag.Name})
//	next, err := release.Policy{}.Next(current, commits)
//
// # Reading commits
//
// [Repo.Log] streams the commits of a [Range] as an iterator: a history of
// any length is parsed as git prints it, never held twice in memory, and a
// loop that breaks stops git. Each commit's message is parsed with
// release.ParseCommit, and Files holds its changed paths with lines added
// and deleted (binary files marked, renames with their old path), which is
// what a monorepo's [release.Workspace] needs to attribute commits to
// components. [Repo.Commits] collects the same into a slice.
//
// # Tags
//
// [Repo.Tags] and [Repo.TagsMerged] list tags, annotated or lightweight,
// with the commit each points to; TagsMerged keeps those reachable from a
// ref, so a tag on an unmerged branch does not count. [Repo.LatestTag]
// picks the current version under a release.TagFormat.
//
// # Errors a CI job can act on
//
// Every failure says which command failed and why, and wraps a sentinel for
// errors.Is: [ErrNotRepository], [ErrGitNotFound], [ErrUnknownRef],
// [ErrNoTag], and [ErrShallow] for a shallow clone that lacks the previous
// release tag or the commits back to it; its message says how to fetch
// them (git fetch --unshallow --tags, or fetch-depth: 0 for
// actions/checkout). A shallow clone never yields a first release or a bump
// computed from part of the history.
//
// # Safety
//
// git runs with a fixed argument list and no shell. Refs come after
// --end-of-options and paths after "--", taken literally, so a branch named
// "--output=/etc/passwd" is a branch and a path ":(exclude)x" a file name.
// The environment is controlled: the C locale, no pager, no user or system
// configuration, no inherited GIT_DIR (a git hook sets one), no optional
// locks; options that a repository's own configuration could change in the
// output are set on the command line. Output is parsed with bounds
// ([MaxTokenLen]) and anything unexpected is an error wrapping [ErrOutput].
//
// # Cost
//
// Reading commits with their files costs what git log --numstat costs:
// git computes the diffs and the parsing adds about nothing (see the
// benchmarks in README.md). Range.NoFiles skips the diffs, several times
// faster when only messages are needed.
//
// # What it does not do
//
// It never writes to the repository: no tags are created and nothing is
// pushed; a host does that with its own credentials. It does not fetch, so
// a shallow clone is reported, not deepened. It reads no diff contents,
// only the counts. It does not apply .mailmap: names are as recorded.
package git
