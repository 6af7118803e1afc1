package release

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var parseCases = []struct {
	name    string
	msg     string
	want    Commit // Hash is never set by ParseCommit; Header is checked too
	lintErr bool   // LintCommit rejects it
}{
	{
		name: "plain header",
		msg:  "feat: add a thing",
		want: Commit{Header: "feat: add a thing", Type: "feat", Description: "add a thing", Conventional: true},
	},
	{
		name: "scope and bang",
		msg:  "fix(api)!: drop v1 endpoints",
		want: Commit{Header: "fix(api)!: drop v1 endpoints", Type: "fix", Scope: "api", Description: "drop v1 endpoints", Breaking: true, Conventional: true},
	},
	{
		name: "bang without scope",
		msg:  "refactor!: rename everything",
		want: Commit{Header: "refactor!: rename everything", Type: "refactor", Description: "rename everything", Breaking: true, Conventional: true},
	},
	{
		// Types are case-insensitive; Type is normalised to lower case.
		name: "upper-case type", msg: "FEAT(UI): shout",
		want:    Commit{Header: "FEAT(UI): shout", Type: "feat", Scope: "UI", Description: "shout", Conventional: true},
		lintErr: false,
	},
	{
		// Real histories have these; ParseCommit tolerates, LintCommit reports.
		name: "two spaces after colon", msg: "feat:  two spaces",
		want:    Commit{Header: "feat:  two spaces", Type: "feat", Description: "two spaces", Conventional: true},
		lintErr: true,
	},
	{
		name: "tab after colon", msg: "fix:\ttabbed",
		want:    Commit{Header: "fix:\ttabbed", Type: "fix", Description: "tabbed", Conventional: true},
		lintErr: true,
	},
	{
		name: "trailing blanks", msg: "fix: trailing   \t",
		want:    Commit{Header: "fix: trailing", Type: "fix", Description: "trailing", Conventional: true},
		lintErr: true,
	},
	{
		name: "leading blank lines", msg: "\n  \nfix: late header",
		want:    Commit{Header: "fix: late header", Type: "fix", Description: "late header", Conventional: true},
		lintErr: true,
	},
	{
		name: "no space after colon", msg: "feat:x",
		want:    Commit{Header: "feat:x", Description: "feat:x"},
		lintErr: true,
	},
	{
		name: "empty description", msg: "feat: ",
		want:    Commit{Header: "feat:", Description: "feat:"},
		lintErr: true,
	},
	{
		name: "unclosed scope", msg: "feat(api: x",
		want:    Commit{Header: "feat(api: x", Description: "feat(api: x"},
		lintErr: true,
	},
	{
		name: "space before colon", msg: "feat : x",
		want:    Commit{Header: "feat : x", Description: "feat : x"},
		lintErr: true,
	},
	{
		name: "type must start with a letter", msg: "1.2.3: release",
		want:    Commit{Header: "1.2.3: release", Description: "1.2.3: release"},
		lintErr: true,
	},
	{
		name: "empty scope is tolerated", msg: "feat(): x",
		want:    Commit{Header: "feat(): x", Type: "feat", Description: "x", Conventional: true},
		lintErr: true,
	},
	{
		name: "merge commit", msg: "Merge pull request #12 from a/b\n\nfeat: the branch",
		// A last paragraph "feat: the branch" is a footer by the spec's
		// grammar (token "feat"); it does not make the merge conventional.
		want:    Commit{Header: "Merge pull request #12 from a/b", Description: "Merge pull request #12 from a/b", Footers: []Footer{{"feat", "the branch"}}},
		lintErr: true,
	},
	{
		name: "body and footers",
		msg:  "feat(cli): add --dry-run\n\nExplains the change.\n\nSecond paragraph.\n\nRefs: #12\nReviewed-by: Z\nCloses #7\n",
		want: Commit{Header: "feat(cli): add --dry-run", Type: "feat", Scope: "cli", Description: "add --dry-run",
			Body:    "Explains the change.\n\nSecond paragraph.",
			Footers: []Footer{{"Refs", "#12"}, {"Reviewed-by", "Z"}, {"Closes", "#7"}}, Conventional: true},
	},
	{
		name: "footers right after header",
		msg:  "fix: x\n\nSigned-off-by: A <a@example.com>",
		want: Commit{Header: "fix: x", Type: "fix", Description: "x", Footers: []Footer{{"Signed-off-by", "A <a@example.com>"}}, Conventional: true},
	},
	{
		name: "breaking change footer",
		msg:  "feat: new config\n\nBREAKING CHANGE: the old keys are gone",
		want: Commit{Header: "feat: new config", Type: "feat", Description: "new config", Breaking: true,
			Footers: []Footer{{"BREAKING CHANGE", "the old keys are gone"}}, Conventional: true},
	},
	{
		name: "BREAKING-CHANGE synonym",
		msg:  "fix: y\n\nBREAKING-CHANGE: z",
		want: Commit{Header: "fix: y", Type: "fix", Description: "y", Breaking: true, Footers: []Footer{{"BREAKING-CHANGE", "z"}}, Conventional: true},
	},
	{
		// BREAKING CHANGE must be upper case; "breaking change" is not a token at all.
		name: "lower-case breaking change is prose",
		msg:  "fix: y\n\nbreaking change: z",
		want: Commit{Header: "fix: y", Type: "fix", Description: "y", Body: "breaking change: z", Conventional: true},
	},
	{
		name: "multi-line footer values",
		msg:  "feat: a\n\nBREAKING CHANGE: first line\n  second line\n  third line\nRefs: #1",
		want: Commit{Header: "feat: a", Type: "feat", Description: "a", Breaking: true,
			Footers: []Footer{{"BREAKING CHANGE", "first line\n  second line\n  third line"}, {"Refs", "#1"}}, Conventional: true},
	},
	{
		name: "breaking note on the lines below its token",
		msg:  "feat: a\n\nBREAKING CHANGE:\n- removed x\n- renamed y",
		want: Commit{Header: "feat: a", Type: "feat", Description: "a", Breaking: true,
			Footers: []Footer{{"BREAKING CHANGE", "- removed x\n- renamed y"}}, Conventional: true},
		// The spec wants ": " and the note after it.
		lintErr: true,
	},
	{
		// A note continues over blank lines until the next token (the spec).
		name: "multi-paragraph breaking note",
		msg:  "refactor: one config\n\nWhy.\n\nBREAKING CHANGE: options moved.\n\nOld:\nf(a, b)\n\nNew:\nf({a, b})\n\nRefs: #9",
		want: Commit{Header: "refactor: one config", Type: "refactor", Description: "one config", Breaking: true, Body: "Why.",
			Footers: []Footer{{"BREAKING CHANGE", "options moved.\n\nOld:\nf(a, b)\n\nNew:\nf({a, b})"}, {"Refs", "#9"}}, Conventional: true},
	},
	{
		// Only the header and the footers decide: quoted changelogs stay body.
		name: "dependency update quoting a changelog",
		msg: "chore(deps): update foo to v2\n\nThis PR updates foo.\n\nfeat: foo gained a bar\n\n" +
			"### BREAKING CHANGES\n\n* drop node 12\n* feat!: something\n\nMore release notes.\n\nSigned-off-by: bot <bot@example.com>",
		want: Commit{Header: "chore(deps): update foo to v2", Type: "chore", Scope: "deps", Description: "update foo to v2",
			// "### BREAKING CHANGES" is a comment line to git, and so to ParseCommit.
			Body:    "This PR updates foo.\n\nfeat: foo gained a bar\n\n\n* drop node 12\n* feat!: something\n\nMore release notes.",
			Footers: []Footer{{"Signed-off-by", "bot <bot@example.com>"}}, Conventional: true},
	},
	{
		// The rule in ParseCommit's doc, both orderings.
		name: "breaking paragraph then a footer then prose is body",
		msg:  "fix: a\n\nBREAKING CHANGE: x\n\nRefs: #1\n\nprose",
		want: Commit{Header: "fix: a", Type: "fix", Description: "a", Body: "BREAKING CHANGE: x\n\nRefs: #1\n\nprose", Conventional: true},
	},
	{
		name: "breaking paragraph whose prose runs into the footers is a note",
		msg:  "chore(deps): bump foo\n\nRelease notes:\n\nBREAKING CHANGE: drop node 12\n\nMore notes.\n\nSigned-off-by: bot",
		want: Commit{Header: "chore(deps): bump foo", Type: "chore", Scope: "deps", Description: "bump foo", Body: "Release notes:", Breaking: true,
			Footers: []Footer{{"BREAKING CHANGE", "drop node 12\n\nMore notes."}, {"Signed-off-by", "bot"}}, Conventional: true},
	},
	{
		name: "leading line of no-break spaces",
		msg:  "\u00a0\nfeat: x",
		want: Commit{Header: "feat: x", Type: "feat", Description: "x", Conventional: true},
		// LintCommit wants the header on the first line.
		lintErr: true,
	},
	{
		name: "footer-like line inside a paragraph is body",
		msg:  "fix: a\n\nSome text\nBREAKING CHANGE: not a footer here\nmore text",
		want: Commit{Header: "fix: a", Type: "fix", Description: "a", Body: "Some text\nBREAKING CHANGE: not a footer here\nmore text", Conventional: true},
	},
	{
		name: "footer line right after header is body",
		msg:  "fix: a\nBREAKING CHANGE: no blank line",
		want: Commit{Header: "fix: a", Type: "fix", Description: "a", Body: "BREAKING CHANGE: no blank line", Conventional: true},
		// Conventional Commits wants a blank line after the header.
		lintErr: true,
	},
	{
		name: "CRLF line endings",
		msg:  "feat(x): crlf\r\n\r\nbody line\r\n\r\nRefs: #3\r\n",
		want: Commit{Header: "feat(x): crlf", Type: "feat", Scope: "x", Description: "crlf", Body: "body line", Footers: []Footer{{"Refs", "#3"}}, Conventional: true},
	},
	{
		name: "comment lines and scissors",
		msg:  "fix: c\n# Please enter the commit message\n\nbody\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\nBREAKING CHANGE: in the diff",
		want: Commit{Header: "fix: c", Type: "fix", Description: "c", Body: "body", Conventional: true},
	},
	{
		name: "non-conventional header keeps its footers",
		msg:  "Update things\n\nBREAKING CHANGE: still a break",
		want: Commit{Header: "Update things", Description: "Update things", Breaking: true,
			Footers: []Footer{{"BREAKING CHANGE", "still a break"}}},
		lintErr: true,
	},
	{
		name: "empty", msg: "",
		want: Commit{}, lintErr: true,
	},
	{
		name: "only whitespace", msg: " \n\t\n  ",
		want: Commit{}, lintErr: true,
	},
	{
		name: "NUL byte and invalid UTF-8", msg: "fix: a\x00b\xff",
		want:    Commit{Header: "fix: a\x00b\xff", Type: "fix", Description: "a\x00b\xff", Conventional: true},
		lintErr: true,
	},
	{
		name: "revert in git's form", msg: "Revert \"feat: x\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.",
		want: Commit{Header: `Revert "feat: x"`, Description: `Revert "feat: x"`, Body: "This reverts commit 0123456789abcdef0123456789abcdef01234567."},
		// Not conventional, though git writes it.
		lintErr: true,
	},
}

