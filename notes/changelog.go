package notes

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// MaxChangelogLen is the largest CHANGELOG Update reads (64 MiB).
const MaxChangelogLen = 64 << 20

// Update writes to dst the CHANGELOG read from changelog with the release
// n added in format f (Markdown or KeepAChangelog):
//
//   - below the preamble (the title, an introduction, an "Unreleased"
//     section: everything before the first heading that names a version),
//     above the releases already there;
//   - in place of the section of the same version, when there is one, so
//     running Update twice for a release does not duplicate it;
//   - at the end when the file has no release yet (an empty file gives
//     "# Changelog" and the release).
//
// Every other byte is left as it was. Headings of levels 1 to 3 that name
// a version count as releases ("## [1.2.0](...)", "# 1.2.0 (date)", "##
// v1.2.0"), as release-please, conventional-changelog and Keep a Changelog
// write them.
//
// Nothing is written to dst unless the whole result is ready: on an error
// (a read error, a CHANGELOG over MaxChangelogLen, a format other than
// Markdown or KeepAChangelog) dst is untouched, and the result is written
// with one Write.
func Update(dst io.Writer, changelog io.Reader, n Notes, f Format) error {
	if f != Markdown && f != KeepAChangelog {
		return fmt.Errorf("notes: Update writes Markdown or KeepAChangelog, not %s: %w", f, ErrFormat)
	}
	old, err := io.ReadAll(io.LimitReader(changelog, MaxChangelogLen+1))
	if err != nil {
		return fmt.Errorf("notes: reading the changelog: %w", err)
	}
	if len(old) > MaxChangelogLen {
		return fmt.Errorf("notes: the changelog is over %d bytes: %w", MaxChangelogLen, ErrTooLarge)
	}
	var section bytes.Buffer
	if err := Render(&section, n, f); err != nil {
		return err
	}
	// The release's own heading is found the way the file's are read, so a
	// version is always recognised as itself.
	first, _, _ := bytes.Cut(section.Bytes(), []byte("\n"))
	version, ok := headingVersion(first)
	if !ok {
		version = "\x00" // matches no heading: insert, never replace
	}
	out := splice(old, section.Bytes(), version)
	_, err = dst.Write(out)
	return err
}

// splice puts section into old: in place of the release version, or before
// the first release, or at the end.
func splice(old, section []byte, version string) []byte {
	if len(bytes.TrimSpace(old)) == 0 {
		return append([]byte("# Changelog\n\n"), section...)
	}
	first, start, end, unclosed := scan(old, version, true)
	if unclosed {
		// A fence that never closes would hide every release after it,
		// and the one Update adds: read the file without fences instead.
		first, start, end, _ = scan(old, version, false)
	}
	var out bytes.Buffer
	out.Grow(len(old) + len(section) + 2)
	switch {
	case start >= 0: // replace the release's own section
		if end < 0 {
			end = len(old)
		}
		out.Write(old[:start])
		out.Write(section)
		if end < len(old) {
			out.WriteByte('\n')
		}
		out.Write(old[end:])
	case first >= 0: // above the newest release
		out.Write(old[:first])
		out.Write(section)
		out.WriteByte('\n')
		out.Write(old[first:])
	default: // after the preamble, at the end
		out.Write(old)
		if !bytes.HasSuffix(old, []byte("\n")) {
			out.WriteByte('\n')
		}
		if !bytes.HasSuffix(old, []byte("\n\n")) {
			out.WriteByte('\n')
		}
		out.Write(section)
	}
	return out.Bytes()
}

// scan finds the offsets of the first release heading, of the heading of
// version and of the heading after it (-1 when absent). With fences set,
// headings inside fenced code blocks do not count; unclosed reports a
// fence still open at the end.
func scan(old []byte, version string, fences bool) (first, start, end int, unclosed bool) {
	first, start, end = -1, -1, -1
	fence := "" // inside a fenced code block opened by this marker
	for pos := 0; pos < len(old); {
		lineEnd := bytes.IndexByte(old[pos:], '\n')
		next := len(old)
		if lineEnd >= 0 {
			next = pos + lineEnd + 1
		}
		line := bytes.TrimLeft(old[pos:next], " ")
		switch {
		case fence != "":
			if bytes.HasPrefix(line, []byte(fence)) {
				fence = ""
			}
			pos = next
			continue
		case !fences:
		case bytes.HasPrefix(line, []byte("```")):
			fence = "```"
		case bytes.HasPrefix(line, []byte("~~~")):
			fence = "~~~"
		}
		if v, ok := headingVersion(old[pos:next]); ok {
			if first < 0 {
				first = pos
			}
			if start >= 0 && end < 0 {
				end = pos
			}
			if start < 0 && v == version {
				start = pos
			}
		}
		pos = next
	}
	return first, start, end, fence != ""
}

// headingVersion returns the version a heading line names: "## [1.2.0](url)
// (date)", "# 1.2.0", "### v1.2.0 - date". Only levels 1 to 3 count, and
// the version must start with a digit and contain two dots before any '-'
// or '+', so "## [Unreleased]" and "# Changelog" are not releases.
func headingVersion(line []byte) (string, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	level := 0
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 3 || level >= len(s) || s[level] != ' ' {
		return "", false
	}
	s = strings.TrimLeft(s[level:], " ")
	s = strings.TrimPrefix(s, "[")
	s = strings.TrimPrefix(s, "v")
	end := strings.IndexAny(s, "]( \t")
	if end < 0 {
		end = len(s)
	}
	v := s[:end]
	core, _, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	if v == "" || v[0] < '0' || v[0] > '9' || strings.Count(core, ".") != 2 {
		return "", false
	}
	return v, true
}
