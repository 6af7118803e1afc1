package schedule_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForecastStatistics checks forecasts against what probability
// says of simple graphs.
func TestForecastStatistics(t *testing.T) {
	const runs = 20_000
	ctx := t.Context()

	// One task: the percentiles are the distribution's.
	sim := schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": {Duration: schedule.LogNormal(time.Hour, 2*time.Hour)}}}
	f, err := sim.Forecast(ctx, graph(task("a", time.Hour)), simStart, runs)
	require.NoError(t, err)
	assert.InEpsilon(t, float64(time.Hour), float64(f.P50.Sub(simStart)), 0.02)
	assert.InEpsilon(t, float64(2*time.Hour), float64(f.P90.Sub(simStart)), 0.03)
	assert.True(t, f.P99.After(f.P90) && f.P90.After(f.P50))
	// The mean of a lognormal is exp(mu + sigma^2/2).
	sigma := 0.6931471805599453 / 1.2815515655446004
	assert.InEpsilon(t, float64(time.Hour)*mathExp(sigma*sigma/2), float64(f.Mean), 0.02)
	assert.Equal(t, 1.0, f.Succeeded)
	assert.Len(t, f.Durations, runs)

	// Two equal branches before a join: each is critical half of the
	// time, the join always.
	branch := schedule.Behavior{Duration: schedule.Uniform(time.Hour, 2*time.Hour)}
	sim = schedule.Simulator{Tasks: map[string]schedule.Behavior{"a": branch, "b": branch}}
	f, err = sim.Forecast(ctx, graph(task("a", time.Hour), task("b", time.Hour), task("c", time.Minute, "a", "b")), simStart, runs)
	require.NoError(t, err)
	assert.InDelta(t, 0.5, f.Tasks[0].Critical, 0.02)
	assert.InDelta(t, 0.5, f.Tasks[1].Critical, 0.02)
	assert.Equal(t, 1.0, f.Tasks[2].Critical)
	// The later of two uniform(1h, 2h) finishes at 1h + sqrt(q) hours.
	assert.InEpsilon(t, float64(time.Hour+time.Minute)+0.9486832980505138*float64(time.Hour), float64(f.P90.Sub(simStart)), 0.01)

	// Failures: 10% fail for good; a flaky task with three tries fails
	// when all three do, 1 in 8, and is retried half of the time.
	sim = schedule.Simulator{Policy: schedule.Continue, Retry: &schedule.Retry{Attempts: 3, Backoff: time.Minute},
		Tasks: map[string]schedule.Behavior{"a": {Fail: 0.1}, "b": {Flaky: 0.5}}}
	f, err = sim.Forecast(ctx, graph(task("a", time.Hour), task("b", time.Hour)), simStart, runs)
	require.NoError(t, err)
	assert.InDelta(t, 0.1, f.Tasks[0].Failed, 0.01)
	assert.Equal(t, 0.0, f.Tasks[0].Retried, "a failure for good is not retried")
	assert.InDelta(t, 0.125, f.Tasks[1].Failed, 0.01)
	assert.InDelta(t, 0.5, f.Tasks[1].Retried, 0.015)
	assert.InDelta(t, 0.9*0.875, f.Succeeded, 0.01)
}

func mathExp(x float64) float64 {
	// exp by its series, enough for small x, to keep the test's formula
	// independent of the code's math.
	sum, term := 1.0, 1.0
	for k := 1; k < 30; k++ {
		term *= x / float64(k)
		sum += term
	}
	return sum
}

// TestForecastDeterministic: the result depends on the seed, not on how
// many processors share the runs; run zero is Simulate's.
func TestForecastDeterministic(t *testing.T) {
	g := randomDAG(rand.New(rand.NewPCG(4, 4)), 60, 2)
	behaviors := map[string]schedule.Behavior{}
	for tk := range g.Tasks() {
		behaviors[tk.ID] = schedule.Behavior{Duration: schedule.Triangular(tk.Duration/2, tk.Duration, 2*tk.Duration), Flaky: 0.05}
	}
	sim := schedule.Simulator{Concurrency: 4, Retry: &schedule.Retry{Attempts: 2}, Tasks: behaviors, Seed: 7}
	prev := runtime.GOMAXPROCS(4) // four workers, then one
	a, err := sim.Forecast(t.Context(), g, simStart, 500)
	require.NoError(t, err)
	runtime.GOMAXPROCS(1)
	b, err := sim.Forecast(t.Context(), g, simStart, 500)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	assert.Equal(t, a, b)

	one, err := sim.Forecast(t.Context(), g, simStart, 1)
	require.NoError(t, err)
	rep, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	assert.Equal(t, rep.Finish.Sub(rep.Start), one.Durations[0])
	assert.True(t, rep.Finish.Equal(one.P50))
}

func TestForecastInvalid(t *testing.T) {
	g := graph(task("a", time.Hour))
	for _, n := range []int{0, -1, schedule.MaxRuns + 1} {
		_, err := schedule.Simulator{}.Forecast(t.Context(), g, simStart, n)
		assert.Error(t, err, "%d runs", n)
	}
	cause := errors.New("release cancelled")
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(cause)
	_, err := schedule.Simulator{}.Forecast(ctx, g, simStart, 1000)
	assert.ErrorIs(t, err, cause)
}

func TestForecastQuantile(t *testing.T) {
	f := &schedule.Forecast{Durations: []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	for q, want := range map[float64]time.Duration{0: 1, 0.1: 1, 0.5: 5, 0.9: 9, 0.91: 10, 1: 10, 2: 10, -1: 1} {
		assert.Equal(t, want, f.Quantile(q), "q=%v", q)
	}
	assert.Equal(t, time.Duration(0), (&schedule.Forecast{}).Quantile(0.5))
}

// TestRenderSimulation writes a simulated report and a forecast, with a
// hostile task ID, as text and JSON. Its distributions draw with
// integer arithmetic and square roots only, which give the same bits on
// every platform (a lognormal's exp could differ in the last bit where
// the compiler fuses a multiply and an add).
func TestRenderSimulation(t *testing.T) {
	g := graph(
		task("build", 40*time.Minute),
		task("migrate", 20*time.Minute, "build"),
		task("api", time.Hour, "migrate"),
		task("web", 30*time.Minute, "build"),
		task("evil\x1b[2J", 10*time.Minute, "web"),
		task("smoke", 10*time.Minute, "api", "evil\x1b[2J"),
	)
	sim := schedule.Simulator{
		Concurrency: 2,
		Retry:       &schedule.Retry{Attempts: 3, Backoff: 5 * time.Minute},
		Tasks: map[string]schedule.Behavior{
			"build":   {Duration: schedule.Triangular(30*time.Minute, 40*time.Minute, 90*time.Minute)},
			"migrate": {Duration: schedule.Triangular(10*time.Minute, 20*time.Minute, time.Hour), Fail: 0.05},
			"api":     {Duration: schedule.Empirical(50*time.Minute, time.Hour, 70*time.Minute, 2*time.Hour), Flaky: 0.2},
			"web":     {Duration: schedule.Uniform(20*time.Minute, 40*time.Minute), Flaky: 0.3},
		},
		Seed: 1,
	}
	rep, err := sim.Simulate(g, simStart)
	require.NoError(t, err)
	golden(t, "simulation.txt", []byte(rep.String()))

	f, err := sim.Forecast(t.Context(), g, simStart, 2000)
	require.NoError(t, err)
	golden(t, "forecast.txt", []byte(f.String()))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(f))
	golden(t, "forecast.json", buf.Bytes())
}
