package bench

import (
	"strings"
	"testing"

	cc "github.com/leodido/go-conventionalcommits"
	ccparser "github.com/leodido/go-conventionalcommits/parser"
	"github.com/releasekit/releasekit/release"
)

// TestParsersAgree checks that the benchmark compares equal work: on every
// message both parsers accept, they find the same type and breaking flag.
func TestParsersAgree(t *testing.T) {
	m := ccparser.NewMachine(cc.WithTypes(cc.TypesFreeForm), cc.WithBestEffort())
	compared := 0
	for _, msg := range Corpus(200) {
		ours := release.ParseCommit(msg)
		res, err := m.Parse([]byte(msg))
		theirs, ok := res.(*cc.ConventionalCommit)
		if err != nil || !ok || theirs == nil || !theirs.Ok() {
			// leodido rejects CRLF and merge or revert headers: nothing to compare.
			continue
		}
		if strings.Contains(msg, "\r") {
			// In best-effort mode leodido stops at the first CR and keeps
			// what it had, so its footers are lost: not equal work.
			continue
		}
		if strings.ContainsAny(theirs.Type, " \"") {
			// Free-form types in leodido are any printable text before the
			// colon: `Revert "fix: x"` gives the type `Revert "fix`. A
			// type is a word in Conventional Commits; ParseCommit is right
			// to call this header not conventional.
			continue
		}
		compared++
		if !ours.Conventional {
			t.Errorf("%q: leodido parses it, ParseCommit does not", msg)
			continue
		}
		if ours.Type != theirs.Type || ours.Breaking != theirs.IsBreakingChange() {
			t.Errorf("%q: ours %s breaking=%v, leodido %s breaking=%v", msg, ours.Type, ours.Breaking, theirs.Type, theirs.IsBreakingChange())
		}
	}
	if compared < 150 {
		t.Fatalf("only %d of 200 messages compared; the corpus no longer measures equal work", compared)
	}
	t.Logf("compared %d messages", compared)
}
