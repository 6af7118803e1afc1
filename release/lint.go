package release

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LintCommit checks a commit message strictly against Conventional Commits
// 1.0, for commit-msg hooks and pull-request title checks. It returns nil
// for a conforming message, and otherwise an error that errors.As turns into
// a *ParseError with the line and column of the first problem and what was
// expected there; the error wraps ErrNotConventional (or ErrTooLong for a
// message over MaxMessageLen).
//
// Where ParseCommit is lenient LintCommit is not: the header must start at
// the first column, the type be letters, digits, '-' or '_', a scope be
// non-empty and without surrounding spaces, the colon be followed by exactly
// one space, the description be non-empty without trailing white space, and
// a body or footer be separated from the header by one blank line. The text
// must be valid UTF-8 without NUL bytes. As in ParseCommit, git comment lines
// and everything after the scissors line are ignored and CRLF is accepted.
func LintCommit(message string) error {
	if len(message) > MaxMessageLen {
		return &ParseError{Input: shorten(message), Expected: "a message of at most 1 MiB", Err: ErrTooLong}
	}
	msg := cleanMessage(message)
	fail := func(line, col int, expected string) error {
		h, _ := cutLine(msg)
		return &ParseError{Input: shorten(h), Line: originalLine(message, line), Col: col, Expected: expected, Err: ErrNotConventional}
	}
	if i := strings.IndexByte(msg, 0); i >= 0 {
		line, col := position(msg, i)
		return fail(line, col, "no NUL byte")
	}
	if !utf8.ValidString(msg) {
		i := 0
		for i < len(msg) {
			r, size := utf8.DecodeRuneInString(msg[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		line, col := position(msg, i)
		return fail(line, col, "valid UTF-8")
	}

	h, rest := cutLine(msg)
	if isBlank(h) {
		return fail(1, 1, "a header \"type(scope): description\" on the first line")
	}
	if isSpace(h[0]) {
		return fail(1, 1, "the type at the start of the line, not white space")
	}
	i := 0
	for i < len(h) && isTypeChar(h[i]) {
		i++
	}
	if i == 0 || !isLetter(h[0]) {
		return fail(1, 1, "a type (a word such as feat or fix)")
	}
	if i < len(h) && h[i] == '(' {
		end := strings.IndexByte(h[i+1:], ')')
		if end < 0 {
			return fail(1, len(h)+1, "')' to close the scope")
		}
		scope := h[i+1 : i+1+end]
		switch {
		case scope == "":
			return fail(1, i+2, "a scope inside the parentheses")
		case trimSpace(scope) != scope:
			return fail(1, i+2, "a scope without surrounding white space")
		case strings.IndexByte(scope, '(') >= 0:
			return fail(1, i+2+strings.IndexByte(scope, '('), "a scope without '('")
		}
		i += end + 2
	}
	if i < len(h) && h[i] == '!' {
		i++
	}
	switch {
	case i >= len(h) || h[i] != ':':
		return fail(1, i+1, "':' after the type")
	case i+1 >= len(h) || h[i+1] != ' ':
		return fail(1, i+2, "one space after the colon")
	case i+2 < len(h) && isSpace(h[i+2]):
		return fail(1, i+3, "exactly one space after the colon")
	case strings.TrimSpace(h[i+2:]) == "":
		return fail(1, i+3, "a description after the colon")
	case strings.TrimRightFunc(h, unicode.IsSpace) != h:
		return fail(1, len(strings.TrimRightFunc(h, unicode.IsSpace))+1, "no trailing white space in the header")
	}

	if rest != "" {
		second, after := cutLine(rest)
		if !isBlank(second) {
			return fail(2, 1, "a blank line between the header and the body")
		}
		if third, _ := cutLine(after); after != "" && isBlank(third) && strings.TrimSpace(after) != "" {
			return fail(3, 1, "one blank line, not more, between the header and the body")
		}
	}
	return lintBody(rest, fail)
}

// lintBody reports what ParseCommit tolerates below the header: trailing
// white space on a line, and footers whose separator is not exactly ": "
// or " #" ("Refs:\t#1", "Refs:   #1", a BREAKING CHANGE note that starts
// on the next line).
func lintBody(rest string, fail func(line, col int, expected string) error) error {
	_, footStart := splitFooters(rest)
	for pos, n := 0, 2; pos < len(rest); n++ {
		line, _ := cutLine(rest[pos:])
		inFooters := footStart >= 0 && pos >= footStart
		pos += len(line) + 1
		if t := strings.TrimRightFunc(line, unicode.IsSpace); t != line && t != "" {
			return fail(n, len(t)+1, "no trailing white space")
		}
		if !inFooters {
			continue
		}
		tok, off, ok := footerLine(line)
		if !ok {
			continue
		}
		switch {
		case off == len(line):
			return fail(n, off+1, "the note on the same line as "+tok+":")
		case line[len(tok)] == ':' && (line[len(tok)+1] != ' ' || off < len(line) && isSpace(line[len(tok)+2])):
			return fail(n, len(tok)+2, "exactly one space after the footer's colon")
		}
	}
	return nil
}

// position turns a byte offset in s into a 1-based line and column.
func position(s string, off int) (line, col int) {
	line = 1 + strings.Count(s[:off], "\n")
	return line, off - strings.LastIndexByte(s[:off], '\n')
}

// originalLine maps a line number of cleanMessage(msg) back to the line of
// msg it came from, so errors point at what the user wrote: comment lines
// that cleaning dropped still count, and so do CRLF line ends.
func originalLine(msg string, cleaned int) int {
	if !needsCleaning(msg) {
		return cleaned
	}
	kept, last, found := 0, 0, 0
	keptLines(msg, func(n int, _ string) bool {
		kept, last = kept+1, n
		if kept == cleaned {
			found = n
			return false
		}
		return true
	})
	if found > 0 {
		return found
	}
	return last + cleaned - kept // past the end: count on
}
