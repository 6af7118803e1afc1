package notes

import (
	"strconv"
	"strings"
)

// renderMarkdown writes release-please's layout:
//
//	## [1.5.0](compare-url) (2026-01-10)
//
//
//	### ⚠ BREAKING CHANGES
//
//	* **api:** the note
//
//
//	### Features
//
//	* **cli:** add --dry-run ([#12](issue-url)) ([abc1234](commit-url))
func renderMarkdown(b *strings.Builder, n Notes) {
	b.Grow(estimate(n))
	commitLink := compileLink(n.Links.Commit, "owner", n.Links.Owner, "repo", n.Links.Repo)
	issueLink := compileLink(n.Links.Issue)
	b.WriteString("## ")
	version := markdownInline(n.Version)
	if u := n.Links.compareURL(n.Previous, n.Version); u != "" {
		b.WriteString("[" + version + "](" + u + ")")
	} else {
		b.WriteString(version)
	}
	if d := n.date(); d != "" {
		b.WriteString(" (" + d + ")")
	}
	b.WriteString("\n")
	section := func(title string) {
		b.WriteString("\n\n### " + title + "\n\n")
	}
	if len(n.Breaking) > 0 {
		section(BreakingTitle)
		for _, bc := range n.Breaking {
			b.WriteString("* " + mdComponent(bc.Component) + mdScope(n, n.scopeOf(bc.Component, bc.Scope)) + markdownBlock(bc.Note, "  "))
			for _, r := range bc.Refs {
				b.WriteString(" (")
				writeRef(b, n.Links, issueLink, r)
				b.WriteString(")")
			}
			b.WriteString("\n")
		}
	}
	for _, s := range n.Sections {
		section(markdownInline(s.Title))
		for i, e := range s.Entries {
			heading, inline := n.group(s.Entries, i)
			if heading != "" {
				if i > 0 {
					b.WriteString("\n")
				}
				b.WriteString("#### ")
				writeMarkdownInline(b, heading)
				b.WriteString("\n\n")
			}
			b.WriteString("* ")
			if inline {
				b.WriteString("**")
				writeMarkdownInline(b, e.Scope)
				b.WriteString(":** ")
			}
			writeDescription(b, n.Links, e.Description)
			for _, r := range e.Refs {
				if r.Keyword == "" { // the header's, as release-please puts them
					b.WriteString(" (")
					writeRef(b, n.Links, issueLink, r)
					b.WriteString(")")
				}
			}
			for _, h := range e.Hashes {
				b.WriteString(" (")
				if n.Links.Commit != "" && isRefText(short(h)) {
					b.WriteByte('[')
					b.WriteString(short(h))
					b.WriteString("](")
					commitLink.write(b, "hash", h, "short", short(h))
					b.WriteByte(')')
				} else {
					writeLink(b, short(h), n.Links.commitURL(h))
				}
				b.WriteString(")")
			}
			for _, r := range e.Refs {
				if r.Keyword != "" { // the footers', after the hashes: ", closes #12"
					b.WriteString(", ")
					b.WriteString(r.verb())
					b.WriteByte(' ')
					writeRef(b, n.Links, issueLink, r)
				}
			}
			b.WriteString("\n")
			for _, f := range e.Footers {
				b.WriteString("  * " + markdownInline(f.Token) + ": " + markdownBlock(f.Value, "    ") + "\n")
			}
		}
	}
	if len(n.Contributors) > 0 {
		section("Contributors")
		for _, c := range n.Contributors {
			b.WriteString("* ")
			if u := n.Links.authorURL(c); u != "" {
				b.WriteString("[" + markdownInline(c.Name) + "](" + u + ")")
			} else {
				b.WriteString(markdownInline(c.Name))
			}
			if c.FirstTime {
				b.WriteString(" (first contribution)")
			}
			b.WriteString("\n")
		}
	}
}

// mdComponent is the bold component before a breaking change or a Keep a
// Changelog entry.
func mdComponent(component string) string {
	if component == "" {
		return ""
	}
	return "**" + markdownInline(component) + ":** "
}

func mdScope(n Notes, scope string) string {
	if scope == "" || n.HideScopes {
		return ""
	}
	return "**" + markdownInline(scope) + ":** "
}

