package risk

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strings"
)

// ErrOneClass reports training or evaluation data with only one outcome:
// every change defect-inducing, or none. Nothing can be learnt from such
// data, and AUC, recall and Popt are undefined on it.
var ErrOneClass = errors.New("only one outcome")

// calibrationBins is how many equal-width bins of score Evaluate's
// calibration table has.
const calibrationBins = 10

// Evaluation is how well risk scores rank and classify changes whose
// outcome is known. Evaluate computes it; the comments on its fields give
// each measure's definition.
//
// The references are:
//   - Kamei, Shihab, Adams, Hassan, Mockus, Sinha, Ubayashi, "A Large-Scale
//     Empirical Study of Just-in-Time Quality Assurance", IEEE TSE 39(6),
//     2013;
//   - Mende and Koschke, "Effort-Aware Defect Prediction Models", CSMR 2010;
//   - Yang, Zhou, Liu, Zhao, Lu, Xu, Xu, Leung, "Effort-Aware Just-in-Time
//     Defect Prediction: Simple Unsupervised Models Could Be Better Than
//     Supervised Models", FSE 2016.
type Evaluation struct {
	// N is how many changes were scored, Defects how many of them
	// induced a defect.
	N       int `json:"n"`
	Defects int `json:"defects"`

	// AUC is the area under the ROC curve: the probability that a
	// defect-inducing change scores higher than a clean one, both drawn
	// at random, a tie counting one half (the Mann–Whitney U statistic
	// divided by the number of pairs). 0.5 is no better than chance.
	AUC float64 `json:"auc"`

	// Threshold splits the scores into predictions: a score at or above
	// it predicts a defect. Precision is the share of the changes
	// predicted defect-inducing that were (0 when none is predicted),
	// Recall the share of the defect-inducing changes predicted so, F1
	// their harmonic mean (0 when both are 0) and Accuracy the share of
	// all changes predicted right.
	Threshold float64 `json:"threshold"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`

	// Brier is the Brier score, the mean squared difference between a
	// change's score and its outcome (1 for defect-inducing, 0 for
	// clean): 0 is perfect, 0.25 is what a constant score of 0.5 gets.
	Brier float64 `json:"brier"`

	// EffortAware is true when Evaluate was given each change's effort
	// (the cost of inspecting it: Kamei et al. use its churn, the lines
	// added and deleted). Otherwise RecallAt20 and Popt are 0.
	//
	// Effort-aware measures follow a team that inspects the changes in
	// descending order of risk per unit of effort, score/effort, until
	// it runs out of time: the order of Mende and Koschke's effort-aware
	// models, and the one Kamei et al.'s effort-aware regression (EALR)
	// predicts directly, since it is fitted on defect/effort. Equal
	// densities are broken by smaller effort first. Changes with equal
	// density and equal effort are interchangeable: the measures are
	// averaged over their orders (on the curve below they make one
	// straight segment), so that, as with AUC's ties, the input order
	// never matters. For the ranking only, an effort of 0 counts as the
	// smallest positive effort among the changes, so the density stays
	// finite and such a change comes just before the cheapest changes
	// with the same score; it still costs nothing to inspect.
	EffortAware bool `json:"effort_aware"`

	// RecallAt20 is the share of the defect-inducing changes found by
	// inspecting changes in that order while the effort spent stays
	// within 20% of the total effort of all changes; the change that
	// would cross the 20% line is not inspected. Yang et al. call it
	// ACC. (Some implementations, such as the R scripts of Fu and
	// Menzies's replication of Yang et al., also count that last
	// change: they differ by at most one change.)
	RecallAt20 float64 `json:"recall_at_20"`

	// Popt measures the whole inspection curve, the effort-based Alberg
	// diagram: x is the share of the total effort spent, y the share of
	// the defect-inducing changes found, from (0, 0) to (1, 1), joined
	// by straight lines (the trapezoid rule). The optimal order inspects
	// the defect-inducing changes first, the smallest first (descending
	// actual defect density), and the worst the clean changes first,
	// then the defect-inducing ones, the largest first (ascending
	// density). Mende and Koschke define Popt as 1 - Δopt, Δopt the
	// area between the optimal curve and the model's, and Kamei et al.
	// use it for changes; this is Yang et al.'s form, normalised by the
	// worst order so that it spans [0, 1]:
	//
	//	Popt = 1 - (Area(optimal) - Area(model)) / (Area(optimal) - Area(worst))
	//
	// 1 is the optimal order, 0 the worst, and a random order gets about
	// 0.5. When the optimal and worst areas are equal, every order is
	// optimal and Popt is 1.
	Popt float64 `json:"popt"`

	// Calibration has 10 bins of equal width over the scores,
	// [0, 0.1), [0.1, 0.2), ..., [0.9, 1]: how far each bin's mean score
	// is from its observed defect rate. Every bin is listed, the empty
	// ones with zeros.
	Calibration []CalibrationBin `json:"calibration"`
}

