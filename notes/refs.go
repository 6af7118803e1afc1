package notes

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/releasekit/releasekit/release"
)

func itoa(n int) string { return strconv.Itoa(n) }

// refKeyword returns s in lower case if it is a footer token or keyword, in
// any case, whose values reference issues, and "" otherwise, without
// allocating.
func refKeyword(s string) string {
	if len(s) < 3 || len(s) > 10 {
		return ""
	}
	for _, t := range [...]string{"close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves",
		"resolved", "ref", "refs", "references", "see", "part-of"} {
		if len(t) == len(s) && strings.EqualFold(t, s) {
			return t
		}
	}
	return ""
}

// splitRefs removes trailing "(#12)" groups from a description (the form a
// squash merge on GitHub writes) and returns them as references.
// The references are appended to refs, which the caller may reuse.
func splitRefs(desc string, refs []Ref) (string, []Ref) {
	for {
		d := strings.TrimRight(desc, " \t")
		if !strings.HasSuffix(d, ")") {
			break
		}
		open := strings.LastIndexByte(d, '(')
		if open < 0 {
			break
		}
		r, ok := parseRef(d[open+1 : len(d)-1])
		if !ok || open == 0 {
			break
		}
		refs = append(refs, r)
		desc = d[:open]
	}
	slices.Reverse(refs) // found from the end
	return strings.TrimRight(desc, " \t"), refs
}

// footerRefs adds to refs, without duplicates, the references of footers
// such as "Closes #12" or "Refs: #5", and of lines in the body or in footer
// values that start with such a keyword: "Fixes owner/repo#3" is not a
// footer in the Conventional Commits grammar (no ": " or " #" after the
// token), but GitHub reads it, and so do the notes.
func footerRefs(c *release.Commit, refs []Ref) []Ref {
	for _, f := range c.Footers {
		keyword := refKeyword(f.Token)
		// A value's first line belongs to its token; a later line may
		// start with a keyword of its own ("Closes #1\nFixes o/r#2").
		for i, value := 0, f.Value; value != ""; i++ {
			line, next, _ := strings.Cut(value, "\n")
			value = next
			word, rest, ok := strings.Cut(strings.TrimSpace(line), " ")
			if kw := refKeyword(strings.TrimSuffix(word, ":")); i > 0 && ok && kw != "" {
				refs = appendRefs(refs, rest, kw)
			} else if keyword != "" {
				refs = appendRefs(refs, line, keyword)
			}
		}
	}
	return keywordLines(lastParagraph(c.Body), refs)
}

// lastParagraph returns the text after the last blank line of s.
func lastParagraph(s string) string {
	if i := strings.LastIndex(s, "\n\n"); i >= 0 {
		return s[i+2:]
	}
	return s
}

// keywordLines adds the references of lines that start with a reference
// keyword ("Fixes", "closes:") to refs.
func keywordLines(text string, refs []Ref) []Ref {
	for text != "" {
		line, next, _ := strings.Cut(text, "\n")
		text = next
		word, rest, ok := strings.Cut(strings.TrimSpace(line), " ")
		if kw := refKeyword(strings.TrimSuffix(word, ":")); ok && kw != "" {
			refs = appendRefs(refs, rest, kw)
		}
	}
	return refs
}

// appendRefs adds the references among the words of text, each with
// keyword, to refs, skipping those already there.
func appendRefs(refs []Ref, text, keyword string) []Ref {
	for text != "" {
		i := strings.IndexAny(text, ", \t\n")
		field := text
		if i >= 0 {
			field, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if r, ok := parseRef(field); ok && !containsRef(refs, r) {
			r.Keyword = keyword
			refs = append(refs, r)
		}
	}
	return refs
}

// sameRefs reports whether a and b name the same issues in the same order,
// whatever their keywords.
func sameRefs(a, b []Ref) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Owner != b[i].Owner || a[i].Repo != b[i].Repo || a[i].Number != b[i].Number {
			return false
		}
	}
	return true
}

// containsRef reports whether refs has r's issue, whatever the keyword.
func containsRef(refs []Ref, r Ref) bool {
	for _, x := range refs {
		if x.Owner == r.Owner && x.Repo == r.Repo && x.Number == r.Number {
			return true
		}
	}
	return false
}

// parseRef parses "#12" or "owner/repo#12". Owner and repository names are
// limited to the characters GitHub and GitLab allow, so a reference can be
// put into a URL as it is.
func parseRef(s string) (Ref, bool) {
	i := strings.IndexByte(s, '#')
	if i < 0 || i == len(s)-1 || len(s)-i > 10 {
		return Ref{}, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 || s[i+1] == '+' {
		return Ref{}, false
	}
	if i == 0 {
		return Ref{Number: n}, true
	}
	owner, repo, ok := strings.Cut(s[:i], "/")
	if !ok || !isName(owner) || !isName(repo) {
		return Ref{}, false
	}
	return Ref{Owner: owner, Repo: repo, Number: n}, true
}

func isName(s string) bool {
	if s == "" || len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func refsKey(refs []Ref) string {
	if len(refs) == 0 {
		return ""
	}
	var b strings.Builder
	for _, r := range refs {
		b.WriteString(r.String())
		b.WriteByte(' ')
	}
	return b.String()
}

// contributors returns the authors of the commits that stand, one per
// e-mail (or name, without one), ordered by name.
func contributors(commits []release.Commit, cancelled []bool, cfg Config) []Contributor {
	index := map[string]int{}
	var out []Contributor
	for i := range commits {
		if cancelled != nil && cancelled[i] {
			continue
		}
		a := commits[i].Author
		if a.Name == "" && a.Email == "" {
			continue
		}
		k := strings.ToLower(a.Email)
		if k == "" {
			k = "name:" + a.Name
		}
		if j, ok := index[k]; ok {
			if j >= 0 { // -1: an excluded bot
				out[j].Commits++
			}
			continue
		}
		bot := isBot(a)
		if bot && cfg.ExcludeBots {
			index[k] = -1
			continue
		}
		index[k] = len(out)
		out = append(out, Contributor{Name: a.Name, Email: a.Email, Commits: 1, Bot: bot,
			FirstTime: cfg.Known != nil && !cfg.Known(a.Name, a.Email)})
	}
	sortContributors(out)
	return out
}

// isBot recognises GitHub Apps ("name[bot]") and the common dependency bots.
func isBot(p release.Person) bool {
	name, email := strings.ToLower(p.Name), strings.ToLower(p.Email)
	if strings.HasSuffix(name, "[bot]") || strings.Contains(email, "[bot]@") {
		return true
	}
	for _, b := range []string{"dependabot", "renovate", "greenkeeper", "snyk-bot", "github-actions"} {
		if strings.HasPrefix(name, b) || strings.HasPrefix(email, b) {
			return true
		}
	}
	return false
}

func sortContributors(cs []Contributor) {
	slices.SortFunc(cs, func(a, b Contributor) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Email, b.Email))
	})
}
