package risk_test

import (
	"testing"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidate(t *testing.T) {
	s := samplesOf(loadJIT(t, "bugzilla"))
	over, err := risk.ValidateOverTime(s, 4, risk.FitOptions{}, 0.5)
	require.NoError(t, err)
	require.Len(t, over.Folds, 4)
	total := 0
	for i, f := range over.Folds {
		assert.Greater(t, f.Evaluation.AUC, 0.55, "better than chance")
		total += f.Test
		if i > 0 {
			prev := over.Folds[i-1]
			assert.Greater(t, f.Train, prev.Train, "each fold trains on more of the past")
			assert.False(t, f.From.Before(prev.To), "and tests on the future")
		}
	}
	assert.Equal(t, len(s)-len(s)/5, total)
	t.Log(over)

	k1, err := risk.ValidateKFold(s, 5, 1, risk.FitOptions{}, 0.5)
	require.NoError(t, err)
	k2, err := risk.ValidateKFold(s, 5, 1, risk.FitOptions{}, 0.5)
	require.NoError(t, err)
	assert.Equal(t, k1, k2, "the same seed, the same folds")
	require.Len(t, k1.Folds, 5)
	assert.Greater(t, k1.AUC, 0.7)
	assert.True(t, k1.Popt > 0 && k1.RecallAt20 > 0, "efforts given: effort-aware measures")
	t.Log(k1)

	for _, bad := range []int{0, -1, len(s)} {
		_, err := risk.ValidateOverTime(s, bad, risk.FitOptions{}, 0.5)
		assert.Error(t, err, "%d folds", bad)
	}
	_, err = risk.ValidateKFold(s, 1, 1, risk.FitOptions{}, 0.5)
	assert.Error(t, err)
	oneClass := append([]risk.Sample(nil), s[:40]...)
	for i := range oneClass {
		oneClass[i].Defect = false
	}
	_, err = risk.ValidateOverTime(oneClass, 3, risk.FitOptions{}, 0.5)
	assert.ErrorIs(t, err, risk.ErrNoData, "every fold skipped")
}

func TestCheckDrift(t *testing.T) {
	train, test := splitTime(loadJIT(t, "columba"))
	m, err := risk.Fit(samplesOf(train), risk.FitOptions{})
	require.NoError(t, err)
	d, err := risk.CheckDrift(m, samplesOf(train), samplesOf(test), 0)
	require.NoError(t, err)
	assert.InDelta(t, d.Training.AUC-d.Recent.AUC, d.AUCDrop, 1e-12)
	assert.Equal(t, d.AUCDrop > 0.05, d.Drifted)

	// A project whose defects now come from where they did not: the
	// labels of the recent changes reversed.
	flipped := samplesOf(test)
	for i := range flipped {
		flipped[i].Defect = !flipped[i].Defect
	}
	d, err = risk.CheckDrift(m, samplesOf(train), flipped, 0)
	require.NoError(t, err)
	assert.True(t, d.Drifted)
	assert.Greater(t, d.AUCDrop, 0.3)

	_, err = risk.CheckDrift(m, samplesOf(train), flipped, -1)
	assert.Error(t, err)
	_, err = risk.CheckDrift(m, samplesOf(train), nil, 0)
	assert.Error(t, err)
}
