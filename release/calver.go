package release

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CalVer is a calendar versioning format in the notation of calver.org,
// such as "YYYY.0M.MICRO", "YY.0M.MICRO" (Ubuntu, 22.04.1), "YYYY.0W",
// "YYYY.MM.DD_MICRO" (fusefs-ntfs, 2016.2.22_1), "YYYY-0M-0D" (an API
// version such as Stripe's, 2024-06-20) or "YY.MINOR.MICRO" (pip,
// 23.1.2). The tokens are
//
//	YYYY    full year                        2006, 2016, 2106
//	YY      year - 2000, not padded          6, 16, 106
//	0Y      year - 2000, two digits or more  06, 16, 106
//	MM      month                            1 ... 12
//	0M      month, two digits                01 ... 12
//	WW      ISO 8601 week                    1 ... 53
//	0W      ISO 8601 week, two digits        01 ... 53
//	DD      day of the month                 1 ... 31
//	0D      day of the month, two digits     01 ... 31
//	MAJOR   counter, from 0, never reset
//	MINOR   counter, from 0, reset on a new date and by MAJOR
//	MICRO   counter, from 0, reset on a new date and by MAJOR and MINOR
//
// Tokens are separated by one '.', '-' or '_', and a version uses the
// same separator at the same place. A valid format (see [CalVer.Validate])
// has a year token and at most one token for each part; a week token goes
// with neither a month nor a day, and a day needs a month; and the tokens
// go from the most significant to the least (the year, the month or week,
// the day, then MINOR and MICRO, with MAJOR anywhere before MINOR and
// MICRO), so that versions sort as they read.
//
// With a week token the year tokens hold the ISO 8601 week-numbering
// year, as the week does not make sense without it: 2027-01-01 is in week
// 53 of 2026, so "YYYY.0W" writes it "2026.53", and 2024-12-30 is in
// week 1 of 2025, "2025.01". Without a week token the year is the
// calendar year. YY and 0Y count from 2000, so they cannot write an
// earlier year.
//
// Any version may end with a modifier: a '-' and dot-separated SemVer
// prerelease identifiers, such as "2026.11.0-rc.1" or "26.04-beta". The
// format does not mention it ("MODIFIER" is not a token). A version with a
// modifier previews the one without it and sorts just before it, and
// modifiers sort among themselves as SemVer prereleases do (alpha < beta
// < rc, rc.2 < rc.10).
//
// Versions are bounded: a version is at most MaxTagLen bytes, a modifier
// at most MaxPreidLen, a YYYY year from 1000 to 9999, and a counter at
// most 2147483647, so that a counter can always count up.
//
// The zero CalVer is not a format: Validate reports it. (A Component uses
// it to mean SemVer.)
type CalVer string

// calToken is one token of a CalVer format; 0 is none.
type calToken uint8

const (
	tokYYYY calToken = iota + 1
	tokYY
	tok0Y
	tokMM
	tok0M
	tokWW
	tok0W
	tokDD
	tok0D
	tokMajor
	tokMinor
	tokMicro
)

var calTokenNames = [...]string{"", "YYYY", "YY", "0Y", "MM", "0M", "WW", "0W", "DD", "0D", "MAJOR", "MINOR", "MICRO"}

func (t calToken) String() string {
	if int(t) < len(calTokenNames) {
		return calTokenNames[t]
	}
	return "?"
}

// calPart is the part of a version a token writes, in the order versions
// compare when the format does not say otherwise.
type calPart uint8

const (
	partYear calPart = iota
	partMonth
	partWeek
	partDay
	partMajor
	partMinor
	partMicro
	calParts // the number of parts
)

var calPartNames = [calParts]string{"year", "month", "week", "day", "MAJOR", "MINOR", "MICRO"}

func (t calToken) part() calPart {
	switch t {
	case tokYYYY, tokYY, tok0Y:
		return partYear
	case tokMM, tok0M:
		return partMonth
	case tokWW, tok0W:
		return partWeek
	case tokDD, tok0D:
		return partDay
	case tokMajor:
		return partMajor
	case tokMinor:
		return partMinor
	}
	return partMicro
}

