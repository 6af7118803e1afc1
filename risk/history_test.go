package risk_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }

// TestMeasureByHand works a small history out by hand.
func TestMeasureByHand(t *testing.T) {
	history := []risk.Change{
		{ID: "c1", Author: "ada", Time: day(0), Files: []risk.File{
			{Path: "api/server.go", Added: 100},
			{Path: "api/handler.go", Added: 50},
		}},
		{ID: "c2", Author: "bob", Time: day(10), Files: []risk.File{
			{Path: "api/server.go", Added: 10, Deleted: 10},
			{Path: "web/index.html", Added: 20},
		}},
		{ID: "c3", Author: "ada", Time: day(400), Fix: true, Files: []risk.File{
			{Path: "api/server.go", Added: 5, Deleted: 5},
			{Path: "api/v2/server.go", OldPath: "api/handler.go", Added: 5, Deleted: 5},
			{Path: "README.md", Added: 10},
		}},
		{ID: "c4", Author: "cy", Time: day(401)}, // empty: a merge
	}
	got, err := risk.Measure(history)
	require.NoError(t, err)

	// c1: one subsystem (api), one directory, two files; 150 lines added
	// split 100/50: entropy -(2/3 log2 2/3 + 1/3 log2 1/3) / log2 2 =
	// 0.9183; new files: no history; ada's first change.
	c1 := risk.Metrics{risk.NS: 1, risk.ND: 1, risk.NF: 2, risk.Entropy: 0.9182958340544896, risk.LA: 150}
	// c2: api and web; 20 + 20 lines, even: entropy 1; server.go had 100
	// lines; its history: ada (1 developer), c1 (1 change), 10 days old;
	// index.html is new, so AGE averages over server.go alone.
	c2 := risk.Metrics{risk.NS: 2, risk.ND: 2, risk.NF: 2, risk.Entropy: 1, risk.LA: 30, risk.LD: 10, risk.LT: 100,
		risk.NDEV: 1, risk.AGE: 10, risk.NUC: 1}
	// c3: subsystems api and "" (README.md at the root), directories api,
	// api/v2 and "."; 10, 10, 10 lines: entropy 1; server.go has 100 +
	// 10 - 10 = 100 lines, handler.go (now api/v2/server.go) 50, README
	// is new; developers ada and bob; earlier changes c1 and c2 (c1
	// touched both files: counted once); ages 390 and 400 days; ada made
	// one change before, last calendar year (2024, now 2025): REXP 1/2;
	// one of them in api.
	c3 := risk.Metrics{risk.NS: 2, risk.ND: 3, risk.NF: 3, risk.Entropy: 1, risk.LA: 20, risk.LD: 10, risk.LT: 150,
		risk.FIX: 1, risk.NDEV: 2, risk.AGE: 395, risk.NUC: 2, risk.EXP: 1, risk.REXP: 0.5, risk.SEXP: 1}
	c4 := risk.Metrics{}
	for i, want := range []risk.Metrics{c1, c2, c3, c4} {
		for m := range risk.NumMetrics {
			assert.InDelta(t, want[m], got[i][m], 1e-9, "%s %s", history[i].ID, risk.Metric(m))
		}
	}
}

// TestMeasureAgainstOracle compares Measure with a direct reading of the
// definitions, which looks at the whole history again for every change.
func TestMeasureAgainstOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 43 {
		history := randomHistory(r, 1+r.IntN(120), 3+r.IntN(20), 1+r.IntN(6), round%4 == 0)
		if round >= 40 {
			// Long enough for files and authors with hundreds of changes,
			// whose sets History keeps as bits.
			history = randomHistory(r, 900, 4+round-40, 2, round == 42)
		}
		got, err := risk.Measure(history)
		require.NoError(t, err)
		for i := range history {
			want := oracle(history, i)
			for m := range risk.NumMetrics {
				require.InDelta(t, want[m], got[i][m], 1e-9, "round %d change %d %s", round, i, risk.Metric(m))
			}
		}
	}
}

// randomHistory makes n changes over a pool of files and authors, with
// times mostly increasing (going back now and then when shuffled is
// set, as after a rebase) and some renames.
func randomHistory(r *rand.Rand, n, files, authors int, shuffled bool) []risk.Change {
	dirs := []string{"api", "api/v2", "web", "docs", ""}
	pool := make([]string, files)
	for i := range pool {
		pool[i] = path.Join(dirs[r.IntN(len(dirs))], fmt.Sprintf("f%d.go", i))
	}
	var out []risk.Change
	at := t0
	for i := range n {
		at = at.Add(time.Duration(r.IntN(200*24)) * time.Hour)
		when := at
		if shuffled && r.IntN(5) == 0 {
			when = at.Add(-time.Duration(r.IntN(400*24)) * time.Hour)
		}
		c := risk.Change{ID: fmt.Sprint("c", i), Author: fmt.Sprint("dev", r.IntN(authors)), Time: when, Fix: r.IntN(3) == 0}
		k := r.IntN(5)
		used := map[string]bool{}
		for range k {
			p := pool[r.IntN(len(pool))]
			if used[p] {
				continue
			}
			used[p] = true
			f := risk.File{Path: p, Added: r.IntN(100), Deleted: r.IntN(30)}
			if r.IntN(10) == 0 {
				f.Size = 1 + r.IntN(500)
			}
			if r.IntN(15) == 0 { // a rename to a fresh name
				np := p + ".moved" + fmt.Sprint(i)
				f.OldPath, f.Path = p, np
				used[np] = true
				for j := range pool {
					if pool[j] == p {
						pool[j] = np
					}
				}
			}
			c.Files = append(c.Files, f)
		}
		out = append(out, c)
	}
	return out
}

