package calendar

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on a specification, so that a calendar from an untrusted source
// cannot exhaust memory or time.
const (
	MaxSpecLen  = 1 << 20 // bytes
	MaxLineLen  = 4096    // bytes
	MaxEntries  = 10000
	MaxNameLen  = 256 // bytes
	MaxDuration = 366 * 24 * time.Hour
	// MaxWeekly bounds how many times a week the entries can start, all
	// together: a lookup builds a week from them. A cron schedule every
	// minute of every day starts 10,080 times.
	MaxWeekly = 20000
)

// SyntaxError is a specification that does not parse: the 1-based line
// and byte column of the problem (0 when it is about the whole input),
// the line's text, and what was expected there.
type SyntaxError struct {
	Line, Col int
	Text      string
	Expected  string
}

func (e *SyntaxError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Col) + ": " + e.Expected
}

// token is a word of a line, or a quoted string (text holds it unquoted).
type token struct {
	text   string
	col    int // 1-based byte column
	end    int // the column just after it
	quoted bool
	escape bool // a quoted string with backslash escapes
}

// Parse reads a calendar specification: one directive per line, '#'
// starting a comment.
//
//	zone Europe/Berlin                          # the zone of the lines below (UTC before any)
//	allow every Mon-Thu 09:00-17:00              # weekdays, start and end time
//	allow every Fri 09:00 for 4h                 # start time and duration
//	deny  every Sat,Sun                          # whole days
//	deny  cron "0 22 * * *" for 9h "nightly batch"
//	deny  from 2026-12-19 to 2027-01-03 "year-end freeze"   # dates are whole days
//	deny  from 2026-11-26 16:00 to 2026-11-30 08:00
//	deny  on 2026-05-01,*-12-24 in America/New_York
//	holiday *-12-25,*-12-26 "Christmas"          # whole days, *- every year
//
// A line may end with "in ZONE" and then a quoted name, which lookups give
// as the reason. Errors are *SyntaxError.
func Parse(spec string) (*Calendar, error) {
	if len(spec) > MaxSpecLen {
		return nil, &SyntaxError{Expected: "a specification of at most " + strconv.Itoa(MaxSpecLen) + " bytes"}
	}
	var entries []Entry
	weekly := 0
	zone := time.UTC
	zones := make(map[string]*time.Location)
	lineNo := 0
	for line := range strings.Lines(spec) {
		lineNo++
		line = strings.TrimRight(line, "\r\n")
		p := parser{line: line, n: lineNo, zones: zones}
		if len(line) > MaxLineLen {
			return nil, p.fail(0, "a line of at most "+strconv.Itoa(MaxLineLen)+" bytes")
		}
		if !utf8.ValidString(line) {
			return nil, p.fail(0, "UTF-8 text")
		}
		toks, err := p.tokens()
		if err != nil {
			return nil, err
		}
		if len(toks) == 0 {
			continue
		}
		p.toks = toks
		if strings.EqualFold(toks[0].text, "zone") && !toks[0].quoted {
			p.i = 1
			loc, err := p.zone()
			if err != nil {
				return nil, err
			}
			if err := p.end("the end of the line"); err != nil {
				return nil, err
			}
			zone = loc
			continue
		}
		e, err := p.entry(zone)
		if err != nil {
			return nil, err
		}
		if len(entries) == MaxEntries {
			return nil, p.fail(0, "at most "+strconv.Itoa(MaxEntries)+" entries")
		}
		if weekly += e.weekly(); weekly > MaxWeekly {
			return nil, p.fail(0, "entries that start at most "+strconv.Itoa(MaxWeekly)+" times a week in all (this one brings them to "+strconv.Itoa(weekly)+")")
		}
		entries = append(entries, e)
	}
	return newCalendar(entries), nil
}

// weekly is at most how many times a week the entry starts.
func (e *Entry) weekly() int {
	switch e.rule {
	case ruleRange:
		return 1
	case ruleCron:
		return bits.OnesCount64(e.cron.minute) * bits.OnesCount64(e.cron.hour) * 7
	case ruleEvery:
		return bits.OnesCount8(e.days)
	}
	return min(len(e.dates), 7)
}

type parser struct {
	line  string
	n     int
	toks  []token
	i     int
	toCol int                       // the column of "to" in a range
	zones map[string]*time.Location // loaded so far, shared by the lines
}

func (p *parser) fail(col int, expected string) *SyntaxError {
	return &SyntaxError{Line: p.n, Col: col, Text: p.line, Expected: expected}
}

