package git_test

import (
	"testing"

	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/release/git"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanWorkspace(t *testing.T) {
	f := newFixture(t)
	f.write("api/api.go", "package api\n", "web/index.html", "<p>hi</p>\n", "README.md", "# repo\n")
	f.commit("feat: first")
	f.git("tag", "api/v1.0.0")
	f.git("tag", "web/v1.0.0")
	// The API moves to services/api; its component lists both paths.
	f.write("api/api.go", "", "services/api/api.go", "package api\n")
	f.commit("refactor(api): move under services/")
	f.git("tag", "api/v1.0.1")
	// A branch that fixes the web app, merged after a feature on main.
	f.git("checkout", "-q", "-b", "topic")
	f.write("web/index.html", "<p>hello</p>\n")
	f.commit("fix(web): greeting")
	f.git("checkout", "-q", "main")
	f.write("services/api/api.go", "package api\n\nfunc New() {}\n")
	f.commit("feat(api): New")
	f.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
	f.commit("chore: empty commit")
	f.write("README.md", "# repo\n\nMore.\n")
	f.commit("docs: readme")

	w := release.Workspace{Components: []release.Component{
		{Name: "api", Paths: []string{"services/api", "api"}},
		{Name: "web", Paths: []string{"web"}, DependsOn: []string{"api"}},
		{Name: "cli", Paths: []string{"cli"}}, // never released, never touched
	}}
	plan, err := git.Repo{Dir: f.dir}.PlanWorkspace(t.Context(), w, "HEAD")
	require.NoError(t, err)

	api, _ := plan.Get("api")
	assert.Equal(t, "api/v1.0.1", api.Tag, "the move was released in 1.0.1")
	assert.Equal(t, "1.1.0", api.Proposal.Version.String())
	require.Len(t, api.Commits, 1)
	assert.Equal(t, "feat(api): New", api.Commits[0].Header)

	web, _ := plan.Get("web")
	assert.Equal(t, "1.0.1", web.Proposal.Version.String())
	assert.Equal(t, []string{"fix", "depends on api, released 1.1.0"}, web.Reasons)
	require.Len(t, web.Commits, 1, "the merged branch's fix; the merge commit and the move are not web's")

	cli, _ := plan.Get("cli")
	assert.False(t, cli.Releases())
	assert.Empty(t, cli.Commits)

	// The move is read as a rename, so it belongs to api by both paths.
	commits, err := git.Repo{Dir: f.dir}.Commits(t.Context(), git.Range{From: "api/v1.0.0", To: "api/v1.0.1"})
	require.NoError(t, err)
	require.Len(t, commits, 1)
	assert.Equal(t, []release.FileChange{{Path: "services/api/api.go", OldPath: "api/api.go"}}, commits[0].Files)
	assert.Equal(t, []string{"api"}, w.Owners()(&commits[0]))

	_, err = git.Repo{Dir: f.dir}.PlanWorkspace(t.Context(), w, "nope")
	assert.ErrorIs(t, err, git.ErrUnknownRef)
	w.Components[0].DependsOn = []string{"web"}
	_, err = git.Repo{Dir: f.dir}.PlanWorkspace(t.Context(), w, "HEAD")
	assert.ErrorIs(t, err, release.ErrCycle)
}
