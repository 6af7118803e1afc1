package risk_test

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssessRelease(t *testing.T) {
	friday := time.Date(2026, 12, 4, 16, 30, 0, 0, time.UTC)
	saturday := friday.Add(24 * time.Hour)
	quiet := risk.AssessRelease(risk.Release{}, risk.ReleaseWeights{}, risk.Levels{})
	assert.InDelta(t, risk.BaseFailureRate, quiet.Probability, 1e-12, "nothing known: the prior")
	assert.Empty(t, quiet.Factors)

	r := risk.Release{
		Changes:    []risk.ChangeRisk{{ID: "a", Probability: 0.1}, {ID: "b", Probability: 0.7}, {ID: "c", Probability: 0.2}},
		Dependents: 3, SinceLast: 14 * 24 * time.Hour, DeployAt: saturday, Major: true, Migrations: 1,
		ChangeFailureRate: 0.2,
	}
	a := risk.AssessRelease(r, risk.ReleaseWeights{}, risk.Levels{})
	assert.InDelta(t, 1.0, a.Expected, 1e-12)
	assert.Equal(t, []string{"b", "c", "a"}, []string{a.Changes[0].ID, a.Changes[1].ID, a.Changes[2].ID})
	w := risk.DefaultReleaseWeights()
	want := map[string]float64{
		"expected defect-inducing changes": w.Changes * math.Log1p(1),
		"dependents":                       w.Dependents * math.Log1p(3),
		"weeks since the last release":     w.SinceLast * math.Log1p(2),
		"weekend":                          w.Weekend,
		"major version":                    w.Major,
		"migrations":                       w.Migrations * math.Log1p(1),
	}
	z := math.Log(0.2 / 0.8)
	assert.InDelta(t, z, a.Intercept, 1e-12)
	require.Len(t, a.Factors, len(want))
	for i, f := range a.Factors {
		assert.InDelta(t, want[f.Name], f.Contribution, 1e-12, f.Name)
		z += f.Contribution
		if i > 0 {
			assert.GreaterOrEqual(t, math.Abs(a.Factors[i-1].Contribution), math.Abs(f.Contribution))
		}
	}
	assert.InDelta(t, z, a.LogOdds, 1e-12)
	assert.InDelta(t, 1/(1+math.Exp(-z)), a.Probability, 1e-12)

	// Friday 16:30 is office hours; 17:30 is not.
	a = risk.AssessRelease(risk.Release{DeployAt: friday}, risk.ReleaseWeights{}, risk.Levels{})
	assert.Empty(t, a.Factors)
	a = risk.AssessRelease(risk.Release{DeployAt: friday.Add(time.Hour), Freeze: true, Holiday: true}, risk.ReleaseWeights{}, risk.Levels{})
	assert.Len(t, a.Factors, 3)

	// Nonsense in, a probability out.
	a = risk.AssessRelease(risk.Release{Changes: []risk.ChangeRisk{{ID: "x", Probability: math.NaN()}, {ID: "y", Probability: 7}},
		ChangeFailureRate: math.NaN(), Dependents: -4, Migrations: -1, SinceLast: -time.Hour}, risk.ReleaseWeights{}, risk.Levels{})
	assert.False(t, math.IsNaN(a.Probability))
	assert.InDelta(t, 1, a.Expected, 1e-12)
}

func TestPolicy(t *testing.T) {
	assert.Equal(t, risk.Requirements{}, risk.Policy{}.For(risk.Low))
	assert.True(t, risk.Policy{}.For(risk.Critical).Hold)
	assert.Equal(t, risk.DefaultPolicy().Critical, risk.Policy{}.For(risk.Level(9)), "an unknown level fails safe")
	assert.Equal(t, 1, risk.Policy{}.For(risk.Critical).FirstWave)
	p := risk.Policy{High: risk.Requirements{Approvals: 5}}
	assert.Equal(t, 5, p.For(risk.High).Approvals)
	assert.Equal(t, risk.Requirements{}, p.For(risk.Critical), "a policy of its own: no defaults mixed in")
}

func TestRenderAssessment(t *testing.T) {
	m := &risk.Model{Intercept: -1, Terms: []risk.Term{
		{Metric: risk.LA, Log: true, Mean: 3, Scale: 1.5, Weight: 0.8},
		{Metric: risk.EXP, Log: true, Mean: 4, Scale: 2, Weight: -0.4},
		{Metric: risk.FIX, Mean: 0.3, Scale: 0.45, Weight: 0.3},
	}}
	var x risk.Metrics
	x[risk.LA], x[risk.EXP], x[risk.FIX] = 400, 2, 1
	a := m.Score(x)
	var buf bytes.Buffer
	require.NoError(t, a.WriteText(&buf))
	r := risk.AssessRelease(risk.Release{
		Changes:  []risk.ChangeRisk{{ID: "evil\x1b[2J", Probability: a.Probability}, {ID: "c2", Probability: 0.05}},
		DeployAt: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC), Migrations: 2,
	}, risk.ReleaseWeights{}, risk.Levels{})
	buf.WriteString("\n")
	require.NoError(t, r.WriteText(&buf))
	golden(t, "assessment.txt", buf.Bytes())
	assert.NotContains(t, buf.String(), "\x1b")
}
