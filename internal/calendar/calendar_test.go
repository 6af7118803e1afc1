package calendar

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t testing.TB, spec string) *Calendar {
	t.Helper()
	c, err := Parse(spec)
	require.NoError(t, err)
	return c
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func TestParseCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"allow every mon-fri 09:00-17:00", "allow every Mon-Fri 09:00-17:00"},
		{"ALLOW every Monday,wed 9:00-17:00", ""}, // hour needs two digits
		{"allow every Monday,wed 09:00-17:00", "allow every Mon,Wed 09:00-17:00"},
		{"deny every Fri-Mon", "deny every Mon,Fri-Sun"},
		{"deny every sat,sun,mon,tue,wed,thu,fri", "deny every day"},
		{"deny every Fri 16:00 for 64h0m", "deny every Fri 16:00 for 64h"},
		{"allow every day 22:00-24:00", "allow every day 22:00-24:00"},
		{"allow every day 22:00-00:00", "allow every day 22:00-00:00"},
		{"allow every Mon 00:00-24:00", "allow every Mon 00:00-24:00"},
		{"ZONE Europe/Berlin\nDENY EVERY Sat IN UTC", "deny every Sat"},
		{"deny from 2026-12-18 08:00 TO 2026-12-18 24:00", "deny from 2026-12-18 08:00 to 2026-12-18 24:00"},
		{"deny cron \"0\t9 * * *\" for 1h", "deny cron \"0 9 * * *\" for 1h"},
		{"deny cron \"0  22 * *   *\" for 90m \"nightly\"", "deny cron \"0 22 * * *\" for 1h30m \"nightly\""},
		{"zone Europe/Berlin\ndeny from 2026-12-19 to 2027-01-03 \"year-end \\\"freeze\\\"\"",
			"deny from 2026-12-19 to 2027-01-03 in Europe/Berlin \"year-end \\\"freeze\\\"\""},
		{"deny from 2026-11-26 16:00 to 2026-11-30 08:00 in America/New_York",
			"deny from 2026-11-26 16:00 to 2026-11-30 08:00 in America/New_York"},
		{"deny on 2026-05-01, *-12-24 ,2026-05-01", "deny on *-12-24,2026-05-01"},
		{"holiday *-02-29 # leap days", "holiday *-02-29"},
		{"zone Asia/Kolkata\nzone UTC\nallow every Sun", "allow every Sun"},
		{"\n  # only comments\n\r\n", ""},
	}
	for _, tt := range tests {
		c, err := Parse(tt.in)
		if tt.want == "" && strings.Contains(tt.in, "9:00-") {
			require.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		want := tt.want
		if want != "" {
			want += "\n"
		}
		assert.Equal(t, want, c.String(), tt.in)
		again := mustParse(t, c.String())
		assert.Equal(t, c.String(), again.String(), "round trip of %q", tt.in)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		spec      string
		line, col int
		expected  string
	}{
		{"allow every Mon-Fri 09:00", 1, 26, "an end time"},
		{"deny every Sat\n\nopen every day", 3, 1, "allow, deny, holiday or zone"},
		{"allow sometimes", 1, 7, "every, cron, from or on"},
		{"allow every Funday", 1, 13, "days"},
		{"allow every Mon 25:00-26:00", 1, 17, "a start time"},
		{"allow every Mon 09:00-09:60", 1, 23, "an end time"},
		{"allow every Mon 09:00-09:00", 1, 23, "other than the start"},
		{"allow every Mon 09:00 for 30s", 1, 27, "a duration"},
		{"allow every Mon 09:00 for 9000h", 1, 27, "a duration"},
		{"allow every Mon 09:00 for soon", 1, 27, "a duration"},
		{"deny cron 0 9 * * * for 1h", 1, 11, "a quoted cron schedule"},
		{`deny cron "0 9 * *" for 1h`, 1, 19, "five fields"},
		{`deny cron "0 9 * * * *" for 1h`, 1, 22, "five fields"},
		{`deny cron "0 24 * * *" for 1h`, 1, 14, "hour from 0 to 23"},
		{`deny cron "0 9 31 2 *" for 1h`, 1, 12, "never does"},
		{`deny cron "0 9 * * 5-1" for 1h`, 1, 20, "low to high"},
		{`deny cron "*/0 9 * * *" for 1h`, 1, 14, "a step"},
		{`deny cron "0 9 * * *"`, 1, 22, `"for"`},
		{"deny from 2026-12-19", 1, 21, `"to"`},
		{"deny from 2026-12-19 to 2026-12-18", 1, 22, "an end after the start"},
		{"deny from 2026-02-30 to 2026-03-01", 1, 11, "a date"},
		{"deny on 2026-12-25,2026-13-01", 1, 20, "a date"},
		{"deny on 2026-12-25,", 1, 20, "a date"},
		{"deny on 2027-02-29", 1, 9, "a date"},
		{"deny every Sat in Mars/Olympus_Mons", 1, 19, "a time zone known to the tz database"},
		{"deny every Sat in Local", 1, 19, "depend on the machine"},
		{"deny every Sat in localtime", 1, 19, "depend on the machine"},
		{"deny every Sat in posixrules", 1, 19, "depend on the machine"},
		{"deny every Sat in Factory", 1, 19, "depend on the machine"},
		{"deny every Sat in ./UTC", 1, 19, "depend on the machine"},
		{"deny every Sat in Europe//Berlin", 1, 19, "depend on the machine"},
		{"deny every Sat in ../../etc/passwd", 1, 19, "depend on the machine"},
		{"allow every Mon 09:00- for 1h", 1, 23, "an end time HH:MM"},
		{"allow every Mon-Fri 09:00 # office hours", 1, 26, "an end time"},
		{"deny from 2026-12-19 TO 2026-12-18", 1, 22, "an end after the start"},
		{"deny from 2026-12-19 24:00 to 2026-12-20", 1, 22, `"to"`},
		{`deny cron "0 9 \x2a * 8" for 1h`, 1, 11, "without backslash escapes"},
		{"zone", 1, 5, "a time zone name"},
		{"zone UTC UTC", 1, 10, "the end of the line"},
		{`deny every Sat "weekend" extra`, 1, 26, `"in ZONE", a quoted name or the end of the line`},
		{`deny every Sat "unterminated`, 1, 16, "a closing quote"},
		{`deny every Sat "bad \q escape"`, 1, 16, "Go escapes"},
		{"deny every Sat \"" + strings.Repeat("x", MaxNameLen+1) + "\"", 1, 16, "a name of at most"},
		{strings.Repeat("#", MaxLineLen+1), 1, 0, "a line of at most"},
		{"deny every Sat \xff", 1, 0, "UTF-8"},
		{strings.Repeat("deny every Sat\n", MaxEntries+1), MaxEntries + 1, 0, "at most 10000 entries"},
		{"deny cron \"* * * * *\" for 1m\n" + `allow cron "* * * * *" for 1m`, 2, 0, "at most 20000 times a week in all (this one brings them to 20160)"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.spec)
		var se *SyntaxError
		require.ErrorAs(t, err, &se, "%.60q", tt.spec)
		assert.Equal(t, tt.line, se.Line, "%.60q: %v", tt.spec, err)
		assert.Equal(t, tt.col, se.Col, "%.60q: %v", tt.spec, err)
		assert.Contains(t, se.Expected, tt.expected, "%.60q", tt.spec)
	}
	_, err := Parse(strings.Repeat(" ", MaxSpecLen+1))
	var se *SyntaxError
	require.True(t, errors.As(err, &se))
	assert.Contains(t, se.Error(), "at most")
}

