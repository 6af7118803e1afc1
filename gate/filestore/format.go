package filestore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/releasekit/releasekit/gate"
)

// MaxBodyLen is the longest body Append accepts, in bytes: 1 MiB. It
// bounds the memory a Store and its readers use for one record.
const MaxBodyLen = 1 << 20

// MaxSubjectLen is the longest subject Append accepts, in bytes (before
// escaping).
const MaxSubjectLen = 4096

// header is the first line of every audit file: it names the format and
// its version, so that a later format can be told apart.
const header = `{"format":"releasekit-audit","version":1}` + "\n"

// The fixed parts of a record line, in order:
//
//	{"seq":1,"subject":"shop@2.4.0","prev":"","hash":"9f…","body":{...}}
//
// The body comes last and unescaped, so that it is kept byte for byte and
// the whole line is still one JSON object.
const (
	partSeq     = `{"seq":`
	partSubject = `,"subject":`
	partPrev    = `,"prev":"`
	partHash    = `","hash":"`
	partBody    = `","body":`
	partEnd     = `}`
	hashLen     = 64 // lower-case hex SHA-256, as gate.ChainHash returns
)

// lineLen returns an upper bound of the length of r's line, for one
// allocation.
func lineLen(r *gate.Record) int {
	return len(partSeq) + 20 + len(partSubject) + 2 + 6*len(r.Subject) +
		len(partPrev) + len(r.Prev) + len(partHash) + len(r.Hash) + len(partBody) + len(r.Body) + len(partEnd) + 1
}

// appendLine appends r's line, newline included, and returns it with the
// offsets of the body in it.
func appendLine(dst []byte, r *gate.Record) (line []byte, bodyStart, bodyEnd int) {
	dst = append(dst, partSeq...)
	dst = strconv.AppendUint(dst, r.Seq, 10)
	dst = append(dst, partSubject...)
	dst = appendQuoted(dst, r.Subject)
	dst = append(dst, partPrev...)
	dst = append(dst, r.Prev...)
	dst = append(dst, partHash...)
	dst = append(dst, r.Hash...)
	dst = append(dst, partBody...)
	bodyStart = len(dst)
	dst = append(dst, r.Body...)
	bodyEnd = len(dst)
	dst = append(dst, partEnd...)
	return append(dst, '\n'), bodyStart, bodyEnd
}

// appendQuoted appends s, valid UTF-8, as a JSON string that a person can
// read in a text editor: printable characters as they are, quotes and
// backslashes escaped, and everything else (control characters, line and
// paragraph separators, bidirectional overrides and other invisible
// characters) as \n, \r, \t or \uXXXX escapes. Each string has exactly
// one such form, and reading insists on it (decodeSubject).
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, `\n`...)
		case r == '\r':
			dst = append(dst, `\r`...)
		case r == '\t':
			dst = append(dst, `\t`...)
		case r >= 0x80 && strconv.IsPrint(r):
			dst = utf8.AppendRune(dst, r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			dst = appendEscape(appendEscape(dst, r1), r2)
		default:
			dst = appendEscape(dst, r)
		}
	}
	return append(dst, '"')
}

// appendEscape appends the JSON escape \uXXXX of u, at most 0xffff.
func appendEscape(dst []byte, u rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[u>>12&0xf], hex[u>>8&0xf], hex[u>>4&0xf], hex[u&0xf])
}

// plainASCII reports whether appendQuoted writes b as it is: printable
// ASCII without quotes or backslashes.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// lineParts is a record line taken apart, before its chain is checked.
// The slices point into the line.
type lineParts struct {
	seq     uint64
	subject []byte // the JSON string, quotes included
	prev    []byte
	hash    []byte
	body    []byte
}

