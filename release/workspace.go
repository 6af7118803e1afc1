package release

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/internal/text"
)

// Workspace is a repository of several independently versioned components
// (a monorepo), and the rules that tie their versions together.
//
// The zero value has no components and plans nothing.
type Workspace struct {
	// Components are the workspace's components. Names are unique.
	Components []Component

	// Policy decides the bump of each component from its own commits,
	// unless the component has a Policy of its own.
	Policy Policy

	// Linked groups components that, when they release, release together
	// on one version, as changesets' "linked" packages do: the members that
	// release take the greatest bump among them, and all land on the
	// greatest version that bump gives any of them. Members with nothing
	// to release stay where they are.
	Linked [][]string

	// Fixed groups components that always share one version, as
	// release-please's linked-versions and changesets' "fixed" packages
	// do: when any member releases, every member releases, with the
	// greatest bump among them, on the greatest version it gives any of
	// them.
	Fixed [][]string

	// DependentBump is the least bump a component gets when a component it
	// depends on (directly or through others) releases. Zero means Patch.
	DependentBump Bump

	// NoPropagation turns the releases of dependents off: a component
	// releases only for its own commits and its groups.
	NoPropagation bool

	// Date is the release date, which the next version of a CalVer
	// component is made from, in the date's own location. Plan returns an
	// error for a releasing CalVer component when it is zero.
	Date time.Time
}

// TagRef is a tag and the hash of the commit it points to (release/git's
// Tag has both).
type TagRef struct {
	Name   string `json:"name"`
	Commit string `json:"commit"`
}

// ComponentPlan is one component's part of a WorkspacePlan.
type ComponentPlan struct {
	// Component is the component's name.
	Component string

	// Tag is the component's latest tag, empty for a component never
	// released; Proposal.Current is its version (nil for CalVer).
	Tag string

	// Current and Version are the current and the next version as
	// written in tags, SemVer or CalVer; empty for none. (Proposal.Current
	// and Proposal.Version hold the same for SemVer components, and are
	// nil for CalVer ones.)
	Current, Version string

	// Proposal is the result for the component. Its Bump and Version
	// include what groups and dependencies added; OwnBump is the bump of
	// the component's own commits, and Proposal.Causes are those commits.
	Proposal Proposal
	OwnBump  Bump

	// NextTag is the tag of Proposal.Version, empty when nothing is
	// released.
	NextTag string

	// Commits are the commits attributed to the component since its tag,
	// newest first: the input of its Proposal and of its release notes.
	Commits []Commit

	// Reasons says why the component releases, for people: first the rule
	// its own commits met, then "linked with web (minor)", "fixed group
	// with api, web", "depends on api, released 2.0.0".
	Reasons []string

	// Err is the component's problem, if any: a Go module path that does
	// not fit the proposed version (ErrModulePath), or its policy's error.
	Err error
}

// Releases reports whether the component has a new version.
func (c ComponentPlan) Releases() bool { return c.Proposal.Bump != None }

// WorkspacePlan is the next version of every component of a Workspace,
// in dependency order (a component after those it depends on; otherwise
// by name).
type WorkspacePlan struct {
	Components []ComponentPlan
}

// Get returns the plan of the named component.
func (wp WorkspacePlan) Get(name string) (ComponentPlan, bool) {
	for _, c := range wp.Components {
		if c.Component == name {
			return c, true
		}
	}
	return ComponentPlan{}, false
}

// String describes the plan for people, one block per component:
//
//	api 1.4.0 -> 2.0.0 (major), tag api/v2.0.0
//	  breaking change
//	  a1b2c3d feat(api)!: new client
//	web 0.3.1 -> 0.3.2 (patch), tag web/v0.3.2
//	  depends on api, released 2.0.0
//	docs: nothing to release
//
// The JSON form is the stable one.
func (wp WorkspacePlan) String() string {
	var b strings.Builder
	for _, c := range wp.Components {
		if !c.Releases() {
			fmt.Fprintf(&b, "%s: nothing to release", c.Component)
			if c.Err != nil {
				fmt.Fprintf(&b, " (error: %v)", c.Err)
			}
			b.WriteByte('\n')
			continue
		}
		cur := c.Current
		if cur == "" {
			cur = "none"
		}
		fmt.Fprintf(&b, "%s %s -> %s (%s), tag %s\n", c.Component, cur, c.Version, c.Proposal.Bump, c.NextTag)
		for _, r := range c.Reasons {
			fmt.Fprintf(&b, "  %s\n", r)
		}
		for _, cause := range c.Proposal.Causes {
			fmt.Fprintf(&b, "  %s %s\n", shortHash(cause.Hash), text.Printable(cause.Header))
		}
		if c.Err != nil {
			fmt.Fprintf(&b, "  error: %v\n", c.Err)
		}
	}
	return b.String()
}

