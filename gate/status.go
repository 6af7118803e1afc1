package gate

import "fmt"

// Status is the verdict of a gate or of a decision.
//
// In order of severity, from the least to the most: Skipped, Passed,
// Pending, Inconclusive, Errored, Failed. A composition of gates that all
// must hold takes the most severe status of its members: a definite
// failure outranks an error (which may pass on a retry), an error outranks
// an inconclusive measurement (which needs a person), and that outranks a
// gate still waiting. Only Passed and Skipped let a release move on.
type Status int

const (
	// Pending: the gate cannot decide yet (sampling, waiting for a window
	// or for approvals). Awaiting it again may change the verdict.
	Pending Status = iota
	// Passed: the gate holds.
	Passed
	// Failed: the gate does not hold.
	Failed
	// Inconclusive: the measurements do not say either way; a person must
	// decide. It never lets a release move on.
	Inconclusive
	// Errored: the gate could not be evaluated (its check failed,
	// panicked, or ran past its timeout).
	Errored
	// Skipped: the gate does not apply to this subject; it neither passes
	// nor blocks.
	Skipped
)

var statusNames = [...]string{"pending", "passed", "failed", "inconclusive", "errored", "skipped"}

// severity ranks statuses for All: higher is worse.
var severity = [...]int{Pending: 2, Passed: 1, Failed: 5, Inconclusive: 3, Errored: 4, Skipped: 0}

// String returns the status in lower case ("passed").
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("status(%d)", int(s))
	}
	return statusNames[s]
}

// MarshalText writes the status as String does; it is the JSON form.
func (s Status) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(statusNames) {
		return nil, fmt.Errorf("gate: unknown status %d", int(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText reads what MarshalText writes.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("gate: unknown status %q", b)
}

// Allows reports whether the status lets a release move on: Passed or
// Skipped.
func (s Status) Allows() bool { return s == Passed || s == Skipped }

// Final reports whether evaluating again cannot change the verdict by
// itself: every status but Pending.
func (s Status) Final() bool { return s != Pending }

// worse reports whether a is more severe than b.
func worse(a, b Status) bool { return severity[a] > severity[b] }
