package risk_test

import (
	"testing"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func samplesOf(rows []jitChange) []risk.Sample {
	out := make([]risk.Sample, len(rows))
	for i, r := range rows {
		out[i] = risk.Sample{ID: r.ID, Time: r.Time, Metrics: r.Metrics, Defect: r.Defect, Effort: r.Effort}
	}
	return out
}

// TestFitOnJIT follows the protocol on Kamei et al.'s data: fit
// on the earliest two thirds, test on the last third, effort = churn.
// The floors: AUC of NF alone, and Recall@20% of inspecting the smallest
// changes first (TestJITBaselines measures both). The reference: plain
// L2 logistic regression on every metric, log1p and standardised, which
// is Fit with MaxCorrelation 1, whose AUC on these splits releasekit's
// requirements quote to two digits as 0.81 and 0.74.
//
// Each data set is fitted twice: on its metrics as given, Kamei et al.'s
// normalised ratios, and on the counts risk.History measures, which is
// what a host's model is fitted on (countsOf turns one into the other).
func TestFitOnJIT(t *testing.T) {
	for _, c := range []struct {
		name, metrics   string
		auc, aucPlain   float64 // measured: Fit's default, and plain
		reference       float64 // plain regression's AUC as quoted
		nfAUC, smallest float64 // the floors, from TestJITBaselines
		recall20        float64 // measured
	}{
		{"bugzilla", "ratios", 0.8125, 0.8092, 0.81, 0.7193, 0.5724, 0.5895},
		// On columba's ratios the effort-aware ranking falls one
		// defect-inducing change short of inspecting the smallest
		// changes first, as Yang et al. (2016) found of supervised
		// models; on the counts it finds two more.
		{"columba", "ratios", 0.7377, 0.7394, 0.74, 0.7050, 0.7273, 0.7245},
		{"bugzilla", "counts", 0.8463, 0.8415, 0.81, 0.7193, 0.5724, 0.5956},
		{"columba", "counts", 0.7485, 0.7525, 0.74, 0.7050, 0.7273, 0.7328},
	} {
		t.Run(c.name+"/"+c.metrics, func(t *testing.T) {
			rows := loadJIT(t, c.name)
			if c.metrics == "counts" {
				rows = countsOf(rows)
			}
			train, test := splitTime(rows)
			m, err := risk.Fit(samplesOf(train), risk.FitOptions{})
			require.NoError(t, err)
			ev, err := m.Evaluate(samplesOf(test), 0.5)
			require.NoError(t, err)
			plain, err := risk.Fit(samplesOf(train), risk.FitOptions{MaxCorrelation: 1})
			require.NoError(t, err)
			evPlain, err := plain.Evaluate(samplesOf(test), 0.5)
			require.NoError(t, err)
			t.Logf("AUC %.4f (plain %.4f), F1 %.3f, Recall@20%% %.4f, Popt %.3f, Brier %.3f; dropped %v",
				ev.AUC, evPlain.AUC, ev.F1, ev.RecallAt20, ev.Popt, ev.Brier, m.Training.Dropped)

			assert.InDelta(t, c.auc, ev.AUC, 0.00005)
			assert.InDelta(t, c.aucPlain, evPlain.AUC, 0.00005)
			assert.InDelta(t, c.recall20, ev.RecallAt20, 0.00005)
			assert.GreaterOrEqual(t, ev.AUC, evPlain.AUC-0.005, "about as good as plain regression")
			assert.GreaterOrEqual(t, ev.AUC, c.reference-0.0025, "the quoted reference, to its two digits")
			assert.Greater(t, ev.AUC, c.nfAUC+0.03, "clearly above the floor of NF alone")
			if c.name == "columba" && c.metrics == "ratios" {
				assert.Less(t, ev.RecallAt20, c.smallest, "if this changes, the docs can say it beats smallest first")
				return
			}
			assert.Greater(t, ev.RecallAt20, c.smallest, "beats the smallest changes first")
		})
	}
}