func at(t testing.TB, s string, loc *time.Location) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

// TestAt checks lookups where the answer can be worked out by hand,
// daylight-saving changes and the date line among them.
func TestAt(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	ny := zone(t, "America/New_York")
	tests := []struct {
		name   string
		spec   string
		at     time.Time
		open   bool
		until  time.Time // zero: none
		reason string
	}{
		{"no entries: always open", "", at(t, "2026-12-01 10:00", time.UTC), true, time.Time{}, ""},
		{"inside an allow window", "allow every Mon-Fri 09:00-17:00 \"office\"",
			at(t, "2026-12-01 10:00", time.UTC), true, at(t, "2026-12-01 17:00", time.UTC), "office"},
		{"at its end: closed", "allow every Mon-Fri 09:00-17:00",
			at(t, "2026-12-01 17:00", time.UTC), false, at(t, "2026-12-02 09:00", time.UTC), "outside every allow window"},
		{"friday evening waits for monday", "allow every Mon-Fri 09:00-17:00",
			at(t, "2026-12-04 18:00", time.UTC), false, at(t, "2026-12-07 09:00", time.UTC), "outside every allow window"},
		{"a freeze beats an allow window", "allow every day 00:00-23:59\ndeny from 2026-12-19 to 2027-01-03 \"year-end\"",
			at(t, "2026-12-24 12:00", time.UTC), false, at(t, "2027-01-04 00:00", time.UTC), "year-end"},
		{"overlapping freezes are all named; until is when both end",
			"deny every Sat,Sun \"weekend\"\ndeny from 2026-12-19 to 2026-12-20 \"freeze\"",
			at(t, "2026-12-19 12:00", time.UTC), false, at(t, "2026-12-21 00:00", time.UTC), "weekend; freeze"},
		{"only freezes: open outside them, no reason", "deny every Sat,Sun",
			at(t, "2026-12-02 12:00", time.UTC), true, at(t, "2026-12-05 00:00", time.UTC), ""},
		{"a one-off period in the past: open for ever", "deny from 2020-01-01 to 2020-01-02",
			at(t, "2026-12-02 12:00", time.UTC), true, time.Time{}, ""},
		{"an allow period in the past: closed for ever", "allow from 2020-01-01 to 2020-01-02",
			at(t, "2026-12-02 12:00", time.UTC), false, time.Time{}, "outside every allow window"},
		{"a period ending on a week boundary", "deny from 2026-11-30 to 2026-12-06",
			at(t, "2026-12-03 12:00", time.UTC), false, at(t, "2026-12-07 00:00", time.UTC), "from 2026-11-30 to 2026-12-06"},
		{"cron window crossing midnight", "deny cron \"0 22 * * *\" for 9h \"batch\"",
			at(t, "2026-12-02 03:00", time.UTC), false, at(t, "2026-12-02 07:00", time.UTC), "batch"},
		{"cron with both day fields: either matches", "allow cron \"0 9 1 * MON\" for 1h",
			at(t, "2026-12-07 09:30", time.UTC), true, at(t, "2026-12-07 10:00", time.UTC), "cron \"0 9 1 * MON\" for 1h"},
		{"00:00-24:00 is the whole day", "allow every Mon 00:00-24:00",
			at(t, "2026-12-07 23:30", time.UTC), true, at(t, "2026-12-08 00:00", time.UTC), "every Mon 00:00-24:00"},
		{"a range ending at 24:00", "deny from 2026-12-18 08:00 to 2026-12-18 24:00",
			at(t, "2026-12-18 23:59", time.UTC), false, at(t, "2026-12-19 00:00", time.UTC), "from 2026-12-18 08:00 to 2026-12-18 24:00"},
		{"a year-long window from every day", "deny every day 00:00 for 8784h",
			at(t, "2026-12-07 12:00", time.UTC), false, time.Time{}, "every day 00:00 for 8784h"},
		{"cron day field starting with *: both must match", "allow cron \"0 9 */2 * MON\" for 1h",
			at(t, "2026-12-14 09:30", time.UTC), false, at(t, "2026-12-21 09:00", time.UTC), "outside every allow window"},
		{"zone of the entry", "allow every Mon-Fri 09:00-17:00 in America/New_York",
			at(t, "2026-12-01 15:00", time.UTC), true, at(t, "2026-12-01 22:00", time.UTC), "every Mon-Fri 09:00-17:00"},
		{"yearly holiday", "holiday *-12-25 \"Christmas\"",
			at(t, "2031-12-25 23:59", time.UTC), false, at(t, "2031-12-26 00:00", time.UTC), "Christmas"},
		{"leap-day holiday skips to the next leap year", "holiday *-02-29",
			at(t, "2027-03-01 00:00", time.UTC), true, at(t, "2028-02-29 00:00", time.UTC), ""},

		// Spring forward in Berlin: 02:00 CET becomes 03:00 CEST on
		// 2026-03-29. A window at 02:30 opens at the first instant after
		// the skip and keeps its length.
		{"02:30 on a spring-forward night opens at 03:00", "allow every Sun 02:30 for 1h in Europe/Berlin",
			at(t, "2026-03-29 03:00", berlin), true, at(t, "2026-03-29 04:00", berlin), "every Sun 02:30 for 1h"},
		{"and is closed just before", "allow every Sun 02:30 for 1h in Europe/Berlin",
			at(t, "2026-03-29 01:59", berlin), false, at(t, "2026-03-29 03:00", berlin), "outside every allow window"},
		{"an end time in the skip ends at 03:00", "allow every Sun 01:00-02:30 in Europe/Berlin",
			at(t, "2026-03-29 01:30", berlin), true, at(t, "2026-03-29 03:00", berlin), "every Sun 01:00-02:30"},
		// Fall back: 03:00 CEST becomes 02:00 CET on 2026-10-25; 02:30
		// happens twice and the window opens at the first.
		{"02:30 on a fall-back night opens at the first 02:30", "allow every Sun 02:30 for 1h in Europe/Berlin",
			time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), true, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "every Sun 02:30 for 1h"},
		{"a whole day is 25 hours on a fall-back Sunday", "deny every Sun in Europe/Berlin",
			at(t, "2026-10-25 12:00", berlin), false, time.Date(2026, 10, 25, 23, 0, 0, 0, time.UTC), "every Sun"},
		{"and 23 hours on a spring-forward Sunday", "deny every Sun in Europe/Berlin",
			at(t, "2026-03-29 12:00", berlin), false, time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC), "every Sun"},
		// New York springs forward on 2026-03-08, where time.Date picks
		// the other side of the skip than in Berlin.
		{"New York: 02:30 opens at 03:00 EDT too", "allow every Sun 02:30 for 1h in America/New_York",
			at(t, "2026-03-08 03:10", ny), true, at(t, "2026-03-08 04:00", ny), "every Sun 02:30 for 1h"},
		{"New York: fall back, first 01:30", "allow every Sun 01:30 for 30m in America/New_York",
			time.Date(2026, 11, 1, 5, 45, 0, 0, time.UTC), true, time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC), "every Sun 01:30 for 30m"},
		// Across the date line: Monday 08:00 in Auckland is Sunday 19:00
		// UTC, and Sunday morning in Honolulu is already Monday in
		// Kiritimati.
		{"weekly window across the date line", "allow every Mon 08:00-10:00 in Pacific/Auckland",
			at(t, "2026-12-06 19:30", time.UTC), true, at(t, "2026-12-06 21:00", time.UTC), "every Mon 08:00-10:00"},
		{"Monday in Auckland is always Sunday in Honolulu: never open", "allow every Mon 08:00-10:00 in Pacific/Auckland\ndeny every Sun in Pacific/Honolulu",
			at(t, "2026-12-06 19:30", time.UTC), false, time.Time{}, "every Sun"},
		{"Kiritimati is UTC+14", "deny on 2026-12-07 in Pacific/Kiritimati",
			at(t, "2026-12-06 10:00", time.UTC), false, at(t, "2026-12-07 10:00", time.UTC), "on 2026-12-07"},
		// Samoa skipped Friday 2011-12-30 when it moved across the date
		// line: a Friday window that week opens when the skip ends.
		{"a day that never happened", "allow every Fri 09:00 for 1h in Pacific/Apia",
			time.Date(2011, 12, 30, 10, 30, 0, 0, time.UTC), true, time.Date(2011, 12, 30, 11, 0, 0, 0, time.UTC), "every Fri 09:00 for 1h"},
		{"outside the range", "", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false, time.Time{}, "outside the calendar's range, 0001-01-08 to 9999-12-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.spec)
			open, until, reason := c.At(tt.at)
			assert.Equal(t, tt.open, open, "open")
			assert.True(t, tt.until.Equal(until), "until: want %v, got %v", tt.until, until)
			assert.Equal(t, tt.reason, reason, "reason")
			if !until.IsZero() {
				assert.Equal(t, tt.at.Location(), until.Location(), "until is in the query's zone")
				before, _, _ := c.At(until.Add(-time.Second))
				after, _, _ := c.At(until)
				assert.Equal(t, open, before, "state just before until")
				assert.NotEqual(t, open, after, "state at until")
			}
		})
	}
}