// MarshalJSON writes the plan as {"components":[{"name":"api",
// "currentTag":"api/v1.4.0","current":"1.4.0","next":"2.0.0",
// "nextTag":"api/v2.0.0","bump":"major","ownBump":"major","releases":true,
// "reasons":[...],"causes":["<hash>"],"commits":3,"error":"..."}]}.
// Versions are strings; absent values are omitted.
func (wp WorkspacePlan) MarshalJSON() ([]byte, error) {
	type comp struct {
		Name       string   `json:"name"`
		CurrentTag string   `json:"currentTag,omitempty"`
		Current    string   `json:"current,omitempty"`
		Next       string   `json:"next,omitempty"`
		NextTag    string   `json:"nextTag,omitempty"`
		Bump       Bump     `json:"bump"`
		OwnBump    Bump     `json:"ownBump"`
		Releases   bool     `json:"releases"`
		Reasons    []string `json:"reasons,omitempty"`
		Causes     []string `json:"causes,omitempty"`
		Commits    int      `json:"commits"`
		Error      string   `json:"error,omitempty"`
	}
	out := struct {
		Components []comp `json:"components"`
	}{Components: make([]comp, 0, len(wp.Components))}
	for _, c := range wp.Components {
		jc := comp{Name: c.Component, CurrentTag: c.Tag, Current: c.Current, Next: c.Version, NextTag: c.NextTag,
			Bump: c.Proposal.Bump, OwnBump: c.OwnBump, Releases: c.Releases(), Reasons: c.Reasons, Commits: len(c.Commits)}
		for _, cause := range c.Proposal.Causes {
			jc.Causes = append(jc.Causes, cause.Hash)
		}
		if c.Err != nil {
			jc.Error = c.Err.Error()
		}
		out.Components = append(out.Components, jc)
	}
	return json.Marshal(out)
}

// LogValue logs the plan as one group per releasing component.
func (wp WorkspacePlan) LogValue() slog.Value {
	var attrs []slog.Attr
	for _, c := range wp.Components {
		if c.Releases() {
			attrs = append(attrs, slog.Group(c.Component, slog.String("next", c.Version),
				slog.String("bump", c.Proposal.Bump.String()), slog.String("reason", strings.Join(c.Reasons, "; "))))
		}
	}
	return slog.GroupValue(attrs...)
}

// Validate reports every problem of the workspace's configuration at once
// (joined with errors.Join): each wraps ErrInvalidWorkspace, except a
// dependency cycle, which is a *CycleError wrapping ErrCycle.
func (w Workspace) Validate() error {
	_, err := w.index()
	return err
}

// workspaceIndex is a validated workspace: components by name, their
// dependency order and their resolved tag formats.
type workspaceIndex struct {
	byName  map[string]int
	order   []int // dependency order
	formats []TagFormat
	group   []int // index into groups, -1 for none
	groups  []wsGroup
}

type wsGroup struct {
	fixed   bool
	members []int
}

func (w Workspace) index() (*workspaceIndex, error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("release: workspace: "+format+": %w", append(args, ErrInvalidWorkspace)...))
	}
	ix := &workspaceIndex{byName: make(map[string]int, len(w.Components))}
	for i, c := range w.Components {
		switch {
		case c.Name == "":
			bad("component %d has no name", i+1)
			continue
		case c.Name != strings.TrimSpace(c.Name) || strings.ContainsAny(c.Name, "\x00\n\r\t"):
			bad("component name %q has spaces or control characters around or in it", c.Name)
		}
		if _, dup := ix.byName[c.Name]; dup {
			bad("two components named %q", c.Name)
			continue
		}
		ix.byName[c.Name] = i
	}
	ix.formats = make([]TagFormat, len(w.Components))
	seenFormat := map[TagFormat]string{}
	for i, c := range w.Components {
		if len(c.Paths) == 0 {
			bad("component %q has no paths", c.Name)
		}
		for _, p := range c.Paths {
			if _, err := cleanPath(p); err != nil {
				bad("component %q: path %q: %v", c.Name, p, err)
			}
		}
		if c.CalVer != "" {
			if err := c.CalVer.Validate(); err != nil {
				bad("component %q: %v", c.Name, err)
			}
			if c.Module != "" {
				bad("component %q: a Go module is versioned by SemVer, not CalVer", c.Name)
			}
		}
		f := c.Tags()
		ix.formats[i] = f
		if err := f.Validate(); err != nil {
			bad("component %q: %v", c.Name, err)
		} else if other, dup := seenFormat[f]; dup && !w.Components[ix.byName[other]].majorsDiffer(c) {
			bad("components %q and %q have the same tag format %s", other, c.Name, f)
		} else if !dup {
			seenFormat[f] = c.Name
		}
		for _, d := range c.DependsOn {
			if _, ok := ix.byName[d]; !ok {
				bad("component %q depends on %q, which is not a component", c.Name, d)
			}
		}
	}
	// Two formats such as "{component}-v{version}" for "a" and "a-b" can
	// read each other's tags: "a-b-v1.0.0" is "a" at version "b-v1.0.0"?
	// No: a version starts with a digit, so only a format that ends where
	// another's prefix continues with a digit is ambiguous.
	for i := range ix.formats {
		for j := range ix.formats {
			if i != j && ix.formats[i] != ix.formats[j] && ambiguous(ix.formats[i], ix.formats[j]) {
				bad("the tags of %q and %q cannot be told apart (%s, %s)", w.Components[i].Name, w.Components[j].Name, ix.formats[i], ix.formats[j])
			}
		}
	}

	ix.group = make([]int, len(w.Components))
	for i := range ix.group {
		ix.group[i] = -1
	}
	addGroups := func(groups [][]string, fixed bool) {
		kind := "linked"
		if fixed {
			kind = "fixed"
		}
		for _, g := range groups {
			grp := wsGroup{fixed: fixed}
			for _, name := range g {
				i, ok := ix.byName[name]
				switch {
				case !ok:
					bad("%s group %v names %q, which is not a component", kind, g, name)
				case ix.group[i] >= 0:
					bad("component %q is in more than one group", name)
				default:
					ix.group[i] = len(ix.groups)
					grp.members = append(grp.members, i)
				}
			}
			for _, i := range grp.members[min(1, len(grp.members)):] {
				if (w.Components[i].CalVer == "") != (w.Components[grp.members[0]].CalVer == "") {
					bad("%s group %v mixes CalVer and SemVer components", kind, g)
					break
				}
			}
			ix.groups = append(ix.groups, grp)
		}
	}
	addGroups(w.Fixed, true)
	addGroups(w.Linked, false)

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	order, err := w.dependencyOrder(ix.byName)
	if err != nil {
		return nil, err
	}
	ix.order = order
	return ix, nil
}

// ambiguous reports whether a tag under a could also parse under b: b's
// prefix extends a's prefix (or equals it) with text that a version could
// start with, and the suffixes allow it.
func ambiguous(a, b TagFormat) bool {
	ap, as, _ := strings.Cut(string(a), versionPlaceholder)
	bp, bs, _ := strings.Cut(string(b), versionPlaceholder)
	if ap == bp {
		return as != bs && (strings.HasSuffix(as, bs) || strings.HasSuffix(bs, as))
	}
	if !strings.HasPrefix(bp, ap) {
		return false
	}
	// a's version would have to start with the rest of b's prefix, and a
	// version starts with a digit.
	rest := bp[len(ap):]
	return rest[0] >= '0' && rest[0] <= '9'
}

