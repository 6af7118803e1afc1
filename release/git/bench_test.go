package git_test

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/releasekit/releasekit/release/git"
)

var benchCommits = flag.Int("commits", 100_000, "commits in the benchmarks' generated repository")

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchRepo generates, once per process, a repository of *benchCommits
// commits that each change three of 2,000 files in 100 directories, with a
// conventional message and a body, through git fast-import.
func benchRepo(b *testing.B) string {
	needGit(b)
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "releasekit-bench-")
		if benchErr != nil {
			return
		}
		run := func(stdin io.Reader, args ...string) error {
			cmd := exec.Command("git", args...)
			cmd.Dir, cmd.Stdin = benchDir, stdin
			cmd.Env = append(os.Environ(), fixtureEnv...)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("git %v: %v: %s", args, err, out)
			}
			return nil
		}
		if benchErr = run(nil, "init", "-q", "-b", "main"); benchErr != nil {
			return
		}
		pr, pw := io.Pipe()
		go func() {
			w := bufio.NewWriter(pw)
			types := []string{"feat", "fix", "docs", "chore", "perf", "refactor"}
			for i := range *benchCommits {
				msg := fmt.Sprintf("%s(dir%d): change number %d\n\nA body that explains the change in a sentence or two,\nas real commits do.\n\nRefs: #%d\n",
					types[i%len(types)], i%100, i, i)
				fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\nauthor Dev%d <dev%d@example.com> %d +0000\ncommitter CI <ci@example.com> %d +0000\ndata %d\n%s",
					i+1, i%37, i%37, 1_600_000_000+i*60, 1_600_000_000+i*60, len(msg), msg)
				if i > 0 {
					fmt.Fprintf(w, "from :%d\n", i)
				}
				for k := range 3 {
					file := (i*7 + k*613) % 2000
					content := fmt.Sprintf("package dir%d\n\n// version %d\nconst V = %d\n", file%100, i, i)
					fmt.Fprintf(w, "M 100644 inline dir%d/file%d.go\ndata %d\n%s\n", file%100, file, len(content), content)
				}
			}
			w.Flush()
			pw.Close()
		}()
		benchErr = run(pr, "fast-import", "--quiet")
		pr.Close()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

// BenchmarkLog reads the generated history with changed files through
// Repo.Log; BenchmarkGitLogNumstat is git log --numstat alone on the same
// repository, writing to nowhere. The target is Log ≤ 1.25× the
// latter.
func BenchmarkLog(b *testing.B) {
	repo := git.Repo{Dir: benchRepo(b)}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for c, err := range repo.Log(b.Context(), git.Range{}) {
			if err != nil {
				b.Fatal(err)
			}
			n += len(c.Files)
		}
		if n != 3**benchCommits {
			b.Fatalf("read %d files, want %d", n, 3**benchCommits)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(*benchCommits), "ns/commit")
}

func BenchmarkGitLogNumstat(b *testing.B) {
	dir := benchRepo(b)
	for b.Loop() {
		cmd := exec.Command("git", "log", "--numstat")
		cmd.Dir, cmd.Stdout = dir, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(*benchCommits), "ns/commit")
}

func BenchmarkLogNoFiles(b *testing.B) {
	repo := git.Repo{Dir: benchRepo(b)}
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range repo.Log(b.Context(), git.Range{NoFiles: true}) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