// failAt reports a problem at the current token, or at the end of the
// line when there is none.
func (p *parser) failAt(expected string) *SyntaxError {
	if p.i < len(p.toks) {
		return p.fail(p.toks[p.i].col, expected)
	}
	if len(p.toks) > 0 {
		return p.fail(p.toks[len(p.toks)-1].end, expected)
	}
	return p.fail(1, expected)
}

func (p *parser) tokens() ([]token, error) {
	var toks []token
	s := p.line
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '#':
			return toks, nil
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, p.fail(i+1, "a closing quote")
			}
			text, err := strconv.Unquote(s[i : j+1])
			if err != nil || !utf8.ValidString(text) {
				return nil, p.fail(i+1, "a quoted string with Go escapes")
			}
			toks = append(toks, token{text: text, col: i + 1, end: j + 2, quoted: true, escape: strings.IndexByte(s[i:j], '\\') >= 0})
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '"' && s[j] != '#' {
				j++
			}
			toks = append(toks, token{text: s[i:j], col: i + 1, end: j + 1})
			i = j
		}
	}
	return toks, nil
}

// word returns the current token when it is a bare word.
func (p *parser) word() (token, bool) {
	if p.i < len(p.toks) && !p.toks[p.i].quoted {
		return p.toks[p.i], true
	}
	return token{}, false
}

func (p *parser) keyword(k string) bool {
	if t, ok := p.word(); ok && strings.EqualFold(t.text, k) {
		p.i++
		return true
	}
	return false
}

func (p *parser) end(expected string) error {
	if p.i < len(p.toks) {
		return p.failAt(expected)
	}
	return nil
}

func (p *parser) zone() (*time.Location, error) {
	t, ok := p.word()
	if !ok {
		return nil, p.failAt("a time zone name such as Europe/Berlin")
	}
	if loc, ok := p.zones[t.text]; ok {
		p.i++
		return loc, nil
	}
	if !zoneName(t.text) {
		return nil, p.fail(t.col, "an IANA time zone name such as Europe/Berlin (not Local, localtime or a path: they depend on the machine)")
	}
	loc, err := time.LoadLocation(t.text)
	if err != nil {
		return nil, p.fail(t.col, "a time zone known to the tz database, not "+strconv.Quote(t.text))
	}
	p.zones[t.text] = loc
	p.i++
	return loc, nil
}

// zoneName reports whether s looks like a tz database name (Area/City,
// UTC, Etc/GMT+5) rather than a machine's own zone or a file path.
func zoneName(s string) bool {
	switch s {
	case "", "Local", "localtime", "posixrules", "Factory":
		return false
	}
	for seg := range strings.SplitSeq(s, "/") {
		if seg == "" || seg[0] == '.' || seg[0] == '-' {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '+') {
				return false
			}
		}
	}
	return true
}

func (p *parser) entry(zone *time.Location) (Entry, error) {
	e := Entry{Line: p.n, Loc: zone}
	switch {
	case p.keyword("allow"):
		e.Kind = Allow
	case p.keyword("deny"):
		e.Kind = Deny
	case p.keyword("holiday"):
		e.Kind = Holiday
	default:
		return e, p.failAt("allow, deny, holiday or zone")
	}
	var err error
	switch {
	case e.Kind == Holiday:
		err = p.dates(&e)
	case p.keyword("every"):
		err = p.every(&e)
	case p.keyword("cron"):
		err = p.cron(&e)
	case p.keyword("from"):
		err = p.rangeRule(&e)
	case p.keyword("on"):
		err = p.dates(&e)
	default:
		return e, p.failAt("every, cron, from or on")
	}
	if err != nil {
		return e, err
	}
	if p.keyword("in") {
		if e.Loc, err = p.zone(); err != nil {
			return e, err
		}
	}
	if p.i < len(p.toks) && p.toks[p.i].quoted {
		t := p.toks[p.i]
		if len(t.text) > MaxNameLen {
			return e, p.fail(t.col, "a name of at most "+strconv.Itoa(MaxNameLen)+" bytes")
		}
		e.Name = t.text
		p.i++
	}
	if err := p.end(`"in ZONE", a quoted name or the end of the line`); err != nil {
		return e, err
	}
	if e.rule == ruleRange {
		// The zone may come after the dates: resolve them now.
		if err := p.resolveRange(&e); err != nil {
			return e, err
		}
	}
	return e, nil
}

var dayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