// splitLine takes apart a record line (without its newline), as
// appendLine wrote it and in no other form; it returns a description of
// the first thing wrong otherwise.
func splitLine(line []byte) (p lineParts, problem string) {
	rest, ok := bytes.CutPrefix(line, []byte(partSeq))
	if !ok {
		return p, `it does not start with {"seq":`
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n == 0 || n > 20 || (rest[0] == '0') {
		return p, "its sequence number is not a number from 1"
	}
	seq, err := strconv.ParseUint(string(rest[:n]), 10, 64)
	if err != nil {
		return p, "its sequence number is out of range"
	}
	p.seq = seq
	if rest, ok = bytes.CutPrefix(rest[n:], []byte(partSubject)); !ok || len(rest) == 0 || rest[0] != '"' {
		return p, "its subject is missing"
	}
	end := 1
	for end < len(rest) && rest[end] != '"' {
		if rest[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(rest) {
		return p, "its subject does not end"
	}
	p.subject, rest = rest[:end+1], rest[end+1:]
	if rest, ok = bytes.CutPrefix(rest, []byte(partPrev)); !ok {
		return p, "its previous hash is missing"
	}
	if len(rest) > 0 && rest[0] == '"' {
		p.prev = rest[:0]
	} else if len(rest) >= hashLen && isHex(rest[:hashLen]) {
		p.prev, rest = rest[:hashLen], rest[hashLen:]
	} else {
		return p, "its previous hash is not a hash"
	}
	if rest, ok = bytes.CutPrefix(rest, []byte(partHash)); !ok || len(rest) < hashLen || !isHex(rest[:hashLen]) {
		return p, "its hash is missing or not a hash"
	}
	p.hash, rest = rest[:hashLen], rest[hashLen:]
	if rest, ok = bytes.CutPrefix(rest, []byte(partBody)); !ok {
		return p, "its body is missing"
	}
	if p.body, ok = bytes.CutSuffix(rest, []byte(partEnd)); !ok || len(p.body) == 0 {
		return p, "its body is missing or the line does not end with }"
	}
	return p, ""
}

// decodeSubject returns the subject of a quoted JSON string that
// appendQuoted wrote; ok is false for any other form.
func decodeSubject(quoted []byte) (s string, ok bool) {
	var dec string
	if err := json.Unmarshal(quoted, &dec); err != nil {
		return "", false
	}
	if !bytes.Equal(appendQuoted(nil, dec), quoted) {
		return "", false
	}
	return dec, true
}

func isHex(b []byte) bool {
	for _, c := range b {
		if c-'0' > 9 && c-'a' > 5 { // unsigned: below '0' (or 'a') wraps round
			return false
		}
	}
	return true
}

// checkSubject returns why Append refuses subject, or nil.
func checkSubject(subject string) error {
	switch {
	case len(subject) > MaxSubjectLen:
		return fmt.Errorf("filestore: subject is %d bytes, more than MaxSubjectLen (%d): %w", len(subject), MaxSubjectLen, ErrInvalidSubject)
	case !utf8.ValidString(subject):
		return fmt.Errorf("filestore: subject %q is not valid UTF-8: %w", shorten(subject), ErrInvalidSubject)
	}
	return nil
}

// checkBody returns why Append refuses body, or nil.
func checkBody(body []byte) error {
	switch {
	case len(body) > MaxBodyLen:
		return fmt.Errorf("filestore: body is %d bytes, more than MaxBodyLen (%d): %w", len(body), MaxBodyLen, ErrInvalidBody)
	case bytes.IndexByte(body, '\n') >= 0:
		return fmt.Errorf("filestore: body holds a newline byte at %d (records are one line each): %w", bytes.IndexByte(body, '\n'), ErrInvalidBody)
	case !utf8.Valid(body):
		return fmt.Errorf("filestore: body is not valid UTF-8: %w", ErrInvalidBody)
	case !json.Valid(body):
		return fmt.Errorf("filestore: body is not valid JSON: %w", ErrInvalidBody)
	}
	return nil
}

// shorten keeps error messages bounded whatever the size of the input.
func shorten(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