// CalibrationBin is one bin of a calibration table: the N changes whose
// score lies in [Lo, Hi) (in [Lo, Hi] for the last bin), their mean score
// and the share of them that induced a defect, Rate. Scores are well
// calibrated when MeanScore and Rate agree in every bin. An empty bin has
// MeanScore and Rate 0.
type CalibrationBin struct {
	Lo        float64 `json:"lo"`
	Hi        float64 `json:"hi"`
	N         int     `json:"n"`
	MeanScore float64 `json:"mean_score"`
	Rate      float64 `json:"rate"`
}

// Evaluate measures scores, one per change, against the changes' known
// outcomes: defect[i] is true when change i induced a defect. The scores
// are probabilities: each must lie in [0, 1], as must threshold, which
// splits them into predictions (see [Evaluation.Threshold]). effort may
// be nil or empty; otherwise effort[i] is the cost of inspecting change
// i, a finite number at least 0, and the effort-aware measures are
// computed too (see [Evaluation.EffortAware]).
//
// Evaluate returns an error for input it cannot measure: lengths that
// differ, no changes, a score or effort that is NaN, infinite or out of
// range, or efforts that are all 0. When every change has the same
// outcome, the error wraps [ErrOneClass]. It never returns NaN.
//
// Evaluate takes O(n log n) time for n changes: it sorts the scores of
// each class for AUC, and, for the effort-aware measures, the changes in
// their order of inspection and the efforts of the defect-inducing ones.
func Evaluate(scores []float64, defect []bool, effort []float64, threshold float64) (*Evaluation, error) {
	const op = "evaluate"
	if err := checkScores(op, scores, defect); err != nil {
		return nil, err
	}
	for i, s := range scores {
		if s < 0 || s > 1 {
			return nil, fmt.Errorf("risk: %s: score %d is %g, outside [0, 1]", op, i, s)
		}
	}
	if !(threshold >= 0 && threshold <= 1) {
		return nil, fmt.Errorf("risk: %s: threshold %g outside [0, 1]", op, threshold)
	}
	var total float64
	if len(effort) > 0 {
		if len(effort) != len(scores) {
			return nil, fmt.Errorf("risk: %s: len(effort) is %d, len(scores) is %d", op, len(effort), len(scores))
		}
		for i, e := range effort {
			if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
				return nil, fmt.Errorf("risk: %s: effort %d is %g, not a finite number at least 0", op, i, e)
			}
			total += e
		}
		switch {
		case total == 0:
			return nil, fmt.Errorf("risk: %s: every effort is 0", op)
		case math.IsInf(total, 0):
			return nil, fmt.Errorf("risk: %s: the efforts add up to more than %g", op, math.MaxFloat64)
		}
	}
	defects, err := checkClasses(op, defect)
	if err != nil {
		return nil, err
	}

	n := len(scores)
	ev := &Evaluation{N: n, Defects: defects, Threshold: threshold, EffortAware: total > 0}
	ev.AUC = auc(scores, defect, defects)

	var tp, fp, tn int
	var sq float64
	bins := make([]CalibrationBin, calibrationBins)
	for i := range bins {
		bins[i].Lo = float64(i) / calibrationBins
		bins[i].Hi = float64(i+1) / calibrationBins
	}
	for i, s := range scores {
		y := 0.0
		if defect[i] {
			y = 1
		}
		sq += (s - y) * (s - y)
		switch predicted := s >= threshold; {
		case predicted && defect[i]:
			tp++
		case predicted:
			fp++
		case !defect[i]:
			tn++
		}
		b := &bins[bin(s)]
		b.N++
		b.MeanScore += s
		b.Rate += y
	}
	for i := range bins {
		if b := &bins[i]; b.N > 0 {
			b.MeanScore /= float64(b.N)
			b.Rate /= float64(b.N)
		}
	}
	ev.Calibration = bins
	ev.Brier = sq / float64(n)
	ev.Accuracy = float64(tp+tn) / float64(n)
	ev.Recall = float64(tp) / float64(defects)
	if tp+fp > 0 {
		ev.Precision = float64(tp) / float64(tp+fp)
	}
	if ev.Precision+ev.Recall > 0 {
		ev.F1 = 2 * ev.Precision * ev.Recall / (ev.Precision + ev.Recall)
	}
	if ev.EffortAware {
		ev.RecallAt20, ev.Popt = effortAware(scores, defect, effort, total, defects)
	}
	return ev, nil
}

