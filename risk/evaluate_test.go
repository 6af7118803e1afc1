package risk_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// evaluateCase is a small input worked out by hand; FuzzEvaluate starts
// from them too.
type evaluateCase struct {
	name      string
	scores    []float64
	defect    []bool
	effort    []float64
	threshold float64

	auc, precision, recall, f1, accuracy, brier float64
	recall20, popt                              float64
}

var evaluateCases = []evaluateCase{
	{
		// Defect-inducing changes (D) score 0.9 and 0.4, clean ones (C)
		// 0.6 and 0.1. AUC: of the 4 D-C pairs, 0.9 beats 0.6 and 0.1,
		// 0.4 beats 0.1 only: 3/4. At 0.5, 0.9 (D) and 0.6 (C) are
		// predicted: TP 1, FP 1, FN 1, TN 1: precision, recall, F1 and
		// accuracy 1/2. Brier: (0.1² + 0.6² + 0.6² + 0.1²)/4 = 0.74/4.
		// Effort 10, 10, 40, 40, total 100, 20 the budget. Densities
		// 0.09, 0.06, 0.01, 0.0025: inspect D10, C10, D40, C40. Spent
		// 10, then 20, which is within 20% (the line is inclusive), then
		// 60: one D of two in the budget, recall 1/2. The curve: (0.1,
		// 0.5), (0.2, 0.5), (0.6, 1), (1, 1), area 0.1·0.25 + 0.1·0.5 +
		// 0.4·0.75 + 0.4·1 = 0.775. Optimal D10, D40, then the C's:
		// 0.1·0.25 + 0.4·0.75 + 0.5·1 = 0.825. Worst C's (0.5 of the
		// effort), then D40, D10: 0.4·0.25 + 0.1·0.75 = 0.175. Popt = 1 -
		// 0.05/0.65 = 12/13.
		name:   "ranked",
		scores: []float64{0.9, 0.6, 0.4, 0.1}, defect: []bool{true, false, true, false},
		effort: []float64{10, 10, 40, 40}, threshold: 0.5,
		auc: 0.75, precision: 0.5, recall: 0.5, f1: 0.5, accuracy: 0.5, brier: 0.185,
		recall20: 0.5, popt: 12.0 / 13,
	},
	{
		// Everything ties: AUC 1/2. Every change is predicted (a score
		// equal to the threshold counts): TP 2, FP 2: precision 1/2,
		// recall 1, F1 2·(1/2)/(3/2) = 2/3, accuracy 1/2. Brier 1/4. The
		// four changes are interchangeable: the budget 0.8 fits none of
		// them, recall 0; the curve is the diagonal, area 1/2. Optimal:
		// 0.25·0.25 + 0.25·0.75 + 0.5 = 0.75; worst 0.25·0.25 + 0.25·0.75
		// = 0.25. Popt = 1 - 0.25/0.5 = 1/2, chance.
		name:   "all tied",
		scores: []float64{0.5, 0.5, 0.5, 0.5}, defect: []bool{true, false, false, true},
		effort: []float64{1, 1, 1, 1}, threshold: 0.5,
		auc: 0.5, precision: 0.5, recall: 1, f1: 2.0 / 3, accuracy: 0.5, brier: 0.25,
		recall20: 0, popt: 0.5,
	},
	{
		// Nothing scores 0.6: no predicted defect, so precision is 0/0,
		// taken as 0; recall 0, F1 0; the 3 clean changes are right:
		// accuracy 3/5. Five interchangeable changes of effort 1, budget
		// 1: one of them fits, whichever it is, and it is one of the 2
		// D's with probability 2/5: recall (2/5)/2 = 0.2. Optimal 0.2·0.25
		// + 0.2·0.75 + 0.6 = 0.8, worst 0.2·0.25 + 0.2·0.75 = 0.2, the
		// model the diagonal 0.5: Popt 1 - 0.3/0.6 = 1/2.
		name:   "part of a tie fits",
		scores: []float64{0.5, 0.5, 0.5, 0.5, 0.5}, defect: []bool{true, true, false, false, false},
		effort: []float64{1, 1, 1, 1, 1}, threshold: 0.6,
		auc: 0.5, precision: 0, recall: 0, f1: 0, accuracy: 0.6, brier: 0.25,
		recall20: 0.2, popt: 0.5,
	},
	{
		// Perfect scores, but each change is half the effort: the budget
		// 2 fits neither, so recall at 20% is 0, while Popt is 1.
		name:   "perfect but big",
		scores: []float64{1, 0}, defect: []bool{true, false},
		effort: []float64{5, 5}, threshold: 0.5,
		auc: 1, precision: 1, recall: 1, f1: 1, accuracy: 1, brier: 0,
		recall20: 0, popt: 1,
	},
	{
		// An effort of 0 ranks as the smallest positive one, 2: densities
		// 0.15, 0.15, 0.0375, the tie broken by smaller effort: C0, D2,
		// C8. Spent 0, then 2 = 20% of 10: recall 1. Curve (0, 0), (0.2,
		// 1), (1, 1): area 0.1 + 0.8 = 0.9, the optimal's; worst C0, C8
		// then D2: 0.2·0.5 = 0.1; Popt 1. At 0.3 all are predicted: TP 1,
		// FP 2: precision 1/3, recall 1, F1 (2/3)/(4/3) = 1/2, accuracy
		// 1/3. Brier (0.09 + 0.49 + 0.09)/3.
		name:   "zero effort",
		scores: []float64{0.3, 0.3, 0.3}, defect: []bool{false, true, false},
		effort: []float64{0, 2, 8}, threshold: 0.3,
		auc: 0.5, precision: 1.0 / 3, recall: 1, f1: 0.5, accuracy: 1.0 / 3, brier: 0.67 / 3,
		recall20: 1, popt: 1,
	},
	{
		// No effort: no effort-aware measures. 0.2 (D) above 0.1 (C):
		// AUC 1; nothing at 0.5: precision 0, recall 0, F1 0, accuracy
		// 1/2; Brier (0.8² + 0.1²)/2 = 0.65/2.
		name:   "no effort",
		scores: []float64{0.2, 0.1}, defect: []bool{true, false}, threshold: 0.5,
		auc: 1, precision: 0, recall: 0, f1: 0, accuracy: 0.5, brier: 0.325,
	},
}