func TestParseCommit(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseCommit(tc.msg)
			assert.Equal(t, tc.want, got, "parsed commit")
			err := LintCommit(tc.msg)
			if tc.lintErr {
				assert.ErrorIs(t, err, ErrNotConventional, "lint should reject")
			} else {
				assert.NoError(t, err, "lint should accept")
			}
		})
	}
}

func TestLintCommitPosition(t *testing.T) {
	cases := []struct {
		name      string
		msg       string
		line, col int
		expected  string
	}{
		{"missing space", "feat:x", 1, 6, "one space after the colon"},
		{"two spaces", "feat:  x", 1, 7, "exactly one space"},
		{"no colon", "feat x", 1, 5, "':' after the type"},
		{"leading space", " feat: x", 1, 1, "not white space"},
		{"empty scope", "feat(): x", 1, 6, "a scope inside"},
		{"spaced scope", "feat( a ): x", 1, 6, "without surrounding white space"},
		{"trailing blank", "feat: x ", 1, 8, "no trailing white space"},
		{"no blank line", "feat: x\nbody", 2, 1, "a blank line between"},
		{"NUL on line 3", "feat: x\n\nab\x00", 3, 3, "no NUL byte"},
		{"bad UTF-8", "feat: \xff", 1, 7, "valid UTF-8"},
		{"empty", "", 1, 1, "a header"},
		// Positions are in the message as written, comment lines included.
		{"after a comment line", "feat: x\n\n# c\nab\x00", 4, 3, "no NUL byte"},
		{"header after a comment", "# comment\nfeat:x", 2, 6, "one space after the colon"},
		{"CRLF", "feat: x\r\nbody", 2, 1, "a blank line between"},
		{"two blank lines", "feat: x\n\n\nbody", 3, 1, "one blank line, not more"},
		{"trailing blank in the body", "feat: x\n\nbody \nmore", 3, 5, "no trailing white space"},
		{"tab after a footer colon", "feat: x\n\nRefs:\t#1", 3, 6, "exactly one space after the footer's colon"},
		{"spaces after a footer colon", "feat: x\n\nRefs:   #1", 3, 6, "exactly one space"},
		{"note below its token", "feat: x\n\nBREAKING CHANGE:\nnote", 3, 17, "the note on the same line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := LintCommit(tc.msg)
			pe, ok := errors.AsType[*ParseError](err)
			require.True(t, ok, "want a *ParseError, got %v", err)
			assert.Equal(t, tc.line, pe.Line, "line")
			assert.Equal(t, tc.col, pe.Col, "column")
			assert.Contains(t, pe.Expected, tc.expected, "expected")
			assert.ErrorIs(t, err, ErrNotConventional)
			assert.True(t, strings.HasPrefix(err.Error(), "release: "), "message names the package: %s", err)
		})
	}
}