func TestNext(t *testing.T) {
	c := mustParse(t, `allow every Mon-Fri 09:00-17:00
deny every Fri 12:00-17:00 "no deploys on Friday afternoon"
deny from 2026-12-19 to 2027-01-03 "year-end freeze"`)
	tests := []struct {
		from time.Time
		d    time.Duration
		want time.Time
		ok   bool
	}{
		{at(t, "2026-12-01 10:00", time.UTC), time.Hour, at(t, "2026-12-01 10:00", time.UTC), true},
		{at(t, "2026-12-01 16:30", time.UTC), time.Hour, at(t, "2026-12-02 09:00", time.UTC), true},
		{at(t, "2026-12-04 10:00", time.UTC), 3 * time.Hour, at(t, "2026-12-07 09:00", time.UTC), true},
		{at(t, "2026-12-18 09:00", time.UTC), time.Hour, at(t, "2026-12-18 09:00", time.UTC), true},
		{at(t, "2026-12-18 11:30", time.UTC), time.Hour, at(t, "2027-01-04 09:00", time.UTC), true},
		{at(t, "2026-12-01 10:00", time.UTC), 9 * time.Hour, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := c.Next(tt.from, tt.d)
		assert.Equal(t, tt.ok, ok, "Next(%v, %v)", tt.from, tt.d)
		assert.True(t, tt.want.Equal(got), "Next(%v, %v): want %v, got %v", tt.from, tt.d, tt.want, got)
	}
}

// period is a stretch of time with one UTC offset in a zone.
type period struct {
	start, end int64
	off        int
}

func periods(loc *time.Location, from, to int64) []period {
	var ps []period
	t := time.Unix(from, 0).In(loc)
	for {
		s, e := t.ZoneBounds()
		_, off := t.Zone()
		p := period{math.MinInt64, math.MaxInt64, off}
		if !s.IsZero() {
			p.start = s.Unix()
		}
		if !e.IsZero() {
			p.end = e.Unix()
		}
		ps = append(ps, p)
		if e.IsZero() || p.end >= to {
			return ps
		}
		t = e.In(loc)
	}
}

// oracleWall is the documented meaning of a wall time, worked out from
// the zone's periods instead of time.Date: the instant in the period whose
// offset makes it that wall time, or, when none does (the time is
// skipped), the start of the first period whose wall times are later.
// Where two periods have it, the earlier wins.
func oracleWall(c civil, hh, mm int, loc *time.Location) time.Time {
	want := time.Date(c.y, c.m, c.d, hh, mm, 0, 0, time.UTC).Unix()
	ps := periods(loc, want-3*86400, want+3*86400)
	for _, p := range ps {
		if x := want - int64(p.off); x >= p.start && x < p.end {
			return time.Unix(x, 0)
		}
	}
	for _, p := range ps {
		if p.start+int64(p.off) > want {
			return time.Unix(p.start, 0)
		}
	}
	panic("no period")
}

var hardZones = []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Auckland",
	"Pacific/Apia", "Pacific/Kiritimati", "America/Santiago", "Asia/Beirut", "America/Havana", "Africa/Casablanca", "Asia/Tehran"}

