package risk

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Sample is a change whose outcome is known: its metrics, and whether it
// induced a defect. Time places it in the history, for FitOptions.Window
// and for time-ordered evaluation.
type Sample struct {
	ID      string
	Time    time.Time
	Metrics Metrics
	Defect  bool
	// Effort is the cost of inspecting the change, for the effort-aware
	// measures of Evaluate: its churn (LA + LD), or what the host
	// measures. Zero everywhere means unknown.
	Effort float64
}

// FitOptions tune Fit. The zero value considers every metric,
// log1p-transformed (FIX and Entropy as they are), fits on every sample
// with DefaultLambda, and drops constant metrics and, of each pair
// correlated above 0.8, the one that tells less of the outcome.
type FitOptions struct {
	// Lambda is the strength of the L2 penalty on the standardised
	// weights, per sample; zero means DefaultLambda.
	Lambda float64
	// Window, when positive, fits only the samples within Window before
	// the latest one: McIntosh and Kamei (2018) found that models must
	// follow a project as it changes.
	Window time.Duration
	// Balanced weights the classes equally, as if there were as many
	// defect-inducing changes as others; DefectWeight, when positive,
	// weights each defect-inducing change by it instead.
	Balanced     bool
	DefectWeight float64
	// Metrics are the metrics to consider; nil means all.
	Metrics []Metric
	// MaxCorrelation is the largest absolute correlation (of the
	// transformed metrics, in the training data) allowed between two
	// metrics of the model: of a pair above it, the one less correlated
	// with the outcome is dropped (Kamei et al. dropped ND and REXP so).
	// Zero means 0.8; 1 keeps every metric.
	MaxCorrelation float64
	// Levels go into the model.
	Levels Levels
}

// DefaultLambda is the penalty Fit uses by default.
const DefaultLambda = 1e-3

// Errors of Fit.
var (
	// ErrNoData reports no samples to fit, or none in the window.
	ErrNoData = errors.New("no data")
	// ErrInvalidSample reports a sample Fit cannot use: a metric that is
	// NaN, infinite or negative.
	ErrInvalidSample = errors.New("invalid sample")
)