func TestEvaluateByHand(t *testing.T) {
	for _, tc := range evaluateCases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := risk.Evaluate(tc.scores, tc.defect, tc.effort, tc.threshold)
			require.NoError(t, err)
			defects := 0
			for _, d := range tc.defect {
				if d {
					defects++
				}
			}
			assert.Equal(t, len(tc.scores), ev.N, "N")
			assert.Equal(t, defects, ev.Defects, "defects")
			assert.Equal(t, tc.threshold, ev.Threshold, "threshold")
			assert.InDelta(t, tc.auc, ev.AUC, 1e-12, "AUC")
			assert.InDelta(t, tc.precision, ev.Precision, 1e-12, "precision")
			assert.InDelta(t, tc.recall, ev.Recall, 1e-12, "recall")
			assert.InDelta(t, tc.f1, ev.F1, 1e-12, "F1")
			assert.InDelta(t, tc.accuracy, ev.Accuracy, 1e-12, "accuracy")
			assert.InDelta(t, tc.brier, ev.Brier, 1e-12, "Brier")
			assert.Equal(t, tc.effort != nil, ev.EffortAware, "effort-aware")
			assert.InDelta(t, tc.recall20, ev.RecallAt20, 1e-12, "recall at 20%")
			assert.InDelta(t, tc.popt, ev.Popt, 1e-12, "Popt")

			auc, err := risk.AUC(tc.scores, tc.defect)
			require.NoError(t, err)
			assert.Equal(t, ev.AUC, auc, "AUC agrees with Evaluate")
		})
	}
}

