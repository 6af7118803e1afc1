package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"sync"
)

// Record is one entry of the audit log as a store keeps it: approvals,
// rejections, overrides, decisions and expiries all are records, in the
// order they happened, each chained to the one before by its hash.
type Record struct {
	// Seq is the record's position in the log: 1, 2, 3, ... without gaps.
	Seq uint64
	// Subject is the ID of the subject the entry is about, "" for none;
	// stores index it, so a gate reads only its subject's records.
	Subject string
	// Prev is the Hash of the record before, "" for the first.
	Prev string
	// Hash is ChainHash(Seq, Subject, Prev, Body).
	Hash string
	// Body is the entry as JSON, byte for byte as it was hashed.
	Body []byte
}

// ChainHash returns the hash that chains a record to the one before it:
// the lower-case hex SHA-256 of a fixed prefix, the sequence number, the
// subject, the previous hash and the body, separated so that no two
// different records hash the same input. Editing, removing or reordering
// any record changes the hash of every record after it.
func ChainHash(seq uint64, subject, prev string, body []byte) string {
	h := sha256.New()
	var buf [24]byte
	h.Write([]byte("releasekit audit v1\n"))
	h.Write(strconv.AppendUint(buf[:0], seq, 10))
	h.Write([]byte{'\n'})
	h.Write(strconv.AppendInt(buf[:0], int64(len(subject)), 10))
	h.Write([]byte{':'})
	h.Write([]byte(subject))
	h.Write([]byte{'\n'})
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(body)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// Store keeps the audit log. Implementations: MemStore here, a file on one
// machine in gate/filestore.
type Store interface {
	// Append adds body at the end of the log, as the record after the last
	// one (Seq, Prev and Hash set as ChainHash says), and returns the
	// record once it is durable: a record returned is never lost. Appends
	// from many goroutines (and, for a shared store, many processes) are
	// serialised.
	Append(ctx context.Context, subject string, body []byte) (Record, error)

	// Records yields the records with Seq >= from, in order: those of one
	// subject, or all of them when subject is "". Each call starts a new
	// iteration; an error ends it.
	Records(ctx context.Context, subject string, from uint64) iter.Seq2[Record, error]
}

// MemStore is a Store in memory, for tests and for hosts that keep the log
// elsewhere. The zero value is an empty store; it is safe for concurrent
// use.
type MemStore struct {
	mu        sync.RWMutex
	records   []Record
	bySubject map[string][]int // indexes into records
}

// Append adds a record; it never fails unless ctx has ended.
func (m *MemStore) Append(ctx context.Context, subject string, body []byte) (Record, error) {
	if err := ctx.Err(); err != nil {
		return Record{}, context.Cause(ctx)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r := Record{Seq: uint64(len(m.records)) + 1, Subject: subject, Body: slices.Clone(body)}
	if n := len(m.records); n > 0 {
		r.Prev = m.records[n-1].Hash
	}
	r.Hash = ChainHash(r.Seq, r.Subject, r.Prev, r.Body)
	if m.bySubject == nil {
		m.bySubject = make(map[string][]int)
	}
	m.bySubject[subject] = append(m.bySubject[subject], len(m.records))
	m.records = append(m.records, r)
	r.Body = slices.Clone(r.Body) // the caller's copy: changing it changes no record
	return r, nil
}

// Records yields a snapshot of the records: those appended while it runs
// are not seen.
func (m *MemStore) Records(ctx context.Context, subject string, from uint64) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		m.mu.RLock()
		all := m.records
		idx := m.bySubject[subject]
		m.mu.RUnlock()
		for k := 0; ; k++ {
			if err := ctx.Err(); err != nil {
				yield(Record{}, context.Cause(ctx))
				return
			}
			var r Record
			if subject == "" {
				if k >= len(all) {
					return
				}
				r = all[k]
			} else {
				if k >= len(idx) {
					return
				}
				r = all[idx[k]]
			}
			if r.Seq < from {
				continue
			}
			r.Body = slices.Clone(r.Body)
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Tamper gives tests of a host's audit handling a way to damage the log:
// f may edit, remove or reorder the records, and the store keeps what it
// returns, without rechaining.
func (m *MemStore) Tamper(f func([]Record) []Record) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records = f(slices.Clone(m.records))
	m.bySubject = make(map[string][]int)
	for i, r := range m.records {
		m.bySubject[r.Subject] = append(m.bySubject[r.Subject], i)
	}
}

// Checkpoint is a position in the audit log and the hash there. A host
// that keeps the latest checkpoint somewhere the log's writer cannot
// change (a ticket, a signed tag, another store) can prove later that no
// record up to it was removed from the end, which a hash chain alone
// cannot show.
type Checkpoint struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// AuditError is an audit log that does not verify: the first record at
// fault and what is wrong with it. It wraps ErrTampered.
type AuditError struct {
	Seq     uint64
	Problem string
}

func (e *AuditError) Error() string {
	return fmt.Sprintf("gate: audit log: record %d: %s", e.Seq, e.Problem)
}

// Unwrap returns ErrTampered.
func (e *AuditError) Unwrap() error { return ErrTampered }

// Verify reads the whole log and checks that it is the chain Append made:
// records numbered from 1 without gaps, each naming the hash of the one
// before and hashing to its own. An edited, removed or reordered record
// is an *AuditError naming the first record at fault. When want is not
// the zero Checkpoint, the log must also reach it with the same hash, so
// that records removed from the end are detected too. Verify returns the
// log's last checkpoint, for the host to keep.
func Verify(ctx context.Context, s Store, want Checkpoint) (Checkpoint, error) {
	var last Checkpoint
	seenWant := want.Seq == 0
	for r, err := range s.Records(ctx, "", 1) {
		if err != nil {
			return last, err
		}
		switch {
		case r.Seq != last.Seq+1:
			return last, &AuditError{Seq: last.Seq + 1, Problem: fmt.Sprintf("missing or out of order: the next record is numbered %d", r.Seq)}
		case r.Prev != last.Hash:
			return last, &AuditError{Seq: r.Seq, Problem: "does not follow the record before it (its previous hash differs)"}
		case ChainHash(r.Seq, r.Subject, r.Prev, r.Body) != r.Hash:
			return last, &AuditError{Seq: r.Seq, Problem: "edited: its content does not match its hash"}
		}
		last = Checkpoint{Seq: r.Seq, Hash: r.Hash}
		if r.Seq == want.Seq {
			if r.Hash != want.Hash {
				return last, &AuditError{Seq: r.Seq, Problem: "differs from the checkpoint kept"}
			}
			seenWant = true
		}
	}
	if !seenWant {
		return last, &AuditError{Seq: last.Seq + 1, Problem: fmt.Sprintf("missing: the log ends at record %d before the checkpoint at %d", last.Seq, want.Seq)}
	}
	return last, nil
}
