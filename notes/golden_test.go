package notes

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// commit parses msg and sets a hash made from seed and an author.
func commit(seed int, author, msg string) release.Commit {
	c := release.ParseCommit(msg)
	c.Hash = hash(seed)
	if author != "" {
		c.Author = release.Person{Name: author, Email: author + "@example.com"}
	}
	return c
}

func withEmail(c release.Commit, email string) release.Commit {
	c.Author.Email = email
	return c
}

func hash(seed int) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 40)
	x := uint32(seed)*2654435761 + 12345
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = hex[(x>>16)&15]
	}
	return string(b)
}

// scenarios are the releases the golden files show.
func scenarios() map[string]struct {
	r   Release
	cfg Config
} {
	date := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	basic := []release.Commit{
		commit(1, "ada", "feat(checkout): pay with a saved card (#41)"),
		commit(2, "bob", "fix(cart): round totals half-even\n\nCloses #38\nFixes other-org/sdk#7"),
		commit(3, "ada", "perf: cache product lookups"),
		commit(4, "ada", "docs: describe the checkout flow"),
		commit(5, "cy", "feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2.\nThe v1 paths now answer 410.\n\nRefs: #12"),
		commit(6, "cy", "feat(search): fuzzy product search"),
		commit(7, "ada", "Revert \"feat(search): fuzzy product search\"\n\nThis reverts commit "+hash(6)+"."),
		commit(8, "bob", "Revert \"fix: old bug\"\n\nThis reverts commit 1111111111111111111111111111111111111111."),
		commit(9, "bob", "Merge pull request #44 from bob/cart"),
		commit(10, "bob", "fix(cart): round totals half-even\n\nCloses #38\nFixes other-org/sdk#7"), // a cherry-pick
		commit(11, "dependabot[bot]", "fix(deps): bump yaml to 3.0.1"),
		commit(12, "dee", "refactor!: rename the config keys"),
		commit(13, "bob", "fix: follow up on #99 and #100 in the cart"),
		withEmail(commit(14, "Fay Gee", "perf: faster search"), "1234+faygee@users.noreply.github.com"),
	}
	hostile := []release.Commit{
		commit(21, "<img src=x onerror=alert(1)>", "fix: <script>alert(1)</script>"),
		commit(22, "**bold** [x](javascript:alert(1))", "feat: [click](javascript:alert(1)) and ![img](http://x/y.png)"),
		commit(23, "eve", "fix(`code`): *stars* _under_ ~strike~ | pipe & amp"),
		commit(24, "eve", "feat: # not a heading\n\nBREAKING CHANGE: > not a quote\n# still not a heading\n- not a list\n1. not numbered\n<b>not bold</b>"),
		commit(25, "eve", "fix: terminal \x1b[31mred\x1b[0m and bidi \u202eevil\u202c"),
	}
	// The same history in a monorepo: each commit with the files it changed.
	files := map[int][]string{
		1: {"shop/checkout/pay.go"}, 2: {"shop/cart/total.go"}, 3: {"api/cache.go", "shop/cache.go"},
		5: {"api/v1.go"}, 6: {"shop/search.go"}, 7: {"shop/search.go"}, 10: {"shop/cart/total.go"},
		11: {"go.sum"}, 12: {"api/config.go", "web/<b>config</b>.js"}, 13: {"shop/cart/followup.go"}, 14: {"docs/search.md"},
	}
	var mono []release.Commit
	for i, c := range basic {
		for _, f := range files[i+1] {
			c.Files = append(c.Files, release.FileChange{Path: f, Added: 1})
		}
		mono = append(mono, c)
	}
	ws := release.Workspace{Components: []release.Component{
		{Name: "api", Paths: []string{"api"}}, {Name: "shop", Paths: []string{"shop"}},
		{Name: "web <b>&amp;</b> [x](javascript:y)", Paths: []string{"web"}},
	}}
	gh := GitHubLinks("acme", "shop")
	known := func(name, email string) bool { return name == "ada" || name == "bob" }
	return map[string]struct {
		r   Release
		cfg Config
	}{
		"basic":      {Release{Version: "1.5.0", Previous: "1.4.2", Date: date, Commits: basic}, Config{Links: gh, Contributors: true, Known: known}},
		"nolinks":    {Release{Version: "1.5.0", Commits: basic}, Config{Contributors: true, ExcludeBots: true}},
		"hostile":    {Release{Version: "2.0.0", Previous: "1.9.9", Date: date, Commits: hostile}, Config{Links: gh, Contributors: true}},
		"components": {Release{Version: "1.5.0", Previous: "1.4.2", Date: date, Commits: mono}, Config{Links: gh, Component: ws.Owners()}},
		"grouped":    {Release{Version: "1.5.0", Previous: "1.4.2", Date: date, Commits: basic}, Config{GroupByScope: true, Sort: SortInput, Footers: []string{"Closes", "Refs"}}},
	}
}

var formatExt = map[Format]string{Markdown: "md", KeepAChangelog: "kac.md", Text: "txt", JSON: "json", HTML: "html"}

func TestGolden(t *testing.T) {
	for name, sc := range scenarios() {
		n := Build(sc.r, sc.cfg)
		for f, ext := range formatExt {
			t.Run(name+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				require.NoError(t, Render(&buf, n, f))
				path := filepath.Join("testdata", "golden", name+"."+ext)
				if *update {
					require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test ./notes -update to create it")
				assert.Equal(t, string(want), buf.String())
				if f == HTML {
					assert.Equal(t, strings.Count(buf.String(), "<ul>"), strings.Count(buf.String(), "</ul>"), "lists are closed")
				}

				// Deterministic: building and rendering again gives the same bytes.
				var again bytes.Buffer
				require.NoError(t, Render(&again, Build(sc.r, sc.cfg), f))
				assert.Equal(t, buf.String(), again.String(), "byte-identical output")
			})
		}
	}
}