// padded reports whether the token is written with two digits at least.
func (t calToken) padded() bool {
	return t == tok0Y || t == tok0M || t == tok0W || t == tok0D
}

// maxCounter bounds counters (and YY) so that incrementing never
// overflows and every number fits in 10 digits.
const maxCounter = 1<<31 - 1

// maxCalDigits is the most digits a number of a version may have.
const maxCalDigits = 10

// bounds returns the smallest and greatest number the token may hold, as
// written (YY and 0Y count from 2000).
func (t calToken) bounds() (lo, hi int) {
	switch t.part() {
	case partYear:
		if t == tokYYYY {
			return 1000, 9999
		}
		return 0, 9999 - 2000
	case partMonth:
		return 1, 12
	case partWeek:
		return 1, 53
	case partDay:
		return 1, 31
	}
	return 0, maxCounter
}

// rule says in words how the token is written, for error messages.
func (t calToken) rule() string {
	switch t {
	case tokYYYY:
		return "YYYY, the year in four digits (1000 to 9999)"
	case tokYY:
		return "YY, the year minus 2000 without padding (2006 is 6, 2106 is 106)"
	case tok0Y:
		return "0Y, the year minus 2000 in two digits at least (2006 is 06, 2106 is 106)"
	case tokMM:
		return "MM, the month without padding (1 to 12)"
	case tok0M:
		return "0M, the month in two digits (01 to 12)"
	case tokWW:
		return "WW, the ISO week without padding (1 to 53)"
	case tok0W:
		return "0W, the ISO week in two digits (01 to 53)"
	case tokDD:
		return "DD, the day without padding (1 to 31)"
	case tok0D:
		return "0D, the day in two digits (01 to 31)"
	}
	return t.String() + ", a number from 0 to 2147483647 without leading zeros"
}

// number reads the digits d written under the token; ok is false when
// they are not written as the token says.
func (t calToken) number(d string) (n int, ok bool) {
	if d == "" || len(d) > maxCalDigits {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		n = n*10 + int(d[i]-'0')
	}
	switch {
	case t == tokYYYY:
		ok = len(d) == 4 && d[0] != '0'
	case t.padded():
		ok = len(d) == 2 || len(d) > 2 && d[0] != '0'
	default:
		ok = len(d) == 1 || d[0] != '0'
	}
	lo, hi := t.bounds()
	return n, ok && n >= lo && n <= hi
}

// calLayout is a CalVer format, parsed: its tokens in order and the
// separator before each.
type calLayout struct {
	n      int
	toks   [calParts]calToken
	seps   [calParts]byte     // seps[i] is written before toks[i]; seps[0] is 0
	byPart [calParts]calToken // the format's token for each part, or 0
}

func (l *calLayout) has(p calPart) bool { return l.byPart[p] != 0 }

func isCalSep(c byte) bool { return c == '.' || c == '-' || c == '_' }

func calDigit(c byte) bool { return c >= '0' && c <= '9' }

// calRank is the place of a part in the order tokens must follow; MAJOR
// has none of its own (it only goes before MINOR and MICRO).
func calRank(p calPart) int {
	switch p {
	case partYear:
		return 0
	case partMonth, partWeek:
		return 1
	case partDay:
		return 2
	case partMinor:
		return 3
	case partMicro:
		return 4
	}
	return -1
}

