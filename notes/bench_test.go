package notes

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
)

// benchCommits returns n parsed commits of mixed types with scopes,
// references, bodies and authors.
func benchCommits(n int) []release.Commit {
	types := []string{"feat", "fix", "fix", "chore", "docs", "perf", "refactor", "test"}
	out := make([]release.Commit, n)
	for i := range out {
		msg := fmt.Sprintf("%s(scope%d): change number %d to the widget cache (#%d)\n\nA body line.\n\nRefs: #%d",
			types[i%len(types)], i%13, i, i+1, i%500+1)
		if i%97 == 0 {
			msg += "\nBREAKING CHANGE: the cache key changed"
		}
		c := release.ParseCommit(msg)
		c.Hash = hash(i)
		c.Author = release.Person{Name: fmt.Sprintf("dev%d", i%40), Email: fmt.Sprintf("dev%d@example.com", i%40)}
		out[i] = c
	}
	return out
}

// BenchmarkBuildRender builds and renders Markdown notes for 10,000 and
// 100,000 commits; compare the two sizes to see that the cost is linear.
func BenchmarkBuildRender(b *testing.B) {
	for _, size := range []int{10_000, 100_000} {
		commits := benchCommits(size)
		r := Release{Version: "2.0.0", Previous: "1.9.0", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Commits: commits}
		cfg := Config{Links: GitHubLinks("acme", "shop"), Contributors: true}
		b.Run(fmt.Sprintf("build/%d", size), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Build(r, cfg)
			}
		})
		n := Build(r, cfg)
		b.Run(fmt.Sprintf("render-markdown/%d", size), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Render(io.Discard, n, Markdown); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
