package gate_test

import (
	"context"
	"fmt"
	"time"

	"github.com/releasekit/releasekit/gate"
)

// A release calendar: office hours in Berlin, no deploys on Friday
// afternoons, a year-end freeze and a yearly holiday.
func ExampleParseCalendar() {
	cal, err := gate.ParseCalendar(`
zone Europe/Berlin
allow every Mon-Fri 09:00-17:00 "office hours"
deny  every Fri 12:00-17:00 "Friday afternoon"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
holiday *-05-01 "Labour Day"`)
	if err != nil {
		fmt.Println(err)
		return
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, at := range []time.Time{
		time.Date(2026, 12, 1, 10, 0, 0, 0, berlin),
		time.Date(2026, 12, 11, 13, 0, 0, 0, berlin),
		time.Date(2026, 12, 22, 10, 0, 0, 0, berlin),
	} {
		open, until, reason := cal.At(at)
		fmt.Printf("%s: open=%t until %s (%s)\n", at.Format("Mon Jan 2 15:04"), open, until.Format("Mon Jan 2 15:04"), reason)
	}
	next, _ := cal.Next(time.Date(2026, 12, 18, 15, 0, 0, 0, berlin), 2*time.Hour)
	fmt.Println("next 2h slot after Dec 18 15:00:", next.Format("Mon Jan 2 15:04 MST"))

	_, err = gate.ParseCalendar("zone Europe/Berlin\nallow every Mon-Fri 9:00-17:00")
	fmt.Println(err)
	// Output:
	// Tue Dec 1 10:00: open=true until Tue Dec 1 17:00 (office hours)
	// Fri Dec 11 13:00: open=false until Mon Dec 14 09:00 (Friday afternoon)
	// Tue Dec 22 10:00: open=false until Mon Jan 4 09:00 (year-end freeze)
	// next 2h slot after Dec 18 15:00: Mon Jan 4 09:00 CET
	// gate: line 2: "allow every Mon-Fri 9:00-17:00": column 21: a start time HH:MM (invalid window)
}

// A freeze gate for a two-hour rollout: at 16:00 it no longer fits before
// office hours end, so the gate waits and says for the next slot.
func ExampleFreeze() {
	cal, _ := gate.ParseCalendar(`allow every Mon-Fri 09:00-17:00 in Europe/Berlin "office hours"`)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	e := gate.Engine{Clock: gate.NewVirtualClock(time.Date(2026, 12, 1, 16, 0, 0, 0, berlin))}
	d, _ := e.Evaluate(context.Background(), gate.Subject{ID: "shop@2.4.0", Stage: "production"},
		gate.Freeze{Name: "window", Window: cal, Expected: 2 * time.Hour})
	fmt.Println(d.Status)
	fmt.Println(d.Results()[0].Reason)
	// Output:
	// pending
	// a 2h0m0s stage does not fit: the window closes at 2026-12-01 17:00 CET, 1h0m0s from now: office hours; next slot of 2h0m0s at 2026-12-02 09:00 CET
}

// A bake time: the stage must have run for 30 minutes, counted from the
// first time the gate saw this build in this stage.
func ExampleSoak() {
	clock := gate.NewVirtualClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	e := gate.Engine{Clock: clock}
	bake := &gate.Soak{Name: "bake", Duration: 30 * time.Minute}
	s := gate.Subject{ID: "shop@2.4.0", Stage: "canary", Digest: "sha256:4f1c"}
	for range 3 {
		d, _ := e.Evaluate(context.Background(), s, bake)
		fmt.Println(d.Status, "-", d.Results()[0].Reason)
		clock.Advance(15 * time.Minute)
	}
	// Output:
	// pending - soaked 0s of 30m0s since 2026-12-01 10:00 UTC; passes at 2026-12-01 10:30 UTC
	// pending - soaked 15m0s of 30m0s since 2026-12-01 10:00 UTC; passes at 2026-12-01 10:30 UTC
	// passed - soaked 30m0s of 30m0s since 2026-12-01 10:00 UTC
}
