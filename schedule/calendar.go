package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/releasekit/releasekit/internal/calendar"
)

// ErrInvalidCalendar reports a calendar specification that cannot be
// used; the *ParseError that wraps it says where.
var ErrInvalidCalendar = errors.New("invalid calendar")

// ParseError is a calendar specification that does not parse: the line
// and byte column of the problem (0 when it is about the whole input),
// the line's text and what was expected there.
type ParseError struct {
	Line, Col int
	Text      string
	Expected  string
}

// Error returns `schedule: calendar line 2, column 21: a start time HH:MM`.
func (e *ParseError) Error() string {
	return "schedule: calendar line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Col) + ": " + e.Expected
}

// Unwrap returns ErrInvalidCalendar.
func (e *ParseError) Unwrap() error { return ErrInvalidCalendar }

// Calendar is when release work may happen: allow and deny windows,
// recurring or one-off, holidays, each in an IANA time zone; deny beats
// allow, and with no allow entry every instant outside a freeze is
// allowed. Its At method has the signature of gate.Window, so one
// calendar serves a freeze gate and a plan.
//
// The zero value has no entries: always open. A Calendar is safe for
// concurrent use.
type Calendar struct {
	c *calendar.Calendar
}

// ParseCalendar reads a calendar specification, one entry per line, in
// the language gate.ParseCalendar documents:
//
//	zone Europe/Berlin
//	allow every Mon-Thu 09:00-17:00 "office hours"
//	deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
//	holiday *-12-25
//
// An error is a *ParseError wrapping ErrInvalidCalendar.
func ParseCalendar(spec string) (*Calendar, error) {
	c, err := calendar.Parse(spec)
	if err != nil {
		var se *calendar.SyntaxError
		if errors.As(err, &se) {
			return nil, &ParseError{Line: se.Line, Col: se.Col, Text: se.Text, Expected: se.Expected}
		}
		return nil, fmt.Errorf("schedule: %w: %v", ErrInvalidCalendar, err)
	}
	return &Calendar{c: c}, nil
}

// At reports whether work may happen at t, when that next changes (the
// zero time when not within a year), and why.
func (c *Calendar) At(t time.Time) (open bool, until time.Time, reason string) {
	if c == nil || c.c == nil {
		return true, time.Time{}, ""
	}
	return c.c.At(t)
}

// Next returns the first instant at or after t from which the calendar
// stays open for d, or false when there is none within a year.
func (c *Calendar) Next(t time.Time, d time.Duration) (time.Time, bool) {
	if c == nil || c.c == nil {
		return t, true
	}
	return c.c.Next(t, d)
}

// String writes the calendar as ParseCalendar reads it.
func (c *Calendar) String() string {
	if c == nil || c.c == nil {
		return ""
	}
	return c.c.String()
}
