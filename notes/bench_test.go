package notes

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
)

// benchCommitsSize returns n parsed commits of mixed types with scopes,
// references, bodies and authors, and the total size of their messages.
func benchCommitsSize(n int) ([]release.Commit, int) {
	size := 0
	types := []string{"feat", "fix", "fix", "chore", "docs", "perf", "refactor", "test"}
	out := make([]release.Commit, n)
	for i := range out {
		msg := fmt.Sprintf("%s(scope%d): change number %d to the widget cache (#%d)\n\nA body line.\n\nRefs: #%d",
			types[i%len(types)], i%13, i, i+1, i%500+1)
		if i%97 == 0 {
			msg += "\nBREAKING CHANGE: the cache key changed"
		}
		size += len(msg)
		c := release.ParseCommit(msg)
		c.Hash = hash(i)
		c.Author = release.Person{Name: fmt.Sprintf("dev%d", i%40), Email: fmt.Sprintf("dev%d@example.com", i%40)}
		out[i] = c
	}
	return out, size
}

// BenchmarkBuild and BenchmarkRender build and render Markdown notes for
// 10,000 and 100,000 commits; compare the sizes to see that the cost is
// linear. The metric "x-messages" is the memory allocated per operation
// over the size of the commit messages.
func BenchmarkBuild(b *testing.B) {
	for _, size := range []int{10_000, 100_000} {
		r, cfg, msgBytes := benchRelease(size)
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				Build(r, cfg)
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(msgBytes), "x-messages")
		})
	}
}

func BenchmarkRender(b *testing.B) {
	for _, size := range []int{10_000, 100_000} {
		r, cfg, msgBytes := benchRelease(size)
		n := Build(r, cfg)
		b.Run(fmt.Sprintf("markdown/%d", size), func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				if err := Render(io.Discard, n, Markdown); err != nil {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(msgBytes), "x-messages")
		})
	}
}

func benchRelease(size int) (Release, Config, int) {
	commits, msgBytes := benchCommitsSize(size)
	r := Release{Version: "2.0.0", Previous: "1.9.0", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Commits: commits}
	return r, Config{Links: GitHubLinks("acme", "shop"), Contributors: true}, msgBytes
}