// TestCalibration checks the bins of the "ranked" case and the bins'
// edges: a bin holds its lower bound, the last one holds 1 too.
func TestCalibration(t *testing.T) {
	ev, err := risk.Evaluate([]float64{0.9, 0.6, 0.4, 0.1}, []bool{true, false, true, false}, nil, 0.5)
	require.NoError(t, err)
	require.Len(t, ev.Calibration, 10)
	for i, c := range ev.Calibration {
		assert.InDelta(t, float64(i)/10, c.Lo, 1e-12, "bin %d", i)
		assert.InDelta(t, float64(i+1)/10, c.Hi, 1e-12, "bin %d", i)
	}
	want := map[int]risk.CalibrationBin{
		1: {N: 1, MeanScore: 0.1, Rate: 0},
		4: {N: 1, MeanScore: 0.4, Rate: 1},
		6: {N: 1, MeanScore: 0.6, Rate: 0},
		9: {N: 1, MeanScore: 0.9, Rate: 1},
	}
	for i, c := range ev.Calibration {
		w := want[i] // zero for an empty bin
		assert.Equal(t, w.N, c.N, "bin %d", i)
		assert.InDelta(t, w.MeanScore, c.MeanScore, 1e-12, "bin %d", i)
		assert.InDelta(t, w.Rate, c.Rate, 1e-12, "bin %d", i)
	}

	edges := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, math.Nextafter(0.3, 0), math.Nextafter(0.9, 0), math.Nextafter(1, 0)}
	defect := make([]bool, len(edges))
	defect[0] = true
	ev, err = risk.Evaluate(edges, defect, nil, 0.5)
	require.NoError(t, err)
	counts := make([]int, 10)
	for i, c := range ev.Calibration {
		counts[i] = c.N
		if c.N > 0 {
			assert.True(t, c.MeanScore >= c.Lo && (c.MeanScore < c.Hi || i == 9), "bin %d holds its mean %v", i, c.MeanScore)
		}
	}
	// 0 to 0.9 one each; just below 0.3 in bin 2; just below 0.9 in bin
	// 8, though 10 times it rounds to 9; 1 and just below it in the last
	// bin.
	assert.Equal(t, []int{1, 1, 2, 1, 1, 1, 1, 1, 2, 3}, counts)
}

func TestEvaluateInvalid(t *testing.T) {
	two := []float64{0.2, 0.8}
	both := []bool{false, true}
	cases := []struct {
		name      string
		scores    []float64
		defect    []bool
		effort    []float64
		threshold float64
		oneClass  bool
	}{
		{name: "lengths differ", scores: two, defect: []bool{true}, threshold: 0.5},
		{name: "effort's length differs", scores: two, defect: both, effort: []float64{1}, threshold: 0.5},
		{name: "no changes", threshold: 0.5},
		{name: "NaN score", scores: []float64{math.NaN(), 0.5}, defect: both, threshold: 0.5},
		{name: "infinite score", scores: []float64{math.Inf(1), 0.5}, defect: both, threshold: 0.5},
		{name: "negative score", scores: []float64{-0.1, 0.5}, defect: both, threshold: 0.5}, // not a probability
		{name: "score above 1", scores: []float64{1.1, 0.5}, defect: both, threshold: 0.5},
		{name: "NaN threshold", scores: two, defect: both, threshold: math.NaN()},
		{name: "threshold above 1", scores: two, defect: both, threshold: 1.5},
		{name: "negative threshold", scores: two, defect: both, threshold: -0.5},
		{name: "NaN effort", scores: two, defect: both, effort: []float64{1, math.NaN()}, threshold: 0.5},
		{name: "infinite effort", scores: two, defect: both, effort: []float64{1, math.Inf(1)}, threshold: 0.5},
		{name: "negative effort", scores: two, defect: both, effort: []float64{1, -1}, threshold: 0.5},
		{name: "no effort at all", scores: two, defect: both, effort: []float64{0, 0}, threshold: 0.5}, // x axis undefined
		{name: "effort overflows", scores: two, defect: both, effort: []float64{math.MaxFloat64, math.MaxFloat64}, threshold: 0.5},
		{name: "all clean", scores: two, defect: []bool{false, false}, threshold: 0.5, oneClass: true},
		{name: "one change", scores: []float64{0.5}, defect: []bool{true}, threshold: 0.5, oneClass: true},
		{name: "all defect-inducing", scores: two, defect: []bool{true, true}, effort: []float64{1, 2}, threshold: 0.5, oneClass: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := risk.Evaluate(tc.scores, tc.defect, tc.effort, tc.threshold)
			require.Error(t, err)
			assert.Nil(t, ev)
			assert.True(t, strings.HasPrefix(err.Error(), "risk: evaluate: "), "message %q", err)
			assert.NotContains(t, err.Error(), "\n")
			assert.Equal(t, tc.oneClass, errors.Is(err, risk.ErrOneClass), "ErrOneClass: %v", err)
		})
	}
}

