package schedule

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/releasekit/releasekit/internal/text"
)

// MarshalJSON writes the task with its durations as Go writes them
// ("1h30m0s"), for people reading the JSON too.
func (t PlannedTask) MarshalJSON() ([]byte, error) {
	type out struct {
		ID       string    `json:"id"`
		Wave     int       `json:"wave"`
		Start    time.Time `json:"start"`
		Finish   time.Time `json:"finish"`
		Slack    string    `json:"slack"`
		Waited   string    `json:"waited,omitempty"`
		Critical bool      `json:"critical,omitempty"`
	}
	o := out{ID: t.ID, Wave: t.Wave, Start: t.Start, Finish: t.Finish, Slack: t.Slack.String(), Critical: t.Critical}
	if t.Waited > 0 {
		o.Waited = t.Waited.String()
	}
	return json.Marshal(o)
}

// WriteText writes the plan as a table a person reads: a line per task in
// the order of their start, the critical tasks marked with '*'.
func (p *Plan) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	width := len("task")
	for _, t := range p.Tasks {
		width = max(width, len(text.Printable(t.ID)))
	}
	fmt.Fprintf(b, "plan: %s to %s (%s), %s in %s", stamp(p.Start), stamp(p.Finish), p.Duration(),
		count(len(p.Tasks), "task"), count(len(p.Waves), "wave"))
	if p.Concurrency > 0 {
		fmt.Fprintf(b, ", %d at once", p.Concurrency)
	}
	fmt.Fprintf(b, "\ncritical path: %s\n\n", strings.Join(mapStrings(p.CriticalPath, text.Printable), " -> "))
	fmt.Fprintf(b, "  %-*s  wave  %-16s  %-16s  %s\n", width, "task", "start", "finish", "slack")
	for _, t := range p.Tasks {
		mark := " "
		if t.Critical {
			mark = "*"
		}
		line := fmt.Sprintf("%s %-*s  %4d  %-16s  %-16s  %s", mark, width, text.Printable(t.ID), t.Wave, stamp(t.Start), stamp(t.Finish), t.Slack)
		if t.Waited > 0 {
			line += fmt.Sprintf("  (waited %s for its window)", t.Waited)
		}
		fmt.Fprintln(b, line)
	}
	return b.Flush()
}

// String returns the plan as WriteText writes it.
func (p *Plan) String() string {
	var b strings.Builder
	_ = p.WriteText(&b)
	return b.String()
}

// WriteMermaidGantt writes the plan as a Mermaid gantt chart (GitHub
// renders it in Markdown): a section per wave, critical tasks marked,
// times in UTC.
func (p *Plan) WriteMermaidGantt(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "gantt\n    title Release plan, %s to %s UTC\n    dateFormat YYYY-MM-DD HH:mm:ss\n    axisFormat %%d %%H:%%M\n",
		stamp(p.Start.UTC()), stamp(p.Finish.UTC()))
	byWave := make([][]int, len(p.Waves))
	for k, t := range p.Tasks {
		if t.Wave < len(byWave) {
			byWave[t.Wave] = append(byWave[t.Wave], k)
		}
	}
	for wave, ks := range byWave {
		fmt.Fprintf(b, "    section Wave %d\n", wave)
		for _, k := range ks {
			t := p.Tasks[k]
			tags := ""
			if t.Critical {
				tags = "crit, "
			}
			if t.Finish.Equal(t.Start) {
				tags += "milestone, "
			}
			fmt.Fprintf(b, "    %s :%st%d, %s, %ds\n", mermaidText(t.ID), tags, k, t.Start.UTC().Format("2006-01-02 15:04:05"),
				int64(t.Finish.Sub(t.Start)/time.Second))
		}
	}
	return b.Flush()
}

// WriteMermaidFlowchart writes g as a Mermaid flowchart, left to right,
// the plan's critical tasks highlighted when p is not nil.
func (g *Graph) WriteMermaidFlowchart(w io.Writer, p *Plan) error {
	b := bufio.NewWriter(w)
	b.WriteString("flowchart LR\n")
	critical := criticalSet(p)
	for i, t := range g.tasks {
		fmt.Fprintf(b, "    t%d[\"%s\"]\n", i, mermaidText(t.ID))
	}
	for i, t := range g.tasks {
		for _, dep := range t.Deps {
			if j, ok := g.index[dep]; ok {
				fmt.Fprintf(b, "    t%d --> t%d\n", j, i)
			}
		}
	}
	if len(critical) > 0 {
		b.WriteString("    classDef critical stroke:#d33,stroke-width:3px\n")
		for i, t := range g.tasks {
			if critical[t.ID] {
				fmt.Fprintf(b, "    class t%d critical\n", i)
			}
		}
	}
	return b.Flush()
}