// Fit fits a model to samples by L2-regularised logistic regression: each
// metric is transformed (log1p, except FIX and Entropy), standardised
// with the training data's mean and standard deviation, metrics that are
// constant, or too correlated with one that tells more of the outcome,
// are dropped, and the
// weights are found by Newton's method to a tolerance of 1e-10. The
// result depends only on the samples, their order included, and the
// options. Perfectly separable data gives finite weights, held by the
// penalty.
//
// The error wraps ErrNoData, ErrInvalidSample (naming the sample and
// metric), ErrOneClass for data with only one outcome, or reports options
// out of range.
func Fit(samples []Sample, opts FitOptions) (*Model, error) {
	lambda := opts.Lambda
	switch {
	case lambda == 0:
		lambda = DefaultLambda
	case !(lambda > 0) || math.IsInf(lambda, 0):
		return nil, fmt.Errorf("risk: fit: lambda %g is not a positive number", lambda)
	}
	maxCorr := opts.MaxCorrelation
	switch {
	case maxCorr == 0:
		maxCorr = 0.8
	case !(maxCorr > 0 && maxCorr <= 1):
		return nil, fmt.Errorf("risk: fit: MaxCorrelation %g is not in (0, 1]", maxCorr)
	}
	if opts.DefectWeight < 0 || math.IsNaN(opts.DefectWeight) || math.IsInf(opts.DefectWeight, 0) {
		return nil, fmt.Errorf("risk: fit: DefectWeight %g is not a positive number", opts.DefectWeight)
	}
	if opts.Levels != (Levels{}) {
		if err := opts.Levels.orDefault().validate(); err != nil {
			return nil, err
		}
	}
	metrics := opts.Metrics
	if metrics == nil {
		metrics = make([]Metric, NumMetrics)
		for i := range metrics {
			metrics[i] = Metric(i)
		}
	}
	var chosen [NumMetrics]bool
	for _, mt := range metrics {
		if int(mt) >= NumMetrics {
			return nil, fmt.Errorf("risk: fit: unknown metric %d", mt)
		}
		chosen[mt] = true
	}

	// Every sample is checked, in or out of the window, so that an error
	// names its place in samples.
	for i := range samples {
		s := &samples[i]
		for mt, v := range s.Metrics {
			if chosen[mt] && (math.IsNaN(v) || math.IsInf(v, 0) || v < 0) {
				return nil, fmt.Errorf("risk: fit: sample %d (%s): %s is %g: %w", i, quote(s.ID), Metric(mt), v, ErrInvalidSample)
			}
		}
	}
	// The training set: the window.
	train := samples
	if opts.Window > 0 && len(samples) > 0 {
		latest := samples[0].Time
		for _, s := range samples {
			if s.Time.After(latest) {
				latest = s.Time
			}
		}
		from := latest.Add(-opts.Window)
		train = make([]Sample, 0, len(samples))
		for _, s := range samples {
			if !s.Time.Before(from) {
				train = append(train, s)
			}
		}
	}
	if len(train) == 0 {
		return nil, fmt.Errorf("risk: fit: no samples: %w", ErrNoData)
	}
	defects := 0
	for i := range train {
		if train[i].Defect {
			defects++
		}
	}
	if defects == 0 || defects == len(train) {
		return nil, fmt.Errorf("risk: fit: %d samples, all with the same outcome: %w", len(train), ErrOneClass)
	}

	// Sample weights.
	wDefect, wClean := 1.0, 1.0
	switch {
	case opts.DefectWeight > 0:
		wDefect = opts.DefectWeight
	case opts.Balanced:
		n := float64(len(train))
		wDefect, wClean = n/(2*float64(defects)), n/(2*float64(len(train)-defects))
	}

	// Transform and standardise.
	var terms []Term
	var dropped []Dropped
	for mt := range NumMetrics {
		if !chosen[mt] {
			continue
		}
		t := Term{Metric: Metric(mt), Log: Metric(mt) != FIX && Metric(mt) != Entropy}
		var sum float64
		for i := range train {
			sum += t.raw(train[i].Metrics[mt])
		}
		t.Mean = sum / float64(len(train))
		var ss float64
		for i := range train {
			d := t.raw(train[i].Metrics[mt]) - t.Mean
			ss += d * d
		}
		t.Scale = math.Sqrt(ss / float64(len(train)))
		if !(t.Scale > 1e-12*math.Max(1, math.Abs(t.Mean))) {
			dropped = append(dropped, Dropped{Metric: t.Metric, Reason: "constant in the training data"})
			continue
		}
		terms = append(terms, t)
	}
	// Columns of standardised values, one per term, for the correlations
	// and the regression.
	n := len(train)
	cols := make([][]float64, len(terms))
	for k := range terms {
		col := make([]float64, n)
		for i := range train {
			col[i] = terms[k].x(train[i].Metrics[terms[k].Metric])
		}
		cols[k] = col
	}
	// Of each pair too correlated, keep the metric more correlated with
	// the outcome: consider them in that order, and drop one too
	// correlated with a metric already kept.
	rate := float64(defects) / float64(n)
	assoc := make([]float64, len(terms))
	for k := range terms {
		for i := range train {
			y := -rate
			if train[i].Defect {
				y = 1 - rate
			}
			assoc[k] += cols[k][i] * y
		}
		assoc[k] = math.Abs(assoc[k])
	}
	byAssoc := make([]int, len(terms))
	for k := range byAssoc {
		byAssoc[k] = k
	}
	slices.SortStableFunc(byAssoc, func(a, b int) int { return cmp.Compare(assoc[b], assoc[a]) })
	keep := make([]bool, len(terms))
	var kept []int
	for _, k := range byAssoc {
		keep[k] = true
		for _, j := range kept {
			var r float64
			for i := range n {
				r += cols[k][i] * cols[j][i]
			}
			r /= float64(n)
			if math.Abs(r) > maxCorr {
				keep[k] = false
				dropped = append(dropped, Dropped{Metric: terms[k].Metric,
					Reason: fmt.Sprintf("correlation %.2f with %s, which tells more of the outcome", r, terms[j].Metric)})
				break
			}
		}
		if keep[k] {
			kept = append(kept, k)
		}
	}
	slices.Sort(kept)
	slices.SortStableFunc(dropped, func(a, b Dropped) int { return cmp.Compare(a.Metric, b.Metric) })
	var final []Term
	var X [][]float64
	for _, k := range kept {
		final = append(final, terms[k])
		X = append(X, cols[k])
	}

	y := make([]float64, n)
	w := make([]float64, n)
	for i := range train {
		if train[i].Defect {
			y[i], w[i] = 1, wDefect
		} else {
			w[i] = wClean
		}
	}
	beta, err := newton(X, y, w, lambda)
	if err != nil {
		return nil, err
	}
	m := &Model{Intercept: beta[0], Terms: final, Levels: opts.Levels,
		Training: &Training{Changes: n, Defects: defects, Dropped: dropped, Lambda: lambda}}
	for k := range m.Terms {
		m.Terms[k].Weight = beta[k+1]
	}
	return m, nil
}

