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
