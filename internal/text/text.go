// Package text holds the one rule for writing text that came from outside
// (commit headers, task IDs, names) into output a person reads.
package text

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s unchanged when it is valid UTF-8 made only of
// printable characters and spaces; otherwise it returns s as Go would
// quote it, without the quotes, so that control characters (a terminal
// escape sequence, a line break) and invalid bytes show as escapes and
// cannot act on a terminal or break a line.
func Printable(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
