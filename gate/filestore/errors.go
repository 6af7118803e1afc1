package filestore

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is. A damaged audit file is reported as a
// *CorruptError, which wraps gate.ErrTampered.
var (
	// ErrInvalidBody reports a body Append refuses: longer than
	// MaxBodyLen, holding a newline byte, or not valid JSON in UTF-8.
	// Nothing is written.
	ErrInvalidBody = errors.New("invalid body")

	// ErrInvalidSubject reports a subject Append refuses: longer than
	// MaxSubjectLen, or not valid UTF-8. Nothing is written.
	ErrInvalidSubject = errors.New("invalid subject")

	// ErrNotAuditLog reports a file that Open does not recognise: not
	// empty, and its first line is not the header of this format's
	// version. Open leaves such a file as it is.
	ErrNotAuditLog = errors.New("not a releasekit audit file of a known version")

	// ErrClosed reports a call on a Store after Close.
	ErrClosed = errors.New("store closed")

	// ErrLockUnsupported reports a platform where Open cannot lock the
	// file (flock(2) is missing), so it refuses to open it.
	ErrLockUnsupported = errors.New("file locking is not supported on this platform")
)

// CorruptError is an audit file that does not hold the chain Append
// made: a record edited, removed, reordered or damaged somewhere before
// the last line. Path names the file, Line the 1-based line at fault (the
// header is line 1, so in an intact file record n is on line n+1), and
// Err is the *gate.AuditError naming the record, through which
// CorruptError wraps gate.ErrTampered.
type CorruptError struct {
	Path string
	Line int
	Err  error
}

// Error returns "filestore: /var/lib/audit.log:4: gate: audit log: record
// 3: edited: its content does not match its hash".
func (e *CorruptError) Error() string {
	return fmt.Sprintf("filestore: %s:%d: %v", e.Path, e.Line, e.Err)
}

// Unwrap returns Err.
func (e *CorruptError) Unwrap() error { return e.Err }
