package notes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/template"
)

// Format is an output format of Render.
type Format int

// The formats.
const (
	// Markdown is GitHub-flavoured Markdown in the style release-please
	// writes, so a CHANGELOG.md keeps its look when a project switches.
	Markdown Format = iota
	// KeepAChangelog follows keepachangelog.com 1.1: Added, Changed,
	// Removed and Fixed sections, "## [1.2.0] - 2026-01-31" headings.
	KeepAChangelog
	// Text is plain text for terminals and e-mails.
	Text
	// JSON is the stable machine form: the Notes value, indented.
	JSON
	// HTML is a fragment (h2, h3, ul) with contextual escaping.
	HTML
)

var formatNames = [...]string{"markdown", "keepachangelog", "text", "json", "html"}

// String returns the format's name ("markdown", "keepachangelog", ...).
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// MarshalText returns the format's name.
func (f Format) MarshalText() ([]byte, error) {
	if f < 0 || int(f) >= len(formatNames) {
		return nil, fmt.Errorf("notes: invalid Format %d", int(f))
	}
	return []byte(formatNames[f]), nil
}

// UnmarshalText parses a format's name.
func (f *Format) UnmarshalText(b []byte) error {
	for i, n := range formatNames {
		if string(b) == n {
			*f = Format(i)
			return nil
		}
	}
	return fmt.Errorf("notes: unknown format %q: %w", b, ErrFormat)
}

// Render writes n to w in format f. Every piece of commit text is escaped
// for the format, so a commit titled "<script>" or "[x](javascript:...)"
// renders as those characters. The output is built in memory and written
// with one Write; Render returns that write's error, or an error wrapping
// ErrFormat for an unknown format.
func Render(w io.Writer, n Notes, f Format) error {
	// A strings.Builder grows without zeroing its memory, which matters
	// for notes of many megabytes.
	var buf strings.Builder
	switch f {
	case Markdown:
		renderMarkdown(&buf, n)
	case KeepAChangelog:
		renderKeepAChangelog(&buf, n)
	case Text:
		renderText(&buf, n)
	case JSON:
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(n); err != nil {
			return fmt.Errorf("notes: %w", err)
		}
	case HTML:
		if err := renderHTML(&buf, n); err != nil {
			return err
		}
	default:
		return fmt.Errorf("notes: unknown format %d: %w", int(f), ErrFormat)
	}
	_, err := io.WriteString(w, buf.String())
	return err
}

