package notes

import (
	"fmt"
	"html/template"
	"strings"
)

// htmlTemplate is parsed once; html/template escapes every value for its
// context (text, attribute, URL), so commit text cannot add markup and a
// "javascript:" URL cannot become a link.
var htmlTemplate = template.Must(template.New("notes").Funcs(template.FuncMap{
	"lines":   func(s string) []string { return strings.Split(plain(s, true), "\n") },
	"plain":   func(s string) string { return plain(s, false) },
	"short":   short,
	"date":    func(n Notes) string { return n.date() },
	"commit":  func(n Notes, h string) string { return n.Links.commitURL(h) },
	"ref":     func(n Notes, r Ref) string { return n.Links.refURL(r) },
	"compare": func(n Notes) string { return n.Links.compareURL(n.Previous, n.Version) },
	"author":  func(n Notes, c Contributor) string { return n.Links.authorURL(c) },
	"group": func(n Notes, entries []Entry, i int) struct {
		Heading string
		Inline  bool
	} {
		h, in := n.group(entries, i)
		return struct {
			Heading string
			Inline  bool
		}{h, in}
	},
	"breakingScope": func(n Notes, bc BreakingChange) string { return plain(n.scopeOf(bc.Component, bc.Scope), false) },
	"scope": func(n Notes, s string) string {
		if n.HideScopes {
			return ""
		}
		return plain(s, false)
	},
}).Parse(`{{$n := .}}<h2>{{with compare $n}}<a href="{{.}}">{{plain $n.Version}}</a>{{else}}{{plain $n.Version}}{{end}}{{with date $n}} ({{.}}){{end}}</h2>
{{- if $n.Breaking}}
<h3>` + BreakingTitle + `</h3>
<ul>
{{- range $n.Breaking}}
<li>{{with .Component}}<strong>{{plain .}}:</strong> {{end}}{{with breakingScope $n .}}<strong>{{.}}:</strong> {{end}}{{range $i, $l := lines .Note}}{{if $i}}<br>{{end}}{{$l}}{{end}}</li>
{{- end}}
</ul>
{{- end}}
{{- range $s := $n.Sections}}
<h3>{{plain .Title}}</h3>
{{- range $i, $e := .Entries}}
{{- $g := group $n $s.Entries $i}}
{{- if $g.Heading}}{{if $i}}
</ul>{{end}}
<h4>{{plain $g.Heading}}</h4>
<ul>{{else if not $i}}
<ul>{{end}}
<li>{{if $g.Inline}}<strong>{{plain .Scope}}:</strong> {{end}}{{plain .Description}}
{{- range .Refs}} ({{with ref $n .}}<a href="{{.}}">{{end}}{{.String}}{{if ref $n .}}</a>{{end}}){{end}}
{{- range .Hashes}} ({{with commit $n .}}<a href="{{.}}">{{end}}{{short .}}{{if commit $n .}}</a>{{end}}){{end}}
{{- with .Footers}}<ul>{{range .}}<li>{{plain .Token}}: {{range $j, $l := lines .Value}}{{if $j}}<br>{{end}}{{$l}}{{end}}</li>{{end}}</ul>{{end}}</li>
{{- end}}
</ul>
{{- end}}
{{- if $n.Contributors}}
<h3>Contributors</h3>
<ul>
{{- range $n.Contributors}}
<li>{{with author $n .}}<a href="{{.}}">{{end}}{{plain .Name}}{{if author $n .}}</a>{{end}}{{if .FirstTime}} (first contribution){{end}}</li>
{{- end}}
</ul>
{{- end}}
`))

func renderHTML(b *strings.Builder, n Notes) error {
	if err := htmlTemplate.Execute(b, n); err != nil {
		return fmt.Errorf("notes: html: %w", err)
	}
	return nil
}
