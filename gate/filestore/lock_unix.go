//go:build unix && !aix && !(solaris && !illumos)

package filestore

import (
	"os"
	"syscall"
)

// lockFile takes flock(2)'s shared or exclusive lock on f, waiting for
// other holders to release theirs.
func lockFile(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	return flock(f, how)
}

// unlockFile releases the lock lockFile took.
func unlockFile(f *os.File) error { return flock(f, syscall.LOCK_UN) }

func flock(f *os.File, how int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	err = rc.Control(func(fd uintptr) {
		for {
			ferr = syscall.Flock(int(fd), how)
			if ferr != syscall.EINTR {
				return
			}
		}
	})
	if err != nil {
		return err
	}
	if ferr != nil {
		return &os.SyscallError{Syscall: "flock", Err: ferr}
	}
	return nil
}

// lockSupported is whether lockFile works here.
const lockSupported = true