func TestLintCommitAccepts(t *testing.T) {
	for _, msg := range []string{
		"feat: x",
		"feat(api)!: x",
		"fix: x\n\nbody\n\nRefs: #1",
		"docs: x\r\n\r\nbody\r\n",
		"chore: x\n# comment\n",
	} {
		assert.NoError(t, LintCommit(msg), "%q", msg)
	}
}

func TestLintCommitTooLong(t *testing.T) {
	msg := "feat: x\n\n" + strings.Repeat("a", MaxMessageLen)
	err := LintCommit(msg)
	assert.ErrorIs(t, err, ErrTooLong)
	assert.Less(t, len(err.Error()), 300, "the message stays short whatever the input")
}

// Huge and hostile messages parse completely, in linear time, without panics.
func TestParseCommitLargeInputs(t *testing.T) {
	t.Run("10 MB body", func(t *testing.T) {
		msg := "feat: big\n\n" + strings.Repeat("x", 10<<20) + "\n\nBREAKING CHANGE: at the end"
		c := ParseCommit(msg)
		assert.True(t, c.Breaking, "a footer after 10 MB is still read")
		assert.Len(t, c.Body, 10<<20)
	})
	t.Run("a million lines", func(t *testing.T) {
		msg := "fix: lines\n\n" + strings.Repeat("line\n", 1_000_000)
		c := ParseCommit(msg)
		assert.Equal(t, "fix", c.Type)
		assert.Equal(t, 1_000_000, strings.Count(c.Body, "line"))
	})
	t.Run("a million footers", func(t *testing.T) {
		msg := "fix: many\n\n" + strings.Repeat("Refs: #1\n", 1_000_000) + "BREAKING CHANGE: last"
		c := ParseCommit(msg)
		assert.Len(t, c.Footers, MaxFooters, "footers are capped")
		assert.True(t, c.Breaking, "a breaking footer past the cap still counts")
	})
	t.Run("100 KB header", func(t *testing.T) {
		msg := "feat: " + strings.Repeat("y", 100<<10)
		c := ParseCommit(msg)
		assert.True(t, c.Conventional)
		assert.Len(t, c.Description, 100<<10)
	})
	t.Run("100 KB scope never closed", func(t *testing.T) {
		c := ParseCommit("feat(" + strings.Repeat("(", 100<<10))
		assert.False(t, c.Conventional)
	})
}

func TestParseCommitAllocations(t *testing.T) {
	header := "feat(api): add a thing"
	assert.Zero(t, testing.AllocsPerRun(100, func() { ParseCommit(header) }), "one-line header")
	msg := benchMessage()
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { ParseCommit(msg) }), 1.0, "message with footers")
}

func TestReverts(t *testing.T) {
	cases := []struct {
		name         string
		msg          string
		hash, header string
		ok           bool
	}{
		{"git form", "Revert \"feat: x\"\n\nThis reverts commit abcdef1234567.", "abcdef1234567", "feat: x", true},
		{"conventional", "revert: feat: x\n\nThis reverts commit ABCDEF1.", "ABCDEF1", "feat: x", true},
		{"conventional quoted", "revert: \"fix(a): y\"", "", "fix(a): y", true},
		{"nested", "Revert \"Revert \"feat: x\"\"", "", "Revert \"feat: x\"", true},
		{"git 2.43 reapply", "Reapply \"feat: x\"\n\nThis reverts commit abcdef1.", "abcdef1", "Revert \"feat: x\"", true},
		{"squash-merged revert", "Revert \"feat: x (#12)\" (#13)\n\nThis reverts commit abcdef1.", "abcdef1", "feat: x (#12)", true},
		{"spec's Refs form", "revert: let us never again speak of the noodle incident\n\nRefs: 676104e, a215868", "", "let us never again speak of the noodle incident", true},
		{"Refs footer hash", "revert: feat: x\n\nRefs: 676104e", "676104e", "feat: x", true},
		{"quote then other text", "Revert \"x\" and more", "", "", false},
		// A squash that quotes a revert in its body is not a revert.
		{"squash quoting a revert", "feat: z\n\n* Revert \"fix: y\"\n\nThis reverts commit abcdef1.", "", "", false},
		{"not a revert", "fix: a", "", "", false},
		{"short hash ignored", "Revert \"x\"\n\nThis reverts commit abc.", "", "x", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hash, header, ok := ParseCommit(tc.msg).Reverts()
			assert.Equal(t, tc.ok, ok, "ok")
			assert.Equal(t, tc.hash, hash, "hash")
			assert.Equal(t, tc.header, header, "header")
		})
	}
}

func FuzzParseCommit(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.msg)
	}
	f.Add(benchMessage())
	f.Fuzz(func(t *testing.T, msg string) {
		c := ParseCommit(msg)
		for _, s := range []string{c.Header, c.Type, c.Scope, c.Description} {
			if strings.ContainsAny(s, "\r\n") {
				t.Fatalf("a header part spans lines: %q", s)
			}
		}
		if len(c.Footers) > MaxFooters {
			t.Fatalf("%d footers kept, limit %d", len(c.Footers), MaxFooters)
		}
		if c.Conventional {
			if c.Type == "" || c.Type != strings.ToLower(c.Type) || c.Description == "" || c.Description != strings.TrimSpace(c.Description) {
				t.Fatalf("bad conventional commit %+v", c)
			}
		} else if c.Type != "" || c.Scope != "" || c.Description != c.Header {
			t.Fatalf("non-conventional commit with header parts %+v", c)
		}
		breaking := false
		for _, ft := range c.Footers {
			breaking = breaking || isBreakingToken(ft.Token)
			if ft.Token == "" || strings.Contains(ft.Value, "\r") {
				t.Fatalf("bad footer %+v", ft)
			}
		}
		_, _, bang, _, _ := splitHeader(c.Header)
		if len(c.Footers) < MaxFooters && c.Breaking != (breaking || bang && c.Conventional) {
			t.Fatalf("Breaking %v does not follow from the header and footers: %+v", c.Breaking, c)
		}
		if LintCommit(msg) == nil && !c.Conventional {
			t.Fatalf("LintCommit accepts what ParseCommit calls not conventional: %q", msg)
		}
		// Parsing is a function of the text: the same text after cleaning
		// parses the same.
		if again := ParseCommit(cleanMessage(msg)); !equalCommits(again, c) {
			t.Fatalf("cleaned message parses differently:\n%+v\n%+v", again, c)
		}
	})
}

func equalCommits(a, b Commit) bool {
	if a.Header != b.Header || a.Type != b.Type || a.Scope != b.Scope || a.Description != b.Description ||
		a.Body != b.Body || a.Breaking != b.Breaking || a.Conventional != b.Conventional || len(a.Footers) != len(b.Footers) {
		return false
	}
	for i := range a.Footers {
		if a.Footers[i] != b.Footers[i] {
			return false
		}
	}
	return true
}

// benchMessage is a message of about 1 KB with a body and three footers.
func benchMessage() string {
	body := strings.Repeat("This change reworks how the widget cache is invalidated when a release is cut. ", 11)
	return "feat(cache): invalidate widgets on release\n\n" + body + "\n\n" +
		"Refs: #1234\nReviewed-by: Jane Doe <jane@example.com>\nBREAKING CHANGE: the cache key format changed"
}