// oracle computes change i's metrics from their definitions, by reading
// the history before it again: each file's identity follows its renames.
func oracle(h []risk.Change, i int) risk.Metrics {
	c := h[i]
	var m risk.Metrics
	sub := func(p string) string {
		if j := strings.IndexByte(p, '/'); j >= 0 {
			return p[:j]
		}
		return ""
	}
	// identity: the path each file had at each change, followed back.
	aliases := func(p string, before int) map[string]bool {
		names := map[string]bool{p: true}
		for j := before - 1; j >= 0; j-- {
			for _, f := range h[j].Files {
				if f.OldPath != "" && names[f.Path] {
					names[f.OldPath] = true
				}
			}
		}
		return names
	}
	subs, dirs := map[string]bool{}, map[string]bool{}
	var total float64
	for _, f := range c.Files {
		subs[sub(f.Path)] = true
		dirs[path.Dir(f.Path)] = true
		m[risk.LA] += float64(f.Added)
		m[risk.LD] += float64(f.Deleted)
		total += float64(f.Added + f.Deleted)
	}
	m[risk.NS], m[risk.ND], m[risk.NF] = float64(len(subs)), float64(len(dirs)), float64(len(c.Files))
	if len(c.Files) > 1 && total > 0 {
		for _, f := range c.Files {
			if x := float64(f.Added + f.Deleted); x > 0 {
				m[risk.Entropy] -= x / total * math.Log2(x/total)
			}
		}
		m[risk.Entropy] /= math.Log2(float64(len(c.Files)))
	}
	if c.Fix {
		m[risk.FIX] = 1
	}
	devs, changes := map[string]bool{}, map[int]bool{}
	var age float64
	seen := 0
	for _, f := range c.Files {
		names := aliases(f.Path, i)
		if f.OldPath != "" {
			for n := range aliases(f.OldPath, i) {
				names[n] = true
			}
		}
		size := 0
		var last time.Time
		touched := false
		for j := range i {
			for _, g := range h[j].Files {
				if names[g.Path] {
					touched = true
					devs[h[j].Author] = true
					changes[j] = true
					if g.Size > 0 {
						size = g.Size
					}
					size = max(size+g.Added-g.Deleted, 0)
					if h[j].Time.After(last) {
						last = h[j].Time
					}
				}
			}
		}
		if f.Size > 0 {
			size = f.Size
		}
		m[risk.LT] += float64(size)
		if touched {
			seen++
			age += max(c.Time.Sub(last).Hours()/24, 0)
		}
	}
	m[risk.NDEV], m[risk.NUC] = float64(len(devs)), float64(len(changes))
	if seen > 0 {
		m[risk.AGE] = age / float64(seen)
	}
	sexp := 0
	for j := range i {
		if h[j].Author != c.Author {
			continue
		}
		m[risk.EXP]++
		m[risk.REXP] += 1 / float64(max(c.Time.UTC().Year()-h[j].Time.UTC().Year(), 0)+1)
		for _, g := range h[j].Files {
			if subs[sub(g.Path)] {
				sexp++
				break
			}
		}
	}
	m[risk.SEXP] = float64(sexp)
	return m
}

func TestMeasureInvalid(t *testing.T) {
	ok := risk.Change{ID: "a", Files: []risk.File{{Path: "x.go", Added: 1}}}
	cases := map[string][]risk.Change{
		"no ID":            {{Files: []risk.File{{Path: "x"}}}},
		"duplicate ID":     {ok, ok},
		"empty path":       {{ID: "b", Files: []risk.File{{Added: 1}}}},
		"negative added":   {{ID: "b", Files: []risk.File{{Path: "x", Added: -1}}}},
		"negative deleted": {{ID: "b", Files: []risk.File{{Path: "x", Deleted: -1}}}},
		"negative size":    {{ID: "b", Files: []risk.File{{Path: "x", Size: -1}}}},
		"file twice":       {{ID: "b", Files: []risk.File{{Path: "x"}, {Path: "x"}}}},
		"file twice, many": {{ID: "b", Files: manyFiles(40, "dup")}},
		"long ID":          {{ID: strings.Repeat("x", 5000)}},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := risk.Measure(h)
			require.ErrorIs(t, err, risk.ErrInvalidChange)
			assert.Nil(t, got)
			assert.NotContains(t, err.Error(), "\n")
		})
	}

	// A refused change leaves the history as it was.
	var h risk.History
	_, err := h.Add(ok)
	require.NoError(t, err)
	_, err = h.Add(risk.Change{ID: "b", Author: "ada", Files: []risk.File{{Path: "x.go"}, {Path: "y.go", Added: -5}}})
	require.Error(t, err)
	m, err := h.Add(risk.Change{ID: "b", Author: "ada", Files: []risk.File{{Path: "x.go"}}})
	require.NoError(t, err)
	assert.Equal(t, 1.0, m[risk.NUC])
	assert.Equal(t, 0.0, m[risk.EXP], "the refused change did not count")

	// Empty input.
	got, err := risk.Measure(nil)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func manyFiles(n int, dup string) []risk.File {
	var fs []risk.File
	for i := range n {
		fs = append(fs, risk.File{Path: fmt.Sprint("f", i)})
	}
	return append(fs, risk.File{Path: dup}, risk.File{Path: dup})
}

