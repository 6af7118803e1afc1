package risk

import (
	"fmt"
	"strings"
)

// Metric names one of the 14 change metrics of Kamei et al. (2013).
type Metric uint8

// The metrics, in the paper's order, grouped as it groups them.
const (
	// Diffusion.
	NS      Metric = iota // subsystems modified
	ND                    // directories modified
	NF                    // files modified
	Entropy               // how evenly the modified lines spread over the files, 0 to 1
	// Size.
	LA // lines added
	LD // lines deleted
	LT // lines in the modified files before the change
	// Purpose.
	FIX // 1 for a fix, 0 otherwise
	// History of the modified files.
	NDEV // developers who changed them before
	AGE  // mean days since each was last changed
	NUC  // earlier changes to them, each counted once
	// Experience of the author.
	EXP  // the author's earlier changes
	REXP // the same, each weighted 1/(1+years ago)
	SEXP // the author's earlier changes to the modified subsystems

	// NumMetrics is how many metrics there are.
	NumMetrics = int(SEXP) + 1
)

var metricNames = [NumMetrics]string{"NS", "ND", "NF", "Entropy", "LA", "LD", "LT", "FIX", "NDEV", "AGE", "NUC", "EXP", "REXP", "SEXP"}

// String returns the metric's name in the paper: "NS", "Entropy".
func (m Metric) String() string {
	if int(m) < NumMetrics {
		return metricNames[m]
	}
	return fmt.Sprintf("Metric(%d)", m)
}

// ParseMetric returns the metric with a name, in any case.
func ParseMetric(name string) (Metric, error) {
	for i, n := range metricNames {
		if strings.EqualFold(n, name) {
			return Metric(i), nil
		}
	}
	return 0, fmt.Errorf("risk: unknown metric %q", name)
}

// MarshalText writes the metric's name.
func (m Metric) MarshalText() ([]byte, error) {
	if int(m) >= NumMetrics {
		return nil, fmt.Errorf("risk: unknown metric %d", m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a metric's name.
func (m *Metric) UnmarshalText(b []byte) error {
	v, err := ParseMetric(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Metrics are one change's values of every Metric, indexed by it.
type Metrics [NumMetrics]float64