// raw is the term's transformed value of v, before standardisation.
func (t *Term) raw(v float64) float64 {
	if t.Log {
		return log1p(v)
	}
	return v
}

// newton minimises the weighted mean logistic loss plus lambda/2 times
// the squared weights (the intercept, beta[0], unpenalised) by Newton's
// method with step halving. X holds one column per feature.
func newton(X [][]float64, y, w []float64, lambda float64) ([]float64, error) {
	p := len(X) + 1
	n := len(y)
	var wsum float64
	for _, v := range w {
		wsum += v
	}
	beta := make([]float64, p)
	// Start the intercept at the weighted base rate.
	var pos float64
	for i := range n {
		pos += w[i] * y[i]
	}
	rate := pos / wsum
	beta[0] = math.Log(rate / (1 - rate))

	z := make([]float64, n)
	loss := func(b []float64) float64 {
		var l float64
		for i := range n {
			zi := b[0]
			for k := range X {
				zi += b[k+1] * X[k][i]
			}
			z[i] = zi
			// log(1+exp(z)) - y z, stably.
			l += w[i] * (softplus(zi) - y[i]*zi)
		}
		l /= wsum
		for k := 1; k < p; k++ {
			l += lambda / 2 * b[k] * b[k]
		}
		return l
	}
	grad := make([]float64, p)
	hess := make([]float64, p*p)
	row := make([]float64, p)
	cur := loss(beta)
	next := make([]float64, p)
	for iter := 0; iter < 100; iter++ {
		clear(grad)
		clear(hess)
		for i := range n {
			pi := sigmoid(z[i])
			row[0] = 1
			for k := range X {
				row[k+1] = X[k][i]
			}
			g := w[i] * (pi - y[i])
			h := w[i] * pi * (1 - pi)
			for a := range p {
				grad[a] += g * row[a]
				ha := h * row[a]
				for b := 0; b <= a; b++ {
					hess[a*p+b] += ha * row[b]
				}
			}
		}
		for a := range p {
			grad[a] /= wsum
			for b := 0; b <= a; b++ {
				hess[a*p+b] /= wsum
				hess[b*p+a] = hess[a*p+b]
			}
			if a > 0 {
				grad[a] += lambda * beta[a]
				hess[a*p+a] += lambda
			}
		}
		step, ok := solve(hess, grad, p)
		if !ok {
			return nil, errors.New("risk: fit: the problem is singular; raise Lambda")
		}
		// Step halving: Newton's step, shortened until the loss falls.
		t := 1.0
		var nl float64
		for {
			for a := range p {
				next[a] = beta[a] - t*step[a]
			}
			if nl = loss(next); nl <= cur || t < 1e-10 {
				break
			}
			t /= 2
		}
		var move float64
		for a := range p {
			move = math.Max(move, math.Abs(next[a]-beta[a]))
		}
		copy(beta, next)
		cur = nl
		if move < 1e-10 {
			break
		}
	}
	for _, b := range beta {
		if !finite(b) {
			return nil, errors.New("risk: fit: the weights did not converge; raise Lambda")
		}
	}
	return beta, nil
}

func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// solve solves A x = b for a symmetric positive definite A (p by p, row
// major) by Cholesky decomposition; false if A is not positive definite.
func solve(A, b []float64, p int) ([]float64, bool) {
	L := make([]float64, p*p)
	for i := range p {
		for j := 0; j <= i; j++ {
			s := A[i*p+j]
			for k := range j {
				s -= L[i*p+k] * L[j*p+k]
			}
			if i == j {
				if !(s > 0) {
					return nil, false
				}
				L[i*p+i] = math.Sqrt(s)
			} else {
				L[i*p+j] = s / L[j*p+j]
			}
		}
	}
	x := make([]float64, p)
	for i := range p { // L y = b
		s := b[i]
		for k := range i {
			s -= L[i*p+k] * x[k]
		}
		x[i] = s / L[i*p+i]
	}
	for i := p - 1; i >= 0; i-- { // L^T x = y
		s := x[i]
		for k := i + 1; k < p; k++ {
			s -= L[k*p+i] * x[k]
		}
		x[i] = s / L[i*p+i]
	}
	return x, true
}
