package release

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/semver/v3"
)

func BenchmarkParseCommit(b *testing.B) {
	b.Run("header", func(b *testing.B) {
		msg := "feat(api): add a thing to the widget cache"
		b.SetBytes(int64(len(msg)))
		b.ReportAllocs()
		for b.Loop() {
			ParseCommit(msg)
		}
	})
	b.Run("1KB-3-footers", func(b *testing.B) {
		msg := benchMessage()
		b.SetBytes(int64(len(msg)))
		b.ReportAllocs()
		for b.Loop() {
			ParseCommit(msg)
		}
	})
}

// BenchmarkPolicyNext runs Next over 10,000 parsed commits of mixed types
// with footers and a few reverts, the size of a large monorepo release.
func BenchmarkPolicyNext(b *testing.B) {
	types := []string{"feat", "fix", "chore", "docs", "refactor", "perf", "test", "ci"}
	msgs := make([]string, 10_000)
	for i := range msgs {
		switch {
		case i%1000 == 999:
			msgs[i] = fmt.Sprintf("Revert \"fix: change %d\"\n\nThis reverts commit %s.", i-1, realHash(i-1))
		default:
			msgs[i] = fmt.Sprintf("%s(scope%d): change %d\n\nBody text.\n\nRefs: #%d\nSigned-off-by: A <a@example.com>", types[i%len(types)], i%7, i, i)
		}
	}
	cs := commits(msgs...)
	for i := range cs {
		cs[i].Hash = realHash(i)
	}
	cur := semver.MustParse("1.2.3")
	var p Policy
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Next(cur, cs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTagFormatLatest(b *testing.B) {
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprintf("v%d.%d.%d", i/100, i/10%10, i%10)
	}
	b.ReportAllocs()
	for b.Loop() {
		DefaultTagFormat.Latest(names, "")
	}
}

// realHash returns a hash that looks like git's: uniformly spread hex digits.
func realHash(i int) string {
	sum := sha1.Sum(fmt.Appendf(nil, "commit %d", i))
	return hex.EncodeToString(sum[:])
}

// BenchmarkParseCommitLarge shows that parsing is linear in the message
// size: compare ns/op (or MB/s) across the sizes.
func BenchmarkParseCommitLarge(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 20, 10 << 20} {
		line := "a line of body text that goes on for a while\n"
		msg := "feat: big\n\n" + strings.Repeat(line, size/len(line)) + "\nBREAKING CHANGE: at the end"
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				ParseCommit(msg)
			}
		})
	}
}

// BenchmarkWorkspacePlan plans 100 components over 100,000 commits that
// each change three files, with every component tagged half-way through
// the history and the commits linked by their parents.
func BenchmarkWorkspacePlan(b *testing.B) {
	const ncomp, ncommits = 100, 100_000
	var w Workspace
	var tags []TagRef
	for i := range ncomp {
		name := fmt.Sprintf("svc%02d", i)
		c := Component{Name: name, Paths: []string{"services/" + name}}
		if i > 0 {
			c.DependsOn = []string{fmt.Sprintf("svc%02d", (i-1)/2)}
		}
		w.Components = append(w.Components, c)
		tags = append(tags, TagRef{Name: name + "/v1.2.3", Commit: fmt.Sprintf("%040d", ncommits/2)})
	}
	types := []string{"feat", "fix", "docs", "chore"}
	commits := make([]Commit, ncommits)
	for i := range commits {
		c := ParseCommit(fmt.Sprintf("%s(svc): change %d", types[i%len(types)], i))
		c.Hash = fmt.Sprintf("%040d", ncommits-i)
		if i+1 < ncommits {
			c.Parents = []string{fmt.Sprintf("%040d", ncommits-i-1)}
		}
		for k := range 3 {
			svc := (i*7 + k*31) % ncomp
			c.Files = append(c.Files, FileChange{Path: fmt.Sprintf("services/svc%02d/pkg/file%d.go", svc, i%50), Added: 3})
		}
		commits[i] = c
	}
	b.ReportAllocs()
	for b.Loop() {
		plan, err := w.Plan(tags, commits)
		if err != nil || len(plan.Components) != ncomp {
			b.Fatal(err)
		}
	}
}

func BenchmarkCalVer(b *testing.B) {
	f := CalVer("YYYY.0M.MICRO")
	date := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Parse("2026.11.12-rc.1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Next", func(b *testing.B) {
		cur, _ := f.Parse("2026.11.12")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.Next(&cur, date, Patch, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
