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

// Truncate returns s cut to at most max characters (runes), the last
// three of them "..." when it was longer; it never splits a character.
func Truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-3 {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

// Quote returns s, cut to max characters by Truncate, as a Go string
// literal: an input named in an error message stays on one line and
// within bounds.
func Quote(s string, max int) string {
	return strconv.Quote(Truncate(s, max))
}
