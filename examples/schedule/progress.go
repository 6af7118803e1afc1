package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/releasekit/releasekit/internal/text"
	"github.com/releasekit/releasekit/schedule"
)

// progress shows a run as it goes, from the runner's events. On a terminal
// it redraws one status line in place,
//
//	[########------------]  5/12  09:46  running: worker, api/10%/bake
//
// and keeps a line above it for each retry, failure or skip. Elsewhere (a
// pipe, a log file, CI), where every redraw would stay as a line of its
// own, it writes one line per event instead. Task IDs and errors are
// escaped: they come from the host's graph and tools, and a control
// character written to a terminal acts on it.
type progress struct {
	w       io.Writer
	redraw  bool
	total   int
	ended   int
	running []string // the IDs of the running tasks, in the order they started
	drawn   bool     // a status line is on the screen
	err     error    // the first write error
}

// Bar and line widths, in columns. A status line longer than the terminal
// wraps, and \r then redraws only its last row; 80 columns is what to
// assume without asking the terminal, which needs more than the standard
// library.
const (
	barWidth  = 20
	lineWidth = 80
)

// eraseLine returns the cursor to the start of the line and clears it
// (carriage return, then ANSI "erase in line").
const eraseLine = "\r\x1b[K"

func newProgress(w io.Writer, total int, redraw bool) *progress {
	return &progress{w: w, total: total, redraw: redraw}
}

// event shows one event. The runner delivers them one at a time, in
// order, so it needs no lock.
func (p *progress) event(e schedule.Event) {
	what, detail, kept := "", "", true
	switch e.Kind {
	case schedule.EventStart:
		p.running = append(p.running, e.Task)
		what, kept = "start", false
	case schedule.EventRetry:
		what = "retry"
		detail = fmt.Sprintf(" (try %d): %v", e.Attempt, e.Err)
	case schedule.EventFinish, schedule.EventSkip:
		p.running = slices.DeleteFunc(p.running, func(id string) bool { return id == e.Task })
		p.ended++
		what, kept = e.Status.String(), e.Status != schedule.Succeeded
		switch {
		case e.Reason != "":
			detail = ": " + e.Reason
		case e.Err != nil:
			detail = fmt.Sprintf(": %v", e.Err)
		}
	case schedule.EventUndo:
		what = "undone"
		if e.Err != nil {
			what, detail = "undo failed", fmt.Sprintf(": %v", e.Err)
		}
	}
	line := fmt.Sprintf("%s %s  %-9s  %s", e.At.Format("15:04"), p.bar(), what, text.Printable(e.Task+detail))
	switch {
	case !p.redraw:
		p.write(line + "\n")
	case kept:
		p.write(eraseLine + line + "\n")
		p.draw(e)
	default:
		p.draw(e)
	}
}

// draw redraws the status line.
func (p *progress) draw(e schedule.Event) {
	status := p.bar() + "  " + e.At.Format("15:04")
	if len(p.running) > 0 {
		ids := make([]string, len(p.running))
		for k, id := range p.running {
			ids[k] = text.Printable(id)
		}
		status += "  running: " + strings.Join(ids, ", ")
	}
	p.write(eraseLine + fit(status, lineWidth))
	p.drawn = true
}

// bar returns the bar and the count of tasks ended: "[#####-----]  5/12".
func (p *progress) bar() string {
	filled := barWidth
	if p.total > 0 {
		filled = min(barWidth, barWidth*p.ended/p.total)
	}
	digits := len(strconv.Itoa(p.total))
	return fmt.Sprintf("[%s%s] %*d/%d", strings.Repeat("#", filled), strings.Repeat("-", barWidth-filled), digits, p.ended, p.total)
}

// close ends the status line, so that what follows starts on a line of
// its own, and returns the first write error.
func (p *progress) close() error {
	if p.drawn {
		p.write("\n")
		p.drawn = false
	}
	return p.err
}

func (p *progress) write(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

// fit cuts s to n runes, ending in "..." when it is cut.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-3]) + "..."
}
