//go:build !unix || aix || (solaris && !illumos)

package filestore

import "os"

// lockFile fails: this platform has no flock(2), and Open refuses to run
// without it.
func lockFile(*os.File, bool) error { return ErrLockUnsupported }

func unlockFile(*os.File) error { return ErrLockUnsupported }

// lockSupported is whether lockFile works here.
const lockSupported = false