// AUC returns the area under the ROC curve of scores against outcomes, as
// [Evaluation.AUC] defines it. Unlike [Evaluate], it takes any finite
// scores, not only probabilities: only their order matters, so a single
// metric (a change's number of files, say) can be measured as a ranking.
// It returns an error when the lengths differ, there are no scores, a
// score is NaN or infinite, or (wrapping [ErrOneClass]) every change has
// the same outcome. It takes O(n log n) time.
func AUC(scores []float64, defect []bool) (float64, error) {
	const op = "auc"
	if err := checkScores(op, scores, defect); err != nil {
		return 0, err
	}
	defects, err := checkClasses(op, defect)
	if err != nil {
		return 0, err
	}
	return auc(scores, defect, defects), nil
}

// checkScores checks the input common to Evaluate and AUC.
func checkScores(op string, scores []float64, defect []bool) error {
	switch {
	case len(scores) != len(defect):
		return fmt.Errorf("risk: %s: len(scores) is %d, len(defect) is %d", op, len(scores), len(defect))
	case len(scores) == 0:
		return fmt.Errorf("risk: %s: no scores", op)
	}
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return fmt.Errorf("risk: %s: score %d is %g", op, i, s)
		}
	}
	return nil
}

// checkClasses counts the defect-inducing changes and refuses a single
// outcome.
func checkClasses(op string, defect []bool) (int, error) {
	defects := 0
	for _, d := range defect {
		if d {
			defects++
		}
	}
	switch {
	case len(defect) == 1 && defects == 1:
		return 0, fmt.Errorf("risk: %s: the only change is defect-inducing: %w", op, ErrOneClass)
	case len(defect) == 1:
		return 0, fmt.Errorf("risk: %s: the only change is clean: %w", op, ErrOneClass)
	case defects == 0:
		return 0, fmt.Errorf("risk: %s: none of the %d changes is defect-inducing: %w", op, len(defect), ErrOneClass)
	case defects == len(defect):
		return 0, fmt.Errorf("risk: %s: all %d changes are defect-inducing: %w", op, len(defect), ErrOneClass)
	}
	return defects, nil
}

// auc sorts the scores of the defect-inducing changes and of the clean
// ones apart, then walks both: each defect-inducing change wins the pairs
// with the clean changes below its score, and half of those at it.
func auc(scores []float64, defect []bool, defects int) float64 {
	pos := make([]float64, 0, defects)
	neg := make([]float64, 0, len(scores)-defects)
	for i, s := range scores {
		if defect[i] {
			pos = append(pos, s)
		} else {
			neg = append(neg, s)
		}
	}
	slices.Sort(pos)
	slices.Sort(neg)
	var won float64
	below := 0 // clean changes that score less than pos[i]
	for i := 0; i < len(pos); {
		v := pos[i]
		j := i + 1
		for j < len(pos) && pos[j] == v {
			j++
		}
		for below < len(neg) && neg[below] < v {
			below++
		}
		tied := below
		for tied < len(neg) && neg[tied] == v {
			tied++
		}
		won += float64(j-i) * (float64(below) + float64(tied-below)/2)
		i = j
	}
	return won / (float64(len(pos)) * float64(len(neg)))
}

// bin returns the calibration bin of a score in [0, 1], checked against
// the bounds the bins report so that rounding never puts a score in a bin
// that does not contain it.
func bin(s float64) int {
	k := min(int(s*calibrationBins), calibrationBins-1)
	switch {
	case k > 0 && s < float64(k)/calibrationBins:
		k--
	case k < calibrationBins-1 && s >= float64(k+1)/calibrationBins:
		k++
	}
	return k
}

// inspection is a change as an inspector sees it.
type inspection struct {
	density float64 // score per unit of effort: the order of inspection
	effort  float64
	defect  bool
}

// effortAware returns RecallAt20 and Popt; total is the efforts' sum,
// positive.
func effortAware(scores []float64, defect []bool, effort []float64, total float64, defects int) (recall20, popt float64) {
	smallest := math.Inf(1)
	for _, e := range effort {
		if e > 0 {
			smallest = min(smallest, e)
		}
	}
	xs := make([]inspection, len(scores))
	for i, s := range scores {
		xs[i] = inspection{s / max(effort[i], smallest), effort[i], defect[i]}
	}
	// Neither density nor effort is NaN, so plain comparisons do (and
	// are faster than cmp.Compare).
	slices.SortFunc(xs, func(a, b inspection) int {
		switch {
		case a.density > b.density:
			return -1
		case a.density < b.density:
			return 1
		case a.effort < b.effort:
			return -1
		case a.effort > b.effort:
			return 1
		}
		return 0
	})
	model, recall20 := inspect(xs, total, defects)

	// The optimal and worst orders differ only in where the clean
	// changes go and which way the defect-inducing ones are sorted by
	// effort; the order among the clean changes does not move the curve.
	defective := make([]float64, 0, defects)
	var clean float64
	for i, e := range effort {
		if defect[i] {
			defective = append(defective, e)
		} else {
			clean += e
		}
	}
	slices.Sort(defective)
	d := float64(defects)
	// Optimal: the defect-inducing changes first, smallest first, then
	// the clean ones at full recall.
	var best float64
	for k, e := range defective {
		best += e / total * float64(2*k+1) / (2 * d)
	}
	best += clean / total
	// Worst: the clean changes first, at recall 0, then the
	// defect-inducing ones, largest first.
	var worst float64
	for k := range defective {
		worst += defective[len(defective)-1-k] / total * float64(2*k+1) / (2 * d)
	}

	if best-worst <= 0 {
		return recall20, 1
	}
	popt = 1 - (best-model)/(best-worst)
	return recall20, min(max(popt, 0), 1)
}

