package release_test

import (
	"fmt"

	"github.com/releasekit/releasekit/release"
)

// A monorepo with an API, an SDK that depends on it and a web app that
// depends on the SDK: a breaking change in the API releases all three, and
// the plan says why. In a host, the tags and commits come from release/git
// (Repo.Tags and Repo.Commits).
func ExampleWorkspace_Plan() {
	w := release.Workspace{Components: []release.Component{
		{Name: "api", Paths: []string{"services/api"}},
		{Name: "sdk", Paths: []string{"sdk"}, DependsOn: []string{"api"}},
		{Name: "web", Paths: []string{"web"}, DependsOn: []string{"sdk"}},
		{Name: "docs", Paths: []string{"docs"}},
	}}
	tags := []release.TagRef{
		{Name: "api/v1.4.0", Commit: "c0"}, {Name: "sdk/v0.9.1", Commit: "c0"},
		{Name: "web/v2.3.0", Commit: "c0"}, {Name: "docs/v1.0.0", Commit: "c0"},
	}
	commit := func(hash, parent, msg, file string) release.Commit {
		c := release.ParseCommit(msg)
		c.Hash, c.Parents = hash, []string{parent}
		c.Files = []release.FileChange{{Path: file, Added: 10}}
		return c
	}
	commits := []release.Commit{ // newest first
		commit("c2bd41e0", "c1", "feat(web): dark mode", "web/theme.css"),
		commit("c1a7f3b9", "c0", "feat(api)!: remove the v1 endpoints", "services/api/routes.go"),
	}
	plan, err := w.Plan(tags, commits)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)
	// Output:
	// api 1.4.0 -> 2.0.0 (major), tag api/v2.0.0
	//   breaking change
	//   c1a7f3b feat(api)!: remove the v1 endpoints
	// docs: nothing to release
	// sdk 0.9.1 -> 0.9.2 (patch), tag sdk/v0.9.2
	//   depends on api, released 2.0.0
	// web 2.3.0 -> 2.4.0 (minor), tag web/v2.4.0
	//   new feature
	//   depends on sdk, released 0.9.2
	//   c2bd41e feat(web): dark mode
}
