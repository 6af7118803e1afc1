// Command schedule plans and runs a release with the schedule package, on
// a virtual clock: twelve tasks (a build, a database migration, two
// services, the release notes, the API rolled out to 10% and then 100% of
// traffic with a bake after each wave, a smoke test, and a notification
// that runs whatever happened), at most two at once, in the office hours
// of a deploy calendar.
//
// It prints the plan (each task's start, finish and slack, the critical
// path and the ETA), runs the graph with a progress bar fed by the
// runner's events (the migration hits a lock timeout on its first try and
// is retried), and ends with the runner's report (each task's status,
// tries and times, the critical path as it happened) and the finish
// against the plan's ETA. An hour and a half of release flow takes
// milliseconds.
//
// Usage:
//
//	go run ./examples/schedule [-progress auto|bar|lines]
//
// On a terminal the progress bar is redrawn in place; elsewhere (a pipe, a
// log file, CI) each event prints a line of its own. -progress bar or
// -progress lines chooses one whatever the output is.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/releasekit/releasekit/schedule"
)

// calendar is when releases may go out: office hours on weekdays, and not
// over the year's end.
const calendar = `
zone UTC
allow every Mon-Fri 09:00-17:00 "office hours"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
`

// concurrency is how many tasks run at once, in the plan and the run.
const concurrency = 2

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mode := fs.String("progress", "auto", "bar (redrawn in place), lines (one per event) or auto (a bar on a terminal)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var bar bool
	switch *mode {
	case "auto":
		bar = isTerminal(stdout)
	case "bar":
		bar = true
	case "lines":
	default:
		fmt.Fprintf(stderr, "schedule: -progress %q: want auto, bar or lines\n", *mode)
		return 2
	}
	if err := release(ctx, stdout, bar); err != nil {
		fmt.Fprintln(stderr, "schedule:", err)
		return 1
	}
	return 0
}

// isTerminal reports whether w is a terminal (a character device), where
// a line can be redrawn in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

const stampFormat = "Mon 2006-01-02 15:04 MST"

func release(ctx context.Context, out io.Writer, bar bool) error {
	cal, err := schedule.ParseCalendar(calendar)
	if err != nil {
		return err
	}
	requested := time.Date(2026, 12, 7, 8, 40, 0, 0, time.UTC) // a Monday, before office hours
	clock := schedule.NewVirtualClock(requested)
	pace := newPacer(clock, concurrency)
	tasks, err := releaseTasks(pace)
	if err != nil {
		return err
	}
	var g schedule.Graph
	g.Add(pace.track(tasks)...)

	plan, err := schedule.Planner{Concurrency: concurrency, Calendar: cal}.Plan(&g, requested)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "release requested %s\n\n", requested.Format(stampFormat))
	if err := plan.WriteText(out); err != nil {
		return err
	}

	// The runner does not read calendars: the host starts the run when
	// the plan says the first task may, the plan having placed every task
	// inside the window.
	clock.Advance(plan.Tasks[0].Start.Sub(clock.Now()))
	fmt.Fprintf(out, "\nrun from %s, at most %d tasks at once:\n", clock.Now().Format(stampFormat), concurrency)
	show := newProgress(out, g.Len(), bar)
	r := schedule.Runner{
		Concurrency: concurrency,
		Clock:       pace,
		Retry:       &schedule.Retry{Attempts: 3, Backoff: 2 * time.Minute},
		Events: func(e schedule.Event) {
			show.event(e)
			pace.observe(e)
		},
	}
	var rep *schedule.Report
	runErr := pace.run(ctx, func(ctx context.Context) (err error) {
		rep, err = r.Run(ctx, &g)
		return err
	})
	if err := show.close(); err != nil {
		return err
	}
	if rep == nil {
		return runErr
	}
	fmt.Fprintln(out)
	if err := rep.WriteText(out); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(out, "\n%s\n", againstPlan(rep, plan)); err != nil {
		return err
	}
	return runErr
}

// againstPlan says when the run finished against the plan's ETA.
func againstPlan(rep *schedule.Report, plan *schedule.Plan) string {
	eta := plan.Finish.Format("15:04")
	for _, t := range rep.Tasks {
		if t.Status != schedule.Succeeded && t.Status != schedule.Resumed {
			return "the run did not complete; the plan's ETA was " + eta
		}
	}
	switch late := rep.Finish.Sub(plan.Finish); {
	case late > 0:
		return fmt.Sprintf("finished %s after the plan's ETA of %s", late, eta)
	case late < 0:
		return fmt.Sprintf("finished %s before the plan's ETA of %s", -late, eta)
	}
	return "finished at the plan's ETA of " + eta
}

// releaseTasks returns the release's tasks, each waiting its Duration on
// the clock as if doing the work. The migration hits a lock timeout on its
// first try, an error marked transient, so the runner tries it again.
//
// No two tasks are due to finish at the same instant, in the plan or in
// the run: tasks that finish together would send their events in either
// order, and the output would not be the same on every run.
func releaseTasks(clock schedule.Clock) ([]schedule.Task, error) {
	task := func(id string, d time.Duration, deps ...string) schedule.Task {
		return schedule.Task{ID: id, Duration: d, Deps: deps, Run: func(ctx context.Context) error {
			return work(ctx, clock, d)
		}}
	}
	const migrateTime = 10 * time.Minute
	migrate := task("migrate", migrateTime, "build")
	tries := 0
	migrate.Run = func(ctx context.Context) error {
		if err := work(ctx, clock, migrateTime); err != nil {
			return err
		}
		if tries++; tries == 1 {
			return schedule.Transient(errors.New("lock timeout on table orders"))
		}
		return nil
	}
	const deployTime = 4 * time.Minute
	rollout, err := schedule.Rollout{
		Name:       "api",
		Waves:      schedule.Percentages(15*time.Minute, 10, 100),
		Deps:       []string{"migrate"},
		DeployTime: deployTime,
		Deploy: func(ctx context.Context, _ schedule.Wave, _ string) error {
			return work(ctx, clock, deployTime)
		},
		Clock: clock,
	}.Tasks()
	if err != nil {
		return nil, err
	}
	notify := task("notify", time.Minute, "smoke")
	notify.Finally = true
	tasks := []schedule.Task{
		task("build", 20*time.Minute),
		migrate,
		task("web", 8*time.Minute, "build"),
		task("notes", 5*time.Minute, "build"),
		task("worker", 12*time.Minute, "migrate"),
	}
	tasks = append(tasks, rollout...)
	return append(tasks,
		task("smoke", 6*time.Minute, "web", "worker", rollout[len(rollout)-1].ID),
		notify,
	), nil
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
