package risk_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logisticSamples draws n samples whose outcome follows a known model:
// log-odds -1 + 1.2 log1p(LA) standardised ... built directly on raw
// values, so the test can check Fit's weights against the truth.
func logisticSamples(r *rand.Rand, n int) []risk.Sample {
	out := make([]risk.Sample, n)
	for i := range out {
		var m risk.Metrics
		for k := range risk.NumMetrics {
			m[k] = math.Floor(math.Exp(r.NormFloat64() * 1.5)) // counts with a long tail
		}
		m[risk.FIX] = float64(r.IntN(2))
		m[risk.Entropy] = r.Float64()
		// The truth: risk grows with log1p(LA) and FIX, falls with
		// log1p(EXP); nothing else matters.
		z := -1 + 0.8*math.Log1p(m[risk.LA]) + 1.0*m[risk.FIX] - 0.5*math.Log1p(m[risk.EXP])
		out[i] = risk.Sample{ID: "s", Time: t0.Add(time.Duration(i) * time.Hour), Metrics: m, Defect: r.Float64() < 1/(1+math.Exp(-z))}
	}
	return out
}

func TestFitRecoversWeights(t *testing.T) {
	samples := logisticSamples(rand.New(rand.NewPCG(1, 1)), 40_000)
	m, err := risk.Fit(samples, risk.FitOptions{Lambda: 1e-9, MaxCorrelation: 1})
	require.NoError(t, err)
	// A term's weight is per standard deviation of the transformed
	// metric: the raw coefficient times the Scale.
	for _, tm := range m.Terms {
		want := 0.0
		switch tm.Metric {
		case risk.LA:
			want = 0.8 * tm.Scale
		case risk.FIX:
			want = 1.0 * tm.Scale
		case risk.EXP:
			want = -0.5 * tm.Scale
		}
		assert.InDelta(t, want, tm.Weight, 0.05, "%s", tm.Metric)
	}
	assert.Equal(t, 40_000, m.Training.Changes)
}

// TestFitOptimum checks the first-order condition independently: at the
// weights Fit returns, the penalised loss's gradient, taken numerically
// through the model's own probabilities, is zero.
func TestFitOptimum(t *testing.T) {
	samples := logisticSamples(rand.New(rand.NewPCG(2, 2)), 3000)
	const lambda = 0.01
	m, err := risk.Fit(samples, risk.FitOptions{Lambda: lambda})
	require.NoError(t, err)
	lossAt := func(m *risk.Model) float64 {
		var l float64
		for i := range samples {
			p := m.Probability(&samples[i].Metrics)
			if samples[i].Defect {
				l -= math.Log(p)
			} else {
				l -= math.Log(1 - p)
			}
		}
		l /= float64(len(samples))
		for _, tm := range m.Terms {
			l += lambda / 2 * tm.Weight * tm.Weight
		}
		return l
	}
	const h = 1e-5
	shift := func(k int, d float64) *risk.Model {
		c := *m
		c.Terms = append([]risk.Term(nil), m.Terms...)
		if k < 0 {
			c.Intercept += d
		} else {
			c.Terms[k].Weight += d
		}
		return &c
	}
	for k := -1; k < len(m.Terms); k++ {
		g := (lossAt(shift(k, h)) - lossAt(shift(k, -h))) / (2 * h)
		assert.InDelta(t, 0, g, 1e-6, "gradient for term %d", k)
	}
}

func TestFitDropsMetrics(t *testing.T) {
	samples := logisticSamples(rand.New(rand.NewPCG(3, 3)), 2000)
	for i := range samples {
		samples[i].Metrics[risk.ND] = samples[i].Metrics[risk.NS] // collinear
		samples[i].Metrics[risk.NDEV] = 4                         // constant
	}
	m, err := risk.Fit(samples, risk.FitOptions{})
	require.NoError(t, err)
	_, hasND := m.Weight(risk.ND)
	_, hasNDEV := m.Weight(risk.NDEV)
	_, hasNS := m.Weight(risk.NS)
	assert.False(t, hasND)
	assert.False(t, hasNDEV)
	assert.True(t, hasNS)
	reasons := map[risk.Metric]string{}
	for _, d := range m.Training.Dropped {
		reasons[d.Metric] = d.Reason
	}
	assert.Equal(t, "correlation 1.00 with NS, which tells more of the outcome", reasons[risk.ND], "a tie: the earlier stays")
	assert.Equal(t, "constant in the training data", reasons[risk.NDEV])

	// Of a correlated pair, the one that tells more of the outcome
	// stays, whichever comes first: NF is LA blurred, so LA stays.
	r := rand.New(rand.NewPCG(8, 8))
	for i := range samples {
		samples[i].Metrics[risk.NF] = math.Floor(samples[i].Metrics[risk.LA] * math.Exp(r.NormFloat64()*0.2))
	}
	m, err = risk.Fit(samples, risk.FitOptions{})
	require.NoError(t, err)
	_, hasNF := m.Weight(risk.NF)
	_, hasLA := m.Weight(risk.LA)
	assert.False(t, hasNF)
	assert.True(t, hasLA)

	only, err := risk.Fit(samples, risk.FitOptions{Metrics: []risk.Metric{risk.LA, risk.FIX}})
	require.NoError(t, err)
	assert.Len(t, only.Terms, 2)
}

