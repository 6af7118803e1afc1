package release

import (
	"strings"
	"time"
)

// Limits on commit messages. ParseCommit reads a message of any size in one
// linear pass; these bound what it keeps and what LintCommit accepts.
const (
	// MaxMessageLen is the longest message LintCommit accepts (1 MiB); a
	// longer one is an error wrapping ErrTooLong. ParseCommit still parses
	// longer messages, in time linear in their size.
	MaxMessageLen = 1 << 20

	// MaxFooters is the most footers ParseCommit keeps in Commit.Footers.
	// Footers past it are dropped from the slice, but a BREAKING CHANGE
	// footer among them still sets Commit.Breaking.
	MaxFooters = 64
)

// Footer is one git-trailer-style footer of a commit message:
// "Token: value" or "Token #value". Value holds everything after the
// separator up to the next footer, so it may span several lines. For the
// "Token #value" form the '#' is kept ("Closes #12" gives Value "#12").
type Footer struct {
	Token string `json:"token"`
	Value string `json:"value"`
}

// Person is a commit's author or committer, as git records them.
type Person struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

// FileChange is one file a commit changed, as git log --numstat reports it
// against the commit's first parent.
type FileChange struct {
	// Path is the file's path from the repository root, slash-separated.
	Path string `json:"path"`
	// OldPath is the path before a rename or copy, or empty.
	OldPath string `json:"oldPath,omitempty"`
	// Added and Deleted count lines; both are 0 for a binary file.
	Added   int  `json:"added"`
	Deleted int  `json:"deleted"`
	Binary  bool `json:"binary,omitempty"`
}

// Commit is a commit message parsed by ParseCommit, with the hash a host
// may set. Every string field is a part of the message, never rewritten,
// except Type, which is lower-cased (types are case-insensitive).
type Commit struct {
	// Hash is not set by ParseCommit; hosts and release/git set it. It lets
	// Policy.Next match a revert to the commit it reverts.
	Hash string `json:"hash,omitempty"`

	// Author is not set by ParseCommit; hosts and release/git set it. The
	// notes package lists contributors from it.
	Author Person `json:"author,omitzero"`

	// Parents, AuthorTime, CommitTime and Files are not set by
	// ParseCommit; release/git sets them from the repository. Parents are
	// the hashes of the commit's parents (two or more for a merge); a
	// workspace plan (Workspace.Plan) follows them to find the commits
	// since each component's release, and Files to find the components a
	// commit touches.
	Parents    []string     `json:"parents,omitempty"`
	AuthorTime time.Time    `json:"authorTime,omitzero"`
	CommitTime time.Time    `json:"commitTime,omitzero"`
	Files      []FileChange `json:"files,omitempty"`

	// Header is the first line of the message, with surrounding white
	// space removed.
	Header string `json:"header"`

	// Type, Scope and Description are the parts of a conventional header
	// "type(scope)!: description". For a message that is not
	// conventional, Type and Scope are empty and Description is the Header.
	Type        string `json:"type,omitempty"`
	Scope       string `json:"scope,omitempty"`
	Description string `json:"description"`

	// Body is the text between the header and the footers, without
	// leading and trailing blank lines.
	Body string `json:"body,omitempty"`

	// Footers are the message's footers in order, at most MaxFooters.
	Footers []Footer `json:"footers,omitempty"`

	// Breaking is set by a '!' before the header's colon or by a
	// BREAKING CHANGE (or BREAKING-CHANGE) footer.
	Breaking bool `json:"breaking"`

	// Conventional reports whether the header follows Conventional Commits.
	Conventional bool `json:"conventional"`
}

// ParseCommit parses a commit message as Conventional Commits 1.0 describes
// it: a header "type(scope)!: description", an optional body, then footers
// in git-trailer form ("Token: value", "Token #value", "BREAKING CHANGE:
// value"). It never fails: a message whose header is not conventional gives
// a Commit with Conventional false and the header in Description, and its
// footers are still read.
//
// ParseCommit is lenient where real histories are untidy and LintCommit is
// strict: extra spaces or tabs after the colon, trailing white space, CRLF
// line endings and leading blank lines are accepted. Lines starting with
// '#' are git comment lines and are dropped, as is everything from git's
// scissors line ("# ---- >8 ----") on, just as `git commit` does.
//
// Only the header and the footers decide Type and Breaking. The footers are
// the longest run of trailing paragraphs in which every paragraph starts
// with a footer line, or continues the BREAKING CHANGE note of the
// paragraph before it (the spec lets a note run on until the next token).
// So a body that quotes another project's changelog ("feat: ...",
// "* feat!: ...", "### BREAKING CHANGES") does not change the commit's bump,
// and neither does a "BREAKING CHANGE: " paragraph followed by prose that
// continues no note ("BREAKING CHANGE: x", "Refs: #1", "more prose": the
// prose ends the run, so all three are body). A quoted "BREAKING CHANGE: "
// paragraph whose prose runs on into the trailing footers is, by the same
// rule, a note: no parser can tell it from the author's own.
//
// ParseCommit runs in time linear in the size of the message. It allocates
// only for the Footers slice, for a lower-cased Type when the header's type
// is not lower case, and for a cleaned copy of a message that holds CR
// characters or comment lines.
func ParseCommit(message string) Commit {
	msg := cleanMessage(message)
	var c Commit

	// The header is the first non-blank line.
	rest := msg
	for rest != "" {
		line, after := cutLine(rest)
		rest = after
		if h := strings.TrimSpace(line); h != "" {
			c.Header = h
			break
		}
	}
	parseHeader(&c)

	bodyEnd, footStart := splitFooters(rest)
	c.Body = trimBlankLines(rest[:bodyEnd])
	if footStart >= 0 {
		c.Footers, c.Breaking = parseFooters(rest[footStart:], c.Breaking)
	}
	return c
}

