package risk

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/releasekit/releasekit/internal/text"
)

// Change is one change of a history, as risk needs it: who made it, when,
// whether it fixes a defect, and the files it touched with their lines
// added and deleted. It is risk's own type, so that risk depends on no
// other package; converting a release.Commit takes two lines (see
// examples/risk).
type Change struct {
	ID     string
	Author string
	Time   time.Time
	// Fix marks a change that fixes a defect (a "fix" commit).
	Fix   bool
	Files []File
}

// File is one file a change touched.
type File struct {
	// Path is the file's path after the change, with '/' separators.
	Path string
	// OldPath is its path before, when the change renamed it: its history
	// carries over.
	OldPath string
	// Added and Deleted are the lines added and deleted; binary files
	// count zero.
	Added, Deleted int
	// Size, when positive, is the file's length in lines before the
	// change. Otherwise History infers it from the lines added and
	// deleted by the earlier changes it has seen.
	Size int
}

// Limits on a change, so that a hostile history cannot exhaust memory.
const (
	MaxFilesPerChange = 100_000
	MaxIDLen          = 4096 // bytes
)

// ErrInvalidChange reports a change History cannot measure.
var ErrInvalidChange = errors.New("invalid change")

// History computes the metrics of the changes of a history, given oldest
// first, in time linear in the history's size for histories whose files
// are each changed a bounded number of times, and in any case without
// repeating work per change that a count can avoid (NUC and SEXP over
// several files or subsystems, and NDEV, are unions of sets, counted
// exactly). Its zero value is ready to use, with subsystems being the top
// directory of a path.
//
// Times need not increase: git's author times often go backwards after a
// rebase. A change that seems older than an earlier one counts zero days
// since it, for AGE, and zero years ago, for REXP.
type History struct {
	// Subsystem maps a file's path to its subsystem, for NS and SEXP;
	// nil means the first directory of the path ("" for a file at the
	// root). A monorepo may map paths to its components instead.
	Subsystem func(path string) string

	files   map[string]*fileState
	authors map[string]*authorState
	ids     map[string]struct{}
	n       int32   // changes added
	mark    []int32 // per change: the union that counted it last
	markGen int32
	devMark []int32      // per developer: the change that counted them last
	sets    []*changeSet // scratch
	scratch []uint64     // scratch bits
}

type fileState struct {
	size    int
	last    time.Time
	changes changeSet // the changes that touched it
	devs    []int32   // the developers who changed it, each once
}

type authorState struct {
	id      int32
	changes int
	years   []yearCount           // their changes per calendar year (UTC), by year
	subs    map[string]*changeSet // their changes per subsystem
}

