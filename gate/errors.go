package gate

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is.
var (
	// ErrNoGates reports an evaluation, or a composition, with no gates:
	// nothing was checked, and that is never a pass.
	ErrNoGates = errors.New("no gates")

	// ErrGateErrored reports a gate whose status is Errored; the
	// *GateError that wraps it names the gate and the cause.
	ErrGateErrored = errors.New("gate errored")

	// ErrPanic reports a gate that panicked.
	ErrPanic = errors.New("gate panicked")

	// ErrTimeout reports a gate that ran past Engine.Timeout.
	ErrTimeout = errors.New("gate timed out")

	// ErrInvalidThreshold reports a threshold that cannot be built: an
	// expression that does not parse, a missing source or query.
	ErrInvalidThreshold = errors.New("invalid threshold")

	// ErrInvalidWindow reports a window or calendar that cannot be used:
	// a specification that does not parse, an unknown time zone, a freeze
	// gate without a window.
	ErrInvalidWindow = errors.New("invalid window")

	// ErrTampered reports an audit log that does not verify: a record
	// edited, removed or reordered. The *AuditError that wraps it says
	// where.
	ErrTampered = errors.New("audit log tampered with")

	// ErrInvalidPolicy reports an approval policy that cannot be decided:
	// no store, directory or rules, a rule with nobody eligible, too many
	// alternatives, or an override longer than the policy allows.
	ErrInvalidPolicy = errors.New("invalid approval policy")

	// ErrUnknownUser is what a Directory returns for a user it does not
	// know.
	ErrUnknownUser = errors.New("unknown user")

	// ErrNotEligible reports a vote by someone who may not cast it: unknown
	// to the directory, or in none of the rules' groups and users.
	ErrNotEligible = errors.New("not eligible")

	// ErrSelfApproval reports a vote that separation of duties forbids: by
	// the requester, an author of the changes, or the person confirming
	// their own override.
	ErrSelfApproval = errors.New("separation of duties")

	// ErrNoReason reports a rejection or an override without a reason.
	ErrNoReason = errors.New("a reason is required")

	// ErrNoOverrideRights reports an override by someone without the
	// rights.
	ErrNoOverrideRights = errors.New("no override rights")

	// ErrUnknownOverride reports a confirmation of an override that does
	// not exist.
	ErrUnknownOverride = errors.New("unknown override")

	// ErrReplayMismatch reports a recorded decision that replays to another
	// status.
	ErrReplayMismatch = errors.New("decision replays differently")

	// ErrInvalidResult reports a gate that returned a status that does not
	// exist.
	ErrInvalidResult = errors.New("invalid result")
)

// GateError is a gate that could not be evaluated.
type GateError struct {
	Gate string // the gate's name
	Err  error  // the cause: ErrPanic, ErrTimeout, the check's own error, ...
}

// Error returns "gate health: gate timed out".
func (e *GateError) Error() string { return fmt.Sprintf("gate %s: %v", e.Gate, e.Err) }

// Unwrap returns the cause and ErrGateErrored, so errors.Is finds both.
func (e *GateError) Unwrap() []error { return []error{e.Err, ErrGateErrored} }

// ParseError is an expression or specification that does not parse: the
// input (for a specification of several lines, the line at fault), the
// 1-based line (0 for a one-line expression) and byte column of the
// problem (0 when it is about the whole input or line), what was expected
// there, and the sentinel it wraps.
type ParseError struct {
	Input    string
	Line     int
	Col      int
	Expected string
	Err      error
}

// Error returns `gate: "<= 10ms": column 7: a decimal number (no units)
// (invalid threshold)`, with "line 3: " before the input for a
// specification.
func (e *ParseError) Error() string {
	msg := "gate: "
	if e.Line > 0 {
		msg += fmt.Sprintf("line %d: ", e.Line)
	}
	msg += fmt.Sprintf("%q", e.Input)
	if e.Col > 0 {
		msg += fmt.Sprintf(": column %d", e.Col)
	}
	return msg + ": " + e.Expected + " (" + e.Err.Error() + ")"
}

// Unwrap returns the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }

// shorten keeps error messages bounded whatever the size of the input.
func shorten(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
