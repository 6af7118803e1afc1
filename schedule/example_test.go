package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/releasekit/releasekit/schedule"
)

// Two services after a build, at most two tasks at once: the database
// migration is on the critical path; the API has an hour to spare.
func ExamplePlanner_Plan() {
	var g schedule.Graph
	g.Add(
		schedule.Task{ID: "build", Duration: time.Hour},
		schedule.Task{ID: "api", Duration: 2 * time.Hour, Deps: []string{"build"}},
		schedule.Task{ID: "db", Duration: 3 * time.Hour, Deps: []string{"build"}},
		schedule.Task{ID: "smoke", Duration: 30 * time.Minute, Deps: []string{"api", "db"}},
	)
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	plan, err := schedule.Planner{Concurrency: 2}.Plan(&g, start)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range plan.Tasks {
		fmt.Printf("%-5s wave %d  %s-%s  slack %s\n", t.ID, t.Wave, t.Start.Format("15:04"), t.Finish.Format("15:04"), t.Slack)
	}
	fmt.Println("critical path:", plan.CriticalPath)
	fmt.Println("finish:", plan.Finish.Format("15:04"))

	g.Add(schedule.Task{ID: "build", Deps: []string{"smoke"}})
	_, err = schedule.Planner{}.Plan(&g, start)
	fmt.Println(err)
	// Output:
	// build wave 0  09:00-10:00  slack 0s
	// db    wave 1  10:00-13:00  slack 0s
	// api   wave 1  10:00-12:00  slack 1h0m0s
	// smoke wave 2  13:00-13:30  slack 0s
	// critical path: [build db smoke]
	// finish: 13:30
	// schedule: task build: added twice: duplicate task
}

// A release of three services: the migration fails, FailFast stops the
// rest, and the notification, a finally task, runs anyway.
func ExampleRunner_Run() {
	step := func(id string, err error, deps ...string) schedule.Task {
		return schedule.Task{ID: id, Deps: deps, Run: func(context.Context) error { return err }}
	}
	var g schedule.Graph
	g.Add(
		step("build", nil),
		step("migrate", errors.New("lock timeout on orders"), "build"),
		step("api", nil, "migrate"),
		step("web", nil, "build"),
	)
	notify := step("notify", nil, "api", "web")
	notify.Finally = true
	g.Add(notify)

	r := schedule.Runner{Concurrency: 1, Events: func(e schedule.Event) {
		switch {
		case e.Kind == schedule.EventSkip:
			fmt.Println(e.Kind, e.Task+":", e.Reason)
		case e.Kind != schedule.EventStart:
			fmt.Println(e.Kind, e.Task, e.Status)
		}
	}}
	_, err := r.Run(context.Background(), &g)
	fmt.Println(err)
	// Output:
	// finish build succeeded
	// finish migrate failed
	// skip api: the run stopped after a failure
	// skip web: the run stopped after a failure
	// finish notify succeeded
	// schedule: task migrate: lock timeout on orders
}

// A topological order: each task after its dependencies, the same on
// every call.
func ExampleGraph_Order() {
	var g schedule.Graph
	g.Add(
		schedule.Task{ID: "smoke", Deps: []string{"api", "db"}},
		schedule.Task{ID: "api", Deps: []string{"build"}},
		schedule.Task{ID: "db", Deps: []string{"build"}},
		schedule.Task{ID: "build"},
	)
	order, err := g.Order()
	fmt.Println(order, err)

	g.Add(schedule.Task{ID: "lint", Deps: []string{"smoke", "lint"}})
	_, err = g.Order()
	fmt.Println(err)
	// Output:
	// [build api db smoke] <nil>
	// schedule: task lint: depends on itself: invalid task
}

// A release simulated once: the API's deploy is flaky and succeeds on
// its second try; the durations are drawn from three-point estimates.
func ExampleSimulator_Simulate() {
	var g schedule.Graph
	g.Add(
		schedule.Task{ID: "build", Duration: 40 * time.Minute},
		schedule.Task{ID: "api", Duration: time.Hour, Deps: []string{"build"}},
		schedule.Task{ID: "web", Duration: 30 * time.Minute, Deps: []string{"build"}},
	)
	sim := schedule.Simulator{
		Retry: &schedule.Retry{Attempts: 3, Backoff: 5 * time.Minute},
		Tasks: map[string]schedule.Behavior{
			"build": {Duration: schedule.Triangular(30*time.Minute, 40*time.Minute, 90*time.Minute)},
			"api":   {Duration: schedule.Uniform(45*time.Minute, 90*time.Minute), Flaky: 0.5},
		},
		Seed: 2,
	}
	rep, err := sim.Simulate(&g, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(rep)
	// Output:
	// run: 2026-12-07 09:00 to 2026-12-07 11:34 (2h34m54s), 3 tasks, 3 succeeded
	// critical path: build -> api
	//
	//   task   status     tries  start             finish            took
	// * build  succeeded      1  2026-12-07 09:00  2026-12-07 09:43  43m52s
	// * api    succeeded      2  2026-12-07 09:43  2026-12-07 11:34  1h51m2s
	//   web    succeeded      1  2026-12-07 09:43  2026-12-07 10:13  30m0s
}

// A thousand simulated releases: when will it be done, how likely is it
// to go through, and which tasks decide?
func ExampleSimulator_Forecast() {
	var g schedule.Graph
	g.Add(
		schedule.Task{ID: "build", Duration: 40 * time.Minute},
		schedule.Task{ID: "migrate", Duration: 20 * time.Minute, Deps: []string{"build"}},
		schedule.Task{ID: "api", Duration: time.Hour, Deps: []string{"migrate"}},
		schedule.Task{ID: "web", Duration: time.Hour, Deps: []string{"build"}},
	)
	sim := schedule.Simulator{
		Retry: &schedule.Retry{Attempts: 3, Backoff: 5 * time.Minute},
		Tasks: map[string]schedule.Behavior{
			"migrate": {Duration: schedule.Triangular(10*time.Minute, 20*time.Minute, time.Hour), Fail: 0.02},
			"api":     {Duration: schedule.Uniform(45*time.Minute, 90*time.Minute), Flaky: 0.1},
			"web":     {Duration: schedule.Uniform(30*time.Minute, 2*time.Hour)},
		},
	}
	f, err := sim.Forecast(context.Background(), &g, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), 1000)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(f)
	// Output:
	// forecast: 1000 runs from 2026-12-07 09:00
	//   P50 finish  2026-12-07 11:25  (2h25m10s)
	//   P90 finish  2026-12-07 12:06  (3h6m57s)
	//   P99 finish  2026-12-07 13:38  (4h38m55s)
	//   mean        2h29m34s
	//   no task failed in 97.2% of runs
	//
	//   task     critical  failed  retried
	//   build      100.0%    0.0%     0.0%
	//   migrate     73.6%    2.8%     0.0%
	//   api         73.5%    0.0%    10.9%
	//   web         26.4%    0.0%     0.0%
}
