package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Level is a coarse reading of a probability, for policies and people.
type Level uint8

const (
	Low Level = iota
	Medium
	High
	Critical
)

var levelNames = [...]string{"low", "medium", "high", "critical"}

func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", l)
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) {
	if int(l) >= len(levelNames) {
		return nil, fmt.Errorf("risk: unknown level %d", l)
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("risk: unknown level %q", b)
}

// Levels are the probabilities from which a score is Medium, High and
// Critical; below Medium it is Low. A zero field takes its value from
// DefaultLevels, so the zero value is DefaultLevels.
type Levels struct {
	Medium   float64 `json:"medium"`
	High     float64 `json:"high"`
	Critical float64 `json:"critical"`
}

// DefaultLevels split the probabilities at 0.25, 0.5 and 0.75.
func DefaultLevels() Levels { return Levels{Medium: 0.25, High: 0.5, Critical: 0.75} }

// orDefault fills the zero fields from DefaultLevels.
func (l Levels) orDefault() Levels {
	d := DefaultLevels()
	if l.Medium == 0 {
		l.Medium = d.Medium
	}
	if l.High == 0 {
		l.High = d.High
	}
	if l.Critical == 0 {
		l.Critical = d.Critical
	}
	return l
}

func (l Levels) validate() error {
	if !(0 < l.Medium && l.Medium <= l.High && l.High <= l.Critical && l.Critical <= 1) {
		return fmt.Errorf("risk: levels %g, %g, %g are not 0 < medium <= high <= critical <= 1", l.Medium, l.High, l.Critical)
	}
	return nil
}

// Of returns the level of probability p, with the zero fields of l
// taken from DefaultLevels.
func (l Levels) Of(p float64) Level {
	l = l.orDefault()
	switch {
	case p >= l.Critical:
		return Critical
	case p >= l.High:
		return High
	case p >= l.Medium:
		return Medium
	}
	return Low
}

// Model is a logistic model of the probability that a change induces a
// defect: each Term turns one metric into a contribution to the log-odds,
// and the contributions add up with the Intercept. A Model marshals to
// JSON, so a host can fit once and ship the coefficients.
type Model struct {
	// Intercept is the log-odds of a change whose every metric is at its
	// term's Mean: an average change of the training data.
	Intercept float64 `json:"intercept"`
	Terms     []Term  `json:"terms"`
	// Levels read the probability; zero fields mean DefaultLevels'.
	Levels Levels `json:"levels"`
	// Training describes the data the model was fitted on; empty for a
	// model made by hand.
	Training *Training `json:"training,omitempty"`
}

// Term is one metric's part in a model: the metric is transformed
// (log1p when Log is set), standardised with Mean and Scale, and
// multiplied by Weight, giving its contribution to the log-odds.
type Term struct {
	Metric Metric  `json:"metric"`
	Log    bool    `json:"log1p"`
	Mean   float64 `json:"mean"`
	Scale  float64 `json:"scale"`
	Weight float64 `json:"weight"`
}

// x returns the term's standardised value of v.
func (t *Term) x(v float64) float64 {
	v = t.raw(v)
	if !(t.Scale > 0) { // a hand-made term; ParseModel refuses it
		return v - t.Mean
	}
	return (v - t.Mean) / t.Scale
}

// Training describes what a model was fitted on.
type Training struct {
	Changes int `json:"changes"`
	Defects int `json:"defects"`
	// Dropped are the metrics left out, with the reason.
	Dropped []Dropped `json:"dropped,omitempty"`
	Lambda  float64   `json:"lambda"`
}

// Dropped is a metric Fit left out of a model, and why.
type Dropped struct {
	Metric Metric `json:"metric"`
	Reason string `json:"reason"`
}

// Factor is one part of an assessment: a metric of a change, or a
// fact about a release.
type Factor struct {
	Name  string  `json:"name"` // the metric's name ("LA"), or the fact's ("weekend")
	Value float64 `json:"value"`
	// Contribution is what the metric added to the log-odds, against a
	// change at the training mean: positive pushes the risk up.
	Contribution float64 `json:"contribution"`
}

// Assessment is a model's reading of one change: the probability that it
// induces a defect, its level, and each metric's contribution.
type Assessment struct {
	Probability float64 `json:"probability"`
	Level       Level   `json:"level"`
	// LogOdds is Intercept plus the contributions.
	LogOdds float64 `json:"log_odds"`
	// Intercept is the log-odds before the factors: for a change, the
	// model's, an average change of its training data; for a release,
	// the component's change failure rate, the risk of a release with
	// nothing against it.
	Intercept float64 `json:"intercept"`
	// Factors are the metrics' contributions, the largest in size first
	// (for a change, as ScoreTo compares sizes).
	Factors []Factor `json:"factors"`
}

// String describes the assessment in a line: "high (62%)".
func (a Assessment) String() string {
	return fmt.Sprintf("%s (%.0f%%)", a.Level, 100*a.Probability)
}

// ErrInvalidModel reports a model that cannot score: one read from bad
// JSON, or built by hand with a term that makes no sense.
var ErrInvalidModel = errors.New("invalid model")

// Probability returns the probability that a change with metrics x
// induces a defect. It allocates nothing. Metrics that are NaN or
// infinite count as zero, and negative ones as zero where a term takes
// their logarithm, so the result is always a probability.
func (m *Model) Probability(x *Metrics) float64 {
	z := m.Intercept
	for i := range min(len(m.Terms), NumMetrics) { // as ScoreTo; ParseModel and Fit allow no more
		t := &m.Terms[i]
		if int(t.Metric) < NumMetrics { // a hand-made term may name none
			z += t.Weight * t.x(clean(x[t.Metric], t.Log))
		}
	}
	return sigmoid(z)
}

// clean makes v safe to score: NaN and infinities become 0, and so do
// values below zero for a logarithm.
func clean(v float64, log bool) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || log && v < 0 {
		return 0
	}
	return v
}