// parseHeader fills Type, Scope, Description, Breaking and Conventional
// from c.Header, leniently.
func parseHeader(c *Commit) {
	h := c.Header
	c.Description = h
	typ, scope, bang, desc, ok := splitHeader(h)
	if !ok {
		return
	}
	// Unicode white space too: a description of only no-break spaces is
	// as empty as one of spaces.
	desc = strings.TrimSpace(desc)
	if desc == "" {
		return
	}
	c.Type = lowerASCII(typ)
	c.Scope = strings.TrimSpace(scope)
	c.Breaking = bang
	c.Description = desc
	c.Conventional = true
}

// splitHeader splits "type(scope)!: desc" at its structural characters.
// ok is false when the shape is wrong; desc is what follows ": " untrimmed
// (the leading space or tab after the colon is consumed).
func splitHeader(h string) (typ, scope string, bang bool, desc string, ok bool) {
	i := 0
	for i < len(h) && isTypeChar(h[i]) {
		i++
	}
	if i == 0 || !isLetter(h[0]) {
		return "", "", false, "", false
	}
	typ = h[:i]
	if i < len(h) && h[i] == '(' {
		end := strings.IndexByte(h[i+1:], ')')
		if end < 0 {
			return "", "", false, "", false
		}
		scope = h[i+1 : i+1+end]
		if strings.IndexByte(scope, '(') >= 0 {
			return "", "", false, "", false
		}
		i += end + 2
	}
	if i < len(h) && h[i] == '!' {
		bang = true
		i++
	}
	if i+1 >= len(h) || h[i] != ':' || (h[i+1] != ' ' && h[i+1] != '\t') {
		return "", "", false, "", false
	}
	return typ, scope, bang, h[i+2:], true
}

// splitFooters finds where the body ends and the footers start in the text
// after the header. footStart is -1 when there are no footers, and then
// bodyEnd is len(s).
//
// The footers start at the first line of a paragraph that is a footer line,
// when every later paragraph also starts with a footer line or continues a
// BREAKING CHANGE note. One forward pass: a candidate start is kept until a
// paragraph contradicts it.
func splitFooters(s string) (bodyEnd, footStart int) {
	footStart = -1
	inBreaking := false // the last footer token seen in the candidate is BREAKING CHANGE
	prevBlank := false  // a footer starts a paragraph: it follows a blank line
	for pos := 0; pos < len(s); {
		line, _ := cutLine(s[pos:])
		start := pos
		pos += len(line) + 1
		if isBlank(line) {
			prevBlank = true
			continue
		}
		if !prevBlank && footStart < 0 {
			continue // inside a body paragraph: nothing to decide
		}
		tok, _, isFooter := footerLine(line)
		if prevBlank {
			switch {
			case isFooter && footStart < 0:
				footStart = start
			case !isFooter && !(footStart >= 0 && inBreaking):
				footStart = -1
			}
		}
		if isFooter && footStart >= 0 {
			inBreaking = isBreakingToken(tok)
		}
		prevBlank = false
	}
	if footStart < 0 {
		return len(s), -1
	}
	return footStart, footStart
}

// parseFooters splits the footer section into footers. breaking is carried
// in and set when a BREAKING CHANGE footer is found, even past MaxFooters.
func parseFooters(s string, breaking bool) ([]Footer, bool) {
	n := 0
	for rest := s; rest != ""; {
		line, after := cutLine(rest)
		rest = after
		if tok, _, ok := footerLine(line); ok {
			n++
			if isBreakingToken(tok) {
				breaking = true
			}
		}
	}
	if n > MaxFooters {
		n = MaxFooters
	}
	if n == 0 {
		return nil, breaking
	}
	footers := make([]Footer, 0, n)
	valStart, valEnd := -1, -1 // current footer's value, as offsets into s
	var tok string
	flush := func() {
		if valStart >= 0 && len(footers) < MaxFooters {
			footers = append(footers, Footer{Token: tok, Value: trimBlankLines(s[valStart:valEnd])})
		}
	}
	for pos := 0; pos < len(s); {
		line, _ := cutLine(s[pos:])
		start := pos
		pos += len(line) + 1
		if t, off, ok := footerLine(line); ok {
			flush()
			if len(footers) == MaxFooters {
				break
			}
			tok = t
			valStart = start + off
			for valStart < len(s) && isSpace(s[valStart]) {
				valStart++
			}
		}
		valEnd = min(pos, len(s))
	}
	flush()
	return footers, breaking
}

