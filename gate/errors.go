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
