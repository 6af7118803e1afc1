package gate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const office = `# Production: office hours in Berlin, no Fridays after noon, a year-end freeze.
zone Europe/Berlin
allow every Mon-Fri 09:00-17:00 "office hours"
deny  every Fri 12:00-17:00 "Friday afternoon"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
holiday *-05-01 "Labour Day"
`

func berlin(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

func TestParseCalendarErrors(t *testing.T) {
	tests := []struct {
		spec      string
		line, col int
		input     string
		msg       string
	}{
		{"zone Europe/Berlin\nallow every Mon-Fri 9:00-17:00", 2, 21, "allow every Mon-Fri 9:00-17:00",
			`gate: line 2: "allow every Mon-Fri 9:00-17:00": column 21: a start time HH:MM (invalid window)`},
		{"\n\ndeny every Sat in Europe/Atlantis", 3, 19, "deny every Sat in Europe/Atlantis",
			`gate: line 3: "deny every Sat in Europe/Atlantis": column 19: a time zone known to the tz database, not "Europe/Atlantis" (invalid window)`},
		{`deny cron "0 9 30 2 *" for 1h`, 1, 12, `deny cron "0 9 30 2 *" for 1h`,
			`column 12: a schedule that matches some day (this one never does)`},
		{"freeze everything", 1, 1, "freeze everything", "allow, deny, holiday or zone"},
	}
	for _, tt := range tests {
		c, err := gate.ParseCalendar(tt.spec)
		assert.Nil(t, c)
		require.ErrorIs(t, err, gate.ErrInvalidWindow, tt.spec)
		var pe *gate.ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, tt.line, pe.Line, tt.spec)
		assert.Equal(t, tt.col, pe.Col, tt.spec)
		assert.Equal(t, tt.input, pe.Input, tt.spec)
		assert.Contains(t, err.Error(), tt.msg)
	}
}

func TestCalendarZeroAndText(t *testing.T) {
	var zero gate.Calendar
	open, until, reason := zero.At(time.Now())
	assert.True(t, open)
	assert.True(t, until.IsZero())
	assert.Empty(t, reason)
	assert.Zero(t, zero.Len())
	next, ok := zero.Next(berlin(t, "2026-12-01 10:00"), time.Hour)
	assert.True(t, ok)
	assert.True(t, next.Equal(berlin(t, "2026-12-01 10:00")))

	var cfg struct {
		Production *gate.Calendar `json:"production"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"production": "allow every Mon-Fri 09:00-17:00 in Europe/Berlin\nholiday *-12-25"}`), &cfg))
	assert.Equal(t, 2, cfg.Production.Len())
	out, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.JSONEq(t, `{"production": "allow every Mon-Fri 09:00-17:00 in Europe/Berlin\nholiday *-12-25\n"}`, string(out))
	err = json.Unmarshal([]byte(`{"production": "allow every Someday"}`), &cfg)
	assert.ErrorIs(t, err, gate.ErrInvalidWindow)
}

// evalAt evaluates g alone on a virtual clock standing at now.
func evalAt(t *testing.T, now time.Time, g gate.Gate) gate.Result {
	t.Helper()
	e := gate.Engine{Clock: gate.NewVirtualClock(now)}
	d, _ := e.Evaluate(t.Context(), subject, g)
	require.Len(t, d.Results(), 1)
	return d.Results()[0]
}

func TestFreeze(t *testing.T) {
	cal, err := gate.ParseCalendar(office)
	require.NoError(t, err)
	tests := []struct {
		name     string
		now      string
		expected time.Duration
		status   gate.Status
		reason   string
	}{
		{"inside office hours", "2026-12-01 10:00", 0, gate.Passed,
			"open until 2026-12-01 17:00 CET: office hours"},
		{"a two-hour stage fits", "2026-12-01 14:00", 2 * time.Hour, gate.Passed, "open until"},
		{"a two-hour stage does not fit at four", "2026-12-01 16:00", 2 * time.Hour, gate.Pending,
			"a 2h0m0s stage does not fit: the window closes at 2026-12-01 17:00 CET, 1h0m0s from now: office hours; next slot of 2h0m0s at 2026-12-02 09:00 CET"},
		{"before Friday noon, a long stage waits for Monday", "2026-12-11 11:00", 2 * time.Hour, gate.Pending,
			"next slot of 2h0m0s at 2026-12-14 09:00 CET"},
		{"Friday afternoon is frozen", "2026-12-11 13:00", 0, gate.Pending,
			"closed until 2026-12-14 09:00 CET: Friday afternoon"},
		{"the year-end freeze names itself", "2026-12-22 10:00", 0, gate.Pending,
			"closed until 2027-01-04 09:00 CET: year-end freeze"},
		{"a holiday", "2026-05-01 10:00", 0, gate.Pending, "closed until 2026-05-04 09:00 CEST: Labour Day"},
		{"a stage longer than any window never fits", "2026-12-01 10:00", 9 * time.Hour, gate.Failed,
			"no slot of 9h0m0s ahead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := berlin(t, tt.now)
			r := evalAt(t, now, gate.Freeze{Name: "production window", Window: cal, Expected: tt.expected})
			assert.Equal(t, "production window", r.Gate)
			assert.Equal(t, tt.status, r.Status, r.Reason)
			assert.Contains(t, r.Reason, tt.reason)
			open, until, _ := cal.At(now)
			assert.Equal(t, open, r.Evidence["open"], "evidence")
			assert.Equal(t, until, r.Evidence["until"], "evidence")
		})
	}
}

