// Package bench compares releasekit's hot paths with their Go peers on the
// same inputs. It is its own module so that the peers never enter the
// library's dependency graph.
package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// CorpusSize is the number of messages the benchmarks and the agreement
// test use.
const CorpusSize = 200

// Corpus returns n commit messages shaped like those of real histories:
//
//   - conventional headers, some with a scope, a '!' or a squash-merge
//     "(#123)" suffix, and about half of them alone on their line;
//   - bodies of one to three paragraphs wrapped at 72 columns, some with a
//     bullet list;
//   - one to three footers: "Refs: #12", "Closes #12", "Signed-off-by:",
//     "Co-authored-by:", "Reviewed-by:" and "BREAKING CHANGE:", a few of
//     them with a value continued on an indented second line;
//   - GitHub merge commits ("Merge pull request #12 from x/y" with the pull
//     request's title as body) and branch merges;
//   - git reverts (`Revert "fix: x"` and "This reverts commit <hash>.");
//   - a few non-conventional messages ("Update ...");
//   - about one multi-line message in ten with CRLF line endings.
//
// It is generated from a fixed seed, so every run sees the same corpus, and
// every word, name and address in it is made up: it copies no real
// repository.
func Corpus(n int) []string {
	g := gen{rng: rand.New(rand.NewPCG(0x5eed, 0xc0ffee))}
	out := make([]string, n)
	for i := range out {
		msg := g.message()
		if strings.Contains(msg, "\n") && g.rng.IntN(10) == 0 {
			msg = strings.ReplaceAll(msg, "\n", "\r\n")
		}
		out[i] = msg
	}
	return out
}

var (
	commitTypes = []string{"feat", "feat", "fix", "fix", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build", "style"}
	scopes      = []string{"", "", "", "api", "cli", "parser", "deps", "config", "ui", "cache", "auth", "storage"}
	words       = strings.Fields("add remove handle support update rename cache release parser config option flag " +
		"widget endpoint token session retry timeout index query page limit error message version tag " +
		"request response header field value default path file buffer stream client server handler " +
		"when the a an for with without on in of to from before after instead every empty missing")
	people = []string{
		"Jane Doe <jane.doe@example.com>",
		"Alex Kim <alex@example.org>",
		"Sam Rivera <sam.rivera@example.net>",
		"Robin Park <robin@example.com>",
	}
	branches = []string{"feature", "fix", "release", "topic"}
)

type gen struct{ rng *rand.Rand }

func (g gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// phrase returns k random words.
func (g gen) phrase(k int) string {
	w := make([]string, k)
	for i := range w {
		w[i] = g.pick(words)
	}
	return strings.Join(w, " ")
}

// paragraph returns a sentence of k words wrapped at 72 columns.
func (g gen) paragraph(k int) string {
	var b strings.Builder
	col := 0
	for i := range k {
		w := g.pick(words)
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		switch {
		case i == 0:
		case col+1+len(w) > 72:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	b.WriteByte('.')
	return b.String()
}

func (g gen) hash() string {
	return fmt.Sprintf("%016x%016x%08x", g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint32())
}

// header returns a conventional header.
func (g gen) header() string {
	var b strings.Builder
	b.WriteString(g.pick(commitTypes))
	if s := g.pick(scopes); s != "" {
		b.WriteString("(" + s + ")")
	}
	if g.rng.IntN(25) == 0 {
		b.WriteByte('!')
	}
	b.WriteString(": " + g.phrase(3+g.rng.IntN(6)))
	if g.rng.IntN(4) == 0 {
		fmt.Fprintf(&b, " (#%d)", 1+g.rng.IntN(4000))
	}
	return b.String()
}

func (g gen) body() string {
	paras := make([]string, 1+g.rng.IntN(3))
	for i := range paras {
		if i > 0 && g.rng.IntN(4) == 0 {
			items := make([]string, 2+g.rng.IntN(3))
			for j := range items {
				items[j] = "- " + g.phrase(3+g.rng.IntN(5))
			}
			paras[i] = strings.Join(items, "\n")
			continue
		}
		paras[i] = g.paragraph(10 + g.rng.IntN(40))
	}
	return strings.Join(paras, "\n\n")
}

func (g gen) footers() string {
	lines := make([]string, 1+g.rng.IntN(3))
	for i := range lines {
		switch r := g.rng.IntN(16); {
		case r < 4:
			lines[i] = fmt.Sprintf("Refs: #%d", 1+g.rng.IntN(4000))
		case r < 6:
			lines[i] = fmt.Sprintf("Closes #%d", 1+g.rng.IntN(4000))
		case r < 10:
			lines[i] = "Signed-off-by: " + g.pick(people)
		case r < 12:
			lines[i] = "Co-authored-by: " + g.pick(people)
		case r < 14:
			lines[i] = "Reviewed-by: " + g.pick(people)
		default: // one footer in eight
			lines[i] = "BREAKING CHANGE: " + g.phrase(4+g.rng.IntN(6))
			if g.rng.IntN(4) == 0 {
				lines[i] += "\n  " + g.phrase(4+g.rng.IntN(6))
			}
		}
	}
	return strings.Join(lines, "\n")
}

func (g gen) message() string {
	switch r := g.rng.IntN(100); {
	case r < 3: // a GitHub merge commit: the pull request's title is its body
		return fmt.Sprintf("Merge pull request #%d from %s/%s-%s\n\n%s",
			1+g.rng.IntN(4000), strings.ToLower(strings.Fields(g.pick(people))[0]),
			g.pick(branches), strings.ReplaceAll(g.phrase(2), " ", "-"), g.header())
	case r < 5:
		return fmt.Sprintf("Merge branch '%s/%s' into main", g.pick(branches), strings.ReplaceAll(g.phrase(2), " ", "-"))
	case r < 8:
		return fmt.Sprintf("Revert %q\n\nThis reverts commit %s.", g.header(), g.hash())
	case r < 11: // not conventional at all
		msg := "Update " + g.phrase(2+g.rng.IntN(4))
		if g.rng.IntN(2) == 0 {
			msg += "\n\n" + g.body()
		}
		return msg
	}
	msg := g.header()
	if g.rng.IntN(3) == 0 {
		msg += "\n\n" + g.body()
	}
	if g.rng.IntN(3) == 0 {
		msg += "\n\n" + g.footers()
	}
	return msg
}
