// Package calendar is the window engine behind gate's and schedule's
// calendars: allow and deny windows, recurring or one-off, in
// IANA time zones, looked up in well under a microsecond.
//
// A calendar is parsed from a text specification (see Parse) into
// entries. A lookup finds the week it falls in, builds that week's
// segments once (every occurrence of every entry, swept into runs of the
// same state), caches them, and binary-searches.
package calendar

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is what an entry does.
type Kind uint8

const (
	Allow   Kind = iota // changes may go out inside it
	Deny                // a freeze: nothing goes out inside it; deny beats allow
	Holiday             // a freeze of whole local days
)

func (k Kind) String() string {
	return [...]string{"allow", "deny", "holiday"}[k]
}

type ruleKind uint8

const (
	ruleEvery ruleKind = iota // weekdays, with a start time and an end or a duration, or whole days
	ruleCron                  // a cron schedule and a duration
	ruleRange                 // one period between two instants
	ruleOn                    // whole days on listed dates
)

// Entry is one line of a calendar.
type Entry struct {
	Kind Kind
	Name string // the quoted name, or ""
	Line int    // the line of the specification it came from
	Loc  *time.Location

	rule     ruleKind
	days     uint8 // weekdays, bit 0 = Sunday
	wholeDay bool
	sh, sm   int // start time
	eh, em   int // end time, when dur is 0
	dur      time.Duration
	cron     cron
	cronText string
	from, to time.Time // ruleRange
	fromText string
	toText   string
	dates    []date // ruleOn, sorted
}

// date is a date of an "on" list; y == 0 means every year.
type date struct {
	y int
	m time.Month
	d int
}

func (d date) String() string {
	if d.y == 0 {
		return "*-" + pad2(int(d.m)) + "-" + pad2(d.d)
	}
	return pad4(d.y) + "-" + pad2(int(d.m)) + "-" + pad2(d.d)
}

func (d date) key() int { return d.y*10000 + int(d.m)*100 + d.d }

// Reason is what a lookup says when this entry decides: its name, or its
// rule when it has none.
func (e *Entry) Reason() string {
	if e.Name != "" {
		return e.Name
	}
	return e.ruleText()
}

// String writes the entry as Parse reads it, with its zone spelled out.
func (e *Entry) String() string {
	s := e.Kind.String() + " " + e.ruleText()
	if e.Loc != time.UTC {
		s += " in " + e.Loc.String()
	}
	if e.Name != "" {
		s += " " + strconv.Quote(e.Name)
	}
	return s
}

// ruleText writes the rule alone: "every Mon-Fri 09:00-17:00".
func (e *Entry) ruleText() string {
	var b strings.Builder
	switch e.rule {
	case ruleEvery:
		b.WriteString("every ")
		b.WriteString(daysString(e.days))
		if !e.wholeDay {
			b.WriteString(" " + clock(e.sh, e.sm))
			if e.dur > 0 {
				b.WriteString(" for " + durString(e.dur))
			} else {
				b.WriteString("-" + clock(e.eh, e.em))
			}
		}
	case ruleCron:
		b.WriteString("cron " + strconv.Quote(e.cronText) + " for " + durString(e.dur))
	case ruleRange:
		b.WriteString("from " + e.fromText + " to " + e.toText)
	case ruleOn:
		if e.Kind != Holiday {
			b.WriteString("on ")
		}
		for i, d := range e.dates {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(d.String())
		}
	}
	return b.String()
}

// Calendar is a parsed calendar. It is safe for concurrent use; lookups
// fill a cache of weeks, bounded in size.
type Calendar struct {
	entries   []Entry
	reasons   []string // entries' reasons, ready for lookups
	hasAllow  bool
	recurring bool  // some entry repeats; otherwise nothing changes after last
	last      int64 // the end of the last one-off period, Unix seconds

	mu       sync.RWMutex
	weeks    map[int64]*week
	segments int // in the cached weeks
}

// Entries returns the calendar's entries, in the order of the
// specification.
func (c *Calendar) Entries() []Entry { return c.entries }

