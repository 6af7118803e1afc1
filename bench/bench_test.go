package bench

import (
	"testing"

	cc "github.com/leodido/go-conventionalcommits"
	ccparser "github.com/leodido/go-conventionalcommits/parser"
	"github.com/releasekit/releasekit/release"
)

func corpusBytes(corpus []string) int64 {
	n := 0
	for _, m := range corpus {
		n += len(m)
	}
	return int64(n)
}

// BenchmarkParseCommit parses the whole corpus once per iteration with each
// parser, so ns/op compare directly.
func BenchmarkParseCommit(b *testing.B) {
	corpus := Corpus(200)
	raw := make([][]byte, len(corpus))
	for i, m := range corpus {
		raw[i] = []byte(m)
	}

	b.Run("releasekit", func(b *testing.B) {
		b.SetBytes(corpusBytes(corpus))
		b.ReportAllocs()
		for b.Loop() {
			for _, m := range corpus {
				release.ParseCommit(m)
			}
		}
	})
	b.Run("leodido", func(b *testing.B) {
		// Free-form types and best effort: the mode closest to ParseCommit,
		// which accepts any type and never gives up on a message.
		m := ccparser.NewMachine(cc.WithTypes(cc.TypesFreeForm), cc.WithBestEffort())
		b.SetBytes(corpusBytes(corpus))
		b.ReportAllocs()
		for b.Loop() {
			for _, r := range raw {
				m.Parse(r)
			}
		}
	})
}
