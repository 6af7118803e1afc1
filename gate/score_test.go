package gate_test

import (
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScorecard(t *testing.T) {
	src := metrics(map[string]float64{
		"p95": 180, "p95_prev": 170, "errors": 0.02, "throughput": 950, "cpu": 0.71,
	})
	latency := gate.Objective{Name: "latency", Query: "p95", Baseline: "p95_prev", Pass: []string{"<= 200", "<= +10%"}, Warning: []string{"<= 300"}}
	errRate := gate.Objective{Name: "error rate", Query: "errors", Pass: []string{"<= 0.01"}, Warning: []string{"<= 0.05"}}
	tput := gate.Objective{Name: "throughput", Query: "throughput", Pass: []string{">= 1000"}, Weight: 2}
	cpu := gate.Objective{Name: "cpu", Query: "cpu"} // informative
	cases := []struct {
		name   string
		objs   []gate.Objective
		pass   float64
		want   gate.Status
		reason string
	}{
		// latency 1 of 1, error rate 0.5 of 1, throughput 0 of 2: 1.5/4.
		{"scored below the warning", []gate.Objective{latency, errRate, tput, cpu}, 0, gate.Failed, "score 37.5% < 75%"},
		{"pass and warning", []gate.Objective{latency, errRate}, 0, gate.Inconclusive, "score 75%: a warning"},
		{"a lower pass score", []gate.Objective{latency, errRate}, 70, gate.Passed, "score 75% >= 70%"},
		{"a key objective vetoes", []gate.Objective{latency, {Name: "errors", Query: "errors", Pass: []string{"<= 0.01"}, Key: true}}, 10, gate.Failed, "key objective errors did not pass"},
		{"a key objective without data fails", []gate.Objective{latency, {Name: "saturation", Query: "missing", Pass: []string{"< 1"}, Key: true}}, 10, gate.Failed, "key objective saturation"},
		{"an objective without data earns nothing", []gate.Objective{latency, {Name: "saturation", Query: "missing", Pass: []string{"< 1"}}}, 0, gate.Failed, "score 50%"},
		{"only informative objectives: never a pass", []gate.Objective{cpu}, 0, gate.Errored, "no scored objective"},
		{"no objectives: never a pass", nil, 0, gate.Errored, "no scored objective"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := gate.Scorecard{Name: "quality", Source: src, Objectives: tc.objs, Pass: tc.pass, Warning: min(tc.pass, 75)}.Gate()
			require.NoError(t, err)
			r := g.Evaluate(t.Context(), subject)
			assert.Equal(t, tc.want, r.Status, r.Reason)
			assert.Contains(t, r.Reason, tc.reason)
			assert.Len(t, r.Children, len(tc.objs), "every objective is explained")
		})
	}

	// The explanation shows each objective's value and contribution.
	g, err := gate.Scorecard{Name: "quality", Source: src, Objectives: []gate.Objective{latency, errRate, tput, cpu}}.Gate()
	require.NoError(t, err)
	var e gate.Engine
	d, err := e.Evaluate(t.Context(), subject, g)
	require.NoError(t, err)
	text := d.String()
	assert.Contains(t, text, "[passed] latency: p95 = 180 meets <= 200 and <= +10% (baseline=170, score=1, value=180, weight=1)")
	assert.Contains(t, text, "[inconclusive] error rate: errors = 0.02 meets the warning <= 0.05, not <= 0.01 (score=0.5, value=0.02, weight=1)")
	assert.Contains(t, text, "[failed] throughput: throughput = 950 does not meet >= 1000 (score=0, value=950, weight=2)")
	assert.Contains(t, text, "[skipped] cpu: cpu = 0.71 (informative) (value=0.71)")
	require.Len(t, d.Results(), 1, "the scorecard is one gate; its objectives explain it")
}

func TestScorecardConstruction(t *testing.T) {
	_, err := gate.Scorecard{Name: "q", Objectives: []gate.Objective{
		{Name: "a", Query: "x", Pass: []string{"<= 10ms"}},
		{Name: "b", Pass: []string{"< 1"}},
		{Name: "c", Query: "y", Pass: []string{"<= +5%"}},
		{Name: "d", Query: "z", Pass: []string{"< 1"}, Weight: -1},
	}, Pass: 50, Warning: 60}.Gate()
	require.ErrorIs(t, err, gate.ErrInvalidThreshold)
	for _, want := range []string{"no Source", "objective a", "column", "objective b has no Query", "objective c: <= +5% is relative but there is no Baseline", "weight -1", "Warning (60) <= Pass (50)"} {
		assert.ErrorContains(t, err, want)
	}
}