func TestFreezeOnHostWindows(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	closedForEver := gate.WindowFunc(func(time.Time) (bool, time.Time, string) { return false, time.Time{}, "decommissioned" })
	shortWindow := gate.WindowFunc(func(t time.Time) (bool, time.Time, string) { return true, t.Add(time.Minute), "" })
	tests := []struct {
		name   string
		g      gate.Freeze
		status gate.Status
		reason string
	}{
		{"no window: errored, never passed", gate.Freeze{}, gate.Errored, "no window to consult"},
		{"negative expected duration", gate.Freeze{Window: shortWindow, Expected: -time.Hour}, gate.Errored, "negative"},
		{"closed with nothing ahead", gate.Freeze{Window: closedForEver}, gate.Failed, "closed, and it does not open again: decommissioned"},
		{"too short, and the window cannot say when a slot comes", gate.Freeze{Window: shortWindow, Expected: time.Hour}, gate.Pending,
			"a 1h0m0s stage does not fit: the window closes at 2026-12-01 10:01 UTC, 1m0s from now"},
		{"fits", gate.Freeze{Window: shortWindow, Expected: time.Minute}, gate.Passed, "open until 2026-12-01 10:01 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := evalAt(t, now, tt.g)
			assert.Equal(t, "window", r.Gate)
			assert.Equal(t, tt.status, r.Status, r.Reason)
			assert.Contains(t, r.Reason, tt.reason)
			if tt.status == gate.Errored {
				assert.ErrorIs(t, r.Err, gate.ErrInvalidWindow)
			}
		})
	}
}

// TestAwaitWindow waits on a frozen window until it opens, on the
// engine's time, without sleeping.
func TestAwaitWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// synctest's clock starts at 2000-01-01 00:00 UTC, a Saturday.
		cal, err := gate.ParseCalendar("allow every Mon-Fri 09:00-17:00")
		require.NoError(t, err)
		e := gate.Engine{PollInterval: 15 * time.Minute}
		start := time.Now()
		d, err := e.Await(t.Context(), subject, gate.Freeze{Window: cal, Expected: time.Hour})
		require.NoError(t, err)
		assert.Equal(t, gate.Passed, d.Status)
		assert.Equal(t, time.Date(2000, 1, 3, 9, 0, 0, 0, time.UTC), time.Now().UTC())
		assert.Equal(t, 57*time.Hour, time.Since(start))
	})
}

func TestSoak(t *testing.T) {
	vc := gate.NewVirtualClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	e := gate.Engine{Clock: vc}
	soak := &gate.Soak{Duration: 30 * time.Minute}
	eval := func(s gate.Subject) gate.Result {
		d, _ := e.Evaluate(t.Context(), s, soak)
		return d.Results()[0]
	}
	r := eval(subject)
	assert.Equal(t, gate.Pending, r.Status)
	assert.Equal(t, "soaked 0s of 30m0s since 2026-12-01 10:00 UTC; passes at 2026-12-01 10:30 UTC", r.Reason)
	vc.Advance(20 * time.Minute)
	r = eval(subject)
	assert.Equal(t, gate.Pending, r.Status)
	assert.Contains(t, r.Reason, "soaked 20m0s of 30m0s")

	rebuilt := subject
	rebuilt.Digest = "sha256:new"
	assert.Contains(t, eval(rebuilt).Reason, "soaked 0s", "a new digest starts a new soak")

	vc.Advance(10 * time.Minute)
	r = eval(subject)
	assert.Equal(t, gate.Passed, r.Status)
	assert.Equal(t, "soaked 30m0s of 30m0s since 2026-12-01 10:00 UTC", r.Reason)
	assert.Equal(t, gate.Pending, eval(rebuilt).Status)

	began := map[string]time.Time{"production": vc.Now().Add(-time.Hour)}
	fromHost := &gate.Soak{Name: "bake", Duration: 45 * time.Minute, Since: func(s gate.Subject) time.Time { return began[s.Stage] }}
	d, _ := e.Evaluate(t.Context(), subject, fromHost)
	assert.Equal(t, gate.Passed, d.Status)
	d, _ = e.Evaluate(t.Context(), gate.Subject{ID: "x", Stage: "canary"}, fromHost)
	assert.Equal(t, gate.Pending, d.Status)
	assert.Equal(t, "the stage has not begun", d.Results()[0].Reason)

	var zero gate.Soak
	d, _ = e.Evaluate(t.Context(), subject, &zero)
	assert.Equal(t, gate.Passed, d.Status, "the zero value waits for nothing")
	d, _ = e.Evaluate(t.Context(), subject, &gate.Soak{Duration: -time.Second})
	assert.Equal(t, gate.Errored, d.Status)
}

