package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/releasekit/releasekit/internal/text"
	"github.com/releasekit/releasekit/release"
	"github.com/releasekit/releasekit/risk"
)

// eventsPerTerm is the rule of thumb for logistic regression (Peduzzi et
// al., 1996): below ten events of the rarer outcome per term, the weights
// are unstable.
const eventsPerTerm = 10

// maxFactors is how many factors of a change the text explains; the rest
// are summed in one line.
const maxFactors = 4

// report is what the command prints, as text or as JSON.
type report struct {
	Read    string    `json:"read"` // which commits, in which order; the caller sets it
	Changes int       `json:"changes"`
	Authors int       `json:"authors"`
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
	Fixes   int       `json:"fixes"`
	// DefectInducing is how many changes LabelByFixes labelled, within
	// Window.
	DefectInducing int             `json:"defect_inducing"`
	Window         string          `json:"window"` // as -window takes it; "0s" is any time
	Metrics        []metricSummary `json:"metrics"`
	window         time.Duration

	// Recent is how many of the newest changes are assessed; Training is
	// how many older ones the model was fitted on.
	Recent   int `json:"recent"`
	Training int `json:"training"`
	// Model is the fitted model, or risk.DefaultModel when the history
	// is too thin to fit one, and then NoModel says why.
	Model   *risk.Model `json:"model"`
	NoModel string      `json:"no_model,omitempty"`
	// Riskiest are the riskiest recent changes, the riskiest first.
	Riskiest []assessed `json:"riskiest,omitempty"`
	// Release is the recent changes assessed as one release.
	Release *risk.ReleaseAssessment `json:"release,omitempty"`
}

// metricSummary is one metric's mean and largest value over the history.
type metricSummary struct {
	Metric risk.Metric `json:"metric"`
	Mean   float64     `json:"mean"`
	Max    float64     `json:"max"`
}

// assessed is one recent change and the model's reading of it.
type assessed struct {
	ID         string          `json:"id"`
	Header     string          `json:"header"`
	Author     string          `json:"author"`
	Time       time.Time       `json:"time"`
	Assessment risk.Assessment `json:"assessment"`
}

// analyse measures the history (commits and their conversions, oldest
// first), labels it, fits a model on all but the most recent changes and
// assesses those.
func analyse(commits []release.Commit, history []risk.Change, window time.Duration, recent, top int) (*report, error) {
	metrics, err := risk.Measure(history)
	if err != nil {
		return nil, err
	}
	labels := risk.LabelByFixes(history, window)
	rep := &report{
		Changes: len(history),
		Window:  window.String(),
		window:  window,
		Recent:  min(recent, len(history)),
	}
	authors := map[string]bool{}
	for i, c := range history {
		authors[c.Author] = true
		if c.Fix {
			rep.Fixes++
		}
		if labels[i] {
			rep.DefectInducing++
		}
		if rep.From.IsZero() || c.Time.Before(rep.From) {
			rep.From = c.Time
		}
		if c.Time.After(rep.To) {
			rep.To = c.Time
		}
	}
	rep.Authors = len(authors)
	for mt := range risk.NumMetrics {
		s := metricSummary{Metric: risk.Metric(mt)}
		for _, m := range metrics {
			s.Mean += m[mt]
			s.Max = max(s.Max, m[mt])
		}
		if len(metrics) > 0 {
			s.Mean /= float64(len(metrics))
		}
		rep.Metrics = append(rep.Metrics, s)
	}

	// Fit on the older changes; their labels had time to ripen.
	split := len(history) - rep.Recent
	rep.Training = split
	samples := make([]risk.Sample, split)
	defects := 0
	for i := range samples {
		samples[i] = risk.Sample{ID: history[i].ID, Time: history[i].Time, Metrics: metrics[i], Defect: labels[i]}
		if labels[i] {
			defects++
		}
	}
	model, err := risk.Fit(samples, risk.FitOptions{})
	switch {
	case errors.Is(err, risk.ErrNoData), errors.Is(err, risk.ErrOneClass):
		rep.NoModel = tooLittle(split, rep.Recent, defects, rep.Fixes)
		model = risk.DefaultModel()
	case err != nil:
		return nil, err
	case defects < eventsPerTerm*len(model.Terms):
		// Too few events for the weights to mean much: a fitted model
		// would follow the noise of a handful of changes.
		rep.NoModel = fmt.Sprintf("too few defect-inducing changes to fit a model: %s for %s, fewer than %d a term",
			plural(defects, "defect-inducing change"), plural(len(model.Terms), "term"), eventsPerTerm)
		model = risk.DefaultModel()
	}
	rep.Model = model

	// Assess the recent changes, the riskiest first; ties keep the
	// newest first.
	var rel risk.Release
	for i := len(history) - 1; i >= split; i-- {
		a := model.Score(metrics[i])
		rep.Riskiest = append(rep.Riskiest, assessed{ID: history[i].ID, Header: commits[i].Header,
			Author: history[i].Author, Time: history[i].Time, Assessment: a})
		rel.Changes = append(rel.Changes, risk.ChangeRisk{ID: history[i].ID, Probability: a.Probability})
	}
	slices.SortStableFunc(rep.Riskiest, func(x, y assessed) int {
		return cmp.Compare(y.Assessment.Probability, x.Assessment.Probability)
	})
	rep.Riskiest = rep.Riskiest[:min(top, len(rep.Riskiest))]
	ra := risk.AssessRelease(rel, risk.ReleaseWeights{}, model.Levels)
	rep.Release = &ra
	return rep, nil
}