func TestFitOptions(t *testing.T) {
	samples := logisticSamples(rand.New(rand.NewPCG(4, 4)), 4000)
	plain, err := risk.Fit(samples, risk.FitOptions{})
	require.NoError(t, err)
	again, err := risk.Fit(samples, risk.FitOptions{})
	require.NoError(t, err)
	assert.Equal(t, plain, again, "deterministic")

	// Balanced classes raise the intercept when defects are the minority.
	balanced, err := risk.Fit(samples, risk.FitOptions{Balanced: true})
	require.NoError(t, err)
	assert.Greater(t, balanced.Intercept, plain.Intercept)
	weighted, err := risk.Fit(samples, risk.FitOptions{DefectWeight: 3})
	require.NoError(t, err)
	assert.Greater(t, weighted.Intercept, plain.Intercept)

	// A window fits the latest samples only.
	recent, err := risk.Fit(samples, risk.FitOptions{Window: 1000 * time.Hour})
	require.NoError(t, err)
	assert.Equal(t, 1001, recent.Training.Changes)

	// A stronger penalty shrinks the weights.
	strong, err := risk.Fit(samples, risk.FitOptions{Lambda: 1})
	require.NoError(t, err)
	w1, _ := plain.Weight(risk.LA)
	w2, _ := strong.Weight(risk.LA)
	assert.Less(t, math.Abs(w2), math.Abs(w1))
}

func TestFitInvalid(t *testing.T) {
	good := logisticSamples(rand.New(rand.NewPCG(5, 5)), 100)
	nan := append([]risk.Sample(nil), good...)
	nan[7].Metrics[risk.LA] = math.NaN()
	neg := append([]risk.Sample(nil), good...)
	neg[3].Metrics[risk.NF] = -1
	inf := append([]risk.Sample(nil), good...)
	inf[3].Metrics[risk.AGE] = math.Inf(1)
	oneClass := append([]risk.Sample(nil), good...)
	for i := range oneClass {
		oneClass[i].Defect = false
	}
	cases := []struct {
		name    string
		samples []risk.Sample
		opts    risk.FitOptions
		want    error
	}{
		{"empty", nil, risk.FitOptions{}, risk.ErrNoData},
		{"NaN", nan, risk.FitOptions{}, risk.ErrInvalidSample},
		{"negative", neg, risk.FitOptions{}, risk.ErrInvalidSample},
		{"infinite", inf, risk.FitOptions{}, risk.ErrInvalidSample},
		{"one class", oneClass, risk.FitOptions{}, risk.ErrOneClass},
		{"negative lambda", good, risk.FitOptions{Lambda: -1}, nil},
		{"NaN lambda", good, risk.FitOptions{Lambda: math.NaN()}, nil},
		{"correlation above 1", good, risk.FitOptions{MaxCorrelation: 2}, nil},
		{"negative defect weight", good, risk.FitOptions{DefectWeight: -2}, nil},
		{"unknown metric", good, risk.FitOptions{Metrics: []risk.Metric{99}}, nil},
		{"levels out of order", good, risk.FitOptions{Levels: risk.Levels{Medium: 0.9, High: 0.5, Critical: 0.95}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := risk.Fit(c.samples, c.opts)
			require.Error(t, err)
			assert.Nil(t, m)
			if c.want != nil {
				assert.ErrorIs(t, err, c.want)
			}
		})
	}

	// Perfectly separable: finite weights, held by the penalty.
	sep := append([]risk.Sample(nil), good...)
	for i := range sep {
		sep[i].Defect = sep[i].Metrics[risk.LA] > 1
	}
	m, err := risk.Fit(sep, risk.FitOptions{})
	require.NoError(t, err)
	for i := range sep {
		p := m.Probability(&sep[i].Metrics)
		require.False(t, math.IsNaN(p))
		assert.Equal(t, sep[i].Defect, p > 0.5)
	}
}