func (p *parser) every(e *Entry) error {
	e.rule = ruleEvery
	t, ok := p.word()
	if !ok {
		return p.failAt("days: day, Mon, Mon-Fri, Sat,Sun")
	}
	days, ok := parseDays(t.text)
	if !ok {
		return p.fail(t.col, "days: day, Mon, Mon-Fri, Sat,Sun")
	}
	e.days = days
	p.i++
	t, ok = p.word()
	if !ok || strings.EqualFold(t.text, "in") {
		e.wholeDay = true
		return nil
	}
	start, rest, dash := strings.Cut(t.text, "-")
	if e.sh, e.sm, ok = parseClock(start); !ok {
		return p.fail(t.col, "a start time HH:MM")
	}
	p.i++
	if dash {
		if e.eh, e.em, ok = parseEndClock(rest); !ok {
			return p.fail(t.col+len(start)+1, "an end time HH:MM (24:00 for midnight)")
		}
		if e.eh == e.sh && e.em == e.sm {
			return p.fail(t.col+len(start)+1, "an end time other than the start time")
		}
		return nil
	}
	if !p.keyword("for") {
		return p.failAt(`an end time ("09:00-17:00") or a duration ("09:00 for 8h")`)
	}
	return p.duration(e)
}

func (p *parser) duration(e *Entry) error {
	t, ok := p.word()
	if !ok {
		return p.failAt("a duration such as 90m or 8h")
	}
	d, err := time.ParseDuration(t.text)
	if err != nil || d < time.Minute || d > MaxDuration || d%time.Second != 0 {
		return p.fail(t.col, "a duration of whole seconds from 1m to 8784h, such as 90m or 8h")
	}
	e.dur = d
	p.i++
	return nil
}

func (p *parser) cron(e *Entry) error {
	e.rule = ruleCron
	if p.i >= len(p.toks) || !p.toks[p.i].quoted {
		return p.failAt(`a quoted cron schedule such as "0 9 * * 1-5"`)
	}
	t := p.toks[p.i]
	if t.escape {
		return p.fail(t.col, "a cron schedule without backslash escapes")
	}
	c, off, msg := parseCron(t.text)
	if msg != "" {
		return p.fail(t.col+1+off, msg)
	}
	e.cron = c
	e.cronText = strings.Join(strings.Fields(t.text), " ")
	p.i++
	if !p.keyword("for") {
		return p.failAt(`"for" and a duration: a cron schedule gives start times only`)
	}
	return p.duration(e)
}

// rangeRule reads "DATE [TIME] to DATE [TIME]"; the instants are resolved
// once the zone is known.
func (p *parser) rangeRule(e *Entry) error {
	e.rule = ruleRange
	read := func(end bool) (string, error) {
		t, ok := p.word()
		if _, ok2 := parseDate(t.text, false); !ok || !ok2 {
			return "", p.failAt("a date YYYY-MM-DD")
		}
		p.i++
		if t2, ok := p.word(); ok {
			parse := parseClock
			if end {
				parse = parseEndClock
			}
			if _, _, ok := parse(t2.text); ok {
				p.i++
				return t.text + " " + t2.text, nil
			}
		}
		return t.text, nil
	}
	var err error
	if e.fromText, err = read(false); err != nil {
		return err
	}
	if p.i < len(p.toks) {
		p.toCol = p.toks[p.i].col
	}
	if !p.keyword("to") {
		return p.failAt(`"to" and the end date`)
	}
	e.toText, err = read(true)
	return err
}

func (p *parser) resolveRange(e *Entry) error {
	at := func(s string, end bool) time.Time {
		ds, ts, hasTime := strings.Cut(s, " ")
		d, _ := parseDate(ds, false)
		c := civil(d)
		if !hasTime {
			if end {
				c = c.add(1) // a date alone ends with its day
			}
			return wall(c, 0, 0, e.Loc)
		}
		h, m, _ := parseEndClock(ts)
		if h == 24 {
			c, h = c.add(1), 0
		}
		return wall(c, h, m, e.Loc)
	}
	e.from, e.to = at(e.fromText, false), at(e.toText, true)
	if !e.to.After(e.from) {
		return p.fail(p.toCol, "an end after the start")
	}
	return nil
}

