package gate_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCondition(t *testing.T) {
	cases := []struct {
		in      string
		want    gate.Condition
		wantErr string
	}{
		{in: "< 250", want: gate.Condition{Op: "<", Value: 250}},
		{in: "<=0.01", want: gate.Condition{Op: "<=", Value: 0.01}},
		{in: "  >= 99.9  ", want: gate.Condition{Op: ">=", Value: 99.9}},
		{in: "<= +10%", want: gate.Condition{Op: "<=", Value: 10, Relative: true}},
		{in: "> -5 %", want: gate.Condition{Op: ">", Value: -5, Relative: true}},
		{in: "== 0", want: gate.Condition{Op: "==", Value: 0}},
		{in: "!= 1e3", want: gate.Condition{Op: "!=", Value: 1000}},
		{in: "", wantErr: "column 1: an operator"},
		{in: "250", wantErr: "column 1: an operator"},
		{in: "=< 3", wantErr: "column 1: an operator"},
		{in: "<", wantErr: "column 2: a number after the operator"},
		{in: "< 250ms", wantErr: "column 6: a decimal number (no units)"},
		{in: "< %", wantErr: "column 3: a number after the operator"},
		{in: "< 1e999", wantErr: "a finite decimal number"},
		{in: "< 1..2", wantErr: "a finite decimal number"},
		{in: "< " + strings.Repeat("9", 300), wantErr: "at most 256 bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := gate.ParseCondition(tc.in)
			if tc.wantErr != "" {
				assert.ErrorIs(t, err, gate.ErrInvalidThreshold)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			again, err := gate.ParseCondition(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, again, "String reads back")
		})
	}
}

// FuzzParseCondition: no panic, errors are *ParseError with a column
// inside the input, and what parses prints back to itself.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"< 250", "<= +10%", "> -5 %", "!= 1e3", "<", "< 250ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := gate.ParseCondition(in)
		if err != nil {
			var pe *gate.ParseError
			if !errors.As(err, &pe) || pe.Col > len(in)+1 {
				t.Fatalf("error %v", err)
			}
			return
		}
		if math.IsNaN(c.Value) || math.IsInf(c.Value, 0) {
			t.Fatalf("accepted %v", c.Value)
		}
		again, err := gate.ParseCondition(c.String())
		if err != nil || again != c {
			t.Fatalf("%q -> %v -> %v, %v", in, c, again, err)
		}
	})
}

// metrics is a MetricSource over a map: a missing key has no data, and a
// key "err:..." fails.
func metrics(m map[string]float64) gate.MetricSource {
	return gate.MetricFunc(func(_ context.Context, q string, _ gate.Subject) (float64, bool, error) {
		if strings.HasPrefix(q, "err:") {
			return 0, false, errors.New("prometheus: 503")
		}
		v, ok := m[q]
		return v, ok, nil
	})
}

func TestThreshold(t *testing.T) {
	src := metrics(map[string]float64{"p99": 312, "p99_stable": 300, "errors": 0.004, "nan": math.NaN()})
	cases := []struct {
		name   string
		th     gate.Threshold
		want   gate.Status
		reason string
	}{
		{"absolute, failed", gate.Threshold{Query: "p99", Condition: "< 250"}, gate.Failed, "p99 = 312 does not meet < 250"},
		{"absolute, passed", gate.Threshold{Query: "errors", Condition: "<= 0.01"}, gate.Passed, "errors = 0.004 meets <= 0.01"},
		{"relative, within 10% of the baseline", gate.Threshold{Query: "p99", Baseline: "p99_stable", Condition: "<= +10%"}, gate.Passed, "of the baseline 300 (bound 330)"},
		{"relative, over 2%", gate.Threshold{Query: "p99", Baseline: "p99_stable", Condition: "<= +2%"}, gate.Failed, "(bound 306)"},
		{"no data is inconclusive by default", gate.Threshold{Query: "missing", Condition: "< 1"}, gate.Inconclusive, "missing: no data"},
		{"no data, an explicit pass", gate.Threshold{Query: "missing", Condition: "< 1", NoData: gate.Passed}, gate.Passed, "no data"},
		{"no baseline data", gate.Threshold{Query: "p99", Baseline: "missing", Condition: "<= +10%"}, gate.Inconclusive, "baseline missing: no data"},
		{"no baseline query", gate.Threshold{Query: "p99", Condition: "<= +10%", NoBaseline: gate.Failed}, gate.Failed, "without a Baseline query"},
		{"source error", gate.Threshold{Query: "err:x", Condition: "< 1"}, gate.Errored, "prometheus: 503"},
		{"NaN is an error, never compared", gate.Threshold{Query: "nan", Condition: "!= 0"}, gate.Errored, "returned NaN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.th.Name, tc.th.Source = "latency", src
			g, err := tc.th.Gate()
			require.NoError(t, err)
			r := g.Evaluate(t.Context(), subject)
			assert.Equal(t, tc.want, r.Status)
			assert.Contains(t, r.Reason, tc.reason)
			assert.Equal(t, "latency", r.Gate)
		})
	}
}

func TestThresholdConstruction(t *testing.T) {
	src := metrics(nil)
	for _, th := range []gate.Threshold{
		{Source: src, Query: "q", Condition: "< 250ms"},
		{Query: "q", Condition: "< 1"},
		{Source: src, Condition: "< 1"},
		{Source: src, Query: "q", Condition: "< 1", NoData: gate.Skipped},
	} {
		_, err := th.Gate()
		assert.ErrorIs(t, err, gate.ErrInvalidThreshold, "%+v", th)
	}
}
