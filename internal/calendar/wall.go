package calendar

import "time"

// civil is a local calendar date.
type civil struct {
	y int
	m time.Month
	d int
}

// add returns the civil date n days after c.
func (c civil) add(n int) civil {
	t := time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC)
	return civil{t.Year(), t.Month(), t.Day()}
}

func (c civil) weekday() time.Weekday {
	return time.Date(c.y, c.m, c.d, 12, 0, 0, 0, time.UTC).Weekday()
}

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// wallMinutes orders wall-clock times: minutes since a fixed origin.
func wallMinutes(y int, m time.Month, d, hh, mm int) int64 {
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return days*1440 + int64(hh)*60 + int64(mm)
}

// wall returns the instant at which clocks in loc read the wall time
// hh:mm on date c, with the rules the package documents for the two
// kinds of daylight-saving change:
//
//   - a wall time that does not exist (it is skipped when clocks move
//     forward) means the first instant after the skip: 02:30 on a
//     spring-forward night in Europe/Berlin is 03:00 CEST;
//   - a wall time that happens twice (clocks move back) means its first
//     occurrence.
//
// time.Date leaves both cases unspecified, and its actual choice differs
// from zone to zone, hence this function.
func wall(c civil, hh, mm int, loc *time.Location) time.Time {
	t := time.Date(c.y, c.m, c.d, hh, mm, 0, 0, loc)
	want := wallMinutes(c.y, c.m, c.d, hh, mm)
	ty, tm, td := t.Date()
	th, tmin, _ := t.Clock()
	got := wallMinutes(ty, tm, td, th, tmin)
	switch {
	case got > want: // skipped, and time.Date went past the skip
		start, _ := t.ZoneBounds()
		if !start.IsZero() {
			return start
		}
		return t
	case got < want: // skipped, and time.Date stayed before it
		_, end := t.ZoneBounds()
		if !end.IsZero() {
			return end
		}
		return t
	}
	// The wall time exists; when it also existed in the period before
	// this one (clocks moved back), the earlier instant is the answer.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, off := t.Zone()
	_, prevOff := start.Add(-time.Second).Zone()
	if prevOff <= off {
		return t
	}
	alt := t.Add(-time.Duration(prevOff-off) * time.Second)
	if alt.Before(start) {
		ay, am, ad := alt.Date()
		ah, amin, _ := alt.Clock()
		if wallMinutes(ay, am, ad, ah, amin) == want {
			return alt
		}
	}
	return t
}