func TestAUCInvalid(t *testing.T) {
	cases := []struct {
		name     string
		scores   []float64
		defect   []bool
		oneClass bool
	}{
		{name: "lengths differ", scores: []float64{1, 2}, defect: []bool{true}},
		{name: "no changes"},
		{name: "NaN score", scores: []float64{math.NaN(), 1}, defect: []bool{true, false}},
		{name: "infinite score", scores: []float64{math.Inf(-1), 1}, defect: []bool{true, false}},
		{name: "one class", scores: []float64{1, 2}, defect: []bool{true, true}, oneClass: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := risk.AUC(tc.scores, tc.defect)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "risk: auc: "), "message %q", err)
			assert.Equal(t, tc.oneClass, errors.Is(err, risk.ErrOneClass), "ErrOneClass: %v", err)
		})
	}
}

// aucByPairs is AUC straight from its definition, over every pair.
func aucByPairs(scores []float64, defect []bool) float64 {
	var won, pairs float64
	for i := range scores {
		for j := range scores {
			if !defect[i] || defect[j] {
				continue
			}
			pairs++
			switch {
			case scores[i] > scores[j]:
				won++
			case scores[i] == scores[j]:
				won += 0.5
			}
		}
	}
	return won / pairs
}

// TestAUCAgainstPairs compares AUC with the O(n²) definition on random
// inputs with many ties, and any real scores.
func TestAUCAgainstPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for trial := range 2000 {
		n := 1 + r.IntN(60)
		scores := make([]float64, n)
		defect := make([]bool, n)
		for i := range n {
			switch trial % 3 {
			case 0: // five levels: ties everywhere
				scores[i] = float64(r.IntN(5)) / 4
			case 1: // any real numbers, a few equal
				scores[i] = float64(r.IntN(20)-10) * 1e6
			default:
				scores[i] = r.NormFloat64()
			}
			defect[i] = r.IntN(3) == 0
		}
		got, err := risk.AUC(scores, defect)
		if !slices.Contains(defect, true) || !slices.Contains(defect, false) {
			require.ErrorIs(t, err, risk.ErrOneClass)
			continue
		}
		require.NoError(t, err)
		require.InDelta(t, aucByPairs(scores, defect), got, 1e-12, "trial %d: %v %v", trial, scores, defect)
	}
}

