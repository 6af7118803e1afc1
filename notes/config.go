package notes

import (
	"strings"

	"github.com/releasekit/releasekit/release"
)

// SectionConfig maps commit types to a section of the notes.
type SectionConfig struct {
	Title  string   `json:"title"`
	Types  []string `json:"types"`
	Hidden bool     `json:"hidden,omitempty"` // the types are known but left out of the notes
}

// DefaultSections returns the sections of the zero Config, in order: the
// conventional ones, with the other common types hidden. Each call returns
// a new slice, which the caller may change.
func DefaultSections() []SectionConfig {
	return []SectionConfig{
		{Title: "Features", Types: []string{"feat", "feature"}},
		{Title: "Bug Fixes", Types: []string{"fix"}},
		{Title: "Performance Improvements", Types: []string{"perf"}},
		{Title: "Reverts", Types: []string{"revert"}},
		{Title: "Documentation", Types: []string{"docs"}, Hidden: true},
		{Title: "Miscellaneous Chores", Types: []string{"chore", "build", "ci", "style", "test", "refactor"}, Hidden: true},
	}
}

// BreakingTitle is the title of the breaking-changes section.
const BreakingTitle = "⚠ BREAKING CHANGES"

// Sort is the order of entries within a section.
type Sort int

const (
	// SortScope orders entries by scope (entries without one first), then
	// by description; the zero value.
	SortScope Sort = iota
	// SortInput keeps the order of Release.Commits.
	SortInput
)

// Links are URL templates. Placeholders: {hash} and {short} (commit),
// {owner}, {repo} and {number} (issue or pull request), {previous} and
// {version} (compare), {name}, {email} and {login} (author; {login} is
// known only from a GitHub no-reply address, and a template that needs an
// unknown value makes no link). An empty template means no link. Values
// are URL-path-escaped before they are substituted.
type Links struct {
	Commit  string `json:"commit,omitempty"`
	Issue   string `json:"issue,omitempty"`
	Compare string `json:"compare,omitempty"`
	Author  string `json:"author,omitempty"`
	// Owner and Repo are the repository's own, for "#12" references.
	Owner string `json:"owner,omitempty"`
	Repo  string `json:"repo,omitempty"`
}

// GitHubLinks returns the Links of a GitHub repository, with tags written
// as "v{version}".
func GitHubLinks(owner, repo string) Links {
	return Links{
		Commit:  "https://github.com/{owner}/{repo}/commit/{hash}",
		Issue:   "https://github.com/{owner}/{repo}/issues/{number}",
		Compare: "https://github.com/{owner}/{repo}/compare/v{previous}...v{version}",
		Author:  "https://github.com/{login}",
		Owner:   owner,
		Repo:    repo,
	}
}

// Config says how Build groups and presents commits.
//
// The zero value gives the conventional notes: "⚠ BREAKING CHANGES" first,
// then Features (feat), Bug Fixes (fix), Performance Improvements (perf)
// and Reverts (revert); other types hidden; scopes shown; entries sorted by
// scope; no links; no contributors.
type Config struct {
	// Sections replaces DefaultSections() when not nil. A type in no section
	// is hidden.
	Sections []SectionConfig

	// HideScopes leaves scopes out of entries.
	HideScopes bool

	// GroupByScope groups each section's entries under a sub-heading per
	// scope (entries without a scope first, without a heading), in place
	// of the scope before each entry, in Markdown, Text and HTML
	// (KeepAChangelog keeps its own categories and the scope before each
	// entry). Entries are then ordered by scope whatever Sort says; within
	// a scope, Sort applies.
	GroupByScope bool

	// Sort orders the entries of each section.
	Sort Sort

	// Component, when not nil, names the monorepo components a commit
	// belongs to, and the notes group each section's entries under a
	// sub-heading per component, sorted by name (entries of no component
	// first, without a heading), with the scope shown before each entry;
	// this replaces GroupByScope. A commit of several components makes an
	// entry under each. A host usually passes its release.Workspace's
	// Owners(). In KeepAChangelog, which keeps its own categories, the
	// component comes before each entry.
	Component func(c *release.Commit) []string

	// Links turns hashes, references and the version heading into links.
	Links Links

	// Footers names the footer tokens (case-insensitive) to keep on
	// entries, such as "Reviewed-by".
	Footers []string

	// Nested reads release-please's nested commits: a squashed commit's
	// body may hold extra conventional headers between BEGIN_NESTED_COMMIT
	// and END_NESTED_COMMIT lines, each of which becomes an entry.
	Nested bool

	// Contributors lists the commits' authors in the notes.
	Contributors bool

	// ExcludeBots leaves bots (names ending in "[bot]", and the usual
	// dependency bots) out of the contributors.
	ExcludeBots bool

	// Known reports whether a person contributed before this release;
	// those who did not are marked as first-time contributors. Nil marks
	// nobody.
	Known func(name, email string) bool
}

func (c *Config) sections() []SectionConfig {
	if c.Sections != nil {
		return c.Sections
	}
	return defaultSections
}

var defaultSections = DefaultSections()

func (c *Config) showFooter(token string) bool {
	for _, t := range c.Footers {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}