// layout parses the format. It does not allocate unless f is invalid.
func (f CalVer) layout() (calLayout, error) {
	var l calLayout
	s := string(f)
	bad := func(col int, what string) error { return colError(s, col, what, ErrInvalidCalVer) }
	switch {
	case s == "":
		return l, bad(0, "a CalVer format such as YYYY.0M.MICRO")
	case len(s) > MaxTagLen:
		return l, bad(0, fmt.Sprintf("a format of at most %d bytes", MaxTagLen))
	}
	var cols [calParts]int // where each token starts, for messages
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && !isCalSep(s[i]) {
			continue
		}
		word := s[start:i]
		var tok calToken
		for t := tokYYYY; t <= tokMicro; t++ {
			if word == calTokenNames[t] {
				tok = t
				break
			}
		}
		switch {
		case word == "":
			return l, bad(start+1, "a token, with one '.', '-' or '_' between two tokens")
		case word == "MODIFIER":
			return l, bad(start+1, "no MODIFIER token: any version may end in '-' and a modifier")
		case tok == 0:
			return l, bad(start+1, fmt.Sprintf("a token YYYY, YY, 0Y, MM, 0M, WW, 0W, DD, 0D, MAJOR, MINOR or MICRO, separated by '.', '-' or '_', not %q", shorten(word)))
		case l.byPart[tok.part()] != 0:
			return l, bad(start+1, fmt.Sprintf("one token for each part of the version, %s repeats the %s", tok, calPartNames[tok.part()]))
		}
		if l.n > 0 {
			l.seps[l.n] = s[start-1]
		}
		cols[l.n] = start + 1
		l.toks[l.n] = tok
		l.byPart[tok.part()] = tok
		l.n++
		start = i + 1
	}
	switch {
	case !l.has(partYear):
		return l, bad(0, "a year token (YYYY, YY or 0Y)")
	case l.has(partWeek) && (l.has(partMonth) || l.has(partDay)):
		return l, bad(0, "a week token without a month or a day token: weeks do not line up with months")
	case l.has(partDay) && !l.has(partMonth):
		return l, bad(0, "a month token with the day token")
	}
	lastRank, last := -1, calToken(0)
	for i := 0; i < l.n; i++ {
		tok := l.toks[i]
		if tok == tokMajor && (l.has(partMinor) || l.has(partMicro)) && lastRank >= calRank(partMinor) {
			return l, bad(cols[i], fmt.Sprintf("MAJOR before %s: tokens go from the most significant to the least", last))
		}
		r := calRank(tok.part())
		if r < 0 {
			continue
		}
		if r < lastRank {
			return l, bad(cols[i], fmt.Sprintf("%s before %s: tokens go from the most significant to the least (year, month or week, day, MINOR, MICRO)", tok, last))
		}
		lastRank, last = r, tok
	}
	return l, nil
}

// Validate reports whether f is a valid format. The error wraps
// ErrInvalidCalVer and says what is wrong, and where for a token it does
// not know ("YYYY.MMM": line 1, column 6).
func (f CalVer) Validate() error {
	_, err := f.layout()
	return err
}

// CalVersion is a version under a CalVer format. The parts the format has
// no token for are 0; Year is the full year (2026 for YY's "26"), and the
// ISO week-numbering year when the format has a week. Versions are values:
// compare them with [CalVersion.Compare], not ==, which also compares the
// Format's spelling.
type CalVersion struct {
	Format CalVer `json:"format"`
	Year   int    `json:"year"`
	Month  int    `json:"month,omitempty"`
	Week   int    `json:"week,omitempty"`
	Day    int    `json:"day,omitempty"`
	Major  int    `json:"major"`
	Minor  int    `json:"minor"`
	Micro  int    `json:"micro"`
	// Modifier is the text after the '-' ("rc.1"), empty for a release.
	Modifier string `json:"modifier,omitempty"`
}

func (v *CalVersion) get(p calPart) int {
	switch p {
	case partYear:
		return v.Year
	case partMonth:
		return v.Month
	case partWeek:
		return v.Week
	case partDay:
		return v.Day
	case partMajor:
		return v.Major
	case partMinor:
		return v.Minor
	}
	return v.Micro
}

func (v *CalVersion) set(p calPart, n int) {
	switch p {
	case partYear:
		v.Year = n
	case partMonth:
		v.Month = n
	case partWeek:
		v.Week = n
	case partDay:
		v.Day = n
	case partMajor:
		v.Major = n
	case partMinor:
		v.Minor = n
	default:
		v.Micro = n
	}
}

