package filestore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/releasekit/releasekit/gate"
)

var _ gate.Store = (*Store)(nil)

// Store is a gate.Store kept in one file on one machine. Make one with
// Open; the zero value has no file, and its methods return errors. It is
// safe for concurrent use, and other Stores, in this process
// or in others, may use the same file at the same time: each sees the
// records the others append.
//
// A Store keeps every record in memory (the file's size, roughly, plus
// an index by subject), read once at Open and then as the file grows.
// The bodies that Append and Records return share that memory: treat them
// as read-only.
type Store struct {
	path string
	f    *os.File

	// fileMu serialises this Store's use of f: flock calls (which convert
	// a descriptor's lock rather than nest), reads that catch up, writes.
	// Append holds it until its fsync has returned.
	fileMu sync.Mutex
	closed bool  // guarded by fileMu
	broken error // guarded by fileMu: why f can no longer be trusted

	// mu guards the index. The index is written only with fileMu held
	// too, so a holder of fileMu may read it without mu.
	mu       sync.RWMutex
	records  []gate.Record // records[i].Seq == i+1
	ends     []int64       // ends[i]: the offset just after records[i]'s line
	subjects map[string]*subjectIndex
}

// subjectIndex lists the records of one subject; name is the subject,
// kept once for all of them.
type subjectIndex struct {
	name string
	idx  []int // indexes into Store.records, ascending
}