// cleanPath returns p as a clean slash-separated path relative to the
// repository root, "." for the root.
func cleanPath(p string) (string, error) {
	switch {
	case p == "":
		return "", errors.New("empty (use \".\" for the whole repository)")
	case strings.Contains(p, "\\"):
		return "", errors.New("backslash: paths are slash-separated")
	case strings.HasPrefix(p, "/"):
		return "", errors.New("absolute: paths are relative to the repository root")
	}
	c := path.Clean(p)
	if c == ".." || strings.HasPrefix(c, "../") {
		return "", errors.New("outside the repository")
	}
	return c, nil
}

// dependencyOrder returns the components in an order where each comes
// after those it depends on, ties broken by name, or a *CycleError.
func (w Workspace) dependencyOrder(byName map[string]int) ([]int, error) {
	n := len(w.Components)
	names := make([]int, n)
	for i := range names {
		names[i] = i
	}
	slices.SortFunc(names, func(a, b int) int { return strings.Compare(w.Components[a].Name, w.Components[b].Name) })
	const (
		unseen = iota
		active
		done
	)
	state := make([]int, n)
	var order, stack []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case done:
			return nil
		case active:
			start := slices.Index(stack, i)
			path := make([]string, 0, len(stack)-start+1)
			for _, j := range stack[start:] {
				path = append(path, w.Components[j].Name)
			}
			return &CycleError{Path: append(path, w.Components[i].Name)}
		}
		state[i] = active
		stack = append(stack, i)
		deps := slices.Clone(w.Components[i].DependsOn)
		slices.Sort(deps)
		for _, d := range deps {
			if err := visit(byName[d]); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
		order = append(order, i)
		return nil
	}
	for _, i := range names {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Owners returns a function that names the components a commit belongs
// to: those whose paths hold one of its files' paths or old paths (a
// rename out of a component counts for it), each file going to the
// component with the longest matching path. A commit with no files (an
// empty commit, a merge) belongs to the component whose path is ".", if
// there is one. Names come in the workspace's order.
//
// The table is built once, in time linear in the number of paths; each
// call costs one map lookup per directory level of each file.
func (w Workspace) Owners() func(c *Commit) []string {
	m := w.matcher()
	return func(c *Commit) []string {
		var out []string
		for _, i := range m.owners(c, nil) {
			out = append(out, w.Components[i].Name)
		}
		return out
	}
}

type pathMatcher struct {
	dirs map[string]int // clean path -> component index
	root int            // the "." component, or -1
}

func (w Workspace) matcher() *pathMatcher {
	m := &pathMatcher{dirs: make(map[string]int), root: -1}
	for i, c := range w.Components {
		for _, p := range c.Paths {
			cp, err := cleanPath(p)
			if err != nil {
				continue
			}
			if cp == "." {
				m.root = i
				continue
			}
			if _, taken := m.dirs[cp]; !taken {
				m.dirs[cp] = i
			}
		}
	}
	return m
}

// owner returns the component of one file path, or -1.
func (m *pathMatcher) owner(p string) int {
	for p != "" && p != "." {
		if i, ok := m.dirs[p]; ok {
			return i
		}
		slash := strings.LastIndexByte(p, '/')
		if slash < 0 {
			break
		}
		p = p[:slash]
	}
	return m.root
}

// owners appends to buf the distinct components of c's files, sorted.
func (m *pathMatcher) owners(c *Commit, buf []int) []int {
	buf = buf[:0]
	add := func(i int) {
		if i >= 0 && !slices.Contains(buf, i) {
			buf = append(buf, i)
		}
	}
	for _, f := range c.Files {
		add(m.owner(f.Path))
		if f.OldPath != "" {
			add(m.owner(f.OldPath))
		}
	}
	if len(c.Files) == 0 {
		add(m.root)
	}
	slices.Sort(buf)
	return buf
}

// Plan computes the next version of every component from the repository's
// state: its tags (those reachable from the commit being released) and
// its commits, newest first, with their Parents and Files as release/git
// reads them, reaching back at least to the oldest component tag's commit
// (all history when a component was never released).
//
// For each component, the current version is the latest of its tags (see
// TagFormat.Latest; the channel is its policy's Prerelease), and its
// commits are those that belong to it (see Owners) and are not reachable
// from its tag's commit through Parents, so a branch merged after the
// release counts and one released before does not. When no commit has
// Parents the list is taken as linear. A component without a tag takes
// all its commits and its policy's Initial version. Its policy's Next
// gives its own bump; then fixed groups, linked groups and dependency
// propagation raise bumps until nothing changes, and the versions follow
// from the final bumps.
//
// Plan returns an error wrapping ErrInvalidWorkspace or ErrCycle for a
// configuration problem (see Validate) and no plan. Problems of single
// components (a Go module whose path does not fit its new major version,
// an invalid Release-As) are set in their ComponentPlan.Err and also
// returned, joined, with the whole plan.
//
// Plan costs one pass over the commits to attribute them, one walk of the
// commit graph per distinct tag commit, and Policy.Next per component.
func (w Workspace) Plan(tags []TagRef, commits []Commit) (WorkspacePlan, error) {
	ix, err := w.index()
	if err != nil {
		return WorkspacePlan{}, err
	}
	n := len(w.Components)
	m := w.matcher()

	// Which components each commit belongs to.
	owned := make([][]int, n)
	var buf []int
	for ci := range commits {
		buf = m.owners(&commits[ci], buf)
		for _, i := range buf {
			owned[i] = append(owned[i], ci)
		}
	}

	names := make([]string, len(tags))
	byName := make(map[string]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
		byName[t.Name] = t.Commit
	}
	g := newCommitGraph(commits)

	plans := make([]ComponentPlan, n)
	calCurrent := make([]*CalVersion, n)
	policies := make([]*Policy, n)
	eff := make([]Bump, n)
	var errs []error
	for i, c := range w.Components {
		p := &w.Policy
		if c.Policy != nil {
			p = c.Policy
		}
		policies[i] = p
		cp := ComponentPlan{Component: c.Name}
		var current *semver.Version
		var since []bool // reachable from the tag: released already
		if name, sem, cal, ok := latestTag(&c, p, ix.formats[i], names); ok {
			cp.Tag, current, calCurrent[i] = name, sem, cal
			if cal != nil {
				cp.Current = cal.String()
			} else {
				cp.Current = sem.String()
			}
			since = g.reachable(byName[name])
		}
		cp.Commits = make([]Commit, 0, len(owned[i]))
		for _, ci := range owned[i] {
			if since == nil || !since[ci] {
				cp.Commits = append(cp.Commits, commits[ci])
			}
		}
		from := current
		if c.CalVer != "" {
			// The bump of the commits picks a CalVer counter; the SemVer
			// rules for 0.x and first releases do not apply.
			from = semver.New(1, 0, 0, "", "")
		}
		pr, err := p.Next(from, cp.Commits)
		if c.CalVer != "" {
			pr.Current, pr.Version = nil, nil
		}
		if err != nil {
			cp.Err = err
			errs = append(errs, fmt.Errorf("release: component %q: %w", c.Name, err))
			pr = Proposal{Current: current, Version: current, Reason: "error"}
		}
		cp.Proposal, cp.OwnBump = pr, pr.Bump
		if pr.Bump != None {
			cp.Reasons = append(cp.Reasons, pr.Reason)
		}
		eff[i] = pr.Bump
		plans[i] = cp
	}

	// Raise bumps until nothing changes. Bumps only grow and are bounded
	// by Major, so this ends after at most 3n rounds; each round is linear
	// in the components, groups and dependencies.
	dep := w.DependentBump
	if dep == None {
		dep = Patch
	}
	why := make([]map[string]string, n) // reason key -> text, kept in order below
	whyOrder := make([][]string, n)
	note := func(i int, key, text string) {
		if why[i] == nil {
			why[i] = map[string]string{}
		}
		if _, ok := why[i][key]; !ok {
			whyOrder[i] = append(whyOrder[i], key)
		}
		why[i][key] = text
	}
	for changed := true; changed; {
		changed = false
		raise := func(i int, b Bump) bool {
			if b > eff[i] {
				eff[i] = b
				changed = true
				return true
			}
			return false
		}
		for gi, grp := range ix.groups {
			top := None
			for _, i := range grp.members {
				top = max(top, eff[i])
			}
			if top == None {
				continue
			}
			for _, i := range grp.members {
				if grp.fixed {
					raise(i, top)
					note(i, fmt.Sprintf("group %d", gi), "fixed group with "+w.others(grp.members, i))
				} else if eff[i] != None {
					raise(i, top)
					if len(grp.members) > 1 {
						note(i, fmt.Sprintf("group %d", gi), "linked with "+w.others(grp.members, i))
					}
				}
			}
		}
		if w.NoPropagation {
			continue
		}
		for _, i := range ix.order {
			for _, d := range w.Components[i].DependsOn {
				j := ix.byName[d]
				if eff[j] != None {
					raise(i, dep)
					note(i, "dep "+d, "") // text set once versions are known
				}
			}
		}
	}

	// Versions from the final bumps; groups share the greatest.
	versions := make([]planVersion, n)
	for i := range plans {
		c := &w.Components[i]
		switch {
		case eff[i] == None || plans[i].Err != nil && eff[i] == plans[i].OwnBump:
			continue
		case c.CalVer != "":
			if w.Date.IsZero() {
				plans[i].Err = fmt.Errorf("a CalVer release needs Workspace.Date: %w", ErrInvalidWorkspace)
				errs = append(errs, fmt.Errorf("release: component %q: %w", c.Name, plans[i].Err))
				continue
			}
			v, err := c.CalVer.Next(calCurrent[i], w.Date, eff[i], "")
			if err != nil {
				plans[i].Err = err
				errs = append(errs, fmt.Errorf("release: component %q: %w", c.Name, err))
				continue
			}
			versions[i].cal = &v
		case eff[i] == plans[i].OwnBump:
			versions[i].sem = plans[i].Proposal.Version
		default:
			v, err := policies[i].versionFor(plans[i].Proposal.Current, eff[i])
			if err != nil {
				plans[i].Err = err
				errs = append(errs, fmt.Errorf("release: component %q: %w", c.Name, err))
				continue
			}
			versions[i].sem = v
		}
	}
	for _, grp := range ix.groups {
		var top planVersion
		for _, i := range grp.members {
			if v := versions[i]; v.set() && (!top.set() || v.greater(top)) {
				top = v
			}
		}
		for _, i := range grp.members {
			if versions[i].set() {
				versions[i] = top
			}
		}
	}

	out := WorkspacePlan{Components: make([]ComponentPlan, 0, n)}
	for _, i := range ix.order {
		cp := plans[i]
		if v := versions[i]; v.set() {
			cp.Proposal.Bump, cp.Version = eff[i], v.String()
			if v.sem != nil {
				cp.Proposal.Version = v.sem
				cp.NextTag = ix.formats[i].Format(v.sem)
			} else {
				cp.NextTag = v.cal.Tag(ix.formats[i])
			}
			for _, key := range whyOrder[i] {
				text := why[i][key]
				if d, ok := strings.CutPrefix(key, "dep "); ok {
					j := ix.byName[d]
					if !versions[j].set() {
						continue
					}
					text = fmt.Sprintf("depends on %s, released %s", d, versions[j])
				}
				cp.Reasons = append(cp.Reasons, text)
			}
			if mod := w.Components[i].Module; mod != "" && v.sem != nil {
				if err := CheckGoModule(mod, v.sem); err != nil {
					cp.Err = err
					errs = append(errs, fmt.Errorf("release: component %q: %w", cp.Component, err))
				}
			}
		}
		out.Components = append(out.Components, cp)
	}
	return out, errors.Join(errs...)
}

// LatestTags returns, for each component that has one among names, the
// name of its latest tag: the one Plan takes as its current version.
func (w Workspace) LatestTags(names []string) map[string]string {
	out := make(map[string]string)
	for i := range w.Components {
		c := &w.Components[i]
		p := &w.Policy
		if c.Policy != nil {
			p = c.Policy
		}
		if name, _, _, ok := latestTag(c, p, c.Tags(), names); ok {
			out[c.Name] = name
		}
	}
	return out
}

// latestTag picks c's current release among names, under format f (c's
// resolved tag format): SemVer through TagFormat.Latest, keeping only the
// major versions a Go module's path allows, or CalVer.
func latestTag(c *Component, p *Policy, f TagFormat, names []string) (name string, sem *semver.Version, cal *CalVersion, ok bool) {
	if c.CalVer != "" {
		name, cv, ok := c.CalVer.Latest(f, names, p.Prerelease != "")
		if !ok {
			return "", nil, nil, false
		}
		return name, nil, &cv, true
	}
	tag, ok := f.Latest(c.ownTags(f, names), p.Prerelease)
	if !ok {
		return "", nil, nil, false
	}
	return tag.Name, tag.Version, nil, true
}

// majorsDiffer reports whether c and d are Go modules of different major
// versions (example.com/m/api and example.com/m/api/v2), which may share
// a tag format: the go command tells their tags apart by the version.
func (c Component) majorsDiffer(d Component) bool {
	return c.Module != "" && d.Module != "" && c.CalVer == "" && d.CalVer == "" && goMajor(c.Module) != goMajor(d.Module)
}

// goMajor is the major version a Go module path allows: 1 for a path
// without a /vN suffix (which holds v0 and v1), else N.
func goMajor(module string) uint64 {
	_, major, _ := splitMajor(module)
	n, err := strconv.ParseUint(major, 10, 64)
	if err != nil || n < 2 {
		return 1
	}
	return n
}

// ownTags returns the names among names that are c's under format f: for
// a Go module, those whose major version its path allows.
func (c Component) ownTags(f TagFormat, names []string) []string {
	if c.Module == "" {
		return names
	}
	want := goMajor(c.Module)
	var out []string
	for _, n := range names {
		if v, err := f.Parse(n); err == nil && max(v.Major(), 1) == want {
			out = append(out, n)
		}
	}
	return out
}

// planVersion is a component's next version, SemVer or CalVer.
type planVersion struct {
	sem *semver.Version
	cal *CalVersion
}

func (v planVersion) set() bool { return v.sem != nil || v.cal != nil }

// greater compares versions of one kind (groups do not mix kinds).
func (v planVersion) greater(w planVersion) bool {
	if v.sem != nil && w.sem != nil {
		return v.sem.GreaterThan(w.sem)
	}
	if v.cal != nil && w.cal != nil {
		return v.cal.Compare(*w.cal) > 0
	}
	return false
}

func (v planVersion) String() string {
	if v.sem != nil {
		return v.sem.String()
	}
	if v.cal != nil {
		return v.cal.String()
	}
	return ""
}

// others lists the names of the members other than i.
func (w Workspace) others(members []int, i int) string {
	var names []string
	for _, j := range members {
		if j != i {
			names = append(names, w.Components[j].Name)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// commitGraph is the parent relation among a list of commits.
type commitGraph struct {
	commits []Commit
	index   map[string]int
	linear  bool
	cache   map[string][]bool
}

func newCommitGraph(commits []Commit) *commitGraph {
	g := &commitGraph{commits: commits, index: make(map[string]int, len(commits)), linear: true, cache: map[string][]bool{}}
	for i := range commits {
		if commits[i].Hash != "" {
			g.index[commits[i].Hash] = i
		}
		if commits[i].Parents != nil {
			g.linear = false
		}
	}
	return g
}

// reachable marks the commits reachable from hash (itself included). A
// hash that is not in the list marks nothing: every commit came after it.
func (g *commitGraph) reachable(hash string) []bool {
	if r, ok := g.cache[hash]; ok {
		return r
	}
	start, ok := g.index[hash]
	if !ok {
		g.cache[hash] = nil
		return nil
	}
	seen := make([]bool, len(g.commits))
	if g.linear {
		for i := start; i < len(seen); i++ {
			seen[i] = true
		}
	} else {
		stack := []int{start}
		seen[start] = true
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, p := range g.commits[i].Parents {
				if j, ok := g.index[p]; ok && !seen[j] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
	}
	g.cache[hash] = seen
	return seen
}
