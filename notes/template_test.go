package notes

import (
	"bytes"
	"errors"
	"testing"
	"text/template"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderTemplate(t *testing.T) {
	n := Build(Release{Version: "1.2.0", Previous: "1.1.0", Commits: []release.Commit{
		commit(1, "", "feat: {{.Version}} and <b>*stars*</b> (#7)"),
	}}, Config{Links: GitHubLinks("acme", "shop")})
	tmpl := template.Must(template.New("slack").Funcs(TemplateFuncs()).Parse(
		`{{$n := .}}*{{.Version}}* <{{compareURL .}}>` +
			`{{range .Sections}}{{range .Entries}}|{{markdown .Description}}|{{plain .Description}}|{{short (index .Hashes 0)}}|{{commitURL $n (index .Hashes 0)}}|{{range .Refs}}{{refURL $n .}}{{end}}{{end}}{{end}}`))
	var out bytes.Buffer
	require.NoError(t, RenderTemplate(&out, n, tmpl))
	assert.Equal(t, "*1.2.0* <https://github.com/acme/shop/compare/v1.1.0...v1.2.0>"+
		`|{{.Version}} and \<b\>\*stars\*\</b\>|{{.Version}} and <b>*stars*</b>|`+short(hash(1))+
		"|https://github.com/acme/shop/commit/"+hash(1)+"|https://github.com/acme/shop/issues/7",
		out.String(), "commit text is data: {{.Version}} in a title is not executed")

	bad := template.Must(template.New("bad").Parse(`{{.Nope}}`))
	out.Reset()
	err := RenderTemplate(&out, n, bad)
	assert.ErrorContains(t, err, "notes: template bad")
	assert.Zero(t, out.Len(), "nothing written on an error")
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderReturnsWriteError(t *testing.T) {
	assert.ErrorContains(t, Render(failWriter{}, Notes{Version: "1.0.0"}, Markdown), "disk full")
}
