package notes

import "errors"

// Sentinel errors, for errors.Is.
var (
	// ErrFormat reports an unknown Format.
	ErrFormat = errors.New("unknown format")

	// ErrTooLarge reports a CHANGELOG larger than MaxChangelogLen.
	ErrTooLarge = errors.New("changelog too large")
)