// Parse reads a version written under f, strictly: every token in order
// with the format's separators, each number written as its token says
// (two digits for 0M, no leading zero for MM, YY and the counters), a
// month from 1 to 12, a day that its month has (2024.02.29, not
// 2023.02.29), a week that its ISO year has (2026.53, not 2025.53),
// counters up to 2147483647, and an optional '-' and modifier. A version
// longer than MaxTagLen is an error wrapping ErrTooLong; every other
// error wraps ErrInvalidCalVer and says where the version goes wrong
// ("2026.1.0": line 1, column 6: 0M, the month in two digits). Parse
// never guesses: "26.11.0" under YYYY.MM.MICRO is an error, not 2026.
// It runs in time linear in len(s) and allocates only for an error.
func (f CalVer) Parse(s string) (CalVersion, error) {
	l, err := f.layout()
	if err != nil {
		return CalVersion{}, err
	}
	v, perr := l.parse(s)
	if perr != nil {
		return CalVersion{}, perr
	}
	v.Format = f
	return v, nil
}

// parse reads a version under l; Format is left empty.
func (l *calLayout) parse(s string) (CalVersion, *ParseError) {
	var v CalVersion
	if len(s) > MaxTagLen {
		return v, &ParseError{Input: shorten(s), Expected: fmt.Sprintf("a version of at most %d bytes", MaxTagLen), Err: ErrTooLong}
	}
	bad := func(pos int, what string) *ParseError {
		return &ParseError{Input: shorten(s), Line: 1, Col: pos + 1, Expected: what, Err: ErrInvalidCalVer}
	}
	found := func(pos int) string {
		if pos >= len(s) {
			return "not the end"
		}
		return fmt.Sprintf("not %q", s[pos:pos+1])
	}
	var cols [calParts]int
	pos := 0
	for i := 0; i < l.n; i++ {
		tok := l.toks[i]
		if i > 0 {
			if pos >= len(s) || s[pos] != l.seps[i] {
				return v, bad(pos, fmt.Sprintf("'%c' and %s after %s, %s", l.seps[i], tok, l.toks[i-1], found(pos)))
			}
			pos++
		}
		start := pos
		for pos < len(s) && calDigit(s[pos]) && pos-start <= maxCalDigits {
			pos++
		}
		n, ok := tok.number(s[start:pos])
		if !ok {
			if start == pos {
				return v, bad(start, tok.rule()+", "+found(start))
			}
			return v, bad(start, fmt.Sprintf("%s, not %q", tok.rule(), shorten(s[start:pos])))
		}
		if tok.part() == partYear && tok != tokYYYY {
			n += 2000
		}
		cols[tok.part()] = start
		v.set(tok.part(), n)
	}
	if l.has(partDay) && v.Day > daysIn(v.Year, v.Month) {
		return v, bad(cols[partDay], fmt.Sprintf("a day that %04d-%02d has (1 to %d)", v.Year, v.Month, daysIn(v.Year, v.Month)))
	}
	if v.Week == 53 && isoWeeks(v.Year) < 53 {
		return v, bad(cols[partWeek], fmt.Sprintf("a week that %d has (1 to %d)", v.Year, isoWeeks(v.Year)))
	}
	if pos < len(s) {
		if s[pos] != '-' {
			return v, bad(pos, fmt.Sprintf("the end of the version, or '-' and a modifier, %s", found(pos)))
		}
		if pe := checkModifier(s[pos+1:]); pe != nil {
			return v, &ParseError{Input: shorten(s), Line: 1, Col: pos + 2, Expected: pe.Expected, Err: pe.Err}
		}
		v.Modifier = s[pos+1:]
	}
	return v, nil
}

