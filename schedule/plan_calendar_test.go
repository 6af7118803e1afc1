package schedule_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const office = `zone Europe/Berlin
allow every Mon-Fri 09:00-17:00 "office hours"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"`

func mustCalendar(t testing.TB, spec string) *schedule.Calendar {
	t.Helper()
	c, err := schedule.ParseCalendar(spec)
	require.NoError(t, err)
	return c
}

func byID(p *schedule.Plan) map[string]schedule.PlannedTask {
	m := map[string]schedule.PlannedTask{}
	for _, pt := range p.Tasks {
		m[pt.ID] = pt
	}
	return m
}

func TestPlanWithCalendar(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		require.NoError(t, err)
		return v
	}
	cal := mustCalendar(t, office)
	g := graph(task("build", 2*time.Hour), task("deploy", 3*time.Hour, "build"), task("verify", 4*time.Hour, "deploy"))

	p, err := schedule.Planner{Calendar: cal}.Plan(g, at("2026-12-04 13:00"))
	require.NoError(t, err)
	got := byID(p)
	assert.Equal(t, at("2026-12-04 13:00"), got["build"].Start)
	assert.Equal(t, at("2026-12-07 09:00"), got["deploy"].Start, "3h do not fit between 15:00 and 17:00 on Friday")
	assert.Equal(t, 66*time.Hour, got["deploy"].Waited)
	assert.Equal(t, at("2026-12-07 16:00"), p.Finish)
	assert.Equal(t, []string{"build", "deploy", "verify"}, p.CriticalPath)

	// A plan that would run into the year-end freeze waits for January.
	p, err = schedule.Planner{Calendar: cal}.Plan(g, at("2026-12-18 10:00"))
	require.NoError(t, err)
	assert.Equal(t, at("2026-12-18 12:00"), byID(p)["deploy"].Start)
	assert.Equal(t, at("2027-01-04 09:00"), byID(p)["verify"].Start, "4h do not fit before the freeze")

	// A task's own window overrides the planner's calendar.
	night := mustCalendar(t, "allow every day 22:00-06:00 in Europe/Berlin")
	g2 := graph(task("build", 2*time.Hour), schedule.Task{ID: "migrate", Duration: time.Hour, Deps: []string{"build"}, Window: night})
	p, err = schedule.Planner{Calendar: cal}.Plan(g2, at("2026-12-07 09:00"))
	require.NoError(t, err)
	assert.Equal(t, at("2026-12-07 22:00"), byID(p)["migrate"].Start)

	// With one slot, a ready task that fits now goes before a more
	// important one that must wait for its window.
	g3 := graph(schedule.Task{ID: "long", Duration: 6 * time.Hour}, task("short", time.Hour))
	p, err = schedule.Planner{Calendar: cal, Concurrency: 1}.Plan(g3, at("2026-12-07 12:00"))
	require.NoError(t, err)
	assert.Equal(t, at("2026-12-07 12:00"), byID(p)["short"].Start)
	assert.Equal(t, at("2026-12-08 09:00"), byID(p)["long"].Start)

	// A task longer than any window fits nowhere: an error, not a hang.
	_, err = schedule.Planner{Calendar: cal}.Plan(graph(task("huge", 9*time.Hour)), at("2026-12-07 09:00"))
	assert.ErrorIs(t, err, schedule.ErrNoWindow)
	var te *schedule.TaskError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "huge", te.ID)
}

// TestPlanCalendarProperties: on random graphs with a calendar, every
// task runs whole inside an open window, after its dependencies, within
// the limit.
func TestPlanCalendarProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	cal := mustCalendar(t, `allow every Mon-Fri 08:00-18:00 in Europe/Berlin
allow every Sat 10:00-14:00 in America/New_York
deny every Wed 12:00-13:00 in Europe/Berlin`)
	start := time.Date(2026, 3, 25, 7, 0, 0, 0, time.UTC) // the week Berlin's clocks change
	for round := range 100 {
		g := randomDAG(r, 1+r.IntN(40), 2)
		limit := []int{0, 1, 3}[round%3]
		p, err := schedule.Planner{Calendar: cal, Concurrency: limit}.Plan(g, start)
		require.NoError(t, err)
		at := byID(p)
		for tk := range g.Tasks() {
			pt := at[tk.ID]
			open, until, _ := cal.At(pt.Start)
			require.True(t, open, "%s starts at %v, outside the calendar", tk.ID, pt.Start)
			require.True(t, until.IsZero() || !until.Before(pt.Finish), "%s (%v-%v) runs past its window's end %v", tk.ID, pt.Start, pt.Finish, until)
			for _, dep := range tk.Deps {
				require.False(t, pt.Start.Before(at[dep].Finish))
			}
		}
		if limit > 0 {
			for _, pt := range p.Tasks {
				running := 0
				for _, o := range p.Tasks {
					if !o.Start.After(pt.Start) && o.Finish.After(pt.Start) {
						running++
					}
				}
				require.LessOrEqual(t, running, limit)
			}
		}
	}
}

// TestWaitedIsForWindows: Waited counts the wait for a window, not for a
// free slot.
func TestWaitedIsForWindows(t *testing.T) {
	g := graph(task("a", time.Hour), task("b", time.Hour), task("c", time.Hour))
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) // a Monday
	plan, err := schedule.Planner{Concurrency: 2}.Plan(g, start)
	require.NoError(t, err)
	for _, tk := range plan.Tasks {
		assert.Zero(t, tk.Waited, "%s waited for a slot, not a window", tk.ID)
	}
	assert.Equal(t, start.Add(2*time.Hour), plan.Finish)

	// c waits an hour for a slot, until 10:00, then for the window that
	// opens at 11:00: it waited an hour for its window.
	cal := mustCalendar(t, "allow every Mon 09:00-10:00\nallow every Mon 11:00-17:00")
	plan, err = schedule.Planner{Concurrency: 2, Calendar: cal}.Plan(g, start)
	require.NoError(t, err)
	c := byID(plan)["c"]
	assert.Equal(t, start.Add(2*time.Hour), c.Start)
	assert.Equal(t, time.Hour, c.Waited)
	assert.Zero(t, byID(plan)["a"].Waited)
}
