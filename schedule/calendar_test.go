package schedule_test

import (
	"errors"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCalendar(t *testing.T) {
	c, err := schedule.ParseCalendar("zone Europe/Berlin\nallow every Mon-Fri 09:00-17:00 \"office\"\ndeny from 2026-12-19 to 2027-01-03 \"freeze\"")
	require.NoError(t, err)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	open, until, reason := c.At(time.Date(2026, 12, 18, 16, 0, 0, 0, berlin))
	assert.True(t, open)
	assert.Equal(t, time.Date(2026, 12, 18, 17, 0, 0, 0, berlin), until)
	assert.Equal(t, "office", reason)
	next, ok := c.Next(time.Date(2026, 12, 18, 16, 0, 0, 0, berlin), 2*time.Hour)
	assert.True(t, ok)
	assert.Equal(t, time.Date(2027, 1, 4, 9, 0, 0, 0, berlin), next)

	var zero schedule.Calendar
	open, _, _ = zero.At(time.Now())
	assert.True(t, open)

	_, err = schedule.ParseCalendar("allow every Mon-Fri 9:00-17:00")
	assert.ErrorIs(t, err, schedule.ErrInvalidCalendar)
	var pe *schedule.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 1, pe.Line)
	assert.Equal(t, 21, pe.Col)
	assert.Equal(t, "schedule: calendar line 1, column 21: a start time HH:MM", err.Error())
}

func FuzzParseCalendar(f *testing.F) {
	for _, s := range []string{
		"zone Europe/Berlin\nallow every Mon-Fri 09:00-17:00 \"office\"",
		`deny cron "0 22 * * *" for 9h`, "deny from 2026-12-19 to 2027-01-03", "holiday *-12-25,*-12-26",
		"allow every Mon 09:00-", "deny every Sat in Mars/Base",
	} {
		f.Add(s)
	}
	q := time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := schedule.ParseCalendar(spec)
		if err != nil {
			var pe *schedule.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, schedule.ErrInvalidCalendar) || pe.Line < 0 || pe.Col < 0 {
				t.Fatalf("bad error: %v", err)
			}
			return
		}
		again, err := schedule.ParseCalendar(c.String())
		if err != nil || again.String() != c.String() {
			t.Fatalf("round trip: %v\n%s", err, c.String())
		}
		if len(c.String()) > 4000 {
			return
		}
		if n, ok := c.Next(q, time.Hour); ok {
			if n.Before(q) {
				t.Fatalf("Next before its start: %v", n)
			}
			open, until, _ := c.At(n)
			if !open || !until.IsZero() && until.Sub(n) < time.Hour {
				t.Fatalf("Next(%v, 1h) = %v, but At says %v until %v", q, n, open, until)
			}
		}
	})
}
