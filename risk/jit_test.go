package risk_test

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jitChange is one change of the just-in-time defect data of Kamei et al.
// (2013) in testdata/jit (see its README.md).
type jitChange struct {
	ID   string // transactionid
	Time time.Time
	// Metrics are the data's values as they are: LA, LD and NUC are
	// ratios, and LT is per file (see the README), unlike what
	// risk.History measures.
	Metrics risk.Metrics
	Defect  bool // the change induced a defect
	// Effort is the change's absolute churn, the lines added and deleted:
	// (la+ld)*lt*nf, since the data divide la and ld by the lines of the
	// modified files before the change, lt*nf. The ratios are rounded to
	// 9 digits in the data, so the product is rounded to whole lines. It
	// is 0 for changes that touch no line, and for the few whose files
	// had no lines before (lt 0).
	Effort float64
}

// jitColumns are the data's metric columns, in the order of risk's
// metrics: nm is ND, pd is AGE and npt is NUC.
var jitColumns = [risk.NumMetrics]string{"ns", "nm", "nf", "entropy", "la", "ld", "lt", "fix", "ndev", "pd", "npt", "exp", "rexp", "sexp"}

// loadJIT reads testdata/jit/<name>.csv and returns its changes in time
// order: by commit date, then by transaction ID as a number.
func loadJIT(t testing.TB, name string) []jitChange {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "jit", name+".csv"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := readJIT(f)
	require.NoError(t, err, "testdata/jit/%s.csv", name)
	return rows
}

// readJIT parses the data, in time order.
func readJIT(r io.Reader) ([]jitChange, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	var metricCol [risk.NumMetrics]int
	for m, name := range jitColumns {
		i, ok := col[name]
		if !ok {
			return nil, fmt.Errorf("no column %q", name)
		}
		metricCol[m] = i
	}
	for _, name := range []string{"transactionid", "commitdate", "bug"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("no column %q", name)
		}
	}

	var out []jitChange
	ids := map[int]int{} // transaction ID to its line, so duplicates are refused
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
		}
		var c jitChange
		c.ID = rec[col["transactionid"]]
		id, err := strconv.Atoi(c.ID)
		if err != nil {
			return nil, fail("transactionid %q", c.ID)
		}
		if prev, dup := ids[id]; dup {
			return nil, fail("transactionid %d also on line %d", id, prev)
		}
		ids[id] = line
		if c.Time, err = parseCommitDate(rec[col["commitdate"]]); err != nil {
			return nil, fail("%v", err)
		}
		for m, i := range metricCol {
			v, err := strconv.ParseFloat(rec[i], 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, fail("%s %q", jitColumns[m], rec[i])
			}
			c.Metrics[m] = v
		}
		switch b := rec[col["bug"]]; b {
		case "0":
		case "1":
			c.Defect = true
		default:
			return nil, fail("bug %q", b)
		}
		m := c.Metrics
		c.Effort = math.Round((m[risk.LA] + m[risk.LD]) * m[risk.LT] * m[risk.NF])
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b jitChange) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return cmp.Compare(x, y)
	})
	return out, nil
}

// parseCommitDate reads the data's "YYYY/M/D H:MM", whose month, day and
// hour may have one digit or two, as a time in UTC (the data do not say
// which zone they use).
func parseCommitDate(s string) (time.Time, error) {
	bad := fmt.Errorf("commitdate %q", s)
	date, clock, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return time.Time{}, bad
	}
	ymd := strings.Split(date, "/")
	hm := strings.Split(strings.TrimSpace(clock), ":")
	if len(ymd) != 3 || len(hm) != 2 {
		return time.Time{}, bad
	}
	var v [5]int
	for i, field := range append(ymd, hm...) {
		n, err := strconv.Atoi(field)
		if err != nil || len(field) > 4 || n < 0 {
			return time.Time{}, bad
		}
		v[i] = n
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], 0, 0, time.UTC)
	// time.Date normalises 2001/2/30 to March 2nd: refuse it.
	if t.Year() != v[0] || int(t.Month()) != v[1] || t.Day() != v[2] || t.Hour() != v[3] || t.Minute() != v[4] {
		return time.Time{}, bad
	}
	return t, nil
}

// splitTime splits changes in time order into the earliest two thirds,
// to train on, and the last third, to test on.
func splitTime(rows []jitChange) (train, test []jitChange) {
	k := len(rows) * 2 / 3
	return rows[:k], rows[k:]
}