func TestSubsystem(t *testing.T) {
	h := risk.History{Subsystem: func(p string) string { return strings.SplitN(p, "/", 3)[1] }}
	m, err := h.Add(risk.Change{ID: "a", Files: []risk.File{{Path: "services/api/x.go"}, {Path: "services/web/y.go"}}})
	require.NoError(t, err)
	assert.Equal(t, 2.0, m[risk.NS])
}

// syntheticHistory is a history of n changes by 200 authors over 20,000
// files in 50 subsystems, the files chosen with a skew (a few are hot),
// one to six files a change.
func syntheticHistory(n int) []risk.Change {
	r := rand.New(rand.NewPCG(3, 3))
	zipf := rand.NewZipf(r, 1.2, 1, 19_999)
	out := make([]risk.Change, n)
	at := t0
	for i := range out {
		at = at.Add(time.Duration(r.IntN(60)) * time.Minute)
		c := risk.Change{ID: fmt.Sprint(i), Author: fmt.Sprint("dev", r.IntN(200)), Time: at, Fix: r.IntN(4) == 0}
		k := 1 + r.IntN(6)
		for range k {
			f := zipf.Uint64()
			p := fmt.Sprintf("s%d/d%d/f%d.go", f%50, f%300, f)
			dup := false
			for _, g := range c.Files {
				dup = dup || g.Path == p
			}
			if !dup {
				c.Files = append(c.Files, risk.File{Path: p, Added: r.IntN(80), Deleted: r.IntN(40)})
			}
		}
		out[i] = c
	}
	return out
}

// BenchmarkMeasure measures a 100,000-change history (issue target: 1 s).
func BenchmarkMeasure(b *testing.B) {
	h := syntheticHistory(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.Measure(h); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenames: a renamed file takes its history with it, even onto a path
// that had one, and the old path starts afresh.
func TestRenames(t *testing.T) {
	h := []risk.Change{
		{ID: "a", Author: "ada", Time: day(0), Files: []risk.File{{Path: "old.go", Added: 10}}},
		{ID: "b", Author: "bob", Time: day(1), Files: []risk.File{{Path: "new.go", Added: 5}}},
		{ID: "c", Author: "cy", Time: day(2), Files: []risk.File{{Path: "new.go", OldPath: "old.go", Added: 1}}},
		{ID: "d", Author: "cy", Time: day(3), Files: []risk.File{{Path: "old.go", Added: 1}}},
	}
	got, err := risk.Measure(h)
	require.NoError(t, err)
	assert.Equal(t, 1.0, got[2][risk.NUC], "old.go's one change, not new.go's")
	assert.Equal(t, 10.0, got[2][risk.LT])
	assert.Equal(t, 0.0, got[3][risk.NUC], "old.go is a new file again")

	_, err = risk.Measure([]risk.Change{{ID: "x", Files: []risk.File{{Path: "p", OldPath: "o"}, {Path: "q", OldPath: "o"}}}})
	assert.ErrorIs(t, err, risk.ErrInvalidChange, "two files from one old path")
}

// TestMeasureDeterministic: REXP sums years in order, so the same
// history gives the same bits every time.
func TestMeasureDeterministic(t *testing.T) {
	h := randomHistory(rand.New(rand.NewPCG(4, 4)), 300, 10, 2, true)
	first, err := risk.Measure(h)
	require.NoError(t, err)
	for range 20 {
		again, err := risk.Measure(h)
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
}

// TestManyFiles: a change of many files takes linear time, not
// quadratic (the limit is 100,000 files).
func TestManyFiles(t *testing.T) {
	files := make([]risk.File, 50_000)
	for i := range files {
		files[i] = risk.File{Path: fmt.Sprintf("d%d/f.go", i), Added: 1}
	}
	m, err := risk.Measure([]risk.Change{{ID: "big", Files: files}})
	require.NoError(t, err)
	assert.Equal(t, 50_000.0, m[0][risk.ND])
}
