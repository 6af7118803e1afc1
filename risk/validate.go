package risk

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Validation is how models fitted by Fit fared on data they were not
// fitted on: one Fold per split, and the mean of each measure over them.
type Validation struct {
	Method string `json:"method"` // "time-ordered" or "k-fold"
	Folds  []Fold `json:"folds"`
	// The means over the folds.
	AUC   float64 `json:"auc"`
	F1    float64 `json:"f1"`
	Brier float64 `json:"brier"`
	// EffortAware is set when the samples had efforts, and RecallAt20
	// and Popt mean something.
	EffortAware bool    `json:"effort_aware"`
	RecallAt20  float64 `json:"recall_at_20,omitempty"`
	Popt        float64 `json:"popt,omitempty"`
}

// Fold is one split: the model fitted on Train samples, evaluated on the
// Test samples, which lie between From and To.
type Fold struct {
	Train      int         `json:"train"`
	Test       int         `json:"test"`
	From       time.Time   `json:"from"`
	To         time.Time   `json:"to"`
	Evaluation *Evaluation `json:"evaluation"`
}

// ValidateOverTime is the honest test of a model meant for the future:
// the samples, ordered by time, are cut into folds+1 consecutive blocks,
// and for each k from 1 to folds a model is fitted on the blocks before
// k (or, with opts.Window, on those within the window) and evaluated on
// block k, as a team would have used it then. threshold is Evaluate's.
// A block whose training data or test data has only one outcome is
// skipped; the error wraps ErrNoData when every block is.
func ValidateOverTime(samples []Sample, folds int, opts FitOptions, threshold float64) (*Validation, error) {
	if folds < 1 || folds+1 > len(samples) {
		return nil, fmt.Errorf("risk: validate: %d folds need 1 to %d (one fewer than the samples)", folds, len(samples)-1)
	}
	s := slices.Clone(samples)
	slices.SortStableFunc(s, func(a, b Sample) int { return a.Time.Compare(b.Time) })
	v := &Validation{Method: "time-ordered"}
	cut := func(k int) int { return k * len(s) / (folds + 1) }
	for k := 1; k <= folds; k++ {
		if err := v.fold(s[:cut(k)], s[cut(k):cut(k+1)], opts, threshold); err != nil {
			return nil, err
		}
	}
	return v.summarise()
}

// ValidateKFold is k-fold cross-validation: the samples, shuffled by
// seed, are cut into k folds, and each is evaluated with a model fitted
// on the others. It mixes the future into the training data, so it
// flatters a model against ValidateOverTime; it is the literature's
// other yardstick, and the one for data without times.
func ValidateKFold(samples []Sample, k int, seed uint64, opts FitOptions, threshold float64) (*Validation, error) {
	if k < 2 || k > len(samples) {
		return nil, fmt.Errorf("risk: validate: %d folds need 2 to %d (the number of samples)", k, len(samples))
	}
	s := slices.Clone(samples)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	v := &Validation{Method: "k-fold"}
	for f := range k {
		lo, hi := f*len(s)/k, (f+1)*len(s)/k
		train := append(slices.Clone(s[:lo]), s[hi:]...)
		if err := v.fold(train, s[lo:hi], opts, threshold); err != nil {
			return nil, err
		}
	}
	return v.summarise()
}

// fold fits on train and evaluates on test, skipping a split with one
// outcome on either side.
func (v *Validation) fold(train, test []Sample, opts FitOptions, threshold float64) error {
	m, err := Fit(train, opts)
	if errors.Is(err, ErrOneClass) || errors.Is(err, ErrNoData) {
		return nil
	}
	if err != nil {
		return err
	}
	ev, err := m.Evaluate(test, threshold)
	if errors.Is(err, ErrOneClass) {
		return nil
	}
	if err != nil {
		return err
	}
	from, to := test[0].Time, test[0].Time
	for _, s := range test {
		if s.Time.Before(from) {
			from = s.Time
		}
		if s.Time.After(to) {
			to = s.Time
		}
	}
	v.Folds = append(v.Folds, Fold{Train: len(train), Test: len(test), From: from, To: to, Evaluation: ev})
	return nil
}