// TestWallMatchesOracle compares wall with the oracle at every minute
// within three hours of every offset change from 1970 to 2040 in zones
// with skipped days, 30-minute changes and changes at midnight.
func TestWallMatchesOracle(t *testing.T) {
	from := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	to := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, z := range hardZones {
		loc := zone(t, z)
		ps := periods(loc, from, to)
		for i := 1; i < len(ps); i++ {
			lo := ps[i].start + int64(min(ps[i-1].off, ps[i].off)) - 3*3600
			hi := ps[i].start + int64(max(ps[i-1].off, ps[i].off)) + 3*3600
			for w := lo - lo%60; w <= hi; w += 60 {
				u := time.Unix(w, 0).UTC()
				c := civilOf(u)
				got, want := wall(c, u.Hour(), u.Minute(), loc), oracleWall(c, u.Hour(), u.Minute(), loc)
				if !got.Equal(want) {
					t.Fatalf("%s %v %02d:%02d: wall %v, oracle %v", z, c, u.Hour(), u.Minute(), got.In(loc), want.In(loc))
				}
			}
		}
	}
}

// oracle decides a calendar's state at t from the entries' definitions:
// it works out the occurrences around t with oracleWall, without weeks,
// caches or merging.
func oracle(c *Calendar, t time.Time) (open bool, deny int) {
	anyAllow := false
	deny = -1
	for i := range c.entries {
		e := &c.entries[i]
		if e.active(t) {
			if e.Kind == Allow {
				anyAllow = true
			} else if deny < 0 {
				deny = i
			}
		}
	}
	return deny < 0 && (anyAllow || !c.hasAllow), deny
}

