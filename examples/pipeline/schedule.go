package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/releasekit/releasekit/schedule"
)

// deployTime is how long one wave's deploy takes.
const deployTime = 5 * time.Minute

// releaseGraph returns the release's tasks: build, then the release notes
// and, when the release has any, the database migrations; a rollout to a
// first wave of traffic and then to all of it, each wave baking as long as
// the risk asks (a quarter of an hour at least); a smoke test; and a
// notification that goes out whatever happened. Each task waits its
// Duration on clock, as if doing the work.
func releaseGraph(clock schedule.Clock, a assessment) (*schedule.Graph, error) {
	task := func(id string, d time.Duration, deps ...string) schedule.Task {
		return schedule.Task{ID: id, Duration: d, Deps: deps, Run: func(ctx context.Context) error {
			return work(ctx, clock, d)
		}}
	}
	var g schedule.Graph
	g.Add(task("build", 20*time.Minute), task("notes", 3*time.Minute, "build"))
	before := "build"
	if a.migrations > 0 {
		g.Add(task("migrate", 10*time.Minute, "build"))
		before = "migrate"
	}
	bake := max(a.needs.Bake, 15*time.Minute)
	rollout, err := schedule.Rollout{
		Name:       "shop",
		Waves:      schedule.Percentages(bake, cmp.Or(a.needs.FirstWave, 25), 100),
		Deps:       []string{before},
		DeployTime: deployTime,
		Deploy: func(ctx context.Context, _ schedule.Wave, _ string) error {
			return work(ctx, clock, deployTime)
		},
		Clock: clock,
	}.Tasks()
	if err != nil {
		return nil, err
	}
	g.Add(rollout...)
	g.Add(task("smoke", 5*time.Minute, rollout[len(rollout)-1].ID))
	notify := task("notify", time.Minute, "smoke", "notes")
	notify.Finally = true
	g.Add(notify)
	return &g, nil
}

// work waits d on the clock, or returns the context's cause when ctx ends
// first.
func work(ctx context.Context, clock schedule.Clock, d time.Duration) error {
	select {
	case <-clock.After(d):
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// runRelease prints the plan, runs the graph on the virtual clock and
// prints the report, then forecasts the finish from a thousand simulated
// runs in which durations vary and some tasks fail.
func runRelease(ctx context.Context, clock *schedule.VirtualClock, cal *schedule.Calendar, g *schedule.Graph, plan *schedule.Plan, w io.Writer) error {
	fmt.Fprintln(w, "\n== schedule")
	if err := plan.WriteText(w); err != nil {
		return err
	}

	// The run takes one task at a time, so that at most one timer waits on
	// the virtual clock and a driver can move the clock to it as soon as
	// it waits. With several tasks at once, a task still starting could
	// set its timer after the clock has moved: that needs a driver that
	// knows what runs (examples/schedule's pacer) or testing/synctest.
	runner := schedule.Runner{Concurrency: 1, Clock: clock}
	driven, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for clock.BlockUntil(driven, 1) == nil {
			clock.AdvanceToNext()
		}
	})
	rep, err := runner.Run(driven, g)
	stop()
	wg.Wait()
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := rep.WriteText(w); err != nil {
		return err
	}
	if late := rep.Finish.Sub(plan.Finish); late > 0 {
		fmt.Fprintf(w, "finished %s after the plan's ETA: the run took one task at a time, the plan two\n", late)
	}

	sim := schedule.Simulator{
		Concurrency: 2,
		Calendar:    cal,
		Retry:       &schedule.Retry{Attempts: 3, Backoff: 2 * time.Minute},
		Tasks:       map[string]schedule.Behavior{},
		Seed:        1,
	}
	for t := range g.Tasks() {
		switch {
		case t.ID == "build":
			sim.Tasks[t.ID] = schedule.Behavior{Duration: schedule.LogNormal(20*time.Minute, 35*time.Minute)}
		case t.ID == "migrate":
			sim.Tasks[t.ID] = schedule.Behavior{Duration: schedule.Uniform(5*time.Minute, 25*time.Minute), Flaky: 0.2}
		case strings.HasSuffix(t.ID, "/deploy"):
			sim.Tasks[t.ID] = schedule.Behavior{Duration: schedule.Triangular(3*time.Minute, deployTime, 15*time.Minute), Flaky: 0.05}
		case t.ID == "smoke":
			sim.Tasks[t.ID] = schedule.Behavior{Flaky: 0.1, Fail: 0.01}
		}
	}
	f, err := sim.Forecast(ctx, g, plan.Start, 1000)
	if err != nil {
		return err
	}
	fmt.Fprintln(w)
	return f.WriteText(w)
}
