package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRolloutPlan(t *testing.T) {
	r := schedule.Rollout{Name: "shop", Waves: schedule.Percentages(time.Hour, 1, 10, 50, 100), DeployTime: 10 * time.Minute}
	tasks, err := r.Tasks()
	require.NoError(t, err)
	var ids []string
	for _, tk := range tasks {
		ids = append(ids, tk.ID)
	}
	assert.Equal(t, []string{
		"shop/1%/deploy", "shop/1%/bake", "shop/1%/gate",
		"shop/10%/deploy", "shop/10%/bake", "shop/10%/gate",
		"shop/50%/deploy", "shop/50%/bake", "shop/50%/gate",
		"shop/100%/deploy", "shop/100%/bake",
	}, ids)
	var g schedule.Graph
	g.Add(tasks...)
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	p, err := schedule.Planner{}.Plan(&g, start)
	require.NoError(t, err)
	assert.Equal(t, start.Add(4*(70*time.Minute)), p.Finish, "four waves of a 10-minute deploy and an hour's bake")
	assert.Len(t, p.Waves, 11, "a chain")
}

func TestRolloutRings(t *testing.T) {
	r := schedule.Rollout{Name: "api", Deps: []string{"build"}, Waves: []schedule.Wave{
		{Name: "ring0", Targets: []string{"canary"}, Bake: 30 * time.Minute},
		{Name: "ring1", Targets: []string{"eu-west", "us-east"}, Bake: time.Hour},
	}}
	tasks, err := r.Tasks()
	require.NoError(t, err)
	byID := map[string]schedule.Task{}
	for _, tk := range tasks {
		byID[tk.ID] = tk
	}
	assert.Equal(t, []string{"build"}, byID["api/ring0/deploy/canary"].Deps)
	assert.Equal(t, []string{"api/ring0/gate"}, byID["api/ring1/deploy/eu-west"].Deps)
	assert.Equal(t, []string{"api/ring1/deploy/eu-west", "api/ring1/deploy/us-east"}, byID["api/ring1/bake"].Deps)
	assert.Equal(t, "us-east", byID["api/ring1/deploy/us-east"].Labels["target"])
}

// TestRolloutRun runs a rollout whose gate refuses the second wave: the
// later waves never deploy, and the bakes wait on the clock.
func TestRolloutRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var deployed []string
		r := schedule.Rollout{Name: "shop", Waves: schedule.Percentages(time.Hour, 1, 10, 100),
			Deploy: func(_ context.Context, w schedule.Wave, target string) error {
				mu.Lock()
				deployed = append(deployed, target)
				mu.Unlock()
				return nil
			},
			Gate: func(_ context.Context, w schedule.Wave) error {
				if w.Name == "10%" {
					return errors.New("error rate 2.1% > 1%")
				}
				return nil
			}}
		tasks, err := r.Tasks()
		require.NoError(t, err)
		var g schedule.Graph
		g.Add(tasks...)
		start := time.Now()
		rep, err := (&schedule.Runner{}).Run(t.Context(), &g)
		require.ErrorContains(t, err, "error rate 2.1% > 1%")
		assert.Equal(t, []string{"1%", "10%"}, deployed)
		assert.Equal(t, 2*time.Hour, time.Since(start), "two bakes of an hour")
		gate, _ := rep.Task("shop/10%/gate")
		assert.Equal(t, schedule.Failed, gate.Status)
		last, _ := rep.Task("shop/100%/deploy")
		assert.Equal(t, schedule.Skipped, last.Status)
	})
}

func TestRolloutInvalid(t *testing.T) {
	for name, r := range map[string]schedule.Rollout{
		"no name":              {Waves: schedule.Percentages(0, 1)},
		"no waves":             {Name: "x"},
		"wave without targets": {Name: "x", Waves: []schedule.Wave{{Name: "a"}}},
		"duplicate waves":      {Name: "x", Waves: []schedule.Wave{{Name: "a", Targets: []string{"t"}}, {Name: "a", Targets: []string{"t"}}}},
		"duplicate target":     {Name: "x", Waves: []schedule.Wave{{Name: "a", Targets: []string{"t", "t"}}}},
		"negative bake":        {Name: "x", Waves: []schedule.Wave{{Name: "a", Targets: []string{"t"}, Bake: -time.Second}}},
	} {
		_, err := r.Tasks()
		assert.ErrorIs(t, err, schedule.ErrInvalidRollout, name)
		assert.NotEmpty(t, fmt.Sprint(err))
	}
}