// countsOf returns the changes with the data's ratios turned back into
// the counts risk.History measures: LA and LD times the lines of the
// modified files before the change (lt·nf), LT times NF, NUC times NF,
// each rounded to a whole number as counts are. Where lt is 0 the lines
// are unknown, and LA and LD stay as they are (see the README: in those
// rows they look like counts already). The efforts do not change.
func countsOf(rows []jitChange) []jitChange {
	out := slices.Clone(rows)
	for i := range out {
		m := &out[i].Metrics
		if lines := m[risk.LT] * m[risk.NF]; lines > 0 {
			m[risk.LA], m[risk.LD] = math.Round(m[risk.LA]*lines), math.Round(m[risk.LD]*lines)
			m[risk.LT] = math.Round(lines)
		}
		m[risk.NUC] = math.Round(m[risk.NUC] * m[risk.NF])
	}
	return out
}

// jitScores returns a score per change, its outcomes and efforts.
func jitScores(rows []jitChange, score func(jitChange) float64) (scores []float64, defect []bool, effort []float64) {
	for _, c := range rows {
		scores = append(scores, score(c))
		defect = append(defect, c.Defect)
		effort = append(effort, c.Effort)
	}
	return scores, defect, effort
}

// TestJITData checks the data against their README.
func TestJITData(t *testing.T) {
	cases := []struct {
		name             string
		changes, defects int
		first, last      time.Time
	}{
		{"bugzilla", 4620, 1696, time.Date(1998, 8, 26, 2, 14, 0, 0, time.UTC), time.Date(2006, 12, 16, 11, 30, 0, 0, time.UTC)},
		{"columba", 4455, 1361, time.Date(2002, 11, 25, 7, 5, 0, 0, time.UTC), time.Date(2006, 7, 27, 21, 55, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := loadJIT(t, tc.name)
			require.Len(t, rows, tc.changes)
			defects := 0
			for i, c := range rows {
				if c.Defect {
					defects++
				}
				assert.GreaterOrEqual(t, c.Effort, 0.0, c.ID)
				assert.LessOrEqual(t, c.Metrics[risk.Entropy], 1.0, c.ID)
				assert.Contains(t, []float64{0, 1}, c.Metrics[risk.FIX], c.ID)
				if i > 0 {
					assert.False(t, c.Time.Before(rows[i-1].Time), "time order at %s", c.ID)
				}
			}
			assert.Equal(t, tc.defects, defects)
			assert.Equal(t, tc.first, rows[0].Time, "the first change")
			assert.Equal(t, tc.last, rows[len(rows)-1].Time, "the last change")

			train, test := splitTime(rows)
			assert.Len(t, train, tc.changes*2/3)
			assert.Len(t, test, tc.changes-tc.changes*2/3)
			assert.False(t, test[0].Time.Before(train[len(train)-1].Time), "the test third comes after the training")
		})
	}
}

// TestJITEffort checks the churn reconstructed from the first row of
// bugzilla.csv: la 0.093619972 of lt 480.6666667 lines a file over nf 3
// files, 1442 lines: 135 lines added.
func TestJITEffort(t *testing.T) {
	rows := loadJIT(t, "bugzilla")
	i := slices.IndexFunc(rows, func(c jitChange) bool { return c.ID == "3" })
	require.GreaterOrEqual(t, i, 0)
	c := rows[i]
	assert.Equal(t, 135.0, c.Effort)
	assert.Equal(t, time.Date(2001, 12, 12, 17, 41, 0, 0, time.UTC), c.Time)
	assert.True(t, c.Defect)
	assert.Equal(t, 14.0, c.Metrics[risk.NDEV])
	assert.Equal(t, 596.0, c.Metrics[risk.AGE], "pd")
	assert.Equal(t, 129.0, c.Metrics[risk.SEXP])

	// As counts: 135 of 1442 lines, and 0.093619972·1442 rounds to 135.
	n := countsOf(rows[i : i+1])[0]
	assert.Equal(t, 135.0, n.Metrics[risk.LA])
	assert.Equal(t, 1442.0, n.Metrics[risk.LT])
	assert.Equal(t, 2.0, n.Metrics[risk.NUC], "0.666666667 of 3 files")
	assert.Equal(t, c.Effort, n.Metrics[risk.LA]+n.Metrics[risk.LD])
	assert.Equal(t, c.Metrics[risk.EXP], n.Metrics[risk.EXP], "other metrics as they are")
	assert.Equal(t, c.Metrics[risk.LA], rows[i].Metrics[risk.LA], "the rows given are not changed")
}