// inspectDirectly computes recall at 20% effort and Popt as the
// definitions read, one change at a time, for inputs without ties: sort
// by score/effort, add up the effort and the defects, and take the
// trapezoids; the optimal and worst orders sort by actual density,
// defect/effort.
func inspectDirectly(scores []float64, defect []bool, effort []float64) (recall20, popt float64) {
	var total, defects float64
	for i := range effort {
		total += effort[i]
		if defect[i] {
			defects++
		}
	}
	area := func(order []int) (area, recall20 float64) {
		var spent, found float64
		within := true
		for _, i := range order {
			y := found
			if defect[i] {
				found++
			}
			area += effort[i] / total * (y + found) / (2 * defects)
			spent += effort[i]
			if within = within && spent <= total/5; within {
				recall20 = found / defects
			}
		}
		return area, recall20
	}
	sorted := func(key func(i int) float64, byEffort int) []int {
		idx := make([]int, len(scores))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			if c := cmp.Compare(key(b), key(a)); c != 0 {
				return c
			}
			return byEffort * cmp.Compare(effort[a], effort[b])
		})
		return idx
	}
	density := func(i int) float64 {
		if defect[i] {
			return 1 / effort[i]
		}
		return 0
	}
	model, recall20 := area(sorted(func(i int) float64 { return scores[i] / effort[i] }, 1))
	best, _ := area(sorted(density, 1))
	worst, _ := area(sorted(func(i int) float64 { return -density(i) }, -1))
	return recall20, 1 - (best-model)/(best-worst)
}

func TestEffortAwareDirectly(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for trial := range 500 {
		n := 2 + r.IntN(40)
		scores, defect, effort := make([]float64, n), make([]bool, n), make([]float64, n)
		for i := range n {
			scores[i] = r.Float64()
			defect[i] = i == 0 || (i > 1 && r.IntN(3) == 0)
			effort[i] = 0.5 + 100*r.Float64()
		}
		ev, err := risk.Evaluate(scores, defect, effort, 0.5)
		require.NoError(t, err)
		recall20, popt := inspectDirectly(scores, defect, effort)
		require.InDelta(t, recall20, ev.RecallAt20, 1e-9, "trial %d: recall at 20%%", trial)
		require.InDelta(t, popt, ev.Popt, 1e-9, "trial %d: Popt", trial)
	}
}

// randomChanges returns n changes with both outcomes, scores and efforts
// from a few levels, so that ties are common, and some efforts 0.
func randomChanges(r *rand.Rand, n int) (scores []float64, defect []bool, effort []float64) {
	scores, defect, effort = make([]float64, n), make([]bool, n), make([]float64, n)
	for i := range n {
		scores[i] = float64(r.IntN(5)) / 4
		defect[i] = i == 0 || (i > 1 && r.IntN(3) == 0)
		effort[i] = float64(r.IntN(4))
	}
	effort[0] = 1
	return scores, defect, effort
}

// TestPoptBounds checks that the optimal order gets Popt 1, the worst 0,
// and any order something in between.
func TestPoptBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for trial := range 300 {
		_, defect, effort := randomChanges(r, 2+r.IntN(50))
		emax := slices.Max(effort)
		optimal := make([]float64, len(defect))
		worst := make([]float64, len(defect))
		for i, d := range defect {
			if d {
				// Every defect-inducing change first, smallest first.
				optimal[i] = 1
				// Last, and the largest first: density 0.5·effort/emax².
				worst[i] = 0.5 * (effort[i] / emax) * (effort[i] / emax)
			} else {
				worst[i] = 1 // density at least 1/emax
			}
		}
		ev, err := risk.Evaluate(optimal, defect, effort, 0.5)
		require.NoError(t, err)
		require.InDelta(t, 1, ev.Popt, 1e-9, "trial %d: optimal", trial)
		ev, err = risk.Evaluate(worst, defect, effort, 0.5)
		require.NoError(t, err)
		if degenerate(defect, effort) {
			// The clean changes cost nothing and the others all the
			// same: every order is optimal.
			require.Equal(t, 1.0, ev.Popt, "trial %d: worst, also optimal", trial)
		} else {
			require.InDelta(t, 0, ev.Popt, 1e-9, "trial %d: worst", trial)
		}

		scores, defect, effort := randomChanges(r, 2+r.IntN(50))
		ev, err = risk.Evaluate(scores, defect, effort, 0.5)
		require.NoError(t, err)
		require.True(t, ev.Popt >= 0 && ev.Popt <= 1, "trial %d: Popt %v", trial, ev.Popt)
		require.True(t, ev.RecallAt20 >= 0 && ev.RecallAt20 <= 1, "trial %d: recall %v", trial, ev.RecallAt20)
	}
}

