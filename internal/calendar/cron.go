package calendar

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// cron is a five-field schedule: minute, hour, day of month, month, day
// of week, with Vixie cron's rule that when both day fields are
// restricted a day matching either one matches.
type cron struct {
	minute, hour, dom uint64
	month             uint16
	dow               uint8
	domStar, dowStar  bool
}

var cronFields = [5]struct {
	name     string
	min, max int
	names    []string
}{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"day of month", 1, 31, nil},
	{"month", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{"day of week", 0, 7, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

// parseCron reads a cron expression; on error it returns the byte offset
// in s of the problem and what was expected there.
func parseCron(s string) (cron, int, string) {
	var c cron
	var sets [5]uint64
	i, field := 0, 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i == len(s) {
			break
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		if field == 5 {
			return c, i, "five fields: minute hour day-of-month month day-of-week"
		}
		set, off, msg := parseCronField(s[i:j], field)
		if msg != "" {
			return c, i + off, msg
		}
		sets[field] = set
		if strings.HasPrefix(s[i:j], "*") { // Vixie cron: a day field starting with * is "star"
			switch field {
			case 2:
				c.domStar = true
			case 4:
				c.dowStar = true
			}
		}
		field++
		i = j
	}
	if field != 5 {
		return c, len(s), "five fields: minute hour day-of-month month day-of-week"
	}
	c.minute, c.hour, c.dom = sets[0], sets[1], sets[2]
	c.month = uint16(sets[3])
	dow := sets[4]
	if dow&(1<<7) != 0 { // 7 is Sunday too
		dow |= 1
	}
	c.dow = uint8(dow & 0x7f)
	if !c.possible() {
		return c, 0, "a schedule that matches some day (this one never does)"
	}
	return c, 0, ""
}

// parseCronField reads one comma-separated field: *, n, a-b, with an
// optional /step, or names for months and weekdays.
func parseCronField(s string, field int) (uint64, int, string) {
	f := cronFields[field]
	var set uint64
	off := 0
	for part := range strings.SplitSeq(s, ",") {
		rng, step, hasStep := strings.Cut(part, "/")
		lo, hi := f.min, f.max
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			var ok bool
			if lo, ok = cronValue(a, f.names, f.min, f.max); !ok {
				return 0, off, fmt.Sprintf("a %s from %d to %d", f.name, f.min, f.max)
			}
			hi = lo
			if isRange {
				if hi, ok = cronValue(b, f.names, f.min, f.max); !ok || hi < lo {
					return 0, off, fmt.Sprintf("a range of %s values, low to high, within %d-%d", f.name, f.min, f.max)
				}
			} else if hasStep {
				hi = f.max
			}
		}
		n := 1
		if hasStep {
			var err error
			n, err = strconv.Atoi(step)
			if err != nil || n < 1 || n > f.max+1 {
				return 0, off + len(rng) + 1, "a step of at least 1"
			}
		}
		for v := lo; v <= hi; v += n {
			set |= 1 << v
		}
		off += len(part) + 1
	}
	return set, 0, ""
}

func cronValue(s string, names []string, lo, hi int) (int, bool) {
	for i, n := range names {
		if strings.EqualFold(s, n) {
			return i + lo, true
		}
	}
	if s == "" || len(s) > 2 {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, false
	}
	return v, true
}

// possible reports whether the schedule matches some day: "0 0 31 2 *"
// never does. Every month-day falls on every weekday in some year, so
// only the month and day-of-month fields can rule a day out.
func (c cron) possible() bool {
	if c.minute == 0 || c.hour == 0 || c.month == 0 || c.dow == 0 {
		return false
	}
	if !c.domStar && !c.dowStar {
		return true // either day field may match: some weekday does
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for m := 1; m <= 12; m++ {
		if c.month&(1<<m) != 0 && c.dom != 0 && bits.TrailingZeros64(c.dom) <= days[m] {
			return true
		}
	}
	return false
}

// matchDay reports whether the schedule fires on date d. As in Vixie
// cron, when either day field starts with '*' both must match, and
// otherwise either may.
func (c cron) matchDay(d civil) bool {
	if c.month&(1<<d.m) == 0 {
		return false
	}
	domOK := c.dom&(1<<d.d) != 0
	dowOK := c.dow&(1<<d.weekday()) != 0
	if c.domStar || c.dowStar {
		return domOK && dowOK
	}
	return domOK || dowOK
}

// times calls f with every hour and minute of the schedule, in order.
func (c cron) times(f func(h, m int)) {
	for hs := c.hour; hs != 0; hs &= hs - 1 {
		h := bits.TrailingZeros64(hs)
		for ms := c.minute; ms != 0; ms &= ms - 1 {
			f(h, bits.TrailingZeros64(ms))
		}
	}
}
