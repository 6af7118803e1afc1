package risk

import "time"

// Requirements are what a pipeline must ask of a release at a level, as
// plain values a host passes on: to gate (approvals) and to schedule
// (bake times, the first wave of a rollout).
type Requirements struct {
	// Approvals is how many approvals to require beyond the usual.
	Approvals int `json:"approvals"`
	// Bake is the least time each rollout wave bakes.
	Bake time.Duration `json:"bake"`
	// FirstWave is the share of traffic, in percent, the first wave of
	// the rollout may take; zero means no limit.
	FirstWave int `json:"first_wave_percent,omitempty"`
	// Hold stops the release for a person's decision.
	Hold bool `json:"hold,omitempty"`
}

// Policy maps each level to its requirements.
type Policy struct {
	Low, Medium, High, Critical Requirements
}

// DefaultPolicy returns the zero Policy's requirements: nothing more of
// a low-risk release; one more approval, an hour's bake and a 10% first
// wave at medium; two more approvals, four hours and 5% at high; and at
// critical two more approvals, four hours, a 1% first wave and a hold for
// a person's decision.
func DefaultPolicy() Policy {
	return Policy{
		Medium:   Requirements{Approvals: 1, Bake: time.Hour, FirstWave: 10},
		High:     Requirements{Approvals: 2, Bake: 4 * time.Hour, FirstWave: 5},
		Critical: Requirements{Approvals: 2, Bake: 4 * time.Hour, FirstWave: 1, Hold: true},
	}
}

// For returns the requirements at level l. The zero Policy is
// DefaultPolicy. A level it does not know gets Critical's: a policy fails
// safe.
func (p Policy) For(l Level) Requirements {
	if p == (Policy{}) {
		p = DefaultPolicy()
	}
	switch l {
	case Low:
		return p.Low
	case Medium:
		return p.Medium
	case High:
		return p.High
	}
	return p.Critical
}