// degenerate reports whether the optimal and worst orders have the same
// curve.
func degenerate(defect []bool, effort []float64) bool {
	first := -1.0
	for i, d := range defect {
		switch {
		case !d && effort[i] > 0:
			return false
		case d && first < 0:
			first = effort[i]
		case d && effort[i] != first:
			return false
		}
	}
	return true
}

// TestEvaluateOrder checks that the order of the input, ties included,
// changes nothing.
func TestEvaluateOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for trial := range 200 {
		scores, defect, effort := randomChanges(r, 2+r.IntN(40))
		want, err := risk.Evaluate(scores, defect, effort, 0.5)
		require.NoError(t, err)
		r.Shuffle(len(scores), func(i, j int) {
			scores[i], scores[j] = scores[j], scores[i]
			defect[i], defect[j] = defect[j], defect[i]
			effort[i], effort[j] = effort[j], effort[i]
		})
		got, err := risk.Evaluate(scores, defect, effort, 0.5)
		require.NoError(t, err)
		require.InDelta(t, want.AUC, got.AUC, 1e-12, "trial %d", trial)
		require.InDelta(t, want.Brier, got.Brier, 1e-12, "trial %d", trial)
		require.InDelta(t, want.RecallAt20, got.RecallAt20, 1e-12, "trial %d", trial)
		require.InDelta(t, want.Popt, got.Popt, 1e-12, "trial %d", trial)
	}
}

func TestEvaluationText(t *testing.T) {
	tc := evaluateCases[0]
	ev, err := risk.Evaluate(tc.scores, tc.defect, tc.effort, tc.threshold)
	require.NoError(t, err)
	want := `changes        4, 2 defect-inducing (50.0%)
AUC            0.750
score >= 0.5   precision 0.500, recall 0.500, F1 0.500, accuracy 0.500
Brier          0.185
effort-aware   recall at 20% effort 0.500, Popt 0.923
calibration    score    changes  mean score  defect rate
               0.0-0.1        0
               0.1-0.2        1        0.10         0.00
               0.2-0.3        0
               0.3-0.4        0
               0.4-0.5        1        0.40         1.00
               0.5-0.6        0
               0.6-0.7        1        0.60         0.00
               0.7-0.8        0
               0.8-0.9        0
               0.9-1.0        1        0.90         1.00
`
	assert.Equal(t, want, ev.String())

	// Without effort, no effort line.
	ev, err = risk.Evaluate(tc.scores, tc.defect, nil, tc.threshold)
	require.NoError(t, err)
	assert.NotContains(t, ev.String(), "effort")

	// The zero value renders too.
	assert.Contains(t, new(risk.Evaluation).String(), "changes        0, 0 defect-inducing (0.0%)")
}

// TestEvaluationJSON pins the machine form's field names.
func TestEvaluationJSON(t *testing.T) {
	tc := evaluateCases[0]
	ev, err := risk.Evaluate(tc.scores, tc.defect, tc.effort, tc.threshold)
	require.NoError(t, err)
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	keys := slices.Sorted(maps.Keys(m))
	assert.Equal(t, []string{"accuracy", "auc", "brier", "calibration", "defects", "effort_aware", "f1", "n",
		"popt", "precision", "recall", "recall_at_20", "threshold"}, keys)
	assert.Equal(t, map[string]any{"lo": 0.9, "hi": 1.0, "n": 1.0, "mean_score": 0.9, "rate": 1.0}, m["calibration"].([]any)[9])

	var back risk.Evaluation
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, *ev, back, "round trip")
}

func TestEvaluationLogValue(t *testing.T) {
	tc := evaluateCases[0]
	ev, err := risk.Evaluate(tc.scores, tc.defect, tc.effort, tc.threshold)
	require.NoError(t, err)
	var keys []string
	for _, a := range ev.LogValue().Group() {
		keys = append(keys, a.Key)
	}
	assert.Equal(t, []string{"n", "defects", "auc", "f1", "brier", "recall_at_20", "popt"}, keys)
}

