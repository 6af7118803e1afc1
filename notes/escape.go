package notes

import (
	"strings"
	"unicode/utf8"
)

// markdownInline escapes text for one line of Markdown so that it reads as
// the same characters and nothing else: no emphasis, code, links, images,
// HTML, tables or strikethrough can start in it. Control characters
// become U+FFFD and line breaks become spaces.
func markdownInline(s string) string {
	if !needsMarkdownEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeMarkdownInline(&b, s)
	return b.String()
}

// needsMarkdownEscape reports whether markdownInline would change s.
func needsMarkdownEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if mdSpecial[s[i]] {
			return true
		}
	}
	return false
}

// Byte classes, as tables: the loops over every byte of every entry are the
// renderers' hot path.
var (
	mdSpecial  = byteClass(func(c byte) bool { return c < 0x20 || c >= 0x7f || strings.IndexByte("\\`*_[]<>~|#!&", c) >= 0 })
	pathSafe   = byteClass(func(c byte) bool { return isAlnumByte(c) || strings.IndexByte("-._~", c) >= 0 })
	refTextSet = byteClass(func(c byte) bool { return isAlnumByte(c) || strings.IndexByte("/#.-", c) >= 0 })
)

func byteClass(in func(byte) bool) (t [256]bool) {
	for c := range 256 {
		t[c] = in(byte(c))
	}
	return t
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// writeMarkdownInline writes s escaped as markdownInline does. Two kinds of
// text are left as they are, since they cannot change the meaning of the
// line: code spans (text between a pair of backticks, which Markdown shows
// literally) and an underscore between two letters or digits (which
// CommonMark never reads as emphasis).
func writeMarkdownInline(b interface {
	WriteByte(byte) error
	WriteRune(rune) (int, error)
	WriteString(string) (int, error)
}, s string) {
	if !needsMarkdownEscape(s) {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); {
		if s[i] == '`' {
			if j := strings.IndexByte(s[i+1:], '`'); j > 0 && codeSpanSafe(s[i+1:i+1+j]) {
				b.WriteString(s[i : i+j+2])
				i += j + 2
				continue
			}
		}
		if s[i] == '_' && i > 0 && i+1 < len(s) && isAlnumByte(s[i-1]) && isAlnumByte(s[i+1]) {
			b.WriteByte('_')
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == utf8.RuneError && size == 1 || isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		case r < 0x80 && strings.IndexByte("\\`*_[]<>~|#!&", byte(r)) >= 0:
			// '#' and '!' only matter at the start of a line or before '[',
			// '&' only before an entity name; escaping them everywhere is
			// harmless in CommonMark and GFM and keeps the rule simple.
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
}

// codeSpanSafe reports whether text can stand between backticks as it is:
// printable, on one line, and not starting or ending with a space (which
// Markdown would strip).
func codeSpanSafe(text string) bool {
	if text == "" || text[0] == ' ' || text[len(text)-1] == ' ' {
		return false
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(text) && !strings.ContainsFunc(text, isBidiControl)
}

// markdownBlock escapes multi-line text (a breaking-change note) for a list
// item: each line is escaped as inline text, a line that would start a
// block (a list, a heading, a quote, a thematic break, a numbered item)
// has its first character escaped, and lines after the first are indented
// by indent so that they stay in the item.
func markdownBlock(s, indent string) string {
	var b strings.Builder
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if i > 0 {
			b.WriteByte('\n')
			if strings.TrimSpace(line) == "" {
				continue
			}
			b.WriteString(indent)
		}
		trimmed := strings.TrimLeft(line, " \t")
		b.WriteString(blockSafe(markdownInline(trimmed)))
	}
	return b.String()
}

// blockSafe escapes the first character of an already inline-escaped line
// when it would start a block: "-", "+", "=" (a setext underline), or
// "1." and "1)".
func blockSafe(line string) string {
	if line == "" {
		return line
	}
	switch line[0] {
	case '-', '+', '=':
		return "\\" + line
	}
	j := 0
	for j < len(line) && j < 9 && line[j] >= '0' && line[j] <= '9' {
		j++
	}
	if j > 0 && j < len(line) && (line[j] == '.' || line[j] == ')') {
		return line[:j] + "\\" + line[j:]
	}
	return line
}

// plain makes text safe for a terminal or a text file: control characters,
// which could move the cursor or change colours, become U+FFFD; newlines
// stay when keepNewlines is set.
func plain(s string, keepNewlines bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == '\r':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == utf8.RuneError && size == 1 || isBidiControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBidiControl reports the characters that reorder text on screen (the
// "Trojan Source" trick).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
