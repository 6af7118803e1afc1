package git_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
)

// exampleRepo builds a small repository in a temporary directory: a
// release v1.0.0 and two commits since.
func exampleRepo() (dir string, cleanup func()) {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	w := gitrun.Repo{Dir: dir, Env: fixtureEnv}
	must := func(_ string, err error) {
		if err != nil {
			panic(err)
		}
	}
	must("", w.Init(ctx))
	must(w.Commit(ctx, "feat: first release"))
	must(w.Run(ctx, "tag", "v1.0.0"))
	must("", os.WriteFile(dir+"/api.go", []byte("package api\n"), 0o644))
	must(w.Run(ctx, "add", "api.go"))
	must(w.Commit(ctx, "feat(api): add the client\n\nCloses #12"))
	must(w.Commit(ctx, "docs: usage"))
	return dir, func() { os.RemoveAll(dir) }
}

// The whole release step: the current version from the tags, the commits
// since, and the next version.
func ExampleRepo_LatestTag() {
	dir, cleanup := exampleRepo()
	defer cleanup()
	ctx := context.Background()

	repo := git.Repo{Dir: dir}
	tag, current, err := repo.LatestTag(ctx, "v{version}", "", "HEAD")
	if errors.Is(err, git.ErrNoTag) {
		fmt.Println("never released")
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	commits, err := repo.Commits(ctx, git.Range{From: tag.Name})
	if err != nil {
		fmt.Println(err)
		return
	}
	next, err := release.Policy{}.Next(current, commits)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tag.Name, "->", next.Version, next.Bump)
	// Output: v1.0.0 -> 1.1.0 minor
}

func ExampleRepo_Log() {
	dir, cleanup := exampleRepo()
	defer cleanup()

	for c, err := range (git.Repo{Dir: dir}).Log(context.Background(), git.Range{From: "v1.0.0"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%q by %s, %d file(s)\n", c.Header, c.Author.Name, len(c.Files))
		for _, f := range c.Files {
			fmt.Printf("  %s +%d -%d\n", f.Path, f.Added, f.Deleted)
		}
	}
	// Output:
	// "docs: usage" by Ada, 0 file(s)
	// "feat(api): add the client" by Ada, 1 file(s)
	//   api.go +1 -0
}

func ExampleRepo_Commits_unknownRef() {
	dir, cleanup := exampleRepo()
	defer cleanup()

	_, err := git.Repo{Dir: dir}.Commits(context.Background(), git.Range{From: "v0.9.0"})
	fmt.Println(errors.Is(err, git.ErrUnknownRef))
	// Output: true
}