// decodeChanges turns fuzz bytes into changes: the first byte says
// whether there are efforts, then 3 bytes a change: its score in 255ths,
// its outcome in the low bit, its effort.
func decodeChanges(data []byte) (scores []float64, defect []bool, effort []float64) {
	if len(data) == 0 {
		return nil, nil, nil
	}
	withEffort := data[0]&1 == 1
	for b := data[1:]; len(b) >= 3; b = b[3:] {
		scores = append(scores, float64(b[0])/255)
		defect = append(defect, b[1]&1 == 1)
		if withEffort {
			effort = append(effort, float64(b[2]))
		}
	}
	return scores, defect, effort
}

func encodeChanges(scores []float64, defect []bool, effort []float64) []byte {
	b := []byte{0}
	if effort != nil {
		b[0] = 1
	}
	for i, s := range scores {
		var d, e byte
		if defect[i] {
			d = 1
		}
		if effort != nil {
			e = byte(effort[i])
		}
		b = append(b, byte(math.Round(s*255)), d, e)
	}
	return b
}

// FuzzEvaluate checks that Evaluate never panics, that what it refuses it
// refuses with a message of its own, and that what it accepts measures in
// range, agrees with the definition of AUC, and counts every change.
func FuzzEvaluate(f *testing.F) {
	for _, tc := range evaluateCases {
		f.Add(encodeChanges(tc.scores, tc.defect, tc.effort), tc.threshold)
	}
	f.Fuzz(func(t *testing.T, data []byte, threshold float64) {
		scores, defect, effort := decodeChanges(data)
		ev, err := risk.Evaluate(scores, defect, effort, threshold)
		if err != nil {
			require.Nil(t, ev)
			require.True(t, strings.HasPrefix(err.Error(), "risk: evaluate: "), "message %q", err)
			return
		}
		unit := map[string]float64{"AUC": ev.AUC, "precision": ev.Precision, "recall": ev.Recall, "F1": ev.F1,
			"accuracy": ev.Accuracy, "Brier": ev.Brier, "recall at 20%": ev.RecallAt20, "Popt": ev.Popt}
		for name, v := range unit {
			require.True(t, v >= 0 && v <= 1, "%s %v", name, v)
		}
		require.Equal(t, len(scores), ev.N)
		if len(scores) <= 500 {
			require.InDelta(t, aucByPairs(scores, defect), ev.AUC, 1e-9)
		}
		if !ev.EffortAware {
			require.Zero(t, ev.RecallAt20)
			require.Zero(t, ev.Popt)
		}
		n := 0
		for _, c := range ev.Calibration {
			n += c.N
			if c.N > 0 {
				require.True(t, c.MeanScore >= c.Lo-1e-9 && c.MeanScore <= c.Hi+1e-9, "bin [%v, %v) mean %v", c.Lo, c.Hi, c.MeanScore)
			}
		}
		require.Equal(t, ev.N, n, "every change in a bin")
	})
}

// benchmarkChanges is n changes whose outcome follows their score, with
// efforts spread like churn: many small, a few large.
func benchmarkChanges(n int) (scores []float64, defect []bool, effort []float64) {
	r := rand.New(rand.NewPCG(5, 5))
	scores, defect, effort = make([]float64, n), make([]bool, n), make([]float64, n)
	for i := range n {
		scores[i] = r.Float64()
		defect[i] = r.Float64() < scores[i]
		effort[i] = math.Floor(r.ExpFloat64() * 100)
	}
	return scores, defect, effort
}

// BenchmarkEvaluate measures 100,000 changes with effort.
func BenchmarkEvaluate(b *testing.B) {
	scores, defect, effort := benchmarkChanges(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.Evaluate(scores, defect, effort, 0.5); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAUC measures AUC alone on 100,000 changes.
func BenchmarkAUC(b *testing.B) {
	scores, defect, _ := benchmarkChanges(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.AUC(scores, defect); err != nil {
			b.Fatal(err)
		}
	}
}