func (p *parser) dates(e *Entry) error {
	e.rule = ruleOn
	for {
		t, ok := p.word()
		if !ok {
			return p.failAt("a date YYYY-MM-DD, or *-MM-DD for every year")
		}
		col := t.col
		for part := range strings.SplitSeq(t.text, ",") {
			if part != "" {
				d, ok := parseDate(part, true)
				if !ok {
					return p.fail(col, "a date YYYY-MM-DD, or *-MM-DD for every year")
				}
				e.dates = append(e.dates, d)
			}
			col += len(part) + 1
		}
		p.i++
		if !strings.HasSuffix(t.text, ",") {
			if n, ok := p.word(); !ok || !strings.HasPrefix(n.text, ",") {
				break
			}
		}
	}
	if len(e.dates) == 0 {
		return p.failAt("a date YYYY-MM-DD, or *-MM-DD for every year")
	}
	slices.SortFunc(e.dates, func(a, b date) int { return a.key() - b.key() })
	e.dates = slices.CompactFunc(e.dates, func(a, b date) bool { return a.key() == b.key() })
	return nil
}

// parseDate reads YYYY-MM-DD, or *-MM-DD when yearly is allowed; the day
// must exist (Feb 29 only in leap years, or yearly).
func parseDate(s string, yearly bool) (date, bool) {
	var d date
	ys, rest, ok := strings.Cut(s, "-")
	if !ok {
		return d, false
	}
	ms, ds, ok := strings.Cut(rest, "-")
	if !ok || len(ms) != 2 || len(ds) != 2 {
		return d, false
	}
	if ys == "*" && yearly {
		d.y = 0
	} else if y, ok := digits(ys, 4); ok && y >= minYear {
		d.y = y
	} else {
		return d, false
	}
	m, ok1 := digits(ms, 2)
	day, ok2 := digits(ds, 2)
	if !ok1 || !ok2 || m < 1 || m > 12 || day < 1 {
		return d, false
	}
	d.m, d.d = time.Month(m), day
	y := d.y
	if y == 0 {
		y = 2000 // a leap year: *-02-29 is allowed
	}
	if time.Date(y, d.m, day, 12, 0, 0, 0, time.UTC).Day() != day {
		return d, false
	}
	return d, true
}

func digits(s string, n int) (int, bool) {
	if len(s) != n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// parseClock reads HH:MM, 00:00 to 23:59.
func parseClock(s string) (int, int, bool) {
	hs, ms, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, false
	}
	h, ok1 := digits(hs, 2)
	m, ok2 := digits(ms, 2)
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// parseEndClock reads an end time: HH:MM, or 24:00 for the midnight
// that ends the day, returned as hour 24.
func parseEndClock(s string) (int, int, bool) {
	if s == "24:00" {
		return 24, 0, true
	}
	return parseClock(s)
}

// parseDays reads "day", "Mon", "Mon-Fri", "Sat,Sun", "Fri-Mon" (a range
// may wrap past Sunday); names are three letters or full, any case.
func parseDays(s string) (uint8, bool) {
	if strings.EqualFold(s, "day") {
		return 0x7f, true
	}
	var set uint8
	for part := range strings.SplitSeq(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		lo, ok := weekday(a)
		if !ok {
			return 0, false
		}
		hi := lo
		if isRange {
			if hi, ok = weekday(b); !ok {
				return 0, false
			}
		}
		for d := lo; ; d = (d + 1) % 7 {
			set |= 1 << d
			if d == hi {
				break
			}
		}
	}
	return set, true
}

func weekday(s string) (int, bool) {
	for i, n := range dayNames {
		if strings.EqualFold(s, n) || len(s) > 3 && strings.EqualFold(s, time.Weekday(i).String()) {
			return i, true
		}
	}
	return 0, false
}

// daysString writes a set of weekdays as parseDays reads it, Monday
// first: "Mon-Fri", "Sat-Sun", "day".
func daysString(set uint8) string {
	if set == 0x7f {
		return "day"
	}
	var parts []string
	order := [7]int{1, 2, 3, 4, 5, 6, 0}
	for i := 0; i < 7; {
		if set&(1<<order[i]) == 0 {
			i++
			continue
		}
		j := i
		for j+1 < 7 && set&(1<<order[j+1]) != 0 {
			j++
		}
		s := dayNames[order[i]]
		if j > i {
			s += "-" + dayNames[order[j]]
		}
		parts = append(parts, s)
		i = j + 1
	}
	return strings.Join(parts, ",")
}

func pad2(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

func pad4(v int) string {
	s := strconv.Itoa(v)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

func clock(h, m int) string { return pad2(h) + ":" + pad2(m) }

// durString writes a duration as Go does, without zero units: "8h",
// "1h30m", "30m".
func durString(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
