package notes

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/releasekit/releasekit/release"
)

// Release is what the notes are about: a version, the one before it, the
// release date and the commits between them, parsed by release.ParseCommit
// (with Hash and Author set by the host or release/git).
type Release struct {
	Version  string
	Previous string // empty for a first release
	Date     time.Time
	Commits  []release.Commit
}

// Notes are release notes, built by Build and written by Render. They are
// plain data: a host may change them before rendering.
type Notes struct {
	Version      string           `json:"version"`
	Previous     string           `json:"previous,omitempty"`
	Date         time.Time        `json:"date"`
	Breaking     []BreakingChange `json:"breaking,omitempty"`
	Sections     []Section        `json:"sections"`
	Contributors []Contributor    `json:"contributors,omitempty"`
	Links        Links            `json:"links,omitzero"`
	HideScopes   bool             `json:"-"`
	GroupByScope bool             `json:"-"`
	// GroupByComponent is set when the notes were built with
	// Config.Component: renderers group entries by Entry.Component.
	GroupByComponent bool `json:"-"`
}

// Section is a titled list of entries, such as "Features".
type Section struct {
	Title   string  `json:"title"`
	Entries []Entry `json:"entries"`
}

// Entry is one change in the notes. Commits that describe the same change
// (cherry-picks, a merge and its branch commit) make one entry with all
// their hashes.
type Entry struct {
	// Component is the monorepo component the entry belongs to, when the
	// notes were built with Config.Component; empty otherwise and for
	// changes of no component.
	Component   string           `json:"component,omitempty"`
	Type        string           `json:"type"`
	Scope       string           `json:"scope,omitempty"`
	Description string           `json:"description"`
	Breaking    bool             `json:"breaking,omitempty"`
	Hashes      []string         `json:"hashes"`
	Refs        []Ref            `json:"refs,omitempty"`
	Footers     []release.Footer `json:"footers,omitempty"`
}

// BreakingChange is one breaking change: the note of a BREAKING CHANGE
// footer (several lines kept), or the description of a commit marked with
// '!' that has no such footer.
type BreakingChange struct {
	Component string   `json:"component,omitempty"` // as Entry.Component
	Scope     string   `json:"scope,omitempty"`
	Note      string   `json:"note"`
	Refs      []Ref    `json:"refs,omitempty"` // the header's, when the note is its description
	Hashes    []string `json:"hashes"`
}

// Ref is a reference to an issue or pull request: "#12" (Owner and Repo
// empty: this repository) or "owner/repo#3". Keyword is the lower-cased
// word that introduced it in a footer ("closes", "fixes", "refs"), and
// empty for a reference in the header.
type Ref struct {
	Owner   string `json:"owner,omitempty"`
	Repo    string `json:"repo,omitempty"`
	Number  int    `json:"number"`
	Keyword string `json:"keyword,omitempty"`
}

// String returns "#12" or "owner/repo#12".
func (r Ref) String() string {
	n := itoa(r.Number)
	if r.Owner == "" {
		return "#" + n
	}
	return r.Owner + "/" + r.Repo + "#" + n
}

