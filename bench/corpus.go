// Package bench compares releasekit's hot paths with the best Go peers on
// the same inputs. It is its own module so that the peers never enter the
// library's dependency graph.
package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Corpus returns n commit messages shaped like those of real histories:
// mostly one-line conventional headers, some with bodies of a few
// paragraphs, some with one to three footers (references, sign-offs,
// breaking changes), merges, reverts, and a few with CRLF line endings. It
// is generated with a fixed seed, so every run sees the same corpus, and it
// copies no real repository's text.
func Corpus(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	types := []string{"feat", "fix", "fix", "chore", "docs", "refactor", "perf", "test", "ci", "build"}
	scopes := []string{"", "api", "cli", "parser", "deps", "config", "ui", "cache"}
	words := strings.Fields("add remove handle support update rename cache release parser config option flag " +
		"widget endpoint token session retry timeout index query page limit error message version tag")
	phrase := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		switch r := rng.IntN(100); {
		case r < 4:
			fmt.Fprintf(&b, "Merge pull request #%d from someone/%s", rng.IntN(5000), strings.ReplaceAll(phrase(2), " ", "-"))
		case r < 6:
			fmt.Fprintf(&b, "Revert \"fix: %s\"\n\nThis reverts commit %040x.", phrase(4), rng.Uint64())
		default:
			typ, scope := types[rng.IntN(len(types))], scopes[rng.IntN(len(scopes))]
			b.WriteString(typ)
			if scope != "" {
				b.WriteString("(" + scope + ")")
			}
			if rng.IntN(30) == 0 {
				b.WriteString("!")
			}
			b.WriteString(": " + phrase(3+rng.IntN(6)))
			if rng.IntN(3) == 0 { // a body of one to three paragraphs
				for p := 0; p <= rng.IntN(3); p++ {
					b.WriteString("\n\n" + phrase(8+rng.IntN(30)) + ".")
				}
			}
			if rng.IntN(3) == 0 { // one to three footers
				b.WriteString("\n")
				for f := 0; f <= rng.IntN(3); f++ {
					switch rng.IntN(4) {
					case 0:
						fmt.Fprintf(&b, "\nRefs: #%d", rng.IntN(9000))
					case 1:
						b.WriteString("\nSigned-off-by: Jane Doe <jane@example.com>")
					case 2:
						b.WriteString("\nBREAKING CHANGE: " + phrase(6))
					default:
						b.WriteString("\nReviewed-by: Z")
					}
				}
			}
		}
		msg := b.String()
		if rng.IntN(25) == 0 {
			msg = strings.ReplaceAll(msg, "\n", "\r\n")
		}
		out[i] = msg
	}
	return out
}