func (e *Entry) active(t time.Time) bool {
	if e.rule == ruleRange {
		return !t.Before(e.from) && t.Before(e.to)
	}
	in := func(from, to time.Time) bool { return !t.Before(from) && t.Before(to) }
	today := civilOf(t.In(e.Loc))
	for back := -1; back <= int(e.dur/(24*time.Hour))+3; back++ {
		d := today.add(-back)
		switch e.rule {
		case ruleOn:
			if e.onDate(d) && in(oracleWall(d, 0, 0, e.Loc), oracleWall(d.add(1), 0, 0, e.Loc)) {
				return true
			}
		case ruleEvery:
			if e.days&(1<<d.weekday()) == 0 {
				continue
			}
			switch {
			case e.wholeDay:
				if in(oracleWall(d, 0, 0, e.Loc), oracleWall(d.add(1), 0, 0, e.Loc)) {
					return true
				}
			case e.dur > 0:
				if s := oracleWall(d, e.sh, e.sm, e.Loc); in(s, s.Add(e.dur)) {
					return true
				}
			default:
				ed, eh := d, e.eh
				if eh == 24 || eh*60+e.em <= e.sh*60+e.sm {
					ed, eh = d.add(1), eh%24
				}
				if in(oracleWall(d, e.sh, e.sm, e.Loc), oracleWall(ed, eh, e.em, e.Loc)) {
					return true
				}
			}
		case ruleCron:
			if !e.cron.matchDay(d) {
				continue
			}
			for h := range 24 {
				for m := range 60 {
					if e.cron.hour&(1<<h) != 0 && e.cron.minute&(1<<m) != 0 {
						if s := oracleWall(d, h, m, e.Loc); in(s, s.Add(e.dur)) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

func randomSpec(r *rand.Rand) string {
	zones := []string{"UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/Santiago"}
	days := []string{"day", "Mon-Fri", "Sat,Sun", "Fri-Mon", "Wed", "Tue,Thu"}
	var b strings.Builder
	for range 1 + r.IntN(6) {
		kind := []string{"allow", "deny", "deny"}[r.IntN(3)]
		hm := func() string { return fmt.Sprintf("%02d:%02d", r.IntN(24), r.IntN(4)*15) }
		var rule string
		switch r.IntN(6) {
		case 0:
			rule = "every " + days[r.IntN(len(days))]
		case 1:
			s, e := hm(), hm()
			for e == s {
				e = hm()
			}
			rule = "every " + days[r.IntN(len(days))] + " " + s + "-" + e
		case 2:
			rule = fmt.Sprintf("every %s %s for %dm", days[r.IntN(len(days))], hm(), 15+r.IntN(3000))
		case 3:
			rule = fmt.Sprintf(`cron "%d %d-%d/%d * * %s" for %dm`, r.IntN(60), r.IntN(12), 12+r.IntN(12), 1+r.IntN(5), []string{"*", "1-5", "0,6"}[r.IntN(3)], 1+r.IntN(240))
		case 4:
			d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
			rule = fmt.Sprintf("from %s %s to %s", d.Format("2006-01-02"), hm(), d.AddDate(0, 0, 1+r.IntN(20)).Format("2006-01-02"))
		case 5:
			d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
			rule = "on " + d.Format("2006-01-02") + ",*-" + d.AddDate(0, 0, 7).Format("01-02")
		}
		fmt.Fprintf(&b, "%s %s in %s\n", kind, rule, zones[r.IntN(len(zones))])
	}
	return b.String()
}

// TestAtMatchesOracle compares lookups on random calendars with the
// oracle at random instants, and checks that the state holds from the
// instant until the change At announces, and changes there.
func TestAtMatchesOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 300 {
		spec := randomSpec(r)
		c := mustParse(t, spec)
		for k := range 30 {
			q := base.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour)))).Truncate(time.Minute)
			if k%2 == 0 {
				// Near an offset change of an entry's zone: where the
				// two readings of a wall time matter.
				loc := c.entries[r.IntN(len(c.entries))].Loc
				if _, end := q.In(loc).ZoneBounds(); !end.IsZero() {
					q = end.Add(time.Duration(r.IntN(6*60)-3*60) * time.Minute)
				}
			}
			open, until, reason := c.At(q)
			want, deny := oracle(c, q)
			require.Equal(t, want, open, "%s\nat %v (%s)", spec, q, reason)
			if deny >= 0 {
				require.Contains(t, reason, c.reasons[deny], "%s\nat %v", spec, q)
			}
			if until.IsZero() {
				continue
			}
			require.True(t, until.After(q), "%s\nat %v: until %v", spec, q, until)
			for range 5 {
				mid := q.Add(time.Duration(r.Int64N(int64(until.Sub(q)))))
				o, _, _ := c.At(mid)
				require.Equal(t, open, o, "%s\nat %v, until %v: state at %v", spec, q, until, mid)
			}
			after, _, _ := c.At(until)
			require.NotEqual(t, open, after, "%s\nat %v: nothing changes at %v", spec, q, until)
		}
	}
}

// TestConcurrentLookups looks up many weeks from many goroutines at
// once, past the cache's bound, and checks every answer against the same
// lookups made one at a time on another calendar.
func TestConcurrentLookups(t *testing.T) {
	const spec = "allow every Mon-Fri 09:00-17:00 in Europe/Berlin\ndeny every Sat,Sun"
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(i int) time.Time { return base.Add(time.Duration(i) * 29 * time.Hour) } // past 1,024 weeks
	type answer struct {
		open   bool
		until  time.Time
		reason string
	}
	const n = 6500
	want := make([]answer, n)
	sequential := mustParse(t, spec)
	for i := range want {
		want[i].open, want[i].until, want[i].reason = sequential.At(at(i))
	}
	c := mustParse(t, spec)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range n {
				i := (k + g*811) % n
				var got answer
				got.open, got.until, got.reason = c.At(at(i))
				if got != want[i] {
					t.Errorf("At(%v) = %+v from goroutine %d, %+v alone", at(i), got, g, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestCronParse(t *testing.T) {
	tests := []struct {
		expr              string
		minute, hour, dom uint64
		month             uint16
		dow               uint8
		domStar, dowStar  bool
	}{
		{"0 9 * * 1-5", 1, 1 << 9, 0xfffffffe, 0x1ffe, 0x3e, true, false},
		{"*/20 8-10 1,15 jan-mar sun,7", 1 | 1<<20 | 1<<40, 7 << 8, 1<<1 | 1<<15, 0xe, 1, false, false},
		{"5-10/2 0 */10 * *", 1<<5 | 1<<7 | 1<<9, 1, 1<<1 | 1<<11 | 1<<21 | 1<<31, 0x1ffe, 0x7f, true, true},
	}
	for _, tt := range tests {
		c, _, msg := parseCron(tt.expr)
		require.Empty(t, msg, tt.expr)
		assert.Equal(t, tt.minute, c.minute, "%s minute", tt.expr)
		assert.Equal(t, tt.hour, c.hour, "%s hour", tt.expr)
		assert.Equal(t, tt.dom, c.dom, "%s dom", tt.expr)
		assert.Equal(t, tt.month, c.month, "%s month", tt.expr)
		assert.Equal(t, tt.dow, c.dow, "%s dow", tt.expr)
		assert.Equal(t, tt.domStar, c.domStar, "%s", tt.expr)
		assert.Equal(t, tt.dowStar, c.dowStar, "%s", tt.expr)
	}
}

// TestCacheBounded looks up many weeks of a calendar whose weeks are
// dense: the cache stays within its bounds.
func TestCacheBounded(t *testing.T) {
	c := mustParse(t, `allow cron "*/3 * * * *" for 1m
allow cron "1-59/3 * * * *" for 1m
deny cron "0-59/12 * * * *" for 1m
deny cron "1-59/12 * * * *" for 1m`)
	base := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for k := range 120 {
		c.At(base.Add(time.Duration(k) * 7 * 24 * time.Hour))
		c.mu.RLock()
		segs, weeks := c.segments, len(c.weeks)
		c.mu.RUnlock()
		require.LessOrEqual(t, segs, maxSegments)
		require.LessOrEqual(t, weeks, maxWeeks)
	}
	open, _, reason := c.At(base.Add(210 * time.Second))
	assert.True(t, open, reason)
	open, _, _ = c.At(base.Add(30 * time.Second))
	assert.False(t, open, "minute 0 is denied")
}

// BenchmarkHostile is the first lookup in calendars built to be slow:
// the most entries with year-long windows, and the densest cron
// schedules the limits allow.
func BenchmarkHostile(b *testing.B) {
	var long strings.Builder
	for i := range MaxWeekly / 7 {
		fmt.Fprintf(&long, "deny every day %02d:%02d for 8784h in Europe/Berlin\n", i/60%24, i%60)
	}
	specs := map[string]string{
		"year-long windows": long.String(),
		"dense cron": `allow cron "*/3 * * * *" for 1m
allow cron "1-59/3 * * * *" for 1m
deny cron "0-59/12 * * * *" for 1m
deny cron "1-59/12 * * * *" for 1m`,
	}
	for name, spec := range specs {
		b.Run(name, func(b *testing.B) {
			q := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
			for b.Loop() {
				b.StopTimer()
				c := mustParse(b, spec)
				b.StartTimer()
				c.At(q)
			}
		})
	}
}
