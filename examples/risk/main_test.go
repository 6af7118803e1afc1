package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/internal/gitrun"
	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// gitEnv makes the test repositories the same on every machine: what `git
// -c` would set for every command, so that a user's configuration cannot
// sign commits or name the branch otherwise. (gitrun already ignores the
// global and system configuration files.) Each commit sets its own author
// and dates.
var gitEnv = []string{
	"GIT_COMMITTER_NAME=CI", "GIT_COMMITTER_EMAIL=ci@example.com",
	"GIT_CONFIG_COUNT=3",
	"GIT_CONFIG_KEY_0=init.defaultBranch", "GIT_CONFIG_VALUE_0=main",
	"GIT_CONFIG_KEY_1=commit.gpgsign", "GIT_CONFIG_VALUE_1=false",
	"GIT_CONFIG_KEY_2=tag.gpgsign", "GIT_CONFIG_VALUE_2=false",
}

// isolate skips the test without git.
func isolate(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
}

// start is when the test histories begin.
var start = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

// builder writes a repository with fixed authors and dates, so that its
// hashes and the command's output are the same on every machine. It
// writes the commits as one git fast-import stream, which takes one git
// process for the whole history.
type builder struct {
	t      *testing.T
	repo   gitrun.Repo
	files  map[string][]string // path -> its lines
	n      int                 // commits so far
	stream bytes.Buffer
}

func newBuilder(t *testing.T) *builder {
	t.Helper()
	isolate(t)
	b := &builder{t: t, repo: gitrun.Repo{Dir: t.TempDir(), Env: gitEnv}, files: map[string][]string{}}
	require.NoError(t, b.repo.Init(t.Context()))
	return b
}

// commit deletes del lines from the start of each of paths and adds add
// lines at its end, as a commit by author five hours after the previous
// one.
func (b *builder) commit(author, header string, add, del int, paths ...string) {
	when := start.Add(time.Duration(b.n) * 5 * time.Hour).Unix()
	fmt.Fprintf(&b.stream, "commit refs/heads/main\nauthor %s <%s@example.com> %d +0000\ncommitter CI <ci@example.com> %d +0000\n",
		author, strings.ToLower(author), when, when)
	data(&b.stream, header+"\n")
	for _, p := range paths {
		lines := b.files[p]
		lines = lines[min(del, len(lines)):]
		for k := range add {
			lines = append(lines, fmt.Sprintf("line %d of commit %d", k, b.n))
		}
		b.files[p] = lines
		fmt.Fprintf(&b.stream, "M 100644 inline %s\n", p)
		data(&b.stream, strings.Join(lines, "\n")+"\n")
	}
	b.n++
}

// data writes s as a fast-import data block.
func data(w *bytes.Buffer, s string) {
	fmt.Fprintf(w, "data %d\n%s\n", len(s), s)
}

// finish writes the commits to the repository and returns it.
func (b *builder) finish() gitrun.Repo {
	b.t.Helper()
	_, err := b.repo.RunInput(b.t.Context(), b.stream.String(), "fast-import", "--quiet")
	require.NoError(b.t, err)
	return b.repo
}

// history builds a repository of n commits by three authors over twelve
// files, in which large changes, changes that touch many files and
// changes by the newcomer (Carol, from commit 90) are more often fixed a
// few commits later. The last commit's header is last.
func history(t *testing.T, n int, last string) gitrun.Repo {
	b := newBuilder(t)
	rng := rand.New(rand.NewPCG(1, 2))
	dirs := []string{"api", "store", "cli", "docs"}
	names := []string{"a.go", "b.go", "c.go"}
	type fix struct {
		due  int
		path string
	}
	var fixes []fix
	for i := range n {
		header := ""
		if i == n-1 {
			header = last
		}
		if k := slices.IndexFunc(fixes, func(f fix) bool { return f.due <= i }); k >= 0 {
			f := fixes[k]
			fixes = slices.Delete(fixes, k, k+1)
			if header == "" {
				header = fmt.Sprintf("fix(%s): a defect in %s", path.Dir(f.path), path.Base(f.path))
			}
			b.commit([]string{"Alice", "Bob"}[rng.IntN(2)], header, 1+rng.IntN(4), 1+rng.IntN(3), f.path)
			continue
		}
		author := []string{"Alice", "Bob"}[rng.IntN(2)]
		if i >= 90 && rng.IntN(2) == 0 {
			author = "Carol"
		}
		dir := dirs[rng.IntN(len(dirs))]
		paths := []string{path.Join(dir, names[rng.IntN(len(names))])}
		if rng.IntN(4) == 0 { // a change across the code
			for _, d := range dirs[:1+rng.IntN(3)] {
				if p := path.Join(d, names[rng.IntN(len(names))]); !slices.Contains(paths, p) {
					paths = append(paths, p)
				}
			}
		}
		add := 2 + rng.IntN(20)
		if rng.IntN(5) == 0 {
			add += 80 + rng.IntN(200)
		}
		p := 0.05
		if add > 60 {
			p += 0.35
		}
		if len(paths) > 2 {
			p += 0.2
		}
		if author == "Carol" {
			p += 0.3
		}
		if rng.Float64() < p {
			fixes = append(fixes, fix{due: i + 1 + rng.IntN(3), path: paths[rng.IntN(len(paths))]})
		}
		if header == "" {
			header = fmt.Sprintf("feat(%s): change %d", dir, i)
		}
		b.commit(author, header, add, rng.IntN(add/2+1), paths...)
	}
	return b.finish()
}

