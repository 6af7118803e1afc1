package bench

import (
	"testing"

	cc "github.com/leodido/go-conventionalcommits"
	ccparser "github.com/leodido/go-conventionalcommits/parser"
	"github.com/releasekit/releasekit/release"
)

// newLeodido returns leodido/go-conventionalcommits' parser in the mode
// closest to ParseCommit: free-form types, as ParseCommit accepts any type
// word, and best effort, as ParseCommit never gives up on a message. (Its
// other type sets are fixed lists: "minimal" is feat and fix only,
// "conventional" the eleven commitlint types.)
func newLeodido() cc.Machine {
	return ccparser.NewMachine(cc.WithTypes(cc.TypesFreeForm), cc.WithBestEffort())
}

func corpusBytes(corpus []string) int64 {
	n := 0
	for _, m := range corpus {
		n += len(m)
	}
	return int64(n)
}

// BenchmarkParseCommit parses the whole corpus once per iteration with each
// parser, so their ns/op, B/op and allocs/op compare directly. Inputs are
// prepared in the form each API takes before the timer starts.
func BenchmarkParseCommit(b *testing.B) {
	corpus := Corpus(CorpusSize)
	size := corpusBytes(corpus)

	b.Run("releasekit", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, msg := range corpus {
				release.ParseCommit(msg)
			}
		}
	})

	b.Run("leodido", func(b *testing.B) {
		raw := make([][]byte, len(corpus))
		for i, msg := range corpus {
			raw[i] = []byte(msg)
		}
		m := newLeodido()
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range raw {
				m.Parse(r)
			}
		}
	})
}
