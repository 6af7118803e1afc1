// Package schedule answers the questions a release manager asks of a set
// of release units: in what order do they go out, how many at once, when
// does each start and finish, what is on the critical path?
//
//	var g schedule.Graph
//	g.Add(
//		schedule.Task{ID: "build", Duration: time.Hour},
//		schedule.Task{ID: "api", Duration: 2 * time.Hour, Deps: []string{"build"}},
//		schedule.Task{ID: "db", Duration: 3 * time.Hour, Deps: []string{"build"}},
//	)
//	plan, err := schedule.Planner{Concurrency: 2}.Plan(&g, start)
//
// # Graphs
//
// A [Graph] holds [Task]s and their dependencies. [Graph.Validate]
// reports every problem at once: unknown dependencies, duplicates, tasks
// depending on themselves, and cycles as ordered paths ("a -> b -> c ->
// a", a [*CycleError] wrapping [ErrCycle]). Planning validates first.
// [Graph.Order] gives a topological order, the same on every call.
//
// # Plans
//
// [Planner.Plan] gives the waves of the graph (tasks by depth), each
// task's planned start, finish and slack, the critical path and the
// finish of the whole. With a concurrency limit it is list scheduling: a
// free slot goes to the ready task with the longest chain of work behind
// it; without one, the earliest schedule of the critical path method. It
// takes O((V+E) log V) time: about 100 ms for 100,000 tasks.
//
// # Calendars
//
// A [Calendar] ([ParseCalendar]) is when release work may happen: allow
// and deny windows, recurring or one-off, holidays, each in an IANA time
// zone, correct across daylight-saving changes, in the language
// gate.ParseCalendar documents; its At method is gate.Window's, so one
// calendar serves a plan and a freeze gate. With Planner.Calendar (or a
// task's own Window) a task starts only where it fits whole, never runs
// into a freeze, and waits for the next window otherwise; the plan says
// how long each task waited. A task that fits in no window within a year
// is an error, not an endless search.
//
// # Running
//
// [Runner.Run] runs a graph: each task once its dependencies have ended
// and its [Join] rule allows (all succeeded, the default; all done; none
// failed), at most Concurrency at once, the ready task with the longest
// chain of work behind it first (as the plan). A failure is handled by
// the [FailurePolicy]: FailFast starts nothing new (and, with
// CancelRunning, cancels what runs), Continue lets independent branches
// go on, SkipDependents also skips everything downstream of a failure,
// and Rollback stops, then calls the Undo of every task that completed,
// in reverse dependency order. Finally tasks run whatever happened. A
// [Retry] retries transient errors ([Transient], [IsTransient]) with
// exponential backoff on the injected [Clock]. Every start, retry,
// finish, skip and undo is an [Event]; a [State] built from them can be
// saved and handed to a later run (Runner.Resume), which skips what
// succeeded. Cancelling the context cancels the running tasks and returns
// once they have stopped; a panic in a task is re-raised on the caller as
// a [*TaskPanic] after every worker has stopped. The [Report] has every
// task's status, attempts, times and the critical path as it happened.
// The overhead is about 2 µs a task (100,000 no-op tasks, 64 at once).
// [Report.WriteText] prints a run as a timeline.
//
// # Rollouts
//
// [Rollout] turns waves ([Percentages] for 1% -> 10% -> 50% -> 100%, or
// rings and regions) into tasks: each wave's deploys at once, a bake that
// waits on the clock, and a gate hook before the next wave.
//
// # Rendering
//
// A plan renders as text ([Plan.WriteText]), JSON, a Mermaid gantt chart
// ([Plan.WriteMermaidGantt]); a graph as a Mermaid flowchart and in
// Graphviz's DOT language, with the plan's critical path highlighted.
// Task IDs are escaped for each format.
//
// # Simulation
//
// A [Simulator] runs a graph in virtual time, by the Runner's rules
// (concurrency, failure policy, joins, finally tasks, retries, rollback)
// and the Planner's calendar rule, with each attempt's duration drawn
// from a [Dist] ([Fixed], [Uniform], [Triangular], [LogNormal], or
// [Empirical] from the host's own history) and its failure from the
// task's [Behavior]: a chance to fail for good, a chance to fail
// transiently. [Simulator.Simulate] gives one run's [Report] and its
// events; [Simulator.Forecast] makes many runs and gives the P50, P90
// and P99 of the finish, how often the release goes through, and for
// each task how often it was on the critical path, failed or was
// retried. No Run function is called and no time passes: a week of
// release flow takes under a millisecond, a forecast of a thousand runs
// of forty tasks a few milliseconds. Draws depend only on the seed, the
// run, the task's ID and the attempt, so two settings (four at once or
// eight, FailFast or Continue) are compared on the same draws, without
// noise. A test runs random graphs both ways, simulated and by the
// Runner on a virtual clock, and requires the same report.
//
// # Time
//
// The runner waits on an injected [Clock]; [VirtualClock] moves only when
// told to and also serves gate's engine.
//
// # Limits
//
// Plans and simulated runs end within [Horizon] (a hundred years) of
// their start, or fail with [ErrHorizon]; a task's Duration is at most
// Horizon, a drawn duration at most [MaxDraw] (a year). A task that fits
// in no window of its calendar within a year is [ErrNoWindow]. A host's
// own [Slots] is taken at its word: a task deferred to the start Next
// gave starts there, without asking again.
//
// # What it does not do
//
// The Runner does not read calendars or Task.Window: it runs a task when
// its dependencies allow, so a host starts a run when the plan says (or
// simulates it, as the Simulator does honour them). Simulate takes no
// context: it is bounded by Horizon and MaxDraw. A Report has no JSON
// form of its own yet, and a Plan's JSON (durations as strings) is for
// reading, not for decoding back into a Plan.
package schedule