func TestClockFrom(t *testing.T) {
	_, isVirtual := gate.ClockFrom(context.Background()).(*gate.VirtualClock)
	assert.False(t, isVirtual, "outside an engine: real time")
	vc := gate.NewVirtualClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	var seen time.Time
	e := gate.Engine{Clock: vc}
	_, _ = e.Evaluate(t.Context(), subject, gate.Func(func(ctx context.Context, _ gate.Subject) gate.Result {
		seen = gate.ClockFrom(ctx).Now()
		return gate.Result{Status: gate.Passed}
	}))
	assert.Equal(t, vc.Now(), seen)
}

func FuzzParseCalendar(f *testing.F) {
	f.Add(office)
	for _, s := range []string{
		"allow every day 22:00-24:00 in Pacific/Auckland",
		`deny cron "*/15 0-6 1,15 jan-mar sun" for 10m "batch"`,
		"deny from 2026-11-26 16:00 to 2026-11-30 08:00 in America/New_York",
		"deny on 2026-05-01, *-12-24\nholiday *-02-29",
		"allow every Mon 09:00-09:00", "deny every Sat in Local", `deny every "x`,
		"ZONE Europe/Berlin\nallow every day 00:00-24:00 IN UTC", "deny from 2026-12-18 08:00 TO 2026-12-18 24:00",
		"deny every day 00:00 for 8784h", `deny cron "0\t9 * * *" for 1h`,
	} {
		f.Add(s)
	}
	queries := []time.Time{
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC),
		time.Date(2026, 12, 24, 16, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := gate.ParseCalendar(spec)
		if err != nil {
			var pe *gate.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, gate.ErrInvalidWindow) {
				t.Fatalf("error is not a *ParseError wrapping ErrInvalidWindow: %v", err)
			}
			if pe.Col < 0 || pe.Line < 0 || len(pe.Input) > 100 {
				t.Fatalf("bad position or unbounded input: %+v", pe)
			}
			return
		}
		if c.Len() > gate.MaxCalendarItems {
			t.Fatalf("%d entries", c.Len())
		}
		text := c.String()
		again, err := gate.ParseCalendar(text)
		if err != nil {
			t.Fatalf("canonical form does not parse: %v\n%s", err, text)
		}
		if again.String() != text {
			t.Fatalf("canonical form is not stable:\n%s\n%s", text, again.String())
		}
		if c.Len() > 50 {
			return // lookups cost time linear in entries; the invariants are the same
		}
		for _, q := range queries {
			open, until, reason := c.At(q)
			if !until.IsZero() && !until.After(q) {
				t.Fatalf("At(%v): until %v is not after", q, until)
			}
			open2, until2, reason2 := again.At(q)
			if open != open2 || !until.Equal(until2) || reason != reason2 {
				t.Fatalf("At(%v) differs after a round trip: %v %v %q, then %v %v %q", q, open, until, reason, open2, until2, reason2)
			}
			if !until.IsZero() {
				if o, _, _ := c.At(until); o == open {
					t.Fatalf("At(%v): nothing changes at until %v", q, until)
				}
			}
			if n, ok := c.Next(q, time.Hour); ok && n.Before(q) {
				t.Fatalf("Next(%v) = %v", q, n)
			}
		}
	})
}

// BenchmarkCalendarAt looks up random instants of a year in a calendar
// of 1,000 entries of every kind, in four zones (issue target: 1 µs).
func BenchmarkCalendarAt(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	var spec strings.Builder
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"}
	for i := range 1000 {
		z := zones[i%len(zones)]
		switch i % 4 {
		case 0:
			fmt.Fprintf(&spec, "allow every Mon-Fri %02d:00-%02d:30 in %s\n", r.IntN(12), 12+r.IntN(12), z)
		case 1:
			d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
			fmt.Fprintf(&spec, "deny from %s to %s in %s\n", d.Format("2006-01-02"), d.AddDate(0, 0, r.IntN(3)).Format("2006-01-02"), z)
		case 2:
			fmt.Fprintf(&spec, "holiday *-%02d-%02d in %s\n", 1+r.IntN(12), 1+r.IntN(28), z)
		case 3:
			fmt.Fprintf(&spec, "deny cron \"0 %d * * %d\" for 2h in %s\n", r.IntN(24), r.IntN(7), z)
		}
	}
	c, err := gate.ParseCalendar(spec.String())
	require.NoError(b, err)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	queries := make([]time.Time, 4096)
	for i := range queries {
		queries[i] = base.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	}
	b.Run("first", func(b *testing.B) {
		// A fresh calendar each time: the first lookup in a week builds it.
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			b.StopTimer()
			fresh, _ := gate.ParseCalendar(spec.String())
			b.StartTimer()
			fresh.At(queries[i%len(queries)])
			i++
		}
	})
	b.Run("cached", func(b *testing.B) {
		for _, q := range queries {
			c.At(q)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.At(queries[i%len(queries)])
			i++
		}
	})
}