// inspect walks changes in their order of inspection and returns the area
// under the effort–recall curve and the recall within 20% of the total
// effort. A run of changes of equal density and effort is one segment of
// the curve, and the recall counts the defects expected among those of
// the run that fit in the budget, whichever they are.
func inspect(xs []inspection, total float64, defects int) (area, recall20 float64) {
	budget := total / 5
	d := float64(defects)
	var spent, found float64
	counting := true
	for i := 0; i < len(xs); {
		j := i + 1
		for j < len(xs) && xs[j].density == xs[i].density && xs[j].effort == xs[i].effort {
			j++
		}
		var hits float64
		for _, x := range xs[i:j] {
			if x.defect {
				hits++
			}
		}
		k := float64(j - i)
		cost := k * xs[i].effort
		if counting {
			if spent+cost <= budget {
				recall20 = (found + hits) / d
			} else {
				// cost > 0, so the effort is positive; fewer than k fit.
				fit := min(math.Floor((budget-spent)/xs[i].effort), k)
				recall20 = (found + hits*fit/k) / d
				counting = false
			}
		}
		area += cost / total * (2*found + hits) / (2 * d)
		spent += cost
		found += hits
		i = j
	}
	return area, recall20
}

// WriteText writes the evaluation for a person, a measure a line, with
// the calibration table last:
//
//	changes        4, 2 defect-inducing (50.0%)
//	AUC            0.750
//	score >= 0.5   precision 0.500, recall 0.500, F1 0.500, accuracy 0.500
//	Brier          0.185
//	effort-aware   recall at 20% effort 0.500, Popt 0.923
//	calibration    score    changes  mean score  defect rate
//	               0.0-0.1        0
//	               0.1-0.2        1        0.10         0.00
//	               ...
//
// The layout may change; the JSON form is the stable one. WriteText
// returns the first error writing to w.
func (ev *Evaluation) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	line := func(label, format string, args ...any) {
		fmt.Fprintf(b, "%-14s %s\n", label, fmt.Sprintf(format, args...))
	}
	line("changes", "%d, %d defect-inducing (%.1f%%)", ev.N, ev.Defects, 100*float64(ev.Defects)/float64(max(ev.N, 1)))
	line("AUC", "%.3f", ev.AUC)
	line(fmt.Sprintf("score >= %g", ev.Threshold), "precision %.3f, recall %.3f, F1 %.3f, accuracy %.3f",
		ev.Precision, ev.Recall, ev.F1, ev.Accuracy)
	line("Brier", "%.3f", ev.Brier)
	if ev.EffortAware {
		line("effort-aware", "recall at 20%% effort %.3f, Popt %.3f", ev.RecallAt20, ev.Popt)
	}
	if len(ev.Calibration) > 0 {
		line("calibration", "%-7s  %7s  %10s  %11s", "score", "changes", "mean score", "defect rate")
		for _, c := range ev.Calibration {
			if c.N == 0 {
				line("", "%.1f-%.1f  %7d", c.Lo, c.Hi, c.N)
				continue
			}
			line("", "%.1f-%.1f  %7d  %10.2f  %11.2f", c.Lo, c.Hi, c.N, c.MeanScore, c.Rate)
		}
	}
	return b.Flush()
}

// String returns the evaluation as WriteText writes it.
func (ev *Evaluation) String() string {
	var b strings.Builder
	_ = ev.WriteText(&b)
	return b.String()
}

// LogValue logs the counts and the headline measures.
func (ev *Evaluation) LogValue() slog.Value {
	attrs := []slog.Attr{slog.Int("n", ev.N), slog.Int("defects", ev.Defects),
		slog.Float64("auc", ev.AUC), slog.Float64("f1", ev.F1), slog.Float64("brier", ev.Brier)}
	if ev.EffortAware {
		attrs = append(attrs, slog.Float64("recall_at_20", ev.RecallAt20), slog.Float64("popt", ev.Popt))
	}
	return slog.GroupValue(attrs...)
}