// Add measures c against the history so far, then adds it. The error
// wraps ErrInvalidChange for a change without an ID, with a duplicate
// ID, a file without a path or listed twice, negative line counts or
// sizes, or too many files; the history is then unchanged. A change
// without files (an empty commit, a merge) is measured: it has no
// diffusion, size or file history, only its author's experience.
func (h *History) Add(c Change) (Metrics, error) {
	var m Metrics
	if err := h.check(c); err != nil {
		return m, err
	}
	if h.files == nil {
		h.files = map[string]*fileState{}
		h.authors = map[string]*authorState{}
		h.ids = map[string]struct{}{}
	}
	idx := h.n
	h.markGen++
	gen := h.markGen

	author := h.authors[c.Author]
	if author == nil {
		author = &authorState{id: int32(len(h.authors)), subs: map[string]*changeSet{}}
		h.authors[c.Author] = author
		h.devMark = append(h.devMark, 0)
	}

	// Diffusion and size.
	subsystems, dirs := newDistinct(len(c.Files)), newDistinct(len(c.Files))
	var total, ageSum, ltSum float64
	aged := 0 // files with an earlier change, for AGE
	states := make([]*fileState, len(c.Files))
	for k, f := range c.Files {
		subsystems.add(h.subsystem(f.Path))
		dirs.add(path.Dir(f.Path))
		total += float64(f.Added + f.Deleted)
		m[LA] += float64(f.Added)
		m[LD] += float64(f.Deleted)

		st := h.file(f)
		states[k] = st
		size := 0
		if st != nil {
			size = st.size
			if !st.last.IsZero() {
				ageSum += max(c.Time.Sub(st.last).Hours()/24, 0)
				aged++
			}
		}
		if f.Size > 0 {
			size = f.Size
		}
		ltSum += float64(size)
	}
	m[NS] = float64(len(subsystems.list))
	m[ND] = float64(len(dirs.list))
	m[NF] = float64(len(c.Files))
	m[LT] = ltSum
	if len(c.Files) > 1 && total > 0 {
		var e float64
		for _, f := range c.Files {
			if x := float64(f.Added + f.Deleted); x > 0 {
				p := x / total
				e -= p * math.Log2(p)
			}
		}
		m[Entropy] = e / math.Log2(float64(len(c.Files)))
	}
	if c.Fix {
		m[FIX] = 1
	}

	// History of the files: developers and earlier changes, each counted
	// once over all the files.
	var ndev int
	sets := h.sets[:0]
	for _, st := range states {
		if st == nil {
			continue
		}
		for _, d := range st.devs {
			if h.devMark[d] != gen {
				h.devMark[d] = gen
				ndev++
			}
		}
		sets = append(sets, &st.changes)
	}
	nuc := h.unionSize(sets)
	m[NDEV] = float64(ndev)
	m[NUC] = float64(nuc)
	if aged > 0 {
		m[AGE] = ageSum / float64(aged)
	}

	// Experience of the author.
	m[EXP] = float64(author.changes)
	m[REXP] = author.recent(c.Time)
	sets = sets[:0]
	for _, sub := range subsystems.list {
		if cs := author.subs[sub]; cs != nil {
			sets = append(sets, cs)
		}
	}
	sexp := h.unionSize(sets)
	h.sets = sets[:0]
	m[SEXP] = float64(sexp)

	// Record the change.
	h.ids[c.ID] = struct{}{}
	h.n++
	h.mark = append(h.mark, 0)
	author.changes++
	author.addYear(c.Time.UTC().Year())
	for _, sub := range subsystems.list {
		cs := author.subs[sub]
		if cs == nil {
			cs = &changeSet{}
			author.subs[sub] = cs
		}
		cs.add(idx)
	}
	for k, f := range c.Files {
		st := states[k]
		if st == nil {
			st = &fileState{}
		}
		if renamed(f) {
			delete(h.files, f.OldPath) // its history moves with it
		}
		h.files[f.Path] = st
		size := st.size
		if f.Size > 0 {
			size = f.Size
		}
		st.size = max(size+f.Added-f.Deleted, 0)
		if c.Time.After(st.last) {
			st.last = c.Time
		}
		st.changes.add(idx)
		if !slices.Contains(st.devs, author.id) {
			st.devs = append(st.devs, author.id)
		}
	}
	return m, nil
}

// check validates c before anything is recorded.
func (h *History) check(c Change) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("risk: change %s: %s: %w", quote(c.ID), fmt.Sprintf(format, args...), ErrInvalidChange)
	}
	switch {
	case c.ID == "":
		return bad("no ID")
	case len(c.ID) > MaxIDLen:
		return bad("ID longer than %d bytes", MaxIDLen)
	case len(c.Files) > MaxFilesPerChange:
		return bad("%d files, more than %d", len(c.Files), MaxFilesPerChange)
	}
	if _, dup := h.ids[c.ID]; dup {
		return bad("seen before")
	}
	paths, olds := newDistinct(len(c.Files)), newDistinct(len(c.Files))
	for _, f := range c.Files {
		if !paths.add(f.Path) {
			return bad("%s listed twice", quote(f.Path))
		}
		if renamed(f) && !olds.add(f.OldPath) {
			return bad("two files renamed from %s", quote(f.OldPath))
		}
		switch {
		case f.Path == "":
			return bad("a file without a path")
		case f.Added < 0 || f.Deleted < 0:
			return bad("%s: negative line counts", quote(f.Path))
		case f.Size < 0:
			return bad("%s: negative size", quote(f.Path))
		}
	}
	return nil
}

