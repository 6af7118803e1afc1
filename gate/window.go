package gate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/releasekit/releasekit/internal/calendar"
)

// Window says whether changes may go out at an instant: open or not, when
// that next changes (the zero time when it never does, as far as the
// window looks ahead), and why, for people ("year-end freeze"). Only
// standard types appear in it, so a schedule's calendar satisfies it as
// well as a Calendar or a host's own function.
type Window interface {
	At(t time.Time) (open bool, until time.Time, reason string)
}

// WindowFunc adapts a function to a Window.
type WindowFunc func(t time.Time) (open bool, until time.Time, reason string)

// At calls f.
func (f WindowFunc) At(t time.Time) (bool, time.Time, string) { return f(t) }

// Limits on a calendar specification, so that one from an untrusted
// source cannot exhaust memory or time.
const (
	MaxCalendarLen   = calendar.MaxSpecLen  // bytes in all
	MaxCalendarLine  = calendar.MaxLineLen  // bytes in a line
	MaxCalendarItems = calendar.MaxEntries  // entries
	MaxWindowLength  = calendar.MaxDuration // the longest "for" duration
)

// CalendarHorizon is how far ahead a Calendar looks for its next change:
// a year and a week, enough for a yearly holiday.
const CalendarHorizon = calendar.Horizon

// Calendar is a Window of allow and deny entries, each in an IANA time
// zone: deny beats allow, and when there is no allow entry every instant
// outside a freeze is open. Read one with ParseCalendar.
//
// The zero value has no entries: always open. A Calendar is safe for
// concurrent use; it caches the weeks it has looked at (at most about
// twenty years' worth), so a lookup after the first in a week takes
// about 0.1 µs with 1,000 entries.
type Calendar struct {
	c *calendar.Calendar
}

// ParseCalendar reads a calendar specification: one entry per line, '#'
// starting a comment, keywords in any case.
//
//	zone Europe/Berlin                   # the zone of the lines below; UTC before any
//	allow every Mon-Thu 09:00-17:00      # days on which a window starts, start-end
//	allow every Fri 09:00 for 4h         # or start and a duration
//	deny  every Sat,Sun                  # whole local days
//	deny  cron "0 22 * * *" for 9h "nightly batch"
//	deny  from 2026-12-19 to 2027-01-03 "year-end freeze"  # dates alone are whole days
//	deny  from 2026-11-26 16:00 to 2026-11-30 08:00 in America/New_York
//	deny  on 2026-05-01,*-12-24          # whole days; *- is every year
//	holiday *-12-25,*-12-26 "Christmas"  # a deny of whole days
//
// Days are Mon to Sun (or full names), "day" for all, lists and ranges
// (Fri-Mon wraps). An end time at or before the start time ends the next
// day, and 24:00 is midnight. A cron schedule has the five standard
// fields (with names, ranges, lists and steps, and Vixie cron's rule for
// the two day fields) and gives start times only. Durations are Go's
// (90m, 8h, 64h), from a minute to MaxWindowLength. An entry may end with
// "in ZONE" and then a quoted name, which lookups give as the reason; an
// entry without a name is its own reason.
//
// Daylight-saving changes have one meaning: a wall time that does not
// exist on a day (02:30 when clocks spring forward at 02:00) means the
// first instant after the skip (03:00), and a wall time that happens
// twice means the first one. A duration is elapsed time; an end time is
// a wall time, so "01:00-04:00" lasts two hours on a spring-forward
// night.
//
// A specification that does not parse, an unknown time zone (or "Local",
// which depends on the machine), a date that does not exist, a cron
// schedule that never fires, or a period that ends before it starts is an
// error: a *ParseError with the line and column, wrapping
// ErrInvalidWindow.
func ParseCalendar(spec string) (*Calendar, error) {
	c, err := calendar.Parse(spec)
	if err != nil {
		var se *calendar.SyntaxError
		if errors.As(err, &se) {
			return nil, &ParseError{Input: shorten(se.Text), Line: se.Line, Col: se.Col, Expected: se.Expected, Err: ErrInvalidWindow}
		}
		return nil, fmt.Errorf("gate: %w: %v", ErrInvalidWindow, err)
	}
	return &Calendar{c: c}, nil
}

// At reports whether t is open, when that next changes (the zero time
// when it does not within CalendarHorizon), and why: the freezes in
// force (the first three, then how many more), the allow entry t is in, "outside every allow window", or ""
// when the calendar has no allow entries and no freeze applies. until is
// in t's location. Instants before 0001-01-08 or after 9999-12-24 are
// closed.
func (c *Calendar) At(t time.Time) (open bool, until time.Time, reason string) {
	if c == nil || c.c == nil {
		return true, time.Time{}, ""
	}
	return c.c.At(t)
}