// WriteDOT writes g in Graphviz's DOT language, each task labelled with
// its planned times when p is not nil and the critical ones in red.
func (g *Graph) WriteDOT(w io.Writer, p *Plan) error {
	b := bufio.NewWriter(w)
	b.WriteString("digraph plan {\n    rankdir=LR;\n    node [shape=box];\n")
	critical := criticalSet(p)
	planned := map[string]PlannedTask{}
	if p != nil {
		for _, t := range p.Tasks {
			planned[t.ID] = t
		}
	}
	for _, t := range g.tasks {
		label := t.ID
		if pt, ok := planned[t.ID]; ok {
			label += "\n" + stamp(pt.Start) + " - " + stamp(pt.Finish)
		}
		attrs := "label=" + dotString(label)
		if critical[t.ID] {
			attrs += ", color=red, penwidth=2"
		}
		fmt.Fprintf(b, "    %s [%s];\n", dotString(t.ID), attrs)
	}
	for _, t := range g.tasks {
		for _, dep := range t.Deps {
			fmt.Fprintf(b, "    %s -> %s;\n", dotString(dep), dotString(t.ID))
		}
	}
	b.WriteString("}\n")
	return b.Flush()
}

func criticalSet(p *Plan) map[string]bool {
	m := map[string]bool{}
	if p != nil {
		for _, id := range p.CriticalPath {
			m[id] = true
		}
	}
	return m
}

// mermaidText escapes text for a Mermaid label or gantt task name: the
// characters Mermaid gives a meaning become entity codes, and control
// characters are escaped as in Go.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range text.Printable(s) {
		switch r {
		case '"', ':', ';', '#', '<', '>', '&', '[', ']', '{', '}', '(', ')', '|', '`':
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dotString quotes s as a DOT string: backslashes and quotes escaped,
// line breaks as \n, other control characters dropped to spaces.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case unicode.IsControl(r) || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func mapStrings(ss []string, f func(string) string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = f(s)
	}
	return out
}

func stamp(t time.Time) string { return t.Format("2006-01-02 15:04") }

// WriteText writes the report as a timeline a person reads: a line per
// task that ran, in the order of their start, the critical ones marked
// with '*', then the tasks that did not run, with the reason.
func (r *Report) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	counts := map[Status]int{}
	width := len("task")
	for _, t := range r.Tasks {
		counts[t.Status]++
		width = max(width, len(text.Printable(t.ID)))
	}
	fmt.Fprintf(b, "run: %s to %s (%s), %s", stamp(r.Start), stamp(r.Finish), readable(r.Finish.Sub(r.Start)), count(len(r.Tasks), "task"))
	for s := Pending; s <= Resumed; s++ {
		if counts[s] > 0 {
			fmt.Fprintf(b, ", %d %s", counts[s], s)
		}
	}
	fmt.Fprintf(b, "\ncritical path: %s\n\n", strings.Join(mapStrings(r.CriticalPath, text.Printable), " -> "))
	critical := map[string]bool{}
	for _, id := range r.CriticalPath {
		critical[id] = true
	}
	ran := make([]TaskReport, 0, len(r.Tasks))
	var rest []TaskReport
	for _, t := range r.Tasks {
		if t.Start.IsZero() {
			rest = append(rest, t)
		} else {
			ran = append(ran, t)
		}
	}
	slices.SortStableFunc(ran, func(a, b TaskReport) int { return a.Start.Compare(b.Start) })
	fmt.Fprintf(b, "  %-*s  %-9s  tries  %-16s  %-16s  %s\n", width, "task", "status", "start", "finish", "took")
	for _, t := range append(ran, rest...) {
		mark := " "
		if critical[t.ID] {
			mark = "*"
		}
		line := fmt.Sprintf("%s %-*s  %-9s", mark, width, text.Printable(t.ID), t.Status)
		if !t.Start.IsZero() {
			line += fmt.Sprintf("  %5d  %-16s  %-16s  %s", t.Attempts, stamp(t.Start), stamp(t.Finish), readable(t.Finish.Sub(t.Start)))
		}
		switch {
		case t.Err != nil:
			line += "  " + text.Printable(t.Err.Error())
		case t.Reason != "":
			line += "  " + text.Printable(t.Reason)
		}
		if t.Undone {
			line += "  (undone)"
		} else if t.UndoErr != nil {
			line += "  (undo failed: " + text.Printable(t.UndoErr.Error()) + ")"
		}
		fmt.Fprintln(b, strings.TrimRight(line, " "))
	}
	return b.Flush()
}

// String returns the report as WriteText writes it.
func (r *Report) String() string {
	var b strings.Builder
	_ = r.WriteText(&b)
	return b.String()
}

// readable rounds d for a person: to the second from a minute up, to the
// millisecond from a second up.
func readable(d time.Duration) time.Duration {
	switch {
	case d >= time.Minute || d <= -time.Minute:
		return d.Round(time.Second)
	case d >= time.Second || d <= -time.Second:
		return d.Round(time.Millisecond)
	}
	return d
}

// count writes n with the noun, plural unless n is 1: "1 wave", "3 tasks".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