func TestScore(t *testing.T) {
	samples := logisticSamples(rand.New(rand.NewPCG(6, 6)), 3000)
	m, err := risk.Fit(samples, risk.FitOptions{})
	require.NoError(t, err)
	for i := range 50 {
		x := samples[i].Metrics
		a := m.Score(x)
		assert.InDelta(t, m.Probability(&x), a.Probability, 1e-15)
		sum := a.Intercept
		for k, f := range a.Factors {
			sum += f.Contribution
			mt, err := risk.ParseMetric(f.Name)
			require.NoError(t, err)
			assert.Equal(t, x[mt], f.Value)
			if k > 0 {
				assert.GreaterOrEqual(t, math.Abs(a.Factors[k-1].Contribution), math.Abs(f.Contribution))
			}
		}
		assert.InDelta(t, a.LogOdds, sum, 1e-12)
		assert.Equal(t, risk.DefaultLevels().Of(a.Probability), a.Level)
	}
	// Bad metrics never give a NaN.
	var bad risk.Metrics
	bad[risk.LA], bad[risk.LD], bad[risk.EXP] = math.NaN(), math.Inf(1), -5
	p := m.Probability(&bad)
	assert.False(t, math.IsNaN(p))
	assert.False(t, math.IsNaN(m.Score(bad).Probability))

	// The JSON round trip keeps every probability.
	data, err := json.Marshal(m)
	require.NoError(t, err)
	back, err := risk.ParseModel(data)
	require.NoError(t, err)
	for i := range samples[:100] {
		assert.Equal(t, m.Probability(&samples[i].Metrics), back.Probability(&samples[i].Metrics))
	}
}

func TestLevels(t *testing.T) {
	l := risk.Levels{Medium: 0.1, High: 0.2, Critical: 0.3}
	for p, want := range map[float64]risk.Level{0: risk.Low, 0.1: risk.Medium, 0.25: risk.High, 0.3: risk.Critical, 1: risk.Critical} {
		assert.Equal(t, want, l.Of(p), "%v", p)
	}
	assert.Equal(t, risk.Medium, risk.Levels{}.Of(0.3), "zero value: the defaults")
	assert.Equal(t, risk.Low, risk.Levels{High: 0.6}.Of(0.01), "zero fields: the defaults'")
	assert.Equal(t, risk.Medium, risk.Levels{High: 0.6}.Of(0.55))
	assert.Equal(t, risk.Critical, risk.Levels{High: 0.6}.Of(0.8))
	for _, lv := range []risk.Level{risk.Low, risk.Medium, risk.High, risk.Critical} {
		b, err := lv.MarshalText()
		require.NoError(t, err)
		var back risk.Level
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, lv, back)
	}
}

