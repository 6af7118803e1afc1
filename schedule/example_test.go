package schedule_test

import (
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