// writeText prints the report for a person.
func (r *report) writeText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "history: %s by %s", plural(r.Changes, "change"), plural(r.Authors, "author"))
	if r.Changes > 0 {
		fmt.Fprintf(b, ", %s to %s", r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
	}
	fmt.Fprintf(b, "\n  (%s)\n", r.Read)
	fmt.Fprintf(b, "fixes: %d; defect-inducing: %d (a fix %s touched a file they were the last to change)\n",
		r.Fixes, r.DefectInducing, within(r.window))

	b.WriteString("\nmetrics over the history:\n")
	b.WriteString("  metric       mean      max\n")
	for _, s := range r.Metrics {
		fmt.Fprintf(b, "  %-7s  %8.2f  %7s\n", s.Metric, s.Mean, number(s.Max))
	}

	m := r.Model
	if r.NoModel != "" {
		fmt.Fprintf(b, "\n%s;\nscoring with risk.DefaultModel, whose weights are set by hand, not fitted:\n", r.NoModel)
	} else {
		fmt.Fprintf(b, "\nmodel: fitted on the %d changes before the most recent %d, %d of them defect-inducing\n",
			m.Training.Changes, r.Recent, m.Training.Defects)
	}
	b.WriteString("  log-odds per standard deviation of each metric (log1p-transformed where marked):\n")
	fmt.Fprintf(b, "  %+6.2f  intercept (an average change)\n", m.Intercept)
	for _, t := range m.Terms {
		mark := ""
		if t.Log {
			mark = " (log1p)"
		}
		fmt.Fprintf(b, "  %+6.2f  %s%s\n", t.Weight, t.Metric, mark)
	}
	if m.Training != nil {
		for _, d := range m.Training.Dropped {
			fmt.Fprintf(b, "  dropped %s: %s\n", d.Metric, d.Reason)
		}
	}

	if len(r.Riskiest) > 0 {
		fmt.Fprintf(b, "\nthe riskiest %d of the most recent %d changes:\n", len(r.Riskiest), r.Recent)
	}
	for i, c := range r.Riskiest {
		fmt.Fprintf(b, "\n%d. %.7s %s\n   %s, %s\n", i+1, c.ID, text.Printable(c.Header), text.Printable(c.Author), c.Time.Format(time.DateOnly))
		if err := explain(b, c.Assessment, "   "); err != nil {
			return err
		}
	}

	fmt.Fprintf(b, "\nthe most recent %d changes as one release:\n", r.Recent)
	if err := explain(b, r.Release.Assessment, "   "); err != nil {
		return err
	}
	return b.Flush()
}

// tooLittle says why no model could be fitted on the training changes
// (split of them, defects labelled), and what to try.
func tooLittle(split, recent, defects, fixes int) string {
	if split == 0 {
		return fmt.Sprintf("too little history to fit a model: every change is among the most recent %d, "+
			"which are assessed, not learned from (see -recent)", recent)
	}
	msg := fmt.Sprintf("too little labelled history to fit a model: of the %s before the most recent %d, "+
		"%d labelled defect-inducing and %d clean; a fit needs both kinds", plural(split, "change"), recent, defects, split-defects)
	if fixes == 0 {
		msg += ` (no commit header marks a fix, as "fix: ..." or "Fix ..." would)`
	}
	return msg
}

// explain writes an assessment's largest factors (at most maxFactors),
// each line indented, and sums the others in one line.
func explain(w io.Writer, a risk.Assessment, indent string) error {
	rest := a.Factors[min(len(a.Factors), maxFactors):]
	a.Factors = a.Factors[:len(a.Factors)-len(rest)]
	var buf bytes.Buffer
	if err := a.WriteText(&buf); err != nil {
		return err
	}
	if len(rest) > 0 {
		var sum float64
		for _, f := range rest {
			sum += f.Contribution
		}
		fmt.Fprintf(&buf, "  %+6.2f  from %d smaller factors\n", sum, len(rest))
	}
	for line := range strings.Lines(buf.String()) {
		if _, err := io.WriteString(w, indent+line); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON prints the report as indented JSON.
func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// within writes a label window for a person: "within 90 days", or "made
// any time later" for zero.
func within(d time.Duration) string {
	switch {
	case d == 0:
		return "made any time later"
	case d%(24*time.Hour) == 0:
		return "within " + strconv.FormatInt(int64(d/(24*time.Hour)), 10) + " days"
	}
	return "within " + d.String()
}

// plural writes a count and a noun, with an "s" unless the count is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// number writes a value briefly: integers without a point.
func number(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}