func TestParseModelInvalid(t *testing.T) {
	for name, data := range map[string]string{
		"not JSON":         `{`,
		"unknown field":    `{"intercept": 0, "terms": [], "bias": 1}`,
		"unknown metric":   `{"intercept": 0, "terms": [{"metric": "LOC", "mean": 0, "scale": 1, "weight": 1}]}`,
		"zero scale":       `{"intercept": 0, "terms": [{"metric": "LA", "mean": 0, "scale": 0, "weight": 1}]}`,
		"negative scale":   `{"intercept": 0, "terms": [{"metric": "LA", "mean": 0, "scale": -1, "weight": 1}]}`,
		"duplicate term":   `{"intercept": 0, "terms": [{"metric": "LA", "scale": 1}, {"metric": "la", "scale": 1}]}`,
		"huge number":      `{"intercept": 1e999, "terms": []}`,
		"levels reversed":  `{"intercept": 0, "terms": [], "levels": {"medium": 0.8, "high": 0.5, "critical": 0.9}}`,
		"trailing data":    `{"intercept": 0, "terms": []} {}`,
		"trailing brace":   `{"intercept": 0, "terms": []}}`,
		"trailing bracket": `{"intercept": 0, "terms": []}]]`,
		"wrong type":       `{"intercept": "high", "terms": []}`,
		"level above one":  `{"intercept": 0, "terms": [], "levels": {"medium": 0.5, "high": 0.9, "critical": 1.5}}`,
		"metric as number": `{"intercept": 0, "terms": [{"metric": 3, "scale": 1}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, err := risk.ParseModel([]byte(data))
			require.ErrorIs(t, err, risk.ErrInvalidModel)
			assert.Nil(t, m)
		})
	}
	_, err := risk.ParseModel(make([]byte, risk.MaxModelSize+1))
	assert.ErrorIs(t, err, risk.ErrInvalidModel)
}

// FuzzParseModel: any input gives a model that scores a probability, or
// an error; never a panic.
func FuzzParseModel(f *testing.F) {
	f.Add([]byte(`{"intercept": -0.5, "terms": [{"metric": "LA", "log1p": true, "mean": 2.1, "scale": 1.3, "weight": 0.6}], "levels": {"medium": 0.2, "high": 0.4, "critical": 0.6}}`))
	f.Add([]byte(`{"intercept": 0, "terms": []}`))
	f.Add([]byte(`{"terms": [{"metric": "FIX", "scale": 1e-300, "weight": 1e300}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := risk.ParseModel(data)
		if err != nil {
			return
		}
		var x risk.Metrics
		for k := range x {
			x[k] = float64(k * 7)
		}
		p := m.Probability(&x)
		if math.IsNaN(p) || p < 0 || p > 1 {
			t.Fatalf("probability %v", p)
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := risk.ParseModel(out); err != nil {
			t.Fatalf("a parsed model does not parse again: %v", err)
		}
	})
}

func benchSamples(n int) []risk.Sample {
	return logisticSamples(rand.New(rand.NewPCG(9, 9)), n)
}

// BenchmarkFit fits 100,000 samples of 14 metrics (issue target: 2 s).
func BenchmarkFit(b *testing.B) {
	s := benchSamples(100_000)
	for b.Loop() {
		if _, err := risk.Fit(s, risk.FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScore scores one change (issue target: 300 ns, no
// allocation).
func BenchmarkScore(b *testing.B) {
	s := benchSamples(5000)
	m, err := risk.Fit(s, risk.FitOptions{MaxCorrelation: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Probability", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			_ = m.Probability(&s[i%len(s)].Metrics)
			i++
		}
	})
	b.Run("ScoreTo", func(b *testing.B) {
		b.ReportAllocs()
		var a risk.Assessment
		i := 0
		for b.Loop() {
			m.ScoreTo(&a, &s[i%len(s)].Metrics)
			i++
		}
	})
}

// TestScoreOrder: factors come largest first, and factors of the same
// size in the order of the model's terms.
func TestScoreOrder(t *testing.T) {
	m := &risk.Model{Terms: []risk.Term{
		{Metric: risk.NF, Scale: 1, Weight: 1},
		{Metric: risk.LA, Scale: 1, Weight: -3},
		{Metric: risk.FIX, Scale: 1, Weight: 1},
		{Metric: risk.NS, Scale: 1, Weight: 2},
		{Metric: risk.LD, Scale: 1, Weight: 3},
		{Metric: risk.ND, Scale: 1, Weight: 0.5},
	}}
	var x risk.Metrics
	for _, mt := range []risk.Metric{risk.NF, risk.LA, risk.FIX, risk.NS, risk.LD} {
		x[mt] = 1
	}
	var names []string
	for _, f := range m.Score(x).Factors {
		names = append(names, f.Name)
	}
	// LA and LD tie at 3 (one down, one up), NF and FIX at 1; ND is 0.
	assert.Equal(t, []string{"LA", "LD", "NS", "NF", "FIX", "ND"}, names)

	// All zero: the terms' order.
	names = names[:0]
	for _, f := range m.Score(risk.Metrics{}).Factors {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"NF", "LA", "FIX", "NS", "LD", "ND"}, names)
}

// TestHandMadeModel: a model built by hand, with terms ParseModel would
// refuse, still scores a probability without panicking.
func TestHandMadeModel(t *testing.T) {
	m := &risk.Model{Intercept: math.NaN(), Terms: []risk.Term{{Metric: 200, Scale: 1, Weight: 1}, {Metric: risk.LA, Scale: 0, Weight: 2}}}
	var x risk.Metrics
	x[risk.LA] = 3
	assert.False(t, math.IsNaN(m.Probability(&x)))
	a := m.Score(x)
	assert.False(t, math.IsNaN(a.Probability))
	assert.Len(t, a.Factors, 2)
}

func TestDefaultModel(t *testing.T) {
	m := risk.DefaultModel()
	data, err := json.Marshal(m)
	require.NoError(t, err)
	_, err = risk.ParseModel(data)
	require.NoError(t, err, "the default model is a valid model")

	// A typical change scores about 20%; a big scattered fix by a
	// newcomer scores higher, a one-line change by a veteran lower.
	var typical, big, small risk.Metrics
	typical[risk.LA], typical[risk.LD], typical[risk.NF], typical[risk.NS] = 19, 5, 1.5, 1
	typical[risk.Entropy], typical[risk.FIX], typical[risk.NDEV], typical[risk.NUC], typical[risk.EXP] = 0.3, 0.25, 3.5, 11, 54
	assert.InDelta(t, 0.2, m.Probability(&typical), 0.03)
	big = typical
	big[risk.LA], big[risk.NF], big[risk.NS], big[risk.Entropy], big[risk.FIX], big[risk.EXP] = 900, 25, 4, 0.9, 1, 0
	small = typical
	small[risk.LA], small[risk.LD], small[risk.NF], small[risk.EXP], small[risk.FIX] = 1, 1, 1, 2000, 0
	assert.Greater(t, m.Probability(&big), 0.6)
	assert.Less(t, m.Probability(&small), 0.1)
}
