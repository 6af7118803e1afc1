package schedule_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVirtualClock(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	c := schedule.NewVirtualClock(start)
	a, b := c.After(time.Hour), c.After(time.Minute)
	assert.Equal(t, 2, c.Waiters())
	assert.Equal(t, 2, c.RunUntilIdle())
	assert.Equal(t, start.Add(time.Minute), <-b)
	assert.Equal(t, start.Add(time.Hour), <-a)
	assert.Equal(t, start.Add(time.Hour), c.Now())
	assert.Zero(t, c.RunUntilIdle())

	var zero schedule.VirtualClock
	assert.True(t, zero.Now().IsZero())
}

// TestRunnerOnVirtualClock runs retries and a bake on a virtual clock,
// driven from the test: a day of waiting takes no time.
func TestRunnerOnVirtualClock(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := schedule.NewVirtualClock(start)
	tries := 0
	g := graph(schedule.Task{ID: "flaky", Run: func(context.Context) error {
		tries++
		if tries < 3 {
			return schedule.Transient(errBoom)
		}
		return nil
	}})
	tasks, err := schedule.Rollout{Name: "shop", Deps: []string{"flaky"}, Clock: clock,
		Waves: schedule.Percentages(12*time.Hour, 10, 100)}.Tasks()
	require.NoError(t, err)
	g.Add(tasks...)
	r := schedule.Runner{Clock: clock, Retry: &schedule.Retry{Attempts: 3, Backoff: time.Hour}}

	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() { // the driver: move to each timer as soon as one waits
		for clock.BlockUntil(ctx, 1) == nil {
			clock.AdvanceToNext()
		}
	})
	rep, err := r.Run(ctx, g)
	cancel()
	wg.Wait()
	require.NoError(t, err)
	assert.Equal(t, start.Add(3*time.Hour+24*time.Hour), clock.Now(), "retry waits of 1h and 2h, then two bakes of 12h")
	assert.Equal(t, start.Add(27*time.Hour), rep.Finish)
}