// TestOutput checks the whole report on a history with fixed authors,
// files and dates: its hashes, and so the output, are the same on every
// machine.
func TestOutput(t *testing.T) {
	repo := history(t, 900, "feat(api): the last change")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-C", repo.Dir}, &stdout, &stderr)
	require.Equal(t, 0, code, "exit code; stderr: %s", stderr.String())
	assert.Empty(t, stderr.String())

	golden := filepath.Join("testdata", "output.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, stdout.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./examples/risk -update to create it")
	assert.Equal(t, string(want), stdout.String())

	// The same as JSON: the model, and the riskiest recent changes with
	// their factors.
	stdout.Reset()
	code = run(context.Background(), []string{"-C", repo.Dir, "-json", "-top", "3", "-recent", "10"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	var got struct {
		Changes        int `json:"changes"`
		DefectInducing int `json:"defect_inducing"`
		Recent         int `json:"recent"`
		Training       int `json:"training"`
		Model          *struct {
			Terms []struct {
				Metric string  `json:"metric"`
				Weight float64 `json:"weight"`
			} `json:"terms"`
			Training struct {
				Changes int `json:"changes"`
				Dropped []struct{ Metric, Reason string }
			} `json:"training"`
		} `json:"model"`
		Riskiest []struct {
			ID         string `json:"id"`
			Header     string `json:"header"`
			Assessment struct {
				Probability float64 `json:"probability"`
				Level       string  `json:"level"`
				Factors     []struct {
					Name string `json:"name"`
				} `json:"factors"`
			} `json:"assessment"`
		} `json:"riskiest"`
		Release struct {
			Changes []struct{ ID string } `json:"changes"`
		} `json:"release"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	assert.Equal(t, 900, got.Changes)
	assert.Positive(t, got.DefectInducing)
	assert.Equal(t, 10, got.Recent)
	assert.Equal(t, 890, got.Training)
	require.NotNil(t, got.Model, "a model fitted")
	assert.Equal(t, 890, got.Model.Training.Changes)
	assert.NotEmpty(t, got.Model.Terms)
	require.Len(t, got.Riskiest, 3)
	for i, c := range got.Riskiest {
		assert.Len(t, c.ID, 40, "the full hash")
		assert.NotEmpty(t, c.Header)
		assert.Len(t, c.Assessment.Factors, len(got.Model.Terms), "every factor, in JSON")
		if i > 0 {
			assert.LessOrEqual(t, c.Assessment.Probability, got.Riskiest[i-1].Assessment.Probability, "the riskiest first")
		}
	}
	assert.Len(t, got.Release.Changes, 10, "the release holds every recent change")
}

// A young repository has nothing to learn from: the metrics are printed,
// and the command says why there is no model, successfully.
func TestTooLittleHistory(t *testing.T) {
	b := newBuilder(t)
	b.commit("Alice", "feat: first", 10, 0, "a.go")
	b.commit("Bob", "feat: second", 5, 2, "a.go", "b.go")
	b.commit("Alice", "fix: third", 1, 1, "b.go")
	repo := b.finish()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"all recent", nil, "too little history to fit a model: every change is among the most recent 3, "},
		// The fix blames the second change, which is recent: the one
		// older change is clean.
		{"one outcome", []string{"-recent", "2"}, "too little labelled history to fit a model: of the 1 change before " +
			"the most recent 2, 0 labelled defect-inducing and 1 clean; a fit needs both kinds;\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"-C", repo.Dir}, tc.args...), &stdout, &stderr)
			require.Equal(t, 0, code, stderr.String())
			out := stdout.String()
			assert.Contains(t, out, "history: 3 changes by 2 authors, 2024-01-01 to 2024-01-01\n")
			assert.Contains(t, out, "fixes: 1; defect-inducing: 1 ")
			assert.Contains(t, out, "  LA           7.00       10\n", "the metrics")
			assert.Contains(t, out, "\n"+tc.want)
			assert.Contains(t, out, "scoring with risk.DefaultModel", "a hand-set model instead")
			assert.Contains(t, out, "riskiest")
			assert.Empty(t, stderr.String())
		})
	}

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-C", repo.Dir, "-json"}, &stdout, &stderr), stderr.String())
	var got struct {
		Model   *json.RawMessage `json:"model"`
		NoModel string           `json:"no_model"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	assert.NotNil(t, got.Model, "the default model")
	assert.Contains(t, got.NoModel, "too little history")
}

// Merges are left out, and the commits they merge read one by one; with
// -first-parent each merge is one change, and what it merged is not read.
func TestMerges(t *testing.T) {
	isolate(t)
	ctx := t.Context()
	repo := gitrun.Repo{Dir: t.TempDir(), Env: append(slices.Clip(gitEnv),
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z")}
	require.NoError(t, repo.Init(ctx))
	git := func(args ...string) {
		_, err := repo.Run(ctx, args...)
		require.NoError(t, err)
	}
	commit := func(msg string) {
		_, err := repo.Commit(ctx, msg)
		require.NoError(t, err)
	}
	commit("feat: a")
	git("checkout", "-q", "-b", "topic")
	commit("feat: b")
	commit("feat: c")
	git("checkout", "-q", "main")
	commit("feat: d")
	git("merge", "-q", "--no-ff", "-m", "Merge branch topic", "topic")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "history: 4 changes by 1 author, 2024-01-02 to 2024-01-02\n  (every commit of HEAD but merges, oldest first)\n"},
		{[]string{"-first-parent"}, "history: 3 changes by 1 author, 2024-01-02 to 2024-01-02\n  (the first-parent line of HEAD, merges included, oldest first)\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(ctx, append([]string{"-C", repo.Dir}, tc.args...), &stdout, &stderr)
		require.Equal(t, 0, code, stderr.String())
		assert.True(t, strings.HasPrefix(stdout.String(), tc.want), stdout.String())
	}
}

// Commit headers come from whoever wrote them: an escape sequence in one
// must reach the terminal as text.
func TestEscapesHeaders(t *testing.T) {
	repo := history(t, 120, "feat: \x1b[2Jclear the screen\x1e")
	var stdout, stderr bytes.Buffer
	// -top 20 lists every recent change, the hostile one included.
	code := run(context.Background(), []string{"-C", repo.Dir, "-top", "20"}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), `feat: \x1b[2Jclear the screen\x1e`)
	assert.NotContains(t, stdout.String(), "\x1b", "a header cannot drive the terminal")
	assert.NotContains(t, stdout.String(), "\x1e")
}

func TestIsFix(t *testing.T) {
	cases := []struct {
		header string
		want   bool
	}{
		{"fix: a bug", true},
		{"fix(parser)!: a bug", true},
		{"Fix crash on empty input", true}, // not conventional
		{"net/http: fix a race", true},     // a Go-style package prefix
		{"internal/calendar: fixes from review", true},
		{"feat: add a prefix", false},
		{"feat: fixture loading", false}, // a word that starts with "fix"
		{"docs: how to fix a build", false},
		{"Merge pull request #12 from x/fix-foo", false},
	}
	for _, tc := range cases {
		t.Run(tc.header, func(t *testing.T) {
			assert.Equal(t, tc.want, isFix(release.ParseCommit(tc.header)))
		})
	}
}

func TestErrors(t *testing.T) {
	isolate(t)
	notRepo := t.TempDir()
	// Git must not find a repository above the temporary directory.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(notRepo))
	empty := gitrun.Repo{Dir: t.TempDir(), Env: gitEnv}
	require.NoError(t, empty.Init(t.Context()))

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"not a repository", []string{"-C", notRepo}, 1, notRepo + " is not inside a git repository"},
		{"no such directory", []string{"-C", filepath.Join(notRepo, "missing")}, 1, "missing is not a directory"},
		{"no commits", []string{"-C", empty.Dir}, 1, empty.Dir + " has no commits yet"},
		{"no recent changes", []string{"-recent", "0"}, 2, "-recent must be at least 1"},
		{"negative top", []string{"-top", "-1"}, 2, "-top must not be negative"},
		{"negative window", []string{"-window", "-1h"}, 2, "-window must not be negative"},
		{"bad flag", []string{"-bogus"}, 2, "-bogus"},
		{"extra argument", []string{notRepo}, 2, "unexpected argument"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tc.args, &stdout, &stderr)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr.String(), tc.want)
			assert.Empty(t, stdout.String(), "errors go to stderr only")
			if tc.code == 1 {
				assert.Equal(t, "risk: ", stderr.String()[:6])
				assert.Equal(t, 1, bytes.Count(stderr.Bytes(), []byte("\n")), "one line: %q", stderr.String())
			}
		})
	}
}