func (v *Validation) summarise() (*Validation, error) {
	if len(v.Folds) == 0 {
		return nil, fmt.Errorf("risk: validate: every fold has one outcome only: %w", ErrNoData)
	}
	n := float64(len(v.Folds))
	for _, f := range v.Folds {
		e := f.Evaluation
		v.AUC += e.AUC / n
		v.F1 += e.F1 / n
		v.Brier += e.Brier / n
		v.RecallAt20 += e.RecallAt20 / n
		v.Popt += e.Popt / n
		v.EffortAware = e.EffortAware
	}
	return v, nil
}

// Evaluate scores the samples with m and evaluates the scores (see the
// package function Evaluate); their efforts are used when any is
// positive.
func (m *Model) Evaluate(samples []Sample, threshold float64) (*Evaluation, error) {
	scores := make([]float64, len(samples))
	defect := make([]bool, len(samples))
	var effort []float64
	for i := range samples {
		scores[i] = m.Probability(&samples[i].Metrics)
		defect[i] = samples[i].Defect
		if samples[i].Effort > 0 && effort == nil {
			effort = make([]float64, len(samples))
		}
	}
	if effort != nil {
		for i := range samples {
			effort[i] = samples[i].Effort
		}
	}
	return Evaluate(scores, defect, effort, threshold)
}

// Drift compares how a model does on recent changes with how it did on
// its training data.
type Drift struct {
	Training *Evaluation `json:"training"`
	Recent   *Evaluation `json:"recent"`
	// AUCDrop is the training AUC less the recent AUC.
	AUCDrop float64 `json:"auc_drop"`
	// Drifted is set when AUCDrop exceeds the limit CheckDrift was given:
	// time to fit the model again.
	Drifted bool `json:"drifted"`
}

// CheckDrift evaluates m on the samples it was trained on and on recent
// ones, and says whether its AUC fell by more than maxDrop (zero means
// 0.05). McIntosh and Kamei (2018) found that just-in-time models lose
// their power as a project changes; this tells a host when to refit.
func CheckDrift(m *Model, training, recent []Sample, maxDrop float64) (*Drift, error) {
	if maxDrop == 0 {
		maxDrop = 0.05
	}
	if !(maxDrop > 0) || math.IsInf(maxDrop, 0) {
		return nil, fmt.Errorf("risk: drift: maxDrop %g is not a positive number", maxDrop)
	}
	tr, err := m.Evaluate(training, 0.5)
	if err != nil {
		return nil, fmt.Errorf("risk: drift: training data: %w", err)
	}
	re, err := m.Evaluate(recent, 0.5)
	if err != nil {
		return nil, fmt.Errorf("risk: drift: recent data: %w", err)
	}
	d := &Drift{Training: tr, Recent: re, AUCDrop: tr.AUC - re.AUC}
	d.Drifted = d.AUCDrop > maxDrop
	return d, nil
}

// WriteText writes the validation for a person: a line per fold and the
// means.
func (v *Validation) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s validation, %d folds: AUC %.3f, F1 %.3f, Brier %.3f", v.Method, len(v.Folds), v.AUC, v.F1, v.Brier)
	if v.EffortAware {
		fmt.Fprintf(b, ", Recall@20%% %.3f, Popt %.3f", v.RecallAt20, v.Popt)
	}
	b.WriteString("\n")
	for _, f := range v.Folds {
		fmt.Fprintf(b, "  train %6d  test %6d  %s to %s  AUC %.3f  F1 %.3f\n", f.Train, f.Test,
			f.From.Format(time.DateOnly), f.To.Format(time.DateOnly), f.Evaluation.AUC, f.Evaluation.F1)
	}
	return b.Flush()
}

// String returns what WriteText writes.
func (v *Validation) String() string {
	var s strings.Builder
	_ = v.WriteText(&s)
	return s.String()
}