// checkModifier checks a modifier (without its '-'); the error wraps
// ErrInvalidCalVer, or ErrTooLong over MaxPreidLen bytes.
func checkModifier(mod string) *ParseError {
	err := checkIdents(mod, "modifier", true)
	if err == nil {
		return nil
	}
	pe := &ParseError{Input: shorten(mod), Expected: "a modifier of dot-separated identifiers", Err: ErrInvalidCalVer}
	var inner *ParseError
	if errors.As(err, &inner) {
		pe.Expected = inner.Expected
	}
	if errors.Is(err, ErrTooLong) {
		pe.Err = ErrTooLong
	}
	return pe
}

// daysIn returns the number of days of a month of the Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// isoWeeks returns the number of ISO 8601 weeks of an ISO year, 52 or 53:
// December 28 is always in the last week.
func isoWeeks(year int) int {
	_, w := time.Date(year, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// String returns v written under its format, as Parse reads it back. It
// returns "" when the format is not valid. A version with parts the format
// cannot write (a year before 2000 for YY, a month of 13) is written as
// well as it can be; Parse never returns one, and Next refuses one.
func (v CalVersion) String() string {
	l, err := v.Format.layout()
	if err != nil {
		return ""
	}
	var buf [64]byte
	b := l.appendTo(buf[:0], &v)
	return string(b)
}

func (l *calLayout) appendTo(b []byte, v *CalVersion) []byte {
	for i := 0; i < l.n; i++ {
		if i > 0 {
			b = append(b, l.seps[i])
		}
		tok := l.toks[i]
		n := v.get(tok.part())
		if tok == tokYY || tok == tok0Y {
			n -= 2000
		}
		if tok.padded() && n >= 0 && n < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	if v.Modifier != "" {
		b = append(b, '-')
		b = append(b, v.Modifier...)
	}
	return b
}

// Compare returns -1, 0 or +1 as v sorts before, with or after w. Versions
// compare part by part in the order v's format writes them (so
// "MAJOR.YYYY.0M" compares MAJOR first), then by modifier: a version with
// a modifier sorts before the same one without, and modifiers compare as
// SemVer prereleases. Compare versions of one format; parts a format does
// not have are 0 and compare equal.
func (v CalVersion) Compare(w CalVersion) int {
	l, err := v.Format.layout()
	if err != nil {
		l = calLayout{}
	}
	return l.compare(&v, &w)
}

// compare compares two versions in l's order of parts; the zero layout
// compares them in the order of the calPart values.
func (l *calLayout) compare(v, w *CalVersion) int {
	var done [calParts]bool
	for i := 0; i < l.n; i++ {
		p := l.toks[i].part()
		done[p] = true
		if c := cmpInt(v.get(p), w.get(p)); c != 0 {
			return c
		}
	}
	for p := range calParts {
		if done[p] {
			continue
		}
		if c := cmpInt(v.get(p), w.get(p)); c != 0 {
			return c
		}
	}
	return compareModifiers(v.Modifier, w.Modifier)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareModifiers orders modifiers as SemVer 2.0.0 orders prereleases,
// with "" (a release) after every modifier.
func compareModifiers(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	for {
		x, restA, moreA := strings.Cut(a, ".")
		y, restB, moreB := strings.Cut(b, ".")
		if c := comparePreIdent(x, y); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1 // fewer identifiers sort first
		case !moreB:
			return 1
		}
		a, b = restA, restB
	}
}

// comparePreIdent compares two prerelease identifiers: numbers as numbers
// (of any length), before words, and words in ASCII order.
func comparePreIdent(x, y string) int {
	nx, ny := isNumeric(x), isNumeric(y)
	switch {
	case nx && ny:
		x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
		if c := cmpInt(len(x), len(y)); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	case nx:
		return -1
	case ny:
		return 1
	}
	return strings.Compare(x, y)
}

// dateParts returns the date parts of t, in t's location, that l has
// tokens for: the ISO week-numbering year and the week with a week token,
// else the calendar year and the month and day it has tokens for.
func (l *calLayout) dateParts(t time.Time) CalVersion {
	var v CalVersion
	if l.has(partWeek) {
		v.Year, v.Week = t.ISOWeek()
		return v
	}
	v.Year = t.Year()
	if l.has(partMonth) {
		v.Month = int(t.Month())
	}
	if l.has(partDay) {
		v.Day = t.Day()
	}
	return v
}

// check returns what is wrong with v as a version of l ("" if nothing):
// a part out of range or a part the format does not have.
func (l *calLayout) check(v *CalVersion) string {
	for p := range calParts {
		tok := l.byPart[p]
		n := v.get(p)
		if tok == 0 {
			if n != 0 {
				return fmt.Sprintf("no %s, as the format has none (%d)", calPartNames[p], n)
			}
			continue
		}
		lo, hi := tok.bounds()
		if p == partYear && tok != tokYYYY {
			lo, hi = lo+2000, hi+2000
		}
		if n < lo || n > hi {
			return fmt.Sprintf("a %s from %d to %d for %s, not %d", calPartNames[p], lo, hi, tok, n)
		}
	}
	if l.has(partDay) && v.Day > daysIn(v.Year, v.Month) {
		return fmt.Sprintf("a day that %04d-%02d has, not %d", v.Year, v.Month, v.Day)
	}
	if v.Week == 53 && isoWeeks(v.Year) < 53 {
		return fmt.Sprintf("a week that %d has, not %d", v.Year, v.Week)
	}
	if v.Modifier != "" {
		if pe := checkModifier(v.Modifier); pe != nil {
			return pe.Expected
		}
	}
	return ""
}

// compareDates compares the date parts of two versions.
func compareDates(a, b *CalVersion) int {
	for _, p := range [...]calPart{partYear, partMonth, partWeek, partDay} {
		if c := cmpInt(a.get(p), b.get(p)); c != 0 {
			return c
		}
	}
	return 0
}

// counterFor returns the counter a bump steps in l: MAJOR for Major,
// MINOR for Minor, MICRO for Patch and None; when the format does not have
// it, the nearest smaller counter it has, or else the nearest greater one.
// ok is false when the format has no counter.
func (l *calLayout) counterFor(bump Bump) (p calPart, ok bool) {
	want := partMicro
	switch bump {
	case Major:
		want = partMajor
	case Minor:
		want = partMinor
	}
	for p := want; p <= partMicro; p++ { // smaller counters come later
		if l.has(p) {
			return p, true
		}
	}
	for p := want; p >= partMajor; p-- {
		if l.has(p) {
			return p, true
		}
	}
	return 0, false
}

// Next returns the version released on date after current, or the first
// version when current is nil. The date is read in its own location
// (pass date.UTC() for calver.org's UTC convention): its date parts under
// f, such as year and month for "YYYY.0M.MICRO" or ISO year and week for
// "YYYY.0W", are "today".
//
//   - First release: today's date parts, every counter at 0, and modifier
//     mod: "2026.11.0".
//   - Today after current's date: today's date parts; MINOR and MICRO
//     restart at 0 (calver.org's 2026.11.0); MAJOR is kept, and goes up
//     by one for a Major bump. A modifier on current is dropped with it:
//     that preview was never released.
//   - Today is current's date: a counter goes up by one and the counters
//     after it restart at 0. bump chooses it: MAJOR for Major, MINOR for
//     Minor, MICRO for Patch and None; when the format does not have that
//     counter, the nearest smaller one it has (MICRO for a Major bump of
//     "YYYY.0M.MICRO"), or else the nearest greater one.
//   - Today is current's date and current has a modifier: it previewed a
//     release with its numbers, so those numbers are kept if they already
//     hold the step bump asks for (the counters after the chosen one are
//     0), as node-semver does: from "23.2.0-rc.1", a Minor release is
//     "23.2.0", but from "23.2.1-rc.1" it is "23.3.0".
//
// The result has modifier mod, "" for a release. So from "2026.11.0" on
// the same date, mod "rc.1" gives "2026.11.1-rc.1", mod "rc.2" then
// "2026.11.1-rc.2" and mod "" then "2026.11.1".
//
// Next never goes backwards, and the result always sorts after current.
// It is an error wrapping ErrInvalidCalVer when date is before current's
// date, when a format without counters ("YYYY.0M.0D") is released twice
// on one date, when a modifier would sort at or before current's
// ("rc.1" after "rc.2"), when the date's year cannot be written (before
// 2000 for YY, beyond 9999), when a counter would pass 2147483647, and
// when current does not fit the format (a month 13, or a day for a format
// without one); current's own Format is ignored, so a version read under
// "YYYY.MM.MICRO" continues under "YYYY.0M.MICRO". An invalid mod is an
// error wrapping ErrInvalidCalVer (ErrTooLong over MaxPreidLen bytes), and
// a bump outside None..Major one wrapping ErrInvalidOp.
func (f CalVer) Next(current *CalVersion, date time.Time, bump Bump, mod string) (CalVersion, error) {
	l, err := f.layout()
	if err != nil {
		return CalVersion{}, err
	}
	if bump < None || bump > Major {
		return CalVersion{}, &ParseError{Input: bump.String(), Expected: "a bump from none to major", Err: ErrInvalidOp}
	}
	if mod != "" {
		if pe := checkModifier(mod); pe != nil {
			return CalVersion{}, pe
		}
	}
	next := l.dateParts(date)
	next.Format = f
	if msg := l.check(&next); msg != "" {
		return CalVersion{}, &ParseError{Input: date.Format(time.DateOnly),
			Expected: fmt.Sprintf("a date that %s can write: %s", f, msg), Err: ErrInvalidCalVer}
	}
	next.Modifier = mod
	if current == nil {
		return next, nil
	}
	cur := *current
	cur.Format = f
	bad := func(what string) error {
		return &ParseError{Input: shorten(cur.String()), Expected: what, Err: ErrInvalidCalVer}
	}
	if msg := l.check(&cur); msg != "" {
		return CalVersion{}, bad(fmt.Sprintf("a current version under %s: %s", f, msg))
	}
	switch c := compareDates(&next, &cur); {
	case c < 0:
		return CalVersion{}, bad(fmt.Sprintf("a release date on or after the current version's, not %s", date.Format(time.DateOnly)))
	case c > 0:
		next.Major = cur.Major
		if bump == Major && l.has(partMajor) {
			next.Major++
		}
	default:
		next.Major, next.Minor, next.Micro = cur.Major, cur.Minor, cur.Micro
		p, ok := l.counterFor(bump)
		if cur.Modifier != "" && (!ok || lowerCountersZero(&cur, p)) {
			break // the release, or the next preview, of current's numbers
		}
		if !ok {
			return CalVersion{}, bad(fmt.Sprintf("one release per date: %s has no counter (MAJOR, MINOR or MICRO) and %s is released already", f, cur))
		}
		next.set(p, next.get(p)+1)
		for q := p + 1; q <= partMicro; q++ {
			next.set(q, 0)
		}
	}
	if next.Major > maxCounter || next.Minor > maxCounter || next.Micro > maxCounter {
		return CalVersion{}, bad("counters up to 2147483647")
	}
	if c := l.compare(&next, &cur); c <= 0 {
		if c == 0 {
			return CalVersion{}, bad(fmt.Sprintf("a version after it, not %s again", next))
		}
		return CalVersion{}, bad(fmt.Sprintf("a modifier that sorts after %q, not %q", cur.Modifier, next.Modifier))
	}
	return next, nil
}

// lowerCountersZero reports whether the counters after p are all 0.
func lowerCountersZero(v *CalVersion, p calPart) bool {
	for q := p + 1; q <= partMicro; q++ {
		if v.get(q) != 0 {
			return false
		}
	}
	return true
}

// ParseTag returns the version in a tag name written under format (a
// TagFormat whose {version} holds a version under f, such as
// "v{version}" or "site-{version}"), as strictly as Parse. An invalid
// format is an error wrapping ErrInvalidTagFormat, an invalid f one
// wrapping ErrInvalidCalVer; a name longer than MaxTagLen wraps
// ErrTooLong, and a name that does not match, or whose version does not
// parse, wraps ErrInvalidTag (as TagFormat.Parse's errors do) with the
// column where it goes wrong.
func (f CalVer) ParseTag(format TagFormat, name string) (CalVersion, error) {
	if err := format.Validate(); err != nil {
		return CalVersion{}, err
	}
	l, err := f.layout()
	if err != nil {
		return CalVersion{}, err
	}
	bad := func(col int, what string) error { return colError(name, col, what, ErrInvalidTag) }
	switch {
	case len(name) > MaxTagLen:
		return CalVersion{}, &ParseError{Input: shorten(name), Expected: fmt.Sprintf("a tag of at most %d bytes", MaxTagLen), Err: ErrTooLong}
	case name == "":
		return CalVersion{}, bad(0, "a tag name")
	case name[0] == '-':
		return CalVersion{}, bad(1, "a tag name, not an option")
	}
	prefix, suffix, _ := strings.Cut(string(format.orDefault()), versionPlaceholder)
	if len(name) < len(prefix)+len(suffix) || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return CalVersion{}, bad(0, fmt.Sprintf("a tag of the form %s", format.orDefault()))
	}
	v, pe := l.parse(name[len(prefix) : len(name)-len(suffix)])
	if pe != nil {
		col := 0
		if pe.Col > 0 {
			col = len(prefix) + pe.Col
		}
		return CalVersion{}, bad(col, fmt.Sprintf("a tag of the form %s, {version} being %s: %s", format.orDefault(), f, pe.Expected))
	}
	v.Format = f
	return v, nil
}

// Latest returns the greatest version under f among tag names written
// under format, and the name that holds it, ignoring names that do not
// parse (as ParseTag would not) and, when prereleases is false, versions
// with a modifier. ok is false when no name qualifies, and also when f or
// format is invalid: call their Validate methods first when they come
// from configuration, as a typo would otherwise read as a repository never
// released. The result does not depend on the order of names. Latest is
// O(len(names)) and allocates only for names that match format's text
// but do not hold a version.
//
// A component's next tag is then
//
//	_, current, ok := f.Latest(format, names, false)
//	var cur *CalVersion
//	if ok {
//		cur = &current
//	}
//	next, err := f.Next(cur, date, bump, "")
//	tag := next.Tag(format)
func (f CalVer) Latest(format TagFormat, names []string, prereleases bool) (name string, v CalVersion, ok bool) {
	l, err := f.layout()
	if err != nil || format.Validate() != nil {
		return "", CalVersion{}, false
	}
	prefix, suffix, _ := strings.Cut(string(format.orDefault()), versionPlaceholder)
	for _, n := range names {
		if len(n) > MaxTagLen || len(n) < len(prefix)+len(suffix) || !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, suffix) {
			continue
		}
		cv, pe := l.parse(n[len(prefix) : len(n)-len(suffix)])
		if pe != nil || cv.Modifier != "" && !prereleases {
			continue
		}
		cv.Format = f
		if c := l.compare(&cv, &v); !ok || c > 0 || c == 0 && n < name {
			name, v, ok = n, cv, true
		}
	}
	return name, v, ok
}

// Tag returns the tag name of v under format: format's {version} replaced
// by v.String(). It does not validate format; TagFormat.Validate does.
func (v CalVersion) Tag(format TagFormat) string {
	return strings.Replace(string(format.orDefault()), versionPlaceholder, v.String(), 1)
}

// colError is a *ParseError about input at byte column col of its one
// line (col 0: no position).
func colError(input string, col int, what string, sentinel error) error {
	pe := &ParseError{Input: shorten(input), Expected: what, Err: sentinel}
	if col > 0 {
		pe.Line, pe.Col = 1, col
	}
	return pe
}