// String writes the calendar as Parse reads it: one entry per line.
func (c *Calendar) String() string {
	var b strings.Builder
	for i := range c.entries {
		b.WriteString(c.entries[i].String())
		b.WriteByte('\n')
	}
	return b.String()
}

func newCalendar(entries []Entry) *Calendar {
	c := &Calendar{entries: entries, reasons: make([]string, len(entries))}
	for i := range entries {
		e := &entries[i]
		c.reasons[i] = e.Reason()
		if e.Kind == Allow {
			c.hasAllow = true
		}
		if e.rule == ruleRange {
			c.last = max(c.last, e.to.Unix())
		} else {
			c.recurring = true
		}
	}
	return c
}

const (
	weekSeconds = 7 * 86400
	// monday is the Unix time of 1970-01-05 00:00 UTC: weeks start on
	// Mondays, UTC.
	monday = 4 * 86400
	// Horizon is how far ahead a lookup searches for the next change:
	// a year and a week, long enough for a yearly holiday.
	Horizon = 366*24*time.Hour + weekSeconds*time.Second
	// maxReasons is how many freezes a reason names.
	maxReasons = 3
	// maxSegments and maxWeeks bound the cache: some 30 MB of segments,
	// and at most 1,024 weeks (fewer for a dense calendar, whose
	// segments fill the cache first; a full cache is emptied).
	maxSegments = 1 << 20
	maxWeeks    = 1024
	// minYear and maxYear bound the instants a calendar answers for.
	minYear, maxYear = 1, 9999
)

var (
	minTime = time.Date(minYear, 1, 8, 0, 0, 0, 0, time.UTC).Unix()
	maxTime = time.Date(maxYear, 12, 24, 0, 0, 0, 0, time.UTC).Unix()
)

// week holds the segments of one week: segment i starts at start[i] and
// lasts until start[i+1] (the last, until the end of the week).
type week struct {
	begin, end int64
	start      []int64
	open       []bool
	reason     []string
	runEnd     []int64 // when the open state next changes, or end when it runs to the end of the week
}

// At reports whether t is inside the calendar's allowed time, when that
// next changes (the zero time when it does not change within Horizon),
// and the reason: the deciding entry's name or rule, "" when the calendar
// has no allow entries and no freeze applies, or "outside every allow
// window". Instants before 0001-01-08 or after 9999-12-24 are closed, for
// ever.
func (c *Calendar) At(t time.Time) (open bool, until time.Time, reason string) {
	sec := t.Unix()
	if sec < minTime || sec > maxTime {
		return false, time.Time{}, "outside the calendar's range, 0001-01-08 to 9999-12-24"
	}
	if len(c.entries) == 0 {
		return true, time.Time{}, ""
	}
	idx := floorDiv(sec-monday, weekSeconds)
	w := c.week(idx)
	i := w.find(sec)
	open = w.open[i]
	reason = w.reason[i]
	end := w.runEnd[i]
	if end == w.end {
		end = c.nextChange(idx, open, sec+int64(Horizon/time.Second))
	}
	if end != 0 {
		until = time.Unix(end, 0).In(t.Location())
	}
	return open, until, reason
}

// nextChange walks the weeks after idx for the first instant whose open
// state differs from open; 0 when none does by limit.
func (c *Calendar) nextChange(idx int64, open bool, limit int64) int64 {
	for k := idx + 1; ; k++ {
		if begin := monday + k*weekSeconds; begin > maxTime || begin > limit {
			return 0
		}
		w := c.week(k)
		if w.open[0] != open {
			return w.begin
		}
		if w.runEnd[0] != w.end {
			if w.runEnd[0] > limit {
				return 0
			}
			return w.runEnd[0]
		}
		if !c.recurring && w.end > c.last {
			return 0 // nothing changes after the last one-off period
		}
	}
}