// RenderTemplate executes a host's template with n as its data, for formats
// of the host's own. Commit text enters only as data, never as template
// text. The template may use the functions of TemplateFuncs if it was
// parsed with them. As with Render, the output is written with one Write.
func RenderTemplate(w io.Writer, n Notes, t *template.Template) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, n); err != nil {
		return fmt.Errorf("notes: template %s: %w", t.Name(), err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// TemplateFuncs returns functions for templates given to RenderTemplate:
// "markdown" escapes text for one line of Markdown, "plain" removes
// control characters, "short" shortens a hash to 7 characters, and
// "commitURL", "refURL" and "compareURL" build links from the notes' Links.
func TemplateFuncs() template.FuncMap {
	return template.FuncMap{
		"markdown":   markdownInline,
		"plain":      func(s string) string { return plain(s, true) },
		"short":      short,
		"commitURL":  func(n Notes, hash string) string { return n.Links.commitURL(hash) },
		"refURL":     func(n Notes, r Ref) string { return n.Links.refURL(r) },
		"compareURL": func(n Notes) string { return n.Links.compareURL(n.Previous, n.Version) },
	}
}

func short(hash string) string {
	if len(hash) > 7 {
		return hash[:7]
	}
	return hash
}

// expand fills a link template; each value is escaped for a URL path.
// kv alternates placeholder names and values.
func expand(tmpl string, kv ...string) string {
	if tmpl == "" {
		return ""
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 48)
	writeExpand(&b, tmpl, kv...)
	return b.String()
}

// writeExpand writes tmpl with its placeholders filled, as expand does. A
// ')' in the template is written as %29 so that the URL can stand in a
// Markdown link.
func writeExpand(b interface{ WriteString(string) (int, error) }, tmpl string, kv ...string) {
	for {
		i := strings.IndexAny(tmpl, "{)")
		if i >= 0 && tmpl[i] == ')' {
			b.WriteString(tmpl[:i])
			b.WriteString("%29")
			tmpl = tmpl[i+1:]
			continue
		}
		j := -1
		if i >= 0 {
			j = strings.IndexByte(tmpl[i:], '}')
		}
		if j < 0 {
			b.WriteString(tmpl)
			return
		}
		b.WriteString(tmpl[:i])
		name, found := tmpl[i+1:i+j], false
		for k := 0; k+1 < len(kv); k += 2 {
			if kv[k] == name {
				writePathEscaped(b, kv[k+1])
				found = true
				break
			}
		}
		if !found {
			b.WriteString(tmpl[i : i+j+1])
		}
		tmpl = tmpl[i+j+1:]
	}
}

// linkTemplate is a link template split once into literal text and
// placeholders, so that a renderer does not scan the template for every
// entry. Placeholders whose values are fixed for the whole render (the
// repository's owner and name) are filled in when it is compiled.
type linkTemplate []linkPart

type linkPart struct{ lit, name string } // name is "" for literal text

func compileLink(tmpl string, fixed ...string) linkTemplate {
	var t linkTemplate
	lit := func(s string) {
		if n := len(t); n > 0 && t[n-1].name == "" {
			t[n-1].lit += s
		} else if s != "" {
			t = append(t, linkPart{lit: s})
		}
	}
	for tmpl != "" {
		i := strings.IndexAny(tmpl, "{)")
		if i < 0 {
			lit(tmpl)
			break
		}
		if tmpl[i] == ')' {
			lit(tmpl[:i] + "%29")
			tmpl = tmpl[i+1:]
			continue
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			lit(tmpl)
			break
		}
		lit(tmpl[:i])
		name := tmpl[i+1 : i+j]
		if v, ok := lookup(fixed, name); ok {
			var b strings.Builder
			writePathEscaped(&b, v)
			lit(b.String())
		} else {
			t = append(t, linkPart{name: name})
		}
		tmpl = tmpl[i+j+1:]
	}
	return t
}

func lookup(kv []string, name string) (string, bool) {
	for k := 0; k+1 < len(kv); k += 2 {
		if kv[k] == name {
			return kv[k+1], true
		}
	}
	return "", false
}

// write writes the link with its placeholders filled from kv; a
// placeholder kv does not name is written as it stands.
func (t linkTemplate) write(b interface{ WriteString(string) (int, error) }, kv ...string) {
	for _, p := range t {
		if p.name == "" {
			b.WriteString(p.lit)
		} else if v, ok := lookup(kv, p.name); ok {
			writePathEscaped(b, v)
		} else {
			b.WriteString("{" + p.name + "}")
		}
	}
}

// writePathEscaped writes url.PathEscape(s), without allocating for the
// common values (hex hashes, numbers, names) that need no escaping.
func writePathEscaped(b interface{ WriteString(string) (int, error) }, s string) {
	for i := 0; i < len(s); i++ {
		if !pathSafe[s[i]] {
			b.WriteString(url.PathEscape(s))
			return
		}
	}
	b.WriteString(s)
}

func (l Links) commitURL(hash string) string {
	if hash == "" {
		return ""
	}
	return expand(l.Commit, "hash", hash, "short", short(hash), "owner", l.Owner, "repo", l.Repo)
}

// refRepo returns the repository a reference points into: its own, or
// the notes' one for "#12".
func (l Links) refRepo(r Ref) (owner, repo string) {
	if r.Owner == "" {
		return l.Owner, l.Repo
	}
	return r.Owner, r.Repo
}

func (l Links) refURL(r Ref) string {
	owner, repo := l.refRepo(r)
	if owner == "" && strings.Contains(l.Issue, "{owner}") {
		return ""
	}
	return expand(l.Issue, "owner", owner, "repo", repo, "number", strconv.Itoa(r.Number))
}

func (l Links) authorURL(c Contributor) string {
	login := githubLogin(c.Email)
	if l.Author == "" || login == "" && strings.Contains(l.Author, "{login}") || c.Email == "" && strings.Contains(l.Author, "{email}") {
		return ""
	}
	return expand(l.Author, "name", c.Name, "email", c.Email, "login", login)
}

// githubLogin returns the login in a GitHub no-reply address
// ("123+login@users.noreply.github.com" or "login@users.noreply.github.com"),
// or "".
func githubLogin(email string) string {
	local, ok := strings.CutSuffix(strings.ToLower(email), "@users.noreply.github.com")
	if !ok {
		return ""
	}
	if _, after, ok := strings.Cut(local, "+"); ok {
		local = after
	}
	if !isName(strings.TrimSuffix(local, "[bot]")) {
		return ""
	}
	return local
}

func (l Links) compareURL(previous, version string) string {
	if previous == "" {
		return ""
	}
	return expand(l.Compare, "previous", previous, "version", version, "owner", l.Owner, "repo", l.Repo)
}

func (n Notes) date() string {
	if n.Date.IsZero() {
		return ""
	}
	return n.Date.Format("2006-01-02")
}

// group reports, for entry i of a section's entries, the sub-heading that
// starts there ("" for none) and whether the entry shows its scope before
// its description. With components, entries are grouped by component and
// show their scope; otherwise, with GroupByScope, by scope.
func (n Notes) group(entries []Entry, i int) (heading string, inline bool) {
	e := entries[i]
	scoped := e.Scope != "" && !n.HideScopes
	if n.GroupByComponent {
		if e.Component != "" && (i == 0 || entries[i-1].Component != e.Component) {
			heading = e.Component
		}
		return heading, scoped && e.Scope != e.Component
	}
	if !n.GroupByScope {
		return "", scoped
	}
	if scoped && (i == 0 || entries[i-1].Scope != e.Scope) {
		heading = e.Scope
	}
	return heading, false
}

// scopeOf returns the scope a breaking change or an entry of component
// shows: none when it is hidden or repeats the component.
func (n Notes) scopeOf(component, scope string) string {
	if n.HideScopes || scope == component {
		return ""
	}
	return scope
}

// underHeading reports whether e is listed under a sub-heading.
func (n Notes) underHeading(e Entry) bool {
	if n.GroupByComponent {
		return e.Component != ""
	}
	return n.GroupByScope && e.Scope != "" && !n.HideScopes
}