// Open opens the audit file at path, or creates it (mode 0600, and the
// directory synced so the new name is durable) with its header line. It
// reads every record, checking the whole chain, and drops a torn last
// record that a crash left (see the package documentation); the file is
// truncated back to the last good record. A record edited, removed or
// reordered before the last line is a *CorruptError wrapping
// gate.ErrTampered, and Open returns no Store: records are never
// dropped silently. A file that is not empty and does not start with the
// header is ErrNotAuditLog, and is left as it is.
//
// Open waits for the exclusive lock while another Store appends. On a
// platform without flock(2) it returns ErrLockUnsupported.
func Open(path string) (*Store, error) {
	if !lockSupported {
		return nil, fmt.Errorf("filestore: opening %s: %w", path, ErrLockUnsupported)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	s := &Store{path: path, f: f, subjects: make(map[string]*subjectIndex)}
	if err := lockFile(f, true); err != nil {
		f.Close()
		return nil, fmt.Errorf("filestore: locking %s: %w", path, err)
	}
	err = s.load()
	if uerr := unlockFile(f); err == nil && uerr != nil {
		err = fmt.Errorf("filestore: unlocking %s: %w", path, uerr)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// load checks the header, writing it into an empty file (or over a torn
// one), and reads every record. The caller holds the exclusive lock.
func (s *Store) load() error {
	fi, err := s.f.Stat()
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	head := make([]byte, min(fi.Size(), 4096))
	if _, err := s.f.ReadAt(head, 0); err != nil {
		return fmt.Errorf("filestore: reading %s: %w", s.path, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte(header)):
	case bytes.HasPrefix([]byte(header), head) && int64(len(head)) == fi.Size():
		// Empty, or a header torn by a crash while the file was made.
		if _, err := s.f.WriteAt([]byte(header), 0); err != nil {
			return fmt.Errorf("filestore: writing %s: %w", s.path, err)
		}
		if err := s.f.Sync(); err != nil {
			return fmt.Errorf("filestore: syncing %s: %w", s.path, err)
		}
		if err := syncDir(filepath.Dir(s.path)); err != nil {
			return err
		}
	default:
		first, _, _ := bytes.Cut(head, []byte{'\n'})
		var h struct {
			Format  string `json:"format"`
			Version int    `json:"version"`
		}
		if json.Unmarshal(first, &h) == nil && h.Format == "releasekit-audit" && h.Version != 1 {
			return fmt.Errorf("filestore: %s: format version %d, this package reads version 1: %w", s.path, h.Version, ErrNotAuditLog)
		}
		return fmt.Errorf("filestore: %s: the first line is not %s: %w", s.path, bytes.TrimSpace([]byte(header)), ErrNotAuditLog)
	}
	_, err = s.catchUp(true)
	return err
}

// syncDir makes the entries of directory dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("filestore: syncing directory %s: %w", dir, err)
	}
	return nil
}

// Append adds body as the record after the last one in the file,
// whichever Store or process wrote that, and returns it once it is
// durable: the line is written and f.Sync (fsync(2)) has returned, so
// that a returned record is never lost, even if the machine crashes
// next. It costs one fsync, and Appends are serialised across all the
// Stores of the file, each holding the exclusive lock for its write and
// fsync.
//
// Append refuses, writing nothing, a body that is not valid JSON in
// UTF-8, holds a newline byte or is longer than MaxBodyLen
// (ErrInvalidBody), and a subject that is not valid UTF-8 or is longer
// than MaxSubjectLen (ErrInvalidSubject). The store keeps its own copy
// of body.
//
// If ctx has ended, before Append starts or while it waits for the lock,
// it returns context.Cause(ctx) and writes nothing. The wait for the
// lock itself does not watch ctx: other Stores hold it for one write and
// one fsync, or one read.
//
// If the write or the fsync fails, Append removes what it wrote and
// returns the error; if even that fails, the Store refuses every later
// call, and the record, which may or may not be in the file, is dealt
// with at the next Open like any torn record.
func (s *Store) Append(ctx context.Context, subject string, body []byte) (gate.Record, error) {
	if err := ctx.Err(); err != nil {
		return gate.Record{}, context.Cause(ctx)
	}
	if err := checkSubject(subject); err != nil {
		return gate.Record{}, err
	}
	if err := checkBody(body); err != nil {
		return gate.Record{}, err
	}
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if err := s.usable(); err != nil {
		return gate.Record{}, err
	}
	if err := lockFile(s.f, true); err != nil {
		return gate.Record{}, fmt.Errorf("filestore: locking %s: %w", s.path, err)
	}
	r, err := s.appendLocked(ctx, subject, body)
	if uerr := unlockFile(s.f); uerr != nil {
		// The record, if any, is durable; the Store is not usable.
		s.fail(fmt.Errorf("filestore: unlocking %s: %w", s.path, uerr))
	}
	return r, err
}

// appendLocked is Append with fileMu and the exclusive lock held.
func (s *Store) appendLocked(ctx context.Context, subject string, body []byte) (gate.Record, error) {
	if err := ctx.Err(); err != nil {
		return gate.Record{}, context.Cause(ctx)
	}
	if _, err := s.catchUp(true); err != nil {
		return gate.Record{}, err
	}
	r := gate.Record{Seq: uint64(len(s.records)) + 1, Subject: subject}
	if si := s.subjects[subject]; si != nil {
		r.Subject = si.name
	}
	if n := len(s.records); n > 0 {
		r.Prev = s.records[n-1].Hash
	}
	r.Body = body
	r.Hash = gate.ChainHash(r.Seq, r.Subject, r.Prev, r.Body)
	line, b0, b1 := appendLine(make([]byte, 0, lineLen(&r)), &r)
	r.Body = line[b0:b1:b1]

	end := s.end()
	if _, err := s.f.WriteAt(line, end); err != nil {
		return gate.Record{}, s.undo(end, fmt.Errorf("filestore: writing %s: %w", s.path, err))
	}
	if err := s.f.Sync(); err != nil {
		return gate.Record{}, s.undo(end, fmt.Errorf("filestore: syncing %s: %w", s.path, err))
	}
	s.mu.Lock()
	s.add(r, end+int64(len(line)))
	s.mu.Unlock()
	return r, nil
}

// undo removes a record whose write or fsync failed with err, and
// returns err. If it cannot, the Store is no longer usable.
func (s *Store) undo(end int64, err error) error {
	terr := s.f.Truncate(end)
	if terr == nil {
		terr = s.f.Sync()
	}
	if terr != nil {
		s.fail(fmt.Errorf("filestore: %s: a failed write could not be undone (%v); open the file again: %w", s.path, terr, err))
	}
	return err
}

// fail makes the Store refuse every later call with err, and closes the
// file, which releases its lock. The caller holds fileMu.
func (s *Store) fail(err error) {
	if s.broken == nil {
		s.broken = err
		s.f.Close()
	}
}

// usable returns why the Store cannot be used, or nil. The caller holds
// fileMu.
func (s *Store) usable() error {
	switch {
	case s.closed:
		return fmt.Errorf("filestore: %s: %w", s.path, ErrClosed)
	case s.broken != nil:
		return s.broken
	}
	return nil
}

// add puts r, whose line ends at offset end, in the index. The caller
// holds fileMu and mu.
func (s *Store) add(r gate.Record, end int64) {
	s.records = append(s.records, r)
	s.ends = append(s.ends, end)
	s.index(len(s.records) - 1)
}

// index adds records[i] to the index by subject. The caller holds fileMu
// and mu.
func (s *Store) index(i int) {
	subject := s.records[i].Subject
	si := s.subjects[subject]
	if si == nil {
		si = &subjectIndex{name: subject}
		s.subjects[subject] = si
	}
	si.idx = append(si.idx, i)
}

// end returns the offset just after the last record read. The caller
// holds fileMu or mu.
func (s *Store) end() int64 {
	if n := len(s.ends); n > 0 {
		return s.ends[n-1]
	}
	return int64(len(header))
}

// Records yields the records with Seq >= from, in order: those of one
// subject, or all of them when subject is "". Each iteration first reads
// the records other Stores have appended since this one last looked
// (under the shared lock, when the file has grown), then yields a
// snapshot: records appended while it runs are not seen. The records come
// from memory, so that an iteration costs no I/O once caught up.
//
// An iteration ends with an error when ctx ends (context.Cause(ctx)),
// when the Store is closed (ErrClosed), when reading fails, or when the
// records appended meanwhile do not chain onto those read before (a
// *CorruptError wrapping gate.ErrTampered). A torn record at the end is
// not yielded, and is removed.
func (s *Store) Records(ctx context.Context, subject string, from uint64) iter.Seq2[gate.Record, error] {
	return func(yield func(gate.Record, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(gate.Record{}, context.Cause(ctx))
			return
		}
		if err := s.refresh(); err != nil {
			yield(gate.Record{}, err)
			return
		}
		s.mu.RLock()
		all := s.records
		var idx []int
		if si := s.subjects[subject]; si != nil {
			idx = si.idx
		}
		s.mu.RUnlock()

		from = max(from, 1)
		var k, n int // the next position in all (or idx), and the end
		if subject == "" {
			k, n = int(min(from-1, uint64(len(all)))), len(all)
		} else {
			k = sort.Search(len(idx), func(i int) bool { return all[idx[i]].Seq >= from })
			n = len(idx)
		}
		for ; k < n; k++ {
			if err := ctx.Err(); err != nil {
				yield(gate.Record{}, context.Cause(ctx))
				return
			}
			r := &all[k]
			if subject != "" {
				r = &all[idx[k]]
			}
			if !yield(*r, nil) {
				return
			}
		}
	}
}

// refresh reads the records appended by others since this Store last
// looked. When the file's size is that of the records read, there are
// none, and it takes no lock.
func (s *Store) refresh() error {
	if fi, err := s.f.Stat(); err == nil {
		s.mu.RLock()
		end := s.end()
		s.mu.RUnlock()
		if fi.Size() == end {
			return nil
		}
	}
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	torn, err := s.catchUpLocked(false)
	if err == nil && torn {
		// Removing a torn record takes the exclusive lock.
		_, err = s.catchUpLocked(true)
	}
	return err
}

// catchUpLocked is catchUp with the lock taken and released around it.
// The caller holds fileMu.
func (s *Store) catchUpLocked(exclusive bool) (torn bool, err error) {
	if err := lockFile(s.f, exclusive); err != nil {
		return false, fmt.Errorf("filestore: locking %s: %w", s.path, err)
	}
	torn, err = s.catchUp(exclusive)
	if uerr := unlockFile(s.f); uerr != nil {
		s.fail(fmt.Errorf("filestore: unlocking %s: %w", s.path, uerr))
		if err == nil {
			err = s.broken
		}
	}
	return torn, err
}

// Close closes the file. Later calls on the Store, Close included,
// return ErrClosed; iterations already started finish from memory.
func (s *Store) Close() error {
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if s.closed {
		return fmt.Errorf("filestore: %s: %w", s.path, ErrClosed)
	}
	s.closed = true
	if s.broken != nil {
		return nil // fail closed the file already
	}
	if err := s.f.Close(); err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	return nil
}