// Next returns the first instant at or after t from which the calendar
// stays open for d, or false when there is none within CalendarHorizon.
func (c *Calendar) Next(t time.Time, d time.Duration) (time.Time, bool) {
	if c == nil || c.c == nil {
		return t, true
	}
	return c.c.Next(t, d)
}

// Len returns how many entries the calendar has.
func (c *Calendar) Len() int {
	if c == nil || c.c == nil {
		return 0
	}
	return len(c.c.Entries())
}

// String writes the calendar as ParseCalendar reads it, one entry per
// line, each with its zone and in a canonical form.
func (c *Calendar) String() string {
	if c == nil || c.c == nil {
		return ""
	}
	return c.c.String()
}

// MarshalText writes the calendar as String does.
func (c *Calendar) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a specification as ParseCalendar does, so a
// calendar can sit in a host's JSON or YAML configuration.
func (c *Calendar) UnmarshalText(b []byte) error {
	p, err := ParseCalendar(string(b))
	if err != nil {
		return err
	}
	*c = *p
	return nil
}

// Freeze is a gate on a Window: it passes while the window is open and
// the stage's Expected duration fits before it closes.
//
//   - open, and Expected fits (or is zero): Passed;
//   - closed, or open but too short for Expected: Pending, saying until
//     when, why, and, when the window can tell (a Calendar can), when the
//     next slot long enough begins;
//   - closed with nothing ahead, or no slot long enough within the
//     window's horizon: Failed, since waiting cannot help;
//   - no Window: Errored.
//
// It reads the time from the engine's clock (ClockFrom). The zero value
// has no window and is Errored: a freeze gate that checks nothing is
// never a pass.
type Freeze struct {
	// Name is the gate's name; "" means "window".
	Name string
	// Window is the calendar consulted.
	Window Window
	// Expected is how long the stage takes; it must end before the window
	// closes. Zero means only the instant of the decision counts.
	Expected time.Duration
}

// nexter is what a Window may also offer: the next slot of a length.
type nexter interface {
	Next(t time.Time, d time.Duration) (time.Time, bool)
}

// Evaluate decides at the engine clock's current time.
func (f Freeze) Evaluate(ctx context.Context, _ Subject) Result {
	now := ClockFrom(ctx).Now()
	r := Result{Gate: f.Name, At: now}
	if r.Gate == "" {
		r.Gate = "window"
	}
	if f.Window == nil {
		r.Status, r.Reason, r.Err = Errored, "no window to consult", fmt.Errorf("freeze gate %q: %w", r.Gate, ErrInvalidWindow)
		return r
	}
	if f.Expected < 0 {
		r.Status, r.Reason, r.Err = Errored, "negative expected duration", fmt.Errorf("freeze gate %q: expected duration %s: %w", r.Gate, f.Expected, ErrInvalidWindow)
		return r
	}
	open, until, why := f.Window.At(now)
	r.Evidence = map[string]any{"open": open}
	if !until.IsZero() {
		r.Evidence["until"] = until
	}
	because := ""
	if why != "" {
		because = ": " + why
	}
	fits := open && (until.IsZero() || until.Sub(now) >= f.Expected)
	switch {
	case fits && until.IsZero():
		r.Status, r.Reason = Passed, "open"+because
		return r
	case fits:
		r.Status, r.Reason = Passed, "open until "+stamp(until)+because
		return r
	case !open && until.IsZero():
		r.Status, r.Reason = Failed, "closed, and it does not open again"+because
		return r
	case !open:
		r.Status, r.Reason = Pending, "closed until "+stamp(until)+because
	default:
		r.Status, r.Reason = Pending, fmt.Sprintf("a %s stage does not fit: the window closes at %s, %s from now%s",
			f.Expected, stamp(until), until.Sub(now), because)
	}
	if n, ok := f.Window.(nexter); ok && f.Expected > 0 {
		next, found := n.Next(now, f.Expected)
		if !found {
			r.Status = Failed
			r.Reason += fmt.Sprintf("; no slot of %s ahead", f.Expected)
			return r
		}
		r.Evidence["next"] = next
		r.Reason += "; next slot of " + f.Expected.String() + " at " + stamp(next)
	}
	return r
}

// stamp writes an instant for a reason: "2026-12-24 17:00 CET".
func stamp(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }
