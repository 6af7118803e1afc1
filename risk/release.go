package risk

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Release is what a host knows of a release: the assessments of its
// changes and the facts about the release itself. Zero values mean "not
// the case" or "unknown", and add nothing.
type Release struct {
	// Changes are the release's changes, each assessed by a Model.
	Changes []ChangeRisk
	// Dependents is how many tasks or services depend on the release in
	// the schedule: how far a failure spreads.
	Dependents int
	// SinceLast is the time since the component's previous release: a
	// long gap means a large, unfamiliar batch.
	SinceLast time.Duration
	// DeployAt is when it will deploy, in the location of the people who
	// will watch it: a weekend or outside 09:00-17:00 there counts.
	DeployAt time.Time
	// Holiday and Freeze say whether DeployAt falls on a holiday or in a
	// freeze (a gate.Calendar or schedule.Calendar can tell).
	Holiday, Freeze bool
	// Major marks a major version bump: a breaking change.
	Major bool
	// Migrations is how many database migrations it runs.
	Migrations int
	// ChangeFailureRate is the share of the component's recent
	// deployments that failed, the release's prior: pass
	// Delivery.SmoothedFailureRate(BaseFailureRate, 2), which is never
	// zero. Zero means unknown, and BaseFailureRate is used, so a raw
	// rate of 0% would count as unknown.
	ChangeFailureRate float64
}

// ChangeRisk is one change of a release and its probability of inducing
// a defect.
type ChangeRisk struct {
	ID          string  `json:"id"`
	Probability float64 `json:"probability"`
}

// ReleaseWeights are the log-odds each release fact adds. They are
// judgement, not fitted: a host with enough history of failed releases
// should set its own. DefaultReleaseWeights documents each; a zero
// ReleaseWeights means it.
type ReleaseWeights struct {
	Changes    float64 // per log(1 + expected defect-inducing changes)
	Dependents float64 // per log(1 + dependents)
	SinceLast  float64 // per log(1 + weeks since the last release)
	Weekend    float64
	OffHours   float64 // before 09:00 or from 17:00, on a weekday
	Holiday    float64
	Freeze     float64
	Major      float64
	Migrations float64 // per log(1 + migrations)
}

// DefaultReleaseWeights returns the weights AssessRelease uses by
// default. The expected number of defect-inducing changes weighs most
// (Kamei et al.'s models are about them); deploying into a freeze, on a
// holiday or at a weekend, when fewer people watch, and running
// migrations, which are hard to undo, come next; a major bump, many
// dependents and a long gap since the last release add a little.
func DefaultReleaseWeights() ReleaseWeights {
	return ReleaseWeights{
		Changes: 0.6, Dependents: 0.15, SinceLast: 0.1,
		Weekend: 0.5, OffHours: 0.3, Holiday: 0.7, Freeze: 1.5,
		Major: 0.4, Migrations: 0.4,
	}
}

// BaseFailureRate is the prior of a release whose component's change
// failure rate is unknown: 15%, the middle of the range DORA's reports
// give for most teams.
const BaseFailureRate = 0.15

// ReleaseAssessment is the assessment of a release: the probability that
// it fails, its level, each fact's contribution, and its changes,
// riskiest first.
type ReleaseAssessment struct {
	Assessment
	// Expected is the expected number of defect-inducing changes: the
	// sum of their probabilities.
	Expected float64      `json:"expected_defect_inducing"`
	Changes  []ChangeRisk `json:"changes"`
}

// AssessRelease combines a release's changes and facts into one
// assessment. Its log-odds start from the component's change failure
// rate (the Intercept) and add, for each fact, its weight times its
// value; the factors list them, the largest first. Levels read the
// probability (zero means DefaultLevels); w zero means
// DefaultReleaseWeights. Probabilities and rates that are not numbers in
// [0, 1] are clamped into it, so the result is always a probability.
func AssessRelease(r Release, w ReleaseWeights, levels Levels) ReleaseAssessment {
	if w == (ReleaseWeights{}) {
		w = DefaultReleaseWeights()
	}
	var a ReleaseAssessment
	a.Changes = make([]ChangeRisk, len(r.Changes))
	for i, c := range r.Changes {
		c.Probability = clamp01(c.Probability)
		a.Changes[i] = c
		a.Expected += c.Probability
	}
	slices.SortStableFunc(a.Changes, func(x, y ChangeRisk) int { return cmp.Compare(y.Probability, x.Probability) })

	cfr := r.ChangeFailureRate
	if cfr == 0 || math.IsNaN(cfr) {
		cfr = BaseFailureRate
	}
	cfr = min(max(cfr, 0.001), 0.999)
	a.Intercept = math.Log(cfr / (1 - cfr))

	// add lists a fact: its value as the host knows it, and its
	// contribution, the weight times x (the value, or its logarithm).
	add := func(name string, value, x, weight float64) {
		if c := x * weight; c != 0 && finite(c) {
			a.Factors = append(a.Factors, Factor{Name: name, Value: value, Contribution: c})
		}
	}
	add("expected defect-inducing changes", a.Expected, math.Log1p(a.Expected), w.Changes)
	dependents := float64(max(r.Dependents, 0))
	add("dependents", dependents, math.Log1p(dependents), w.Dependents)
	weeks := max(r.SinceLast.Hours(), 0) / (24 * 7)
	add("weeks since the last release", weeks, math.Log1p(weeks), w.SinceLast)
	if !r.DeployAt.IsZero() {
		switch wd := r.DeployAt.Weekday(); {
		case wd == time.Saturday || wd == time.Sunday:
			add("weekend", 1, 1, w.Weekend)
		case r.DeployAt.Hour() < 9 || r.DeployAt.Hour() >= 17:
			add("off hours", 1, 1, w.OffHours)
		}
	}
	if r.Holiday {
		add("holiday", 1, 1, w.Holiday)
	}
	if r.Freeze {
		add("freeze", 1, 1, w.Freeze)
	}
	if r.Major {
		add("major version", 1, 1, w.Major)
	}
	migrations := float64(max(r.Migrations, 0))
	add("migrations", migrations, math.Log1p(migrations), w.Migrations)

	slices.SortStableFunc(a.Factors, func(x, y Factor) int {
		return cmp.Compare(math.Abs(y.Contribution), math.Abs(x.Contribution))
	})
	z := a.Intercept
	for _, f := range a.Factors {
		z += f.Contribution
	}
	a.LogOdds = z
	a.Probability = sigmoid(z)
	a.Level = levels.Of(a.Probability)
	return a
}

func clamp01(p float64) float64 {
	if math.IsNaN(p) {
		return 0
	}
	return min(max(p, 0), 1)
}