// reason says why the calendar is in a state: every freeze in force (at
// most three named), the allow window it is in, or that it is outside
// every allow window.
func (c *Calendar) reason(denies, allows []int32) string {
	switch {
	case len(denies) > 0:
		var b strings.Builder
		for k, i := range denies {
			if k == maxReasons {
				b.WriteString("; and " + strconv.Itoa(len(denies)-k) + " more")
				break
			}
			if k > 0 {
				b.WriteString("; ")
			}
			b.WriteString(c.reasons[i])
		}
		return b.String()
	case len(allows) > 0:
		return c.reasons[allows[0]]
	case c.hasAllow:
		return "outside every allow window"
	}
	return ""
}

// Next returns the first instant at or after t from which the calendar
// stays open for d, and false when there is none within Horizon.
func (c *Calendar) Next(t time.Time, d time.Duration) (time.Time, bool) {
	limit := t.Add(Horizon)
	for !t.After(limit) {
		open, until, _ := c.At(t)
		if open && (until.IsZero() || until.Sub(t) >= d) {
			return t, true
		}
		if until.IsZero() {
			return time.Time{}, false
		}
		t = until
	}
	return time.Time{}, false
}

func (w *week) find(sec int64) int {
	i, found := slices.BinarySearch(w.start, sec)
	if !found {
		i--
	}
	return i
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// week returns the segments of week idx, building them on first use.
func (c *Calendar) week(idx int64) *week {
	c.mu.RLock()
	w := c.weeks[idx]
	c.mu.RUnlock()
	if w != nil {
		return w
	}
	w = c.build(idx)
	c.mu.Lock()
	if c.weeks == nil || len(c.weeks) >= maxWeeks || c.segments+len(w.start) > maxSegments {
		c.weeks = make(map[int64]*week)
		c.segments = 0
	}
	if _, ok := c.weeks[idx]; !ok {
		c.weeks[idx] = w
		c.segments += len(w.start)
	}
	c.mu.Unlock()
	return w
}

// span is one occurrence of an entry, in Unix seconds, [from, to).
type span struct {
	from, to int64
	entry    int32
}

// build sweeps every occurrence that overlaps week idx into segments.
func (c *Calendar) build(idx int64) *week {
	begin := monday + idx*weekSeconds
	end := begin + weekSeconds
	var spans []span
	for i := range c.entries {
		spans = c.entries[i].occurrences(int32(i), begin, end, spans)
	}
	type event struct {
		at    int64
		delta int32 // +1 start, -1 end
		entry int32
	}
	events := make([]event, 0, 2*len(spans))
	for _, s := range spans {
		events = append(events, event{max(s.from, begin), 1, s.entry}, event{min(s.to, end), -1, s.entry})
	}
	slices.SortFunc(events, func(a, b event) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	active := make(map[int32]int)
	var denies, allows []int32 // active entries, sorted
	w := &week{begin: begin, end: end}
	emit := func(at int64) {
		open := len(denies) == 0 && (len(allows) > 0 || !c.hasAllow)
		reason := c.reason(denies, allows)
		if n := len(w.start); n > 0 && w.open[n-1] == open && w.reason[n-1] == reason {
			return
		}
		w.start = append(w.start, at)
		w.open = append(w.open, open)
		w.reason = append(w.reason, reason)
	}
	emit(begin)
	for i := 0; i < len(events); {
		at := events[i].at
		for ; i < len(events) && events[i].at == at; i++ {
			e := events[i]
			set := &allows
			if c.entries[e.entry].Kind != Allow {
				set = &denies
			}
			n := active[e.entry] + int(e.delta)
			active[e.entry] = n
			j, found := slices.BinarySearch(*set, e.entry)
			switch {
			case n > 0 && !found:
				*set = slices.Insert(*set, j, e.entry)
			case n == 0 && found:
				*set = slices.Delete(*set, j, j+1)
			}
		}
		if at < end {
			if len(w.start) > 0 && w.start[len(w.start)-1] == at {
				// Several changes at the first instant: the last state wins.
				n := len(w.start) - 1
				w.start, w.open, w.reason = w.start[:n], w.open[:n], w.reason[:n]
			}
			emit(at)
		}
	}
	w.runEnd = make([]int64, len(w.start))
	next := end
	for i := len(w.start) - 1; i >= 0; i-- {
		if i+1 < len(w.start) && w.open[i+1] != w.open[i] {
			next = w.start[i+1]
		}
		w.runEnd[i] = next
	}
	return w
}

// occurrences appends the occurrences of e that overlap [begin, end).
func (e *Entry) occurrences(i int32, begin, end int64, out []span) []span {
	if e.rule == ruleRange {
		from, to := e.from.Unix(), e.to.Unix()
		if from < end && to > begin {
			out = append(out, span{from, to, i})
		}
		return out
	}
	mine := len(out) // this entry's spans start here
	add := func(from, to time.Time) {
		f, t := from.Unix(), to.Unix()
		if f >= end || t <= begin || t <= f {
			return
		}
		// Occurrences come in order of start: merge one that touches the
		// last, so a dense cron schedule costs one span, not thousands.
		if n := len(out); n > mine && out[n-1].to >= f {
			out[n-1].to = max(out[n-1].to, t)
			return
		}
		out = append(out, span{f, t, i})
	}
	// Occurrences that start up to a day and a bit before the week are
	// found walking forward; an end time on the next day, a whole day and
	// a daylight-saving change all fit in that.
	first := civilOf(time.Unix(begin-27*3600, 0).In(e.Loc)).add(-1)
	last := civilOf(time.Unix(end, 0).In(e.Loc)).add(1)
	if e.dur > 0 {
		// A longer duration: occurrences all last as long, so of those
		// that start earlier only the latest can reach furthest into the
		// week (the others end before it ends, and merge into it). Walk
		// back to it, at most the duration's days.
		for d, n := first.add(-1), 0; n <= int(e.dur/(24*time.Hour))+1; d, n = d.add(-1), n+1 {
			var latest time.Time
			e.day(d, func(from, _ time.Time) { latest = from })
			if !latest.IsZero() {
				add(latest, latest.Add(e.dur))
				break
			}
		}
	}
	for d := first; !last.before(d); d = d.add(1) {
		e.day(d, add)
	}
	return out
}

// day calls f with the occurrences of e that start on local date d, in
// order.
func (e *Entry) day(d civil, f func(from, to time.Time)) {
	switch e.rule {
	case ruleEvery:
		if e.days&(1<<d.weekday()) == 0 {
			return
		}
		if e.wholeDay {
			f(wall(d, 0, 0, e.Loc), wall(d.add(1), 0, 0, e.Loc))
			return
		}
		start := wall(d, e.sh, e.sm, e.Loc)
		if e.dur > 0 {
			f(start, start.Add(e.dur))
			return
		}
		ed, eh := d, e.eh
		if eh == 24 || eh*60+e.em <= e.sh*60+e.sm {
			ed, eh = d.add(1), eh%24
		}
		f(start, wall(ed, eh, e.em, e.Loc))
	case ruleCron:
		if !e.cron.matchDay(d) {
			return
		}
		// On a day without a change of offset, times are minutes after
		// midnight; otherwise each is resolved on its own.
		midnight := wall(d, 0, 0, e.Loc)
		_, off0 := midnight.Zone()
		next := wall(d.add(1), 0, 0, e.Loc)
		_, off1 := next.Zone()
		plain := off0 == off1 && next.Sub(midnight) == 24*time.Hour
		e.cron.times(func(h, m int) {
			start := midnight.Add(time.Duration(h*60+m) * time.Minute)
			if !plain {
				start = wall(d, h, m, e.Loc)
			}
			f(start, start.Add(e.dur))
		})
	case ruleOn:
		if e.onDate(d) {
			f(wall(d, 0, 0, e.Loc), wall(d.add(1), 0, 0, e.Loc))
		}
	}
}

func (e *Entry) onDate(d civil) bool {
	for _, k := range []int{d.y*10000 + int(d.m)*100 + d.d, int(d.m)*100 + d.d} {
		if _, found := slices.BinarySearchFunc(e.dates, k, func(x date, k int) int { return x.key() - k }); found {
			return true
		}
	}
	return false
}
