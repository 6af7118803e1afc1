package schedule

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Dist is a distribution of durations for simulations: Fixed, Uniform,
// Triangular, LogNormal or Empirical. The zero Dist is unset; a
// Behavior's unset Duration means the task's Duration, every time.
//
// Every parameter must lie between zero and MaxDraw, and no draw exceeds
// MaxDraw.
type Dist struct {
	kind    distKind
	a, b, c time.Duration
	samples []time.Duration
}

type distKind uint8

const (
	distUnset distKind = iota
	distFixed
	distUniform
	distTriangular
	distLogNormal
	distEmpirical
)

// MaxDraw bounds the parameters of a Dist and every duration drawn from
// one: a year.
const MaxDraw = 365 * 24 * time.Hour

// z90 is the 90th percentile of the standard normal distribution.
const z90 = 1.2815515655446004

// Fixed is always d.
func Fixed(d time.Duration) Dist { return Dist{kind: distFixed, a: d} }

// Uniform is any duration from lo to hi, all equally likely.
func Uniform(lo, hi time.Duration) Dist { return Dist{kind: distUniform, a: lo, b: hi} }

// Triangular rises from lo to its most likely value, mode, and falls to
// hi: the three-point estimate of someone who knows the task ("an hour,
// 40 minutes if all goes well, 3 hours if not").
func Triangular(lo, mode, hi time.Duration) Dist {
	return Dist{kind: distTriangular, a: lo, b: mode, c: hi}
}

// LogNormal has the long right tail that task durations have in
// practice: half of the draws are below median and nine in ten below
// p90. p90 equal to median is Fixed(median).
func LogNormal(median, p90 time.Duration) Dist {
	return Dist{kind: distLogNormal, a: median, b: p90}
}

// Empirical draws one of the samples, each equally likely: the durations
// a task took in the host's own history. The samples are copied.
func Empirical(samples ...time.Duration) Dist {
	return Dist{kind: distEmpirical, samples: slices.Clone(samples)}
}

// IsZero reports whether d is unset.
func (d Dist) IsZero() bool { return d.kind == distUnset }

// validate reports parameters out of order or out of range.
func (d Dist) validate() error {
	in := func(ds ...time.Duration) error {
		for _, x := range ds {
			if x < 0 || x > MaxDraw {
				return fmt.Errorf("%s: %s is outside 0 to %s", d, x, MaxDraw)
			}
		}
		return nil
	}
	switch d.kind {
	case distFixed:
		return in(d.a)
	case distUniform:
		if d.a > d.b {
			return fmt.Errorf("%s: low above high", d)
		}
		return in(d.a, d.b)
	case distTriangular:
		if d.a > d.b || d.b > d.c {
			return fmt.Errorf("%s: not low <= mode <= high", d)
		}
		return in(d.a, d.b, d.c)
	case distLogNormal:
		if d.a <= 0 || d.b < d.a {
			return fmt.Errorf("%s: needs 0 < median <= p90", d)
		}
		return in(d.a, d.b)
	case distEmpirical:
		if len(d.samples) == 0 {
			return errors.New("empirical distribution without samples")
		}
		return in(d.samples...)
	}
	return nil
}

// Draw draws a duration from d with r. An unset or invalid Dist draws
// zero; a draw never exceeds MaxDraw.
func (d Dist) Draw(r *rand.Rand) time.Duration {
	if d.validate() != nil {
		return 0
	}
	return d.draw(r)
}

// draw is Draw for a Dist already validated.
func (d Dist) draw(r *rand.Rand) time.Duration {
	switch d.kind {
	case distFixed:
		return d.a
	case distUniform:
		return d.a + time.Duration(r.Int64N(int64(d.b-d.a)+1))
	case distTriangular:
		lo, mode, hi := float64(d.a), float64(d.b), float64(d.c)
		if hi == lo {
			return d.a
		}
		u := r.Float64()
		var x float64
		if u < (mode-lo)/(hi-lo) {
			x = lo + math.Sqrt(u*(hi-lo)*(mode-lo))
		} else {
			x = hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
		}
		return time.Duration(min(max(x, lo), hi))
	case distLogNormal:
		mu := math.Log(float64(d.a))
		sigma := (math.Log(float64(d.b)) - mu) / z90
		x := math.Exp(mu + sigma*r.NormFloat64())
		if !(x < float64(MaxDraw)) { // also +Inf
			return MaxDraw
		}
		return time.Duration(x)
	case distEmpirical:
		return d.samples[r.IntN(len(d.samples))]
	}
	return 0
}

// String describes d: "lognormal(median 20m0s, p90 45m0s)".
func (d Dist) String() string {
	switch d.kind {
	case distFixed:
		return fmt.Sprintf("fixed(%s)", d.a)
	case distUniform:
		return fmt.Sprintf("uniform(%s, %s)", d.a, d.b)
	case distTriangular:
		return fmt.Sprintf("triangular(%s, %s, %s)", d.a, d.b, d.c)
	case distLogNormal:
		return fmt.Sprintf("lognormal(median %s, p90 %s)", d.a, d.b)
	case distEmpirical:
		var b strings.Builder
		fmt.Fprintf(&b, "empirical(%d samples", len(d.samples))
		if len(d.samples) > 0 {
			fmt.Fprintf(&b, ", %s to %s", slices.Min(d.samples), slices.Max(d.samples))
		}
		b.WriteString(")")
		return b.String()
	}
	return "unset"
}
