package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/releasekit/releasekit/internal/gitrun"
)

// authors are the people who write the shop, by first name.
var authors = map[string]string{
	"ada":   "ada@example.com",
	"bob":   "bob@example.com",
	"carol": "carol@example.com",
}

// step is one step of the repository's history: a commit by author that
// edits files, or, for a message "tag X", a tag of HEAD.
type step struct {
	author  string
	message string
	edits   []edit
}

// edit changes a file: it deletes its last deleted lines, then appends
// added new ones, so that git counts exactly these. A file left with no
// lines is removed.
type edit struct {
	path           string
	added, deleted int
}

// history is the repository the pipeline builds: a released v1.4.2, then
// the work since, by three people. The saved-card commit adds a database
// migration.
var history = []step{
	{"ada", "feat: first cut of the shop service", []edit{
		{"go.mod", 3, 0}, {"README.md", 12, 0}, {"cart/cart.go", 120, 0}, {"checkout/checkout.go", 80, 0},
	}},
	{"ada", "feat(cart): discount codes", []edit{{"cart/cart.go", 40, 5}, {"cart/discount.go", 35, 0}}},
	{"bob", "fix(cart): keep items when the session renews", []edit{{"cart/cart.go", 6, 2}, {"cart/session.go", 25, 0}}},
	{"ada", "feat(search): index the products", []edit{{"search/index.go", 60, 0}}},
	{message: "tag v1.4.2"},
	{"bob", "feat(checkout): pay with a saved card\n\nCards are stored by the payment provider; we keep a token.\n\nRefs: #41", []edit{
		{"checkout/checkout.go", 45, 10}, {"checkout/card.go", 70, 0}, {"migrations/0007_saved_cards.sql", 12, 0},
	}},
	{"carol", "fix(cart): round totals half-even", []edit{{"cart/cart.go", 3, 3}}},
	{"ada", "docs: describe the checkout flow", []edit{{"docs/checkout.md", 40, 0}}},
	{"carol", "feat(search): fuzzy product search", []edit{{"search/fuzzy.go", 150, 0}, {"search/index.go", 20, 4}}},
	{"ada", "Revert \"feat(search): fuzzy product search\"\n\nThis reverts commit {hash:feat(search): fuzzy product search}.\n\nThe index is too slow for production.", []edit{
		{"search/fuzzy.go", 0, 150}, {"search/index.go", 4, 20},
	}},
	{"bob", "chore(deps): update the payment SDK to v3\n\nThis PR contains the following updates:\n\n" +
		"| Package | Change |\n|---|---|\n| payment-sdk | 2.9.0 -> 3.0.0 |\n\n" +
		"<details>\n<summary>payment-sdk release notes</summary>\n\n" +
		"**BREAKING CHANGES**\n\n* dropped the v1 client\n\n**Features**\n\n* feat: new retry policy\n\n</details>\n\n" +
		"Signed-off-by: deps-bot <bot@example.com>", []edit{{"go.mod", 1, 1}, {"go.sum", 4, 0}}},
	{"ada", "Update README", []edit{{"README.md", 5, 1}}},
}

// build creates the repository of history in repo.Dir, with fixed dates so
// that its hashes are the same on every run: step i is dated 2026-01-(i+1).
func build(ctx context.Context, repo gitrun.Repo) error {
	if err := repo.Init(ctx); err != nil {
		return err
	}
	files := map[string][]string{} // path -> lines
	written := 0                   // lines written so far, to make each new line unique
	hashes := map[string]string{}  // header -> hash, for the revert
	for i, s := range history {
		if tag, ok := strings.CutPrefix(s.message, "tag "); ok {
			if _, err := repo.Run(ctx, "tag", tag); err != nil {
				return err
			}
			continue
		}
		for _, e := range s.edits {
			lines := files[e.path]
			lines = lines[:len(lines)-e.deleted]
			for range e.added {
				written++
				lines = append(lines, fmt.Sprintf("line %d of %s", written, e.path))
			}
			files[e.path] = lines
			if err := write(repo.Dir, e.path, lines); err != nil {
				return err
			}
		}
		if _, err := repo.Run(ctx, "add", "--all"); err != nil {
			return err
		}
		msg := s.message
		if before, rest, ok := strings.Cut(msg, "{hash:"); ok {
			header, after, _ := strings.Cut(rest, "}")
			msg = before + hashes[header] + after
		}
		date := fmt.Sprintf("2026-01-%02dT12:00:00Z", i+1)
		hash, err := repo.Commit(ctx, msg, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_AUTHOR_NAME="+s.author, "GIT_AUTHOR_EMAIL="+authors[s.author])
		if err != nil {
			return err
		}
		header, _, _ := strings.Cut(msg, "\n")
		hashes[header] = hash
	}
	return nil
}

// write writes a file of the repository in dir, or removes it when it has
// no lines.
func write(dir, path string, lines []string) error {
	name := filepath.Join(dir, filepath.FromSlash(path))
	if len(lines) == 0 {
		return os.Remove(name)
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
