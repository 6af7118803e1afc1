package release

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
)

// CalVer is a calendar versioning format as calver.org defines it: tokens
// separated by dots, such as "YYYY.MM.MICRO", "YY.0M.MICRO" (Ubuntu,
// 22.04.1), "YYYY.0W" or "YY.MINOR.MICRO" (pip, 23.1.2). The tokens are
//
//	YYYY  full year             2006, 2016, 2106
//	YY    year - 2000           6, 16, 106
//	0Y    zero-padded YY        06, 16, 106
//	MM    month                 1 ... 12
//	0M    zero-padded month     01 ... 12
//	WW    ISO week              1 ... 53
//	0W    zero-padded ISO week  01 ... 53
//	DD    day of the month      1 ... 31
//	0D    zero-padded day       01 ... 31
//	MAJOR, MINOR, MICRO         counters, from 0
//
// A format has one year token; a week token goes with neither a month nor
// a day, and a day needs a month. With a week token the year is the ISO
// week-numbering year, so 2027-01-01, in week 53 of 2026, is "2026.53".
// A version may end with a modifier after a '-' ("2026.11.0-rc.1"), which
// sorts before the same version without it, as a SemVer prerelease does.
type CalVer string

// calToken is one token of a CalVer format.
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

var calTokens = map[string]calToken{
	"YYYY": tokYYYY, "YY": tokYY, "0Y": tok0Y, "MM": tokMM, "0M": tok0M, "WW": tokWW, "0W": tok0W,
	"DD": tokDD, "0D": tok0D, "MAJOR": tokMajor, "MINOR": tokMinor, "MICRO": tokMicro,
}

// field is the part of a version a token sets.
func (t calToken) field() int {
	switch t {
	case tokYYYY, tokYY, tok0Y:
		return 0
	case tokMM, tok0M:
		return 1
	case tokWW, tok0W:
		return 2
	case tokDD, tok0D:
		return 3
	case tokMajor:
		return 4
	case tokMinor:
		return 5
	}
	return 6
}

// CalVersion is a version under a CalVer format. Fields the format does
// not have are 0.
type CalVersion struct {
	Format                 CalVer
	Year, Month, Week, Day int
	Major, Minor, Micro    int
	Modifier               string
}

// maxCounter bounds counters so that incrementing never overflows.
const maxCounter = 1<<31 - 1

func (f CalVer) tokens() ([]calToken, error) {
	bad := func(what string) error {
		return &ParseError{Input: shorten(string(f)), Expected: what, Err: ErrInvalidCalVer}
	}
	if f == "" {
		return nil, bad("a CalVer format such as YYYY.MM.MICRO")
	}
	if len(f) > MaxTagLen {
		return nil, bad(fmt.Sprintf("a format of at most %d bytes", MaxTagLen))
	}
	var toks []calToken
	var seen [7]bool
	for part := range strings.SplitSeq(string(f), ".") {
		t, ok := calTokens[part]
		if !ok {
			return nil, bad(fmt.Sprintf("tokens YYYY, YY, 0Y, MM, 0M, WW, 0W, DD, 0D, MAJOR, MINOR or MICRO separated by dots, not %q", shorten(part)))
		}
		if seen[t.field()] {
			return nil, bad(fmt.Sprintf("one token for each part, %q repeats one", part))
		}
		seen[t.field()] = true
		toks = append(toks, t)
	}
	switch {
	case !seen[0]:
		return nil, bad("a year token (YYYY, YY or 0Y)")
	case seen[2] && (seen[1] || seen[3]):
		return nil, bad("a week without a month or a day")
	case seen[3] && !seen[1]:
		return nil, bad("a month with the day")
	}
	return toks, nil
}

// Validate reports whether f is a valid format; the error wraps
// ErrInvalidCalVer and says what is wrong.
func (f CalVer) Validate() error {
	_, err := f.tokens()
	return err
}

