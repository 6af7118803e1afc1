package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProgressEscapes runs a graph whose task ID and error hold terminal
// control sequences: both modes write them as escaped text, so they
// neither clear the screen nor retitle the window.
func TestProgressEscapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		redraw bool
	}{
		{"lines", false},
		{"bar", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var g schedule.Graph
			g.Add(
				schedule.Task{ID: "build"},
				schedule.Task{ID: "web\x1b[2J", Deps: []string{"build"}, Run: func(context.Context) error {
					return errors.New("exit 1\x1b]0;owned\a")
				}},
			)
			var out bytes.Buffer
			show := newProgress(&out, g.Len(), tc.redraw)
			r := schedule.Runner{Clock: schedule.NewVirtualClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)), Events: show.event}
			_, err := r.Run(context.Background(), &g)
			require.Error(t, err, "web fails")
			require.NoError(t, show.close())

			s := out.String()
			assert.NotContains(t, s, "\x1b[2J", "the ID as sent")
			assert.NotContains(t, s, "\x1b]", "the error as sent")
			assert.NotContains(t, s, "\a", "the error as sent")
			assert.Contains(t, s, `web\x1b[2J`, "the ID escaped")
			assert.Contains(t, s, `failed     web\x1b[2J: exit 1\x1b]0;owned\a`, "the failure escaped")
			if tc.redraw {
				assert.Contains(t, s, `running: web\x1b[2J`, "the status line")
			}
		})
	}
}

// TestStatusFits keeps the redrawn line within 80 columns: a longer one
// wraps, and \r would redraw only its last row.
func TestStatusFits(t *testing.T) {
	var out bytes.Buffer
	show := newProgress(&out, 3, true)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	for _, id := range []string{strings.Repeat("a", 50), strings.Repeat("b", 50)} {
		show.event(schedule.Event{Kind: schedule.EventStart, Task: id, Attempt: 1, At: at})
	}
	require.NoError(t, show.close())
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), eraseLine)[1:] {
		assert.LessOrEqual(t, len([]rune(line)), lineWidth, "%q", line)
	}
	assert.True(t, strings.HasSuffix(out.String(), "...\n"), "cut, with a mark")
}