// mdLink writes [text](url), or the escaped text alone without a URL. The
// URL comes from a template the host wrote, filled with path-escaped values,
// so it holds no ')' or space from commit text.
func mdLink(text, url string) string {
	var b strings.Builder
	writeLink(&b, text, url)
	return b.String()
}

func writeLink(b *strings.Builder, text, url string) {
	if url != "" {
		b.WriteByte('[')
	}
	if isRefText(text) {
		b.WriteString(text)
	} else {
		writeMarkdownInline(b, text)
	}
	if url != "" {
		b.WriteString("](")
		b.WriteString(url)
		b.WriteByte(')')
	}
}

// isRefText reports text that is safe in Markdown as it is: a reference
// such as "#12" or "owner/repo#12", or a short hash.
func isRefText(s string) bool {
	for i := 0; i < len(s); i++ {
		if !refTextSet[s[i]] {
			return false
		}
	}
	return s != "" && s[0] != '#' || len(s) > 1 && s[0] == '#' && s[1] >= '0' && s[1] <= '9'
}

// estimate guesses the size of the rendered notes, so the buffer grows once.
func estimate(n Notes) int {
	// What a hash and a reference take, links included: " ([abc1234](url))"
	// and " ([#12345](url))", with URLs as long as the notes' templates
	// make them. Overestimating wastes the difference; underestimating
	// makes the builder copy everything once more.
	perHash := 16 + len(n.Links.commitURL(strings.Repeat("0", 40)))
	perRef := 16 + len(n.Links.refURL(Ref{Number: 99999}))
	size := 256
	for _, s := range n.Sections {
		size += 16 + len(s.Title)
		for _, e := range s.Entries {
			size += 12 + len(e.Scope) + len(e.Description) + len(e.Refs)*perRef + len(e.Hashes)*perHash
			for _, f := range e.Footers {
				size += 16 + len(f.Token) + len(f.Value)
			}
		}
	}
	for _, bc := range n.Breaking {
		size += 16 + len(bc.Scope) + len(bc.Note) + len(bc.Refs)*perRef
	}
	for _, c := range n.Contributors {
		size += 32 + len(c.Name) + len(c.Email)
	}
	return size
}

// writeDescription writes a description escaped for Markdown, with the
// issue references in it ("alerts #99 and #100") as links when the notes
// have an issue link, as release-please writes them. A "#" followed by
// digits cannot start a heading, so without a link it stays as it is.
func writeDescription(b *strings.Builder, l Links, s string) {
	for {
		i := inlineRef(s)
		if i < 0 {
			writeMarkdownInline(b, s)
			return
		}
		writeMarkdownInline(b, s[:i])
		j := i + 1
		for j < len(s) && j-i <= 9 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		num, _ := strconv.Atoi(s[i+1 : j])
		if u := l.refURL(Ref{Number: num}); u != "" && num > 0 {
			b.WriteString("[" + s[i:j] + "](" + u + ")")
		} else {
			b.WriteString(s[i:j])
		}
		s = s[j:]
	}
}

// inlineRef returns the index of the first "#<digits>" in s that starts a
// word, or -1.
func inlineRef(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '#' && s[i+1] >= '0' && s[i+1] <= '9' && (i == 0 || s[i-1] == ' ' || s[i-1] == '(') {
			return i
		}
	}
	return -1
}

// writeRef writes a reference, as a link when the notes have an issue link.
func writeRef(b *strings.Builder, l Links, issue linkTemplate, r Ref) {
	owner, repo := l.refRepo(r)
	if l.Issue == "" || owner == "" && strings.Contains(l.Issue, "{owner}") {
		b.WriteString(r.String())
		return
	}
	num := strconv.Itoa(r.Number)
	b.WriteByte('[')
	if r.Owner != "" {
		b.WriteString(r.Owner)
		b.WriteByte('/')
		b.WriteString(r.Repo)
	}
	b.WriteByte('#')
	b.WriteString(num)
	b.WriteString("](")
	issue.write(b, "owner", owner, "repo", repo, "number", num)
	b.WriteByte(')')
}

// verb is the word release-please writes before a footer's reference:
// "closes" for the closing keywords, "refs" for the others.
func (r Ref) verb() string {
	switch r.Keyword {
	case "ref", "refs", "references", "see", "part-of":
		return "refs"
	}
	return "closes"
}

// scopeAt returns the scope of entries[i], or "" outside the slice.
