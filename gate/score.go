package gate

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Default total-score thresholds of a Scorecard, in percent, as in Keptn.
const (
	DefaultPassScore    = 90
	DefaultWarningScore = 75
)

// Objective is one scored measurement of a Scorecard.
type Objective struct {
	// Name names the objective in the explanation.
	Name string
	// Query is the metric to read.
	Query string
	// Baseline is the query relative conditions are measured against.
	Baseline string
	// Pass lists conditions that must all hold for the objective to pass
	// ("<= 250", "<= +10%"); Warning lists the conditions under which an
	// objective that does not pass still earns half its weight. An
	// objective with no Pass conditions is informative: measured and
	// shown, never scored.
	Pass, Warning []string
	// Weight is the objective's share of the score. Zero means 1.
	Weight float64
	// Key makes the objective a veto: if it does not pass, the scorecard
	// fails whatever the score.
	Key bool
}

// Scorecard is a quality gate scored as Keptn scores one: each objective
// that passes earns its weight, one that meets its Warning conditions
// half of it, and the score is the percentage of the weights earned. The
// scorecard passes at Pass percent or more, is Inconclusive (a warning: a
// person decides) at Warning percent or more, and fails below; a key
// objective that does not pass fails it outright.
//
// It fixes what Keptn's users ran into: an objective without data, key or
// not, earns nothing (a key one fails the scorecard), a scorecard with no
// scored objective is Errored rather than a pass, and the explanation
// lists every objective with its value and what it contributed.
type Scorecard struct {
	// Name names the gate's results.
	Name string
	// Source answers the objectives' queries. It is required.
	Source MetricSource
	// Objectives are scored in order.
	Objectives []Objective
	// Pass and Warning are the total-score thresholds in percent. Zero
	// means DefaultPassScore and DefaultWarningScore.
	Pass, Warning float64
}

type scoredObjective struct {
	o             Objective
	pass, warning []Condition
}

type scorecard struct {
	s    Scorecard
	objs []scoredObjective
}

// Gate validates the scorecard and returns its gate; every malformed
// condition is reported at once, wrapping ErrInvalidThreshold.
func (s Scorecard) Gate() (Gate, error) {
	var errs []string
	if s.Source == nil {
		errs = append(errs, "no Source")
	}
	if s.Pass == 0 {
		s.Pass = DefaultPassScore
	}
	if s.Warning == 0 {
		s.Warning = DefaultWarningScore
	}
	if s.Warning > s.Pass || s.Pass > 100 || s.Warning < 0 {
		errs = append(errs, fmt.Sprintf("scores must satisfy 0 <= Warning (%g) <= Pass (%g) <= 100", s.Warning, s.Pass))
	}
	sc := &scorecard{s: s}
	for _, o := range s.Objectives {
		so := scoredObjective{o: o}
		if o.Query == "" {
			errs = append(errs, fmt.Sprintf("objective %s has no Query", o.Name))
		}
		if o.Weight < 0 || math.IsNaN(o.Weight) || math.IsInf(o.Weight, 0) {
			errs = append(errs, fmt.Sprintf("objective %s has weight %g", o.Name, o.Weight))
		}
		for _, list := range []struct {
			in  []string
			out *[]Condition
		}{{o.Pass, &so.pass}, {o.Warning, &so.warning}} {
			for _, expr := range list.in {
				c, err := ParseCondition(expr)
				if err != nil {
					errs = append(errs, fmt.Sprintf("objective %s: %v", o.Name, err))
					continue
				}
				if c.Relative && o.Baseline == "" {
					errs = append(errs, fmt.Sprintf("objective %s: %s is relative but there is no Baseline", o.Name, c))
				}
				*list.out = append(*list.out, c)
			}
		}
		sc.objs = append(sc.objs, so)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("gate: scorecard %s: %s: %w", s.Name, strings.Join(errs, "; "), ErrInvalidThreshold)
	}
	return sc, nil
}

