package notes

import (
	"strings"
)

// renderText writes plain text for terminals and e-mails: no markup, and no
// control characters from commit text.
func renderText(b *strings.Builder, n Notes) {
	b.WriteString(plain(n.Version, false))
	if d := n.date(); d != "" {
		b.WriteString(" (" + d + ")")
	}
	b.WriteString("\n")
	scope := func(s string) string {
		if s == "" || n.HideScopes {
			return ""
		}
		return plain(s, false) + ": "
	}
	if len(n.Breaking) > 0 {
		b.WriteString("\nBREAKING CHANGES\n")
		for _, bc := range n.Breaking {
			note := strings.ReplaceAll(plain(bc.Note, true), "\n", "\n    ")
			comp := ""
			if bc.Component != "" {
				comp = plain(bc.Component, false) + ": "
			}
			b.WriteString("  * " + comp + scope(n.scopeOf(bc.Component, bc.Scope)) + note + "\n")
		}
	}
	for _, s := range n.Sections {
		b.WriteString("\n" + plain(s.Title, false) + "\n")
		for i, e := range s.Entries {
			heading, inline := n.group(s.Entries, i)
			if heading != "" {
				b.WriteString("  " + plain(heading, false) + ":\n")
			}
			indent, prefix := "  * ", ""
			if inline {
				prefix = scope(e.Scope)
			}
			if n.underHeading(e) {
				indent = "    * "
			}
			b.WriteString(indent + prefix + plain(e.Description, false))
			var refs []string
			for _, r := range e.Refs {
				refs = append(refs, r.String())
			}
			for _, h := range e.Hashes {
				refs = append(refs, short(h))
			}
			if len(refs) > 0 {
				b.WriteString(" (" + strings.Join(refs, ", ") + ")")
			}
			b.WriteString("\n")
			pad := strings.Repeat(" ", len(indent))
			for _, f := range e.Footers {
				value := strings.ReplaceAll(plain(f.Value, true), "\n", "\n"+pad+"  ")
				b.WriteString(pad + plain(f.Token, false) + ": " + value + "\n")
			}
		}
	}
	if len(n.Contributors) > 0 {
		b.WriteString("\nContributors\n")
		for _, c := range n.Contributors {
			b.WriteString("  * " + plain(c.Name, false))
			if c.FirstTime {
				b.WriteString(" (first contribution)")
			}
			b.WriteString("\n")
		}
	}
}