func TestParseCommitDate(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2006/7/8 9:06", time.Date(2006, 7, 8, 9, 6, 0, 0, time.UTC), true},
		{"2001/12/12 17:41", time.Date(2001, 12, 12, 17, 41, 0, 0, time.UTC), true},
		{"2006/07/08 09:06", time.Date(2006, 7, 8, 9, 6, 0, 0, time.UTC), true},
		{"2001/2/30 1:00", time.Time{}, false}, // no such day
		{"2001/2/3 24:00", time.Time{}, false},
		{"2001/2/3", time.Time{}, false},
		{"2001-2-3 1:00", time.Time{}, false},
		{"2001/2/3 1:00:00", time.Time{}, false},
		{"2001/-2/3 1:00", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseCommitDate(tc.in)
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestReadJITInvalid(t *testing.T) {
	const header = "transactionid,commitdate,ns,nm,nf,entropy,la,ld,lt,fix,ndev,pd,npt,exp,rexp,sexp,bug\n"
	const row = ",2001/1/1 1:00,1,1,1,0,0.5,0,10,0,1,0,1,1,1,1,"
	cases := map[string]string{
		"missing column":  "transactionid,commitdate,bug\n1,2001/1/1 1:00,0\n",
		"bad id":          header + "x" + row + "0\n",
		"duplicate id":    header + "1" + row + "0\n" + "1" + row + "1\n",
		"bad bug":         header + "1" + row + "2\n",
		"negative metric": header + "1,2001/1/1 1:00,-1,1,1,0,0.5,0,10,0,1,0,1,1,1,1,0\n",
		"bad date":        header + "1,2001/13/1 1:00,1,1,1,0,0.5,0,10,0,1,0,1,1,1,1,0\n",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := readJIT(strings.NewReader(in))
			assert.Error(t, err)
		})
	}
	rows, err := readJIT(strings.NewReader(header + "2" + row + "1\r\n" + "1" + row + "0\r\n"))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "1", rows[0].ID, "equal dates: by transaction ID")
	assert.Equal(t, 5.0, rows[0].Effort, "0.5 of 10 lines in 1 file")
	assert.True(t, rows[1].Defect)
}

// TestJITBaselines measures two rankings that need no model, on all
// changes and on the time-ordered test third: the number of files a
// change touched (NF) as a score, by AUC; and inspecting the smallest
// changes first, by recall within 20% of the effort and by Popt. A model
// worth fitting should beat both on the test third.
//
// The figures quoted before measuring were: NF's AUC about 0.72
// (bugzilla) and 0.71 (columba) on the test thirds, 0.634 and 0.704 on
// all changes; smallest first, recall at 20% about 0.58 and 0.73 on the
// test thirds. The table holds what was measured.
func TestJITBaselines(t *testing.T) {
	type figures struct{ auc, recall20, popt float64 }
	cases := []struct {
		name      string
		all, test figures // AUC of NF; recall at 20% and Popt, smallest first
	}{
		{"bugzilla", figures{0.6338, 0.7794, 0.9293}, figures{0.7193, 0.5724, 0.8458}},
		{"columba", figures{0.7043, 0.8361, 0.9480}, figures{0.7050, 0.7273, 0.9061}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := loadJIT(t, tc.name)
			_, test := splitTime(rows)
			nf := func(c jitChange) float64 { return c.Metrics[risk.NF] }
			for _, part := range []struct {
				name string
				rows []jitChange
				want figures
			}{{"all", rows, tc.all}, {"test third", test, tc.test}} {
				scores, defect, effort := jitScores(part.rows, nf)
				auc, err := risk.AUC(scores, defect)
				require.NoError(t, err)

				// A constant score ranks by score/effort, so by effort,
				// the smallest first.
				constant := make([]float64, len(scores))
				for i := range constant {
					constant[i] = 0.5
				}
				ev, err := risk.Evaluate(constant, defect, effort, 0.5)
				require.NoError(t, err)
				direct := smallestFirst(defect, effort)
				t.Logf("%s, %s: AUC of NF %.4f; smallest first: recall at 20%% effort %.4f (counted one at a time, ties in time order: %.4f), Popt %.4f",
					tc.name, part.name, auc, ev.RecallAt20, direct, ev.Popt)

				assert.InDelta(t, part.want.auc, auc, 0.0005, "%s: AUC of NF", part.name)
				assert.InDelta(t, part.want.recall20, ev.RecallAt20, 0.0005, "%s: recall at 20%%, smallest first", part.name)
				assert.InDelta(t, part.want.popt, ev.Popt, 0.0005, "%s: Popt, smallest first", part.name)
				// Ties aside (Evaluate averages over their orders), the
				// same as counting directly.
				assert.InDelta(t, direct, ev.RecallAt20, 0.005, "%s: Evaluate against a direct count", part.name)
			}
		})
	}
}

// smallestFirst counts directly the share of defect-inducing changes
// found inspecting the smallest first, ties in their order, while the
// effort spent stays within 20% of the total.
func smallestFirst(defect []bool, effort []float64) float64 {
	idx := make([]int, len(effort))
	var total float64
	defects := 0
	for i := range idx {
		idx[i] = i
		total += effort[i]
		if defect[i] {
			defects++
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(effort[a], effort[b]) })
	var spent float64
	found := 0
	for _, i := range idx {
		if spent+effort[i] > total/5 {
			break
		}
		spent += effort[i]
		if defect[i] {
			found++
		}
	}
	return float64(found) / float64(defects)
}