func (sc *scorecard) Evaluate(ctx context.Context, subj Subject) Result {
	s := sc.s
	r := Result{Gate: s.Name}
	var earned, total float64
	var keyFailed []string
	for _, so := range sc.objs {
		o := so.o
		child := Result{Gate: o.Name}
		if len(so.pass) == 0 {
			child.Status = Skipped
		}
		weight := o.Weight
		if weight == 0 {
			weight = 1
		}
		value, base, status, reason, err := sc.measure(ctx, so, subj)
		child.Evidence = map[string]any{}
		if err != nil {
			child.Status, child.Err, child.Reason = Errored, err, reason
		} else if status != Pending {
			child.Status, child.Reason = status, reason
		} else {
			child.Evidence["value"] = value
			if !math.IsNaN(base) {
				child.Evidence["baseline"] = base
			}
			switch {
			case len(so.pass) == 0:
				child.Reason = fmt.Sprintf("%s = %s (informative)", o.Query, fmtNum(value))
			case all(so.pass, value, base):
				child.Status, child.Reason = Passed, fmt.Sprintf("%s = %s meets %s", o.Query, fmtNum(value), condList(so.pass))
			case len(so.warning) > 0 && all(so.warning, value, base):
				child.Status, child.Reason = Inconclusive, fmt.Sprintf("%s = %s meets the warning %s, not %s", o.Query, fmtNum(value), condList(so.warning), condList(so.pass))
			default:
				child.Status, child.Reason = Failed, fmt.Sprintf("%s = %s does not meet %s", o.Query, fmtNum(value), condList(so.pass))
			}
		}
		if len(so.pass) > 0 {
			got := 0.0
			switch child.Status {
			case Passed:
				got = weight
			case Inconclusive:
				got = weight / 2
			}
			earned += got
			total += weight
			child.Evidence["weight"] = weight
			child.Evidence["score"] = got
			if o.Key {
				child.Evidence["key"] = true
				if child.Status != Passed {
					keyFailed = append(keyFailed, o.Name)
				}
			}
		}
		r.Children = append(r.Children, child)
	}
	if total == 0 {
		r.Status, r.Err, r.Reason = Errored, ErrNoGates, "no scored objective: nothing was checked"
		return r
	}
	score := earned / total * 100
	r.Evidence = map[string]any{"score": score, "pass": s.Pass, "warning": s.Warning}
	switch {
	case len(keyFailed) > 0:
		r.Status = Failed
		r.Reason = fmt.Sprintf("key objective %s did not pass (score %s%%)", strings.Join(keyFailed, ", "), fmtNum(score))
	case score >= s.Pass:
		r.Status, r.Reason = Passed, fmt.Sprintf("score %s%% >= %s%%", fmtNum(score), fmtNum(s.Pass))
	case score >= s.Warning:
		r.Status, r.Reason = Inconclusive, fmt.Sprintf("score %s%%: a warning (>= %s%%, < %s%%)", fmtNum(score), fmtNum(s.Warning), fmtNum(s.Pass))
	default:
		r.Status, r.Reason = Failed, fmt.Sprintf("score %s%% < %s%%", fmtNum(score), fmtNum(s.Warning))
	}
	return r
}

// measure reads an objective's value and baseline. A missing value, or a
// missing baseline for relative conditions, gives status Failed with the
// reason; otherwise status is Pending and the caller judges.
func (sc *scorecard) measure(ctx context.Context, so scoredObjective, subj Subject) (value, base float64, status Status, reason string, err error) {
	o := so.o
	base = math.NaN()
	value, ok, reason, err := readMetric(ctx, sc.s.Source, o.Query, "", subj)
	switch {
	case err != nil:
		return 0, base, Errored, reason, err
	case !ok:
		return 0, base, Failed, reason, nil
	case o.Baseline == "":
		return value, base, Pending, "", nil
	}
	b, ok, reason, err := readMetric(ctx, sc.s.Source, o.Baseline, "baseline ", subj)
	switch {
	case err != nil:
		return 0, base, Errored, reason, err
	case !ok:
		return 0, base, Failed, reason, nil
	}
	return value, b, Pending, "", nil
}

// all reports whether value meets every condition.
func all(conds []Condition, value, base float64) bool {
	for _, c := range conds {
		bound := c.Value
		if c.Relative {
			bound = base + base*c.Value/100
		}
		if !c.holds(value, bound) {
			return false
		}
	}
	return true
}

func condList(conds []Condition) string {
	parts := make([]string, len(conds))
	for i, c := range conds {
		parts[i] = c.String()
	}
	return strings.Join(parts, " and ")
}
