package bench

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	cc "github.com/leodido/go-conventionalcommits"
	"github.com/releasekit/releasekit/release"
)

// TestParsersAgree checks that BenchmarkParseCommit compares equal work: on
// every corpus message the parsers accept, they find the same type and the
// same breaking flag, and a message one of them rejects the other rejects
// too. Where they legitimately differ, the difference is named below,
// checked to be the only one, and counted in the test's log; any other
// disagreement fails the test.
//
// go-semantic-release's analyzer would be the third parser here, but its
// modules cannot be fetched through the Go module proxy (see README.md), so
// only releasekit and leodido are compared.
func TestParsersAgree(t *testing.T) {
	m := newLeodido()
	counts := map[string]int{}
	corpus := Corpus(CorpusSize)
	for i, msg := range corpus {
		ours := release.ParseCommit(msg)

		// leodido's grammar is narrower than ParseCommit's in two ways
		// the corpus meets, and in both it stops early in best-effort mode
		// and returns only what it had read:
		//
		//  1. Line endings: it knows only LF. After a CRLF header it keeps
		//     the CR in the description and stops at the missing blank
		//     line, so the body and footers of a CRLF message are never
		//     read. (Conventional Commits does not mention CR;
		//     ParseCommit treats CRLF as LF.)
		//  2. Footer values: it reads one line per value and stops at a
		//     continuation line ("BREAKING CHANGE: x\n  more"). The
		//     specification lets a value span lines; ParseCommit keeps it.
		//
		// Either way leodido may miss a later BREAKING CHANGE footer. So it
		// gets the message in its own dialect (LF, one-line values) for the
		// comparison below, after checking that it does stop early on the
		// original and still agrees with ParseCommit on the header's type.
		// The benchmark feeds both parsers the original messages, which
		// leaves leodido less to do on these: the ratio is in its favour.
		in, adapted := toLeodidoDialect(msg)
		if adapted != "" {
			counts["adapted for leodido: "+adapted]++
			orig, err := parseLeodido(m, msg)
			if err == nil {
				t.Errorf("message %d %q: leodido parses it whole, no need to adapt it (%s)", i, msg, adapted)
			}
			if headerType(orig) != ours.Type {
				t.Errorf("message %d %q: header type: ours %q, leodido %v", i, msg, ours.Type, typeOf(orig))
			}
		}
		theirs, err := parseLeodido(m, in)
		accepted := err == nil && theirs != nil && theirs.Ok()

		switch {
		case accepted && ours.Conventional:
			counts["compared: both accept"]++
			if ours.Type != theirs.Type || ours.Breaking != theirs.IsBreakingChange() {
				t.Errorf("message %d %q:\n  ours:    type %q breaking %v\n  leodido: type %q breaking %v",
					i, msg, ours.Type, ours.Breaking, theirs.Type, theirs.IsBreakingChange())
			}
		case !accepted && !ours.Conventional && (theirs == nil || !theirs.Ok()):
			counts["compared: both reject (merges, non-conventional)"]++
		case accepted && !ours.Conventional && !isTypeWord(theirs.Type):
			// leodido's free-form type is any printable text before the
			// colon, so `Revert "fix: x"` has the type `revert "fix`.
			// A type is a noun, one word, in Conventional Commits;
			// ParseCommit is right to call this header not conventional.
			// (leodido's fixed type lists reject it too.)
			counts["excluded: leodido's free-form type is not a word (git reverts)"]++
		default:
			t.Errorf("message %d %q: ours conventional=%v type %q; leodido %v, err %v",
				i, msg, ours.Conventional, ours.Type, typeOf(theirs), err)
		}
	}

	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%3d  %s", counts[k], k)
	}
	if both := counts["compared: both accept"]; both < len(corpus)*8/10 {
		t.Errorf("only %d of %d messages compared; the corpus no longer measures equal work", both, len(corpus))
	}
}

func parseLeodido(m cc.Machine, msg string) (*cc.ConventionalCommit, error) {
	res, err := m.Parse([]byte(msg))
	c, _ := res.(*cc.ConventionalCommit)
	return c, err
}

// headerType is the type leodido found, "" when it found none.
func headerType(c *cc.ConventionalCommit) string {
	if c == nil || !c.Ok() {
		return ""
	}
	return c.Type
}

func typeOf(c *cc.ConventionalCommit) string {
	if c == nil {
		return "rejects it"
	}
	return fmt.Sprintf("type %q ok=%v", c.Type, c.Ok())
}

// toLeodidoDialect rewrites msg with LF line endings and footer values
// joined onto one line, and names what it changed ("" for nothing).
func toLeodidoDialect(msg string) (string, string) {
	var what []string
	if strings.Contains(msg, "\r\n") {
		msg = strings.ReplaceAll(msg, "\r\n", "\n")
		what = append(what, "CRLF")
	}
	// The corpus indents continuation lines of footer values, and nothing
	// else, by two spaces.
	if strings.Contains(msg, "\n  ") {
		msg = strings.ReplaceAll(msg, "\n  ", " ")
		what = append(what, "multi-line footer value")
	}
	return msg, strings.Join(what, " and ")
}

func isTypeWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}