func sigmoid(z float64) float64 {
	if math.IsNaN(z) { // a hand-made model with a NaN weight
		return 0.5
	}
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// Score assesses a change with metrics x.
func (m *Model) Score(x Metrics) Assessment {
	var a Assessment
	m.ScoreTo(&a, &x)
	return a
}

// ScoreTo is Score into a, reusing a.Factors: with a reused Assessment
// it allocates nothing. Sizes are compared without the last four bits
// of their float64s (a relative 2^-48), so factors whose sizes agree in
// all the other bits keep the order of the model's terms.
func (m *Model) ScoreTo(a *Assessment, x *Metrics) {
	n := min(len(m.Terms), NumMetrics) // ParseModel and Fit allow no more
	// The factors are sorted by size, largest first, without branches:
	// contributions are as unpredictable as the changes scored, and a
	// sort that branches on them costs more than the scoring. A key is
	// the bits of the contribution's size, which order as the sizes do,
	// with the low four bits replaced by 15 minus the term's index, so
	// keys are distinct and ties go to the earlier term. A key's place
	// is the number of keys above it, counted over each pair once.
	var contrib [NumMetrics]float64
	var key, place [NumMetrics]uint64
	var _ [16 - NumMetrics]struct{} // an index fits the key's four bits
	z := m.Intercept
	for i := range n {
		t := &m.Terms[i]
		if int(t.Metric) < NumMetrics {
			contrib[i] = t.Weight * t.x(clean(x[t.Metric], t.Log))
			z += contrib[i]
		}
		key[i] = math.Float64bits(math.Abs(contrib[i]))&^15 | uint64(15-i)
	}
	for i := range n {
		ki, pi := key[i], place[i]
		for j := i + 1; j < n; j++ {
			// Keys are below 2^63, so the difference is negative, its
			// top bit set, exactly when key j is above key i.
			above := (ki - key[j]) >> 63
			pi += above
			place[j] += 1 - above
		}
		place[i] = pi
	}
	var order [NumMetrics]uint8
	for i := range n {
		order[place[i]] = uint8(i)
	}
	a.Factors = slices.Grow(a.Factors[:0], n)[:n]
	for k := range n {
		i := order[k]
		t := &m.Terms[i]
		f := Factor{Contribution: contrib[i]}
		if int(t.Metric) < NumMetrics {
			f.Name, f.Value = metricNames[t.Metric], x[t.Metric]
		}
		a.Factors[k] = f
	}
	a.Intercept = m.Intercept
	a.LogOdds = z
	a.Probability = sigmoid(z)
	a.Level = m.Levels.Of(a.Probability)
}

// validate reports a model that cannot score.
func (m *Model) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("risk: model: %s: %w", fmt.Sprintf(format, args...), ErrInvalidModel)
	}
	if !finite(m.Intercept) {
		return bad("intercept is not a finite number")
	}
	if len(m.Terms) > NumMetrics {
		return bad("%d terms, more than the %d metrics", len(m.Terms), NumMetrics)
	}
	var seen [NumMetrics]bool
	for _, t := range m.Terms {
		switch {
		case int(t.Metric) >= NumMetrics:
			return bad("unknown metric %d", t.Metric)
		case seen[t.Metric]:
			return bad("two terms for %s", t.Metric)
		case !finite(t.Mean) || !finite(t.Weight) || !finite(t.Scale) || t.Scale <= 0:
			return bad("term %s: mean, weight and a positive scale must be finite numbers", t.Metric)
		}
		seen[t.Metric] = true
	}
	if m.Levels != (Levels{}) {
		if err := m.Levels.orDefault().validate(); err != nil {
			return fmt.Errorf("%w: %w", err, ErrInvalidModel)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// MaxModelSize bounds the JSON ParseModel reads.
const MaxModelSize = 1 << 20

// ParseModel reads a model from its JSON, as Model marshals it. The
// error wraps ErrInvalidModel for JSON that is malformed, too large, has
// unknown fields or describes a model that cannot score.
func ParseModel(data []byte) (*Model, error) {
	if len(data) > MaxModelSize {
		return nil, fmt.Errorf("risk: model: %d bytes, more than %d: %w", len(data), MaxModelSize, ErrInvalidModel)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("risk: model: %w: %w", err, ErrInvalidModel)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("risk: model: data after the model: %w", ErrInvalidModel)
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Weight returns the weight of a metric's term, and whether the model
// has one.
func (m *Model) Weight(metric Metric) (float64, bool) {
	i := slices.IndexFunc(m.Terms, func(t Term) bool { return t.Metric == metric })
	if i < 0 {
		return 0, false
	}
	return m.Terms[i].Weight, true
}
