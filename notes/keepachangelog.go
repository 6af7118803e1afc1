package notes

import "strings"

// renderKeepAChangelog writes one release in the layout of
// keepachangelog.com 1.1. Entries go to Added (feat), Fixed (fix), Removed
// (revert) or Changed (everything else shown); breaking changes open
// Changed, marked **Breaking:**. The compare link, when there is one, is a
// link reference definition after the release.
func renderKeepAChangelog(b *strings.Builder, n Notes) {
	version := markdownInline(n.Version)
	u := n.Links.compareURL(n.Previous, n.Version)
	// Keep a Changelog brackets every version; without a compare URL the
	// brackets read as text.
	b.WriteString("## [" + version + "]")
	if d := n.date(); d != "" {
		b.WriteString(" - " + d)
	}
	b.WriteString("\n")

	groups := map[string][]string{}
	for _, bc := range n.Breaking {
		groups["Changed"] = append(groups["Changed"], "**Breaking:** "+mdComponent(bc.Component)+mdScope(n, n.scopeOf(bc.Component, bc.Scope))+markdownBlock(bc.Note, "  "))
	}
	for _, s := range n.Sections {
		for _, e := range s.Entries {
			title := "Changed"
			switch e.Type {
			case "feat", "feature":
				title = "Added"
			case "fix":
				title = "Fixed"
			case "revert":
				title = "Removed"
			}
			var desc strings.Builder
			writeDescription(&desc, n.Links, e.Description)
			line := mdComponent(e.Component) + mdScope(n, n.scopeOf(e.Component, e.Scope)) + desc.String()
			for _, r := range e.Refs {
				line += " (" + mdLink(r.String(), n.Links.refURL(r)) + ")"
			}
			groups[title] = append(groups[title], line)
		}
	}
	for _, title := range []string{"Added", "Changed", "Removed", "Fixed"} {
		if len(groups[title]) == 0 {
			continue
		}
		b.WriteString("\n### " + title + "\n\n")
		for _, line := range groups[title] {
			b.WriteString("- " + line + "\n")
		}
	}
	if u != "" {
		b.WriteString("\n[" + version + "]: " + u + "\n")
	}
}
