package schedule

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/releasekit/releasekit/internal/text"
)

// Sentinel errors, for errors.Is.
var (
	// ErrCycle reports tasks that depend on themselves through others; the
	// *CycleError that wraps it has the path.
	ErrCycle = errors.New("dependency cycle")
	// ErrUnknownTask reports a dependency on a task the graph does not
	// have.
	ErrUnknownTask = errors.New("unknown task")
	// ErrDuplicateTask reports two tasks with one ID.
	ErrDuplicateTask = errors.New("duplicate task")
	// ErrNoWindow reports a task that fits in no window of its calendar
	// within a year of when it could start.
	ErrNoWindow = errors.New("no window")
	// ErrInvalidTask reports a task that cannot be planned: no ID, a
	// negative duration, a dependency on itself.
	ErrInvalidTask = errors.New("invalid task")
	// ErrHorizon reports a plan or a simulated run that would end more
	// than Horizon after its start.
	ErrHorizon = errors.New("beyond the horizon")
)

// Horizon bounds plans and simulated runs, and each task's Duration: a
// hundred years, well inside what time.Duration holds, so that no sum of
// durations overflows.
const Horizon = 100 * 365 * 24 * time.Hour

// CycleError is a dependency cycle: Path starts and ends with the same
// task, each depending on the next ("a depends on b depends on c depends
// on a" is [a b c a]).
type CycleError struct {
	Path []string
}

// Error returns "schedule: cycle a -> b -> c -> a".
func (e *CycleError) Error() string {
	return "schedule: cycle " + strings.Join(e.Path, " -> ")
}

// Unwrap returns ErrCycle.
func (e *CycleError) Unwrap() error { return ErrCycle }

// TaskError is a problem with one task.
type TaskError struct {
	ID  string
	Err error // the sentinel, wrapped with detail
}

func (e *TaskError) Error() string { return "schedule: task " + quoteID(e.ID) + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *TaskError) Unwrap() error { return e.Err }

// quoteID writes a task ID from an untrusted source for an error
// message: as it is when it is plain text, quoted as in Go when it is
// empty or holds quotes, backslashes or anything unprintable.
func quoteID(id string) string {
	if id == "" || strings.ContainsAny(id, `"\`) || text.Printable(id) != id {
		return strconv.Quote(id)
	}
	return id
}