func (h *History) subsystem(p string) string {
	if h.Subsystem != nil {
		return h.Subsystem(p)
	}
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

type yearCount struct{ year, n int }

func (a *authorState) addYear(y int) {
	i, found := slices.BinarySearchFunc(a.years, y, func(c yearCount, y int) int { return c.year - y })
	if !found {
		a.years = slices.Insert(a.years, i, yearCount{year: y})
	}
	a.years[i].n++
}

// recent is REXP: the author's earlier changes, each weighted 1/(n+1)
// where n is how many calendar years (in UTC) before now's it was made:
// this year's count 1, last year's 1/2, the year before's 1/3. A change
// dated after now counts as this year's. The years are summed in order,
// so the result is the same on every run.
func (a *authorState) recent(now time.Time) float64 {
	y := now.UTC().Year()
	var sum float64
	for _, c := range a.years {
		sum += float64(c.n) / float64(max(y-c.year, 0)+1)
	}
	return sum
}

// Measure computes the metrics of every change of a history given oldest
// first, in its order. The error is the first change's that History.Add
// refuses; nothing is returned then.
func Measure(history []Change) ([]Metrics, error) {
	var h History
	out := make([]Metrics, len(history))
	for i, c := range history {
		m, err := h.Add(c)
		if err != nil {
			return nil, err
		}
		out[i] = m
	}
	return out, nil
}

// quote returns s quoted as Go would, cut to 80 characters, so an ID
// from outside stays on one line of an error message.
func quote(s string) string { return text.Quote(s, 80) }

// file returns the state of the file f changes: that of its old path
// when f renames it, since the history moves with the file, else that of
// its path; nil for a file not seen before.
func (h *History) file(f File) *fileState {
	if renamed(f) {
		if st := h.files[f.OldPath]; st != nil {
			return st
		}
	}
	return h.files[f.Path]
}

func renamed(f File) bool { return f.OldPath != "" && f.OldPath != f.Path }

// distinct collects distinct strings in the order first seen: a list
// scan for a few, a map once there are many, so that a change of many
// files costs linear time.
type distinct struct {
	list []string
	seen map[string]struct{}
}

func newDistinct(n int) distinct {
	var d distinct
	if n > 16 {
		d.seen = make(map[string]struct{}, n)
	}
	return d
}

// add adds s and reports whether it was new.
func (d *distinct) add(s string) bool {
	if d.seen != nil {
		if _, ok := d.seen[s]; ok {
			return false
		}
		d.seen[s] = struct{}{}
	} else if slices.Contains(d.list, s) {
		return false
	}
	d.list = append(d.list, s)
	return true
}

// changeSet is a set of changes (their indexes in the history, added in
// ascending order): a list while it is small, a bitset once it is large,
// so that the union of several sets costs the small sets' lengths plus a
// word per 64 changes of history, not the large sets' lengths.
type changeSet struct {
	n    int
	list []int32
	bits []uint64
}

// hotSet is the size from which a set is kept as bits.
const hotSet = 256

func (s *changeSet) add(i int32) {
	if s.bits != nil {
		w := int(i >> 6)
		for len(s.bits) <= w {
			s.bits = append(s.bits, 0)
		}
		if s.bits[w]&(1<<(i&63)) == 0 {
			s.bits[w] |= 1 << (i & 63)
			s.n++
		}
		return
	}
	if k := len(s.list); k > 0 && s.list[k-1] == i {
		return
	}
	s.list = append(s.list, i)
	s.n++
	if s.n >= hotSet {
		s.bits = make([]uint64, int(i>>6)+1)
		for _, j := range s.list {
			s.bits[j>>6] |= 1 << (j & 63)
		}
		s.list = nil
	}
}

// unionSize returns how many changes are in at least one of the sets.
func (h *History) unionSize(sets []*changeSet) int {
	switch len(sets) {
	case 0:
		return 0
	case 1:
		return sets[0].n
	}
	hot := false
	for _, cs := range sets {
		hot = hot || cs.bits != nil
	}
	if !hot {
		h.markGen++
		gen := h.markGen
		n := 0
		for _, cs := range sets {
			for _, i := range cs.list {
				if h.mark[i] != gen {
					h.mark[i] = gen
					n++
				}
			}
		}
		return n
	}
	words := int(h.n+63) >> 6
	if cap(h.scratch) < words {
		h.scratch = make([]uint64, words)
	}
	u := h.scratch[:words]
	clear(u)
	for _, cs := range sets {
		if cs.bits != nil {
			for w, x := range cs.bits {
				u[w] |= x
			}
			continue
		}
		for _, i := range cs.list {
			u[i>>6] |= 1 << (i & 63)
		}
	}
	n := 0
	for _, x := range u {
		n += bits.OnesCount64(x)
	}
	return n
}