// Contributor is an author of the release's commits.
type Contributor struct {
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`
	Commits   int    `json:"commits"`
	Bot       bool   `json:"bot,omitempty"`
	FirstTime bool   `json:"first_time,omitempty"`
}

// Build groups a release's commits into notes under cfg. It does no I/O and
// is deterministic: the same input gives the same notes.
//
// Commits that are not conventional (merge commits among them) are left
// out, and so are the types cfg hides, except that every breaking change is
// listed under BreakingTitle whatever its type. A revert and the commit it
// reverts, both in the release, both disappear; a revert of an earlier
// release's commit is listed under Reverts. Commits with the same type,
// scope, description and references make one entry.
//
// Build costs time and memory linear in the number of commits.
func Build(r Release, cfg Config) Notes {
	n := Notes{Version: r.Version, Previous: r.Previous, Date: r.Date, Links: cfg.Links, HideScopes: cfg.HideScopes, GroupByScope: cfg.GroupByScope,
		GroupByComponent: cfg.Component != nil}
	secs := cfg.sections()
	sectionOf := make(map[string]int, 16) // type -> index in secs, -1 hidden
	for i, s := range secs {
		for _, t := range s.Types {
			if _, ok := sectionOf[t]; !ok {
				sectionOf[t] = i
				if s.Hidden {
					sectionOf[t] = -1
				}
			}
		}
	}
	n.Sections = make([]Section, len(secs))
	for i, s := range secs {
		n.Sections[i].Title = s.Title
	}
	// Size each section once: appending entries one by one to growing
	// slices costs more than this extra pass.
	counts := make([]int, len(secs))
	for i := range r.Commits {
		if si, ok := sectionOf[r.Commits[i].Type]; ok && si >= 0 {
			counts[si]++
		}
	}
	for i := range n.Sections {
		n.Sections[i].Entries = make([]Entry, 0, counts[i])
	}

	// Entries are found again by description: a map from a description to
	// the first entry with it, and a chain through the others (the same
	// description under another type, scope or references).
	type loc struct{ sec, idx, next int32 }
	var locs []loc
	// Commits of shown types: the entries there can be, before
	// duplicates merge, and the size of the chunks that hold the entries'
	// references and hashes.
	visible := 0
	for _, c := range counts {
		visible += c
	}
	visible = max(visible, 16)
	byDesc := make(map[string]int32, visible)
	var (
		scratch []Ref    // the references of the commit at hand
		arena   []Ref    // the entries' references, sliced out of one array
		hashes  []string // the entries' first hashes, likewise
	)
	breakingSeen := make(map[string]int)
	cancelled := release.Cancelled(r.Commits)

	var addTo func(c *release.Commit, hash, comp, typ, desc string, refs []Ref)
	add := func(c *release.Commit, hash string) {
		typ, desc := c.Type, c.Description
		if !c.Conventional {
			_, reverted, ok := c.Reverts()
			if !ok {
				return
			}
			typ, desc = "revert", reverted
		} else if typ == "revert" {
			if _, reverted, ok := c.Reverts(); ok {
				desc = reverted
			}
		}
		desc, refs := splitRefs(desc, scratch[:0])
		refs = footerRefs(c, refs)
		scratch = refs
		comps := noComponent
		if cfg.Component != nil {
			if cs := cfg.Component(c); len(cs) > 0 {
				comps = cs
			}
		}
		for _, comp := range comps {
			addTo(c, hash, comp, typ, desc, refs)
		}
	}
	addTo = func(c *release.Commit, hash, comp, typ, desc string, refs []Ref) {
		if c.Breaking {
			notes, fromHeader := breakingNotes(c, desc)
			for _, note := range notes {
				bk := comp + "\x00" + c.Scope + "\x00" + note
				if i, ok := breakingSeen[bk]; ok {
					n.Breaking[i].Hashes = appendUnique(n.Breaking[i].Hashes, hash)
					continue
				}
				breakingSeen[bk] = len(n.Breaking)
				bc := BreakingChange{Component: comp, Scope: c.Scope, Note: note, Hashes: []string{hash}}
				if fromHeader {
					bc.Refs = slices.Clone(refs)
				}
				n.Breaking = append(n.Breaking, bc)
			}
		}
		si, ok := sectionOf[typ]
		if !ok || si < 0 {
			return
		}
		head, seen := byDesc[desc]
		for id := head; seen && id >= 0; id = locs[id].next {
			e := &n.Sections[locs[id].sec].Entries[locs[id].idx]
			if e.Type == typ && e.Scope == c.Scope && e.Component == comp && sameRefs(e.Refs, refs) {
				e.Hashes = appendUnique(e.Hashes, hash)
				e.Breaking = e.Breaking || c.Breaking
				return
			}
		}
		if !seen {
			head = -1
		}
		byDesc[desc] = int32(len(locs))
		locs = append(locs, loc{sec: int32(si), idx: int32(len(n.Sections[si].Entries)), next: head})
		e := Entry{Component: comp, Type: typ, Scope: c.Scope, Description: desc, Breaking: c.Breaking}
		if len(refs) > 0 {
			if cap(arena)-len(arena) < len(refs) {
				arena = make([]Ref, 0, max(len(refs), visible))
			}
			arena = append(arena, refs...)
			e.Refs = arena[len(arena)-len(refs) : len(arena) : len(arena)]
		}
		if hash != "" {
			if cap(hashes) == len(hashes) {
				hashes = make([]string, 0, visible)
			}
			hashes = append(hashes, hash)
			// Capacity 1: a second hash copies instead of overwriting
			// the next entry's.
			e.Hashes = hashes[len(hashes)-1 : len(hashes) : len(hashes)]
		}
		for _, f := range c.Footers {
			if cfg.showFooter(f.Token) {
				e.Footers = append(e.Footers, f)
			}
		}
		n.Sections[si].Entries = append(n.Sections[si].Entries, e)
	}

	for i := range r.Commits {
		if cancelled != nil && cancelled[i] {
			continue
		}
		c := &r.Commits[i]
		add(c, c.Hash)
		if cfg.Nested {
			for _, nested := range nestedCommits(c.Body) {
				add(&nested, c.Hash)
			}
		}
	}

	// Drop empty sections, then sort.
	n.Sections = slices.DeleteFunc(n.Sections, func(s Section) bool { return len(s.Entries) == 0 })
	if cfg.Sort == SortInput && cfg.Component != nil {
		for i := range n.Sections {
			slices.SortStableFunc(n.Sections[i].Entries, func(a, b Entry) int { return cmp.Compare(a.Component, b.Component) })
		}
	} else if cfg.Sort == SortInput && cfg.GroupByScope {
		for i := range n.Sections {
			slices.SortStableFunc(n.Sections[i].Entries, func(a, b Entry) int { return cmp.Compare(a.Scope, b.Scope) })
		}
	}
	if cfg.Component != nil {
		slices.SortStableFunc(n.Breaking, func(a, b BreakingChange) int { return cmp.Compare(a.Component, b.Component) })
	}
	if cfg.Sort == SortScope {
		for i := range n.Sections {
			slices.SortFunc(n.Sections[i].Entries, compareEntries)
		}
		slices.SortStableFunc(n.Breaking, func(a, b BreakingChange) int {
			return cmp.Or(cmp.Compare(a.Component, b.Component), cmp.Compare(a.Scope, b.Scope))
		})
	}
	if cfg.Contributors {
		n.Contributors = contributors(r.Commits, cancelled, cfg)
	}
	return n
}

// noComponent is the components of a commit when the notes have none.
var noComponent = []string{""}

// Entries returns every entry of the notes, section by section; the
// iterator may be used more than once.
func (n Notes) Entries() func(yield func(Section, Entry) bool) {
	return func(yield func(Section, Entry) bool) {
		for _, s := range n.Sections {
			for _, e := range s.Entries {
				if !yield(s, e) {
					return
				}
			}
		}
	}
}

// breakingNotes returns the notes of c's BREAKING CHANGE footers, or, with
// fromHeader set, its description (desc, without trailing references) when
// it is marked breaking by '!' alone.
func breakingNotes(c *release.Commit, desc string) (notes []string, fromHeader bool) {
	for _, f := range c.Footers {
		if (f.Token == "BREAKING CHANGE" || f.Token == "BREAKING-CHANGE") && strings.TrimSpace(f.Value) != "" {
			notes = append(notes, f.Value)
		}
	}
	if len(notes) == 0 {
		return []string{desc}, true
	}
	return notes, false
}

// nestedCommits parses the BEGIN_NESTED_COMMIT ... END_NESTED_COMMIT blocks
// of a body into commits.
func nestedCommits(body string) []release.Commit {
	const begin, end = "BEGIN_NESTED_COMMIT", "END_NESTED_COMMIT"
	var out []release.Commit
	for {
		i := strings.Index(body, begin)
		if i < 0 {
			return out
		}
		body = body[i+len(begin):]
		j := strings.Index(body, end)
		if j < 0 {
			return out
		}
		if c := release.ParseCommit(strings.TrimSpace(body[:j])); c.Conventional {
			out = append(out, c)
		}
		body = body[j+len(end):]
	}
}

func appendUnique(s []string, v string) []string {
	if v == "" || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// compareEntries is a total order on entries (those with equal scope and
// description differ in references, hashes or type), so the sorted result
// does not depend on the sort algorithm.
func compareEntries(a, b Entry) int {
	if c := cmp.Compare(a.Component, b.Component); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Scope, b.Scope); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Description, b.Description); c != 0 {
		return c
	}
	if c := cmp.Compare(refsKey(a.Refs), refsKey(b.Refs)); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(firstHash(a), firstHash(b)), cmp.Compare(a.Type, b.Type))
}

func firstHash(e Entry) string {
	if len(e.Hashes) == 0 {
		return ""
	}
	return e.Hashes[0]
}