// Parse reads a version written under f, strictly: the right number of
// parts, padded exactly as the tokens say, dates that exist (a day valid
// for its month, a week that the ISO year has). Errors wrap
// ErrInvalidCalVer (ErrTooLong for length).
func (f CalVer) Parse(s string) (CalVersion, error) {
	toks, err := f.tokens()
	if err != nil {
		return CalVersion{}, err
	}
	bad := func(what string) error {
		return &ParseError{Input: shorten(s), Expected: what, Err: ErrInvalidCalVer}
	}
	if len(s) > MaxTagLen {
		return CalVersion{}, &ParseError{Input: shorten(s), Expected: fmt.Sprintf("a version of at most %d bytes", MaxTagLen), Err: ErrTooLong}
	}
	v := CalVersion{Format: f}
	main, mod, hasMod := strings.Cut(s, "-")
	if hasMod {
		if err := checkIdents(mod, "modifier", true); err != nil {
			return CalVersion{}, bad("a modifier of dot-separated alphanumerics and hyphens after '-'")
		}
		v.Modifier = mod
	}
	parts := strings.Split(main, ".")
	if len(parts) != len(toks) {
		return CalVersion{}, bad(fmt.Sprintf("a version of the form %s", f))
	}
	for i, t := range toks {
		n, err := t.parse(parts[i])
		if err != nil {
			return CalVersion{}, bad(fmt.Sprintf("a version of the form %s: %s %v", f, tokenName(t), err))
		}
		v.set(t, n)
	}
	if v.Month > 0 && v.Day > 0 {
		if d := time.Date(v.Year, time.Month(v.Month), v.Day, 0, 0, 0, 0, time.UTC); d.Day() != v.Day {
			return CalVersion{}, bad(fmt.Sprintf("a day that %04d-%02d has", v.Year, v.Month))
		}
	}
	if v.Week == 53 {
		if _, w := time.Date(v.Year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek(); w != 53 {
			return CalVersion{}, bad(fmt.Sprintf("a week that %d has (it has 52)", v.Year))
		}
	}
	return v, nil
}

func tokenName(t calToken) string {
	for name, tok := range calTokens {
		if tok == t {
			return name
		}
	}
	return "?"
}

// parse reads one part under token t.
func (t calToken) parse(s string) (int, error) {
	if s == "" || len(s) > 10 {
		return 0, fmt.Errorf("%q is not a number of 1 to 10 digits", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > maxCounter {
		return 0, fmt.Errorf("%q is too large", s)
	}
	padded := t == tok0Y || t == tok0M || t == tok0W || t == tok0D
	switch {
	case t == tokYYYY && (len(s) != 4 || n < 1000):
		return 0, fmt.Errorf("%q is not a four-digit year", s)
	case padded && (len(s) < 2 || len(s) > 2 && s[0] == '0'):
		return 0, fmt.Errorf("%q is not padded to two digits", s)
	case !padded && t != tokYYYY && len(s) > 1 && s[0] == '0':
		return 0, fmt.Errorf("%q has a leading zero", s)
	}
	var lo, hi int
	switch t {
	case tokYY, tok0Y:
		lo, hi = 0, 7999
	case tokMM, tok0M:
		lo, hi = 1, 12
	case tokWW, tok0W:
		lo, hi = 1, 53
	case tokDD, tok0D:
		lo, hi = 1, 31
	default:
		lo, hi = 0, maxCounter
	}
	if t == tokYYYY {
		lo, hi = 1000, 9999
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%q is not within %d to %d", s, lo, hi)
	}
	return n, nil
}

func (v *CalVersion) set(t calToken, n int) {
	switch t.field() {
	case 0:
		if t != tokYYYY {
			n += 2000
		}
		v.Year = n
	case 1:
		v.Month = n
	case 2:
		v.Week = n
	case 3:
		v.Day = n
	case 4:
		v.Major = n
	case 5:
		v.Minor = n
	default:
		v.Micro = n
	}
}

// String writes v under its format. A version whose fields the format
// cannot hold (a year before 2000 for YY) is written as well as it can be;
// Parse never returns one.
func (v CalVersion) String() string {
	toks, err := v.Format.tokens()
	if err != nil {
		return ""
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte('.')
		}
		switch t {
		case tokYYYY:
			fmt.Fprintf(&b, "%04d", v.Year)
		case tokYY:
			b.WriteString(strconv.Itoa(v.Year - 2000))
		case tok0Y:
			fmt.Fprintf(&b, "%02d", v.Year-2000)
		case tokMM:
			b.WriteString(strconv.Itoa(v.Month))
		case tok0M:
			fmt.Fprintf(&b, "%02d", v.Month)
		case tokWW:
			b.WriteString(strconv.Itoa(v.Week))
		case tok0W:
			fmt.Fprintf(&b, "%02d", v.Week)
		case tokDD:
			b.WriteString(strconv.Itoa(v.Day))
		case tok0D:
			fmt.Fprintf(&b, "%02d", v.Day)
		case tokMajor:
			b.WriteString(strconv.Itoa(v.Major))
		case tokMinor:
			b.WriteString(strconv.Itoa(v.Minor))
		case tokMicro:
			b.WriteString(strconv.Itoa(v.Micro))
		}
	}
	if v.Modifier != "" {
		b.WriteByte('-')
		b.WriteString(v.Modifier)
	}
	return b.String()
}

// Compare returns -1, 0 or +1 as v sorts before, with or after w: by date,
// then by the counters, and a version with a modifier before the same one
// without (modifiers compare as SemVer prereleases do).
func (v CalVersion) Compare(w CalVersion) int {
	for _, d := range [...]int{v.Year - w.Year, v.Month - w.Month, v.Week - w.Week, v.Day - w.Day, v.Major - w.Major, v.Minor - w.Minor, v.Micro - w.Micro} {
		if d != 0 {
			if d < 0 {
				return -1
			}
			return 1
		}
	}
	switch {
	case v.Modifier == w.Modifier:
		return 0
	case v.Modifier == "":
		return 1
	case w.Modifier == "":
		return -1
	}
	return semver.New(0, 0, 0, v.Modifier, "").Compare(semver.New(0, 0, 0, w.Modifier, ""))
}

// dateParts returns the date parts of t under the format's tokens: the
// ISO week-numbering year and week with a week token, else the calendar
// year, month and day it has tokens for.
func (f CalVer) dateParts(toks []calToken, t time.Time) CalVersion {
	v := CalVersion{Format: f}
	var hasWeek, hasMonth, hasDay bool
	for _, tok := range toks {
		switch tok.field() {
		case 1:
			hasMonth = true
		case 2:
			hasWeek = true
		case 3:
			hasDay = true
		}
	}
	if hasWeek {
		v.Year, v.Week = t.ISOWeek()
		return v
	}
	v.Year = t.Year()
	if hasMonth {
		v.Month = int(t.Month())
	}
	if hasDay {
		v.Day = t.Day()
	}
	return v
}

// Next returns the version released on date (in the date's own location)
// after current, or the first one when current is nil:
//
//   - On a new date, the date parts become the date's and MINOR and MICRO
//     restart at 0; MAJOR is kept, and goes up by one for a Major bump.
//   - On the same date, the counter for bump goes up by one (MAJOR for
//     Major, MINOR for Minor, MICRO for Patch or None), or the nearest
//     smaller counter the format has, or else the nearest greater one;
//     the counters after it restart at 0.
//   - The new version has modifier mod ("" for a release).
//
// A first version has every counter at 0. From "2026.11.0-rc.1", the
// release on the same date with mod "" is "2026.11.0": the modifier was a
// preview of it. A date before current's, a format without counters
// released twice on one date, or a result that does not sort after
// current is an error wrapping ErrInvalidCalVer.
func (f CalVer) Next(current *CalVersion, date time.Time, bump Bump, mod string) (CalVersion, error) {
	toks, err := f.tokens()
	if err != nil {
		return CalVersion{}, err
	}
	if mod != "" {
		if err := checkIdents(mod, "modifier", true); err != nil {
			return CalVersion{}, &ParseError{Input: shorten(mod), Expected: "a modifier of dot-separated alphanumerics and hyphens", Err: ErrInvalidCalVer}
		}
	}
	today := f.dateParts(toks, date)
	if today.Year < 2000 && (slicesContains(toks, tokYY) || slicesContains(toks, tok0Y)) || today.Year > 9999 || today.Year < 1000 {
		return CalVersion{}, &ParseError{Input: date.Format(time.DateOnly), Expected: fmt.Sprintf("a date the format %s can write", f), Err: ErrInvalidCalVer}
	}
	today.Modifier = mod
	if current == nil {
		return today, nil
	}
	cur := *current
	cur.Format = f
	next := today
	switch c := compareDates(today, cur); {
	case c < 0:
		return CalVersion{}, &ParseError{Input: cur.String(),
			Expected: fmt.Sprintf("a release date on or after the current version's, not %s", date.Format(time.DateOnly)), Err: ErrInvalidCalVer}
	case c > 0:
		next.Major = cur.Major
		if bump == Major && slicesContains(toks, tokMajor) {
			next.Major++
		}
	default:
		next.Major, next.Minor, next.Micro = cur.Major, cur.Minor, cur.Micro
		if cur.Modifier != "" && mod == "" {
			break // the release the modifier previewed
		}
		counter := pickCounter(toks, bump)
		if counter == 0 {
			if cur.Modifier == "" || mod == cur.Modifier {
				return CalVersion{}, &ParseError{Input: cur.String(),
					Expected: fmt.Sprintf("one release per date: %s has no counter (MAJOR, MINOR or MICRO)", f), Err: ErrInvalidCalVer}
			}
			break
		}
		if cur.Modifier != "" {
			break // a new modifier on the same numbers
		}
		switch counter {
		case tokMajor:
			next.Major, next.Minor, next.Micro = next.Major+1, 0, 0
		case tokMinor:
			next.Minor, next.Micro = next.Minor+1, 0
		default:
			next.Micro++
		}
		if next.Major > maxCounter || next.Minor > maxCounter || next.Micro > maxCounter {
			return CalVersion{}, &ParseError{Input: cur.String(), Expected: "a counter that fits in 31 bits", Err: ErrInvalidCalVer}
		}
	}
	if next.Compare(cur) <= 0 {
		return CalVersion{}, &ParseError{Input: cur.String(),
			Expected: fmt.Sprintf("a next version after it (%s is not)", next), Err: ErrInvalidCalVer}
	}
	return next, nil
}

func compareDates(a, b CalVersion) int {
	a.Major, a.Minor, a.Micro, a.Modifier = 0, 0, 0, ""
	b.Major, b.Minor, b.Micro, b.Modifier = 0, 0, 0, ""
	return a.Compare(b)
}

// pickCounter returns the counter token a bump increments, or 0 when the
// format has none.
func pickCounter(toks []calToken, bump Bump) calToken {
	order := []calToken{tokMicro, tokMinor, tokMajor} // smaller first
	want := 0
	switch bump {
	case Major:
		want = 2
	case Minor:
		want = 1
	}
	for i := want; i >= 0; i-- {
		if slicesContains(toks, order[i]) {
			return order[i]
		}
	}
	for i := want + 1; i < len(order); i++ {
		if slicesContains(toks, order[i]) {
			return order[i]
		}
	}
	return 0
}

func slicesContains(toks []calToken, t calToken) bool {
	for _, x := range toks {
		if x == t {
			return true
		}
	}
	return false
}

// Latest returns the greatest version under f among tag names written
// under format (a TagFormat whose {version} holds the CalVer version, such
// as "v{version}" or "{component}/{version}" resolved), ignoring names that
// do not parse; with prereleases false, versions with a modifier are
// ignored too. ok is false when no name qualifies.
func (f CalVer) Latest(format TagFormat, names []string, prereleases bool) (name string, v CalVersion, ok bool) {
	if f.Validate() != nil || format.Validate() != nil {
		return "", CalVersion{}, false
	}
	prefix, suffix, _ := strings.Cut(string(format.orDefault()), versionPlaceholder)
	for _, n := range names {
		if len(n) > MaxTagLen || len(n) < len(prefix)+len(suffix) || !strings.HasPrefix(n, prefix) || !strings.HasSuffix(n, suffix) {
			continue
		}
		cv, err := f.Parse(n[len(prefix) : len(n)-len(suffix)])
		if err != nil || cv.Modifier != "" && !prereleases {
			continue
		}
		if c := cv.Compare(v); !ok || c > 0 || c == 0 && n < name {
			name, v, ok = n, cv, true
		}
	}
	return name, v, ok
}

// Tag returns the tag name of v under format.
func (v CalVersion) Tag(format TagFormat) string {
	return strings.Replace(string(format.orDefault()), versionPlaceholder, v.String(), 1)
}