// footerLine reports whether line starts a footer: a token (a word of ASCII
// letters, digits and '-', or "BREAKING CHANGE") followed by ": " or " #";
// a BREAKING CHANGE token may also end its line. valueOff is where the value starts in line.
func footerLine(line string) (token string, valueOff int, ok bool) {
	i := 0
	if strings.HasPrefix(line, "BREAKING CHANGE") {
		i = len("BREAKING CHANGE")
	} else {
		for i < len(line) && (isAlnum(line[i]) || line[i] == '-') {
			i++
		}
		if i == 0 || line[0] == '-' {
			return "", 0, false
		}
	}
	if i >= len(line) {
		return "", 0, false
	}
	switch {
	case line[i] == ':' && i+1 == len(line) && isBreakingToken(line[:i]):
		// "BREAKING CHANGE:" alone on its line, the note below it. Other
		// tokens need the space: "Example:" alone is prose.
		return line[:i], i + 1, true
	case line[i] == ':' && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
		return line[:i], i + 2, true
	case line[i] == ' ' && i+1 < len(line) && line[i+1] == '#':
		return line[:i], i + 1, true
	}
	return "", 0, false
}

func isBreakingToken(tok string) bool {
	return tok == "BREAKING CHANGE" || tok == "BREAKING-CHANGE"
}

// cleanMessage returns msg with CRLF and lone CR turned into LF, git comment
// lines removed and everything from the scissors line on cut off. It
// returns msg itself, without allocating, when there is nothing to clean.
func cleanMessage(msg string) string {
	if !needsCleaning(msg) {
		return msg
	}
	var b strings.Builder
	b.Grow(len(msg))
	keptLines(msg, func(_ int, line string) bool {
		b.WriteString(line)
		b.WriteByte('\n')
		return true
	})
	return b.String()
}

// needsCleaning reports whether cleanMessage would change msg.
func needsCleaning(msg string) bool {
	return strings.IndexByte(msg, '\r') >= 0 || len(msg) > 0 && msg[0] == '#' || strings.Contains(msg, "\n#")
}

// keptLines calls yield with each line of msg that cleanMessage keeps
// (lines end at LF, CRLF or a lone CR; comment lines are skipped; the
// scissors line ends the message) and its 1-based number in msg, until
// yield returns false.
func keptLines(msg string, yield func(n int, line string) bool) {
	n := 0
	for rest := msg; rest != ""; {
		var line string
		i := strings.IndexAny(rest, "\r\n")
		if i < 0 {
			line, rest = rest, ""
		} else {
			line = rest[:i]
			if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
				i++
			}
			rest = rest[i+1:]
		}
		n++
		if line != "" && line[0] == '#' {
			if isScissors(line) {
				return
			}
			continue
		}
		if !yield(n, line) {
			return
		}
	}
}

// isScissors reports whether line is git's scissors line,
// "# ------------------------ >8 ------------------------".
func isScissors(line string) bool {
	return strings.HasPrefix(line, "# -") && strings.Contains(line, " >8 ")
}

// cutLine returns the first line of s (without its '\n') and the rest.
func cutLine(s string) (line, rest string) {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func isBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		if !isSpace(line[i]) {
			return false
		}
	}
	return true
}

// trimBlankLines removes leading and trailing blank lines and the trailing
// white space of the last line.
func trimBlankLines(s string) string {
	for s != "" {
		line, rest := cutLine(s)
		if !isBlank(line) || rest == "" {
			break
		}
		s = rest
	}
	end := len(s)
	for end > 0 && (isSpace(s[end-1]) || s[end-1] == '\n') {
		end--
	}
	return s[:end]
}

func trimSpace(s string) string {
	start, end := 0, len(s)
	for start < end && isSpace(s[start]) {
		start++
	}
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return s[start:end]
}

// isSpace reports ASCII horizontal white space; lines are already split.
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\v' || b == '\f' }

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func isAlnum(b byte) bool { return isLetter(b) || b >= '0' && b <= '9' }

func isTypeChar(b byte) bool { return isAlnum(b) || b == '-' || b == '_' }

// lowerASCII lower-cases s, allocating only when s has an upper-case letter.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
