package risk

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"github.com/releasekit/releasekit/internal/text"
)

// WriteText writes the assessment for a person: the level and
// probability, the log-odds at the baseline (for a change, an average
// change of the training data; for a release, the component's change
// failure rate), then each factor's contribution to the log-odds, the
// largest first.
func (a *Assessment) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	a.writeText(b)
	return b.Flush()
}

func (a *Assessment) writeText(b *bufio.Writer) {
	fmt.Fprintf(b, "%s: log-odds %+.2f, from %+.2f at the baseline, and\n", a, a.LogOdds, a.Intercept)
	width := 0
	for _, f := range a.Factors {
		width = max(width, len(text.Printable(f.Name)))
	}
	for _, f := range a.Factors {
		dir := "raises"
		if f.Contribution < 0 {
			dir = "lowers"
		}
		fmt.Fprintf(b, "  %+6.2f  %-*s  %s  (%s the risk)\n", f.Contribution, width, text.Printable(f.Name), number(f.Value), dir)
	}
}

// WriteText writes the release's assessment, then its riskiest changes
// (at most ten).
func (r *ReleaseAssessment) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	r.writeText(b)
	fmt.Fprintf(b, "%d changes, %.1f expected to induce a defect", len(r.Changes), r.Expected)
	if len(r.Changes) > 0 {
		b.WriteString("; the riskiest:")
	}
	b.WriteString("\n")
	for _, c := range r.Changes[:min(len(r.Changes), 10)] {
		fmt.Fprintf(b, "  %5.1f%%  %s\n", 100*c.Probability, text.Printable(c.ID))
	}
	return b.Flush()
}

// number writes a value briefly: integers without a point.
func number(v float64) string {
	if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
