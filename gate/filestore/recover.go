package filestore

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/releasekit/releasekit/gate"
)

// catchUp reads the lines after the last record read, checks that they
// continue the chain, and adds them to the index. The caller holds
// fileMu and the file lock, exclusive or shared.
//
// A torn record at the end (a line without its newline, or a last line
// that does not parse or does not match its hash) is not indexed: with
// the exclusive lock, the file is truncated back to the record before it
// and synced; with the shared lock, catchUp reports it, for the caller to
// take the exclusive lock and call again. A fault anywhere else is a
// *CorruptError, and nothing is indexed.
func (s *Store) catchUp(exclusive bool) (torn bool, err error) {
	fi, err := s.f.Stat()
	if err != nil {
		return false, fmt.Errorf("filestore: %w", err)
	}
	size, end := fi.Size(), s.end()
	switch {
	case size < end:
		return false, s.shrunk(size)
	case size == end:
		return false, nil
	}
	buf := make([]byte, size-end)
	if _, err := s.f.ReadAt(buf, end); err != nil {
		return false, fmt.Errorf("filestore: reading %s: %w", s.path, err)
	}
	recs, ends, good, err := s.scan(buf, end)
	if err != nil {
		return false, err
	}
	if len(recs) > 0 {
		s.mu.Lock()
		if len(s.records) == 0 {
			s.records, s.ends = recs, ends // at Open: no copy
		} else {
			s.records, s.ends = append(s.records, recs...), append(s.ends, ends...)
		}
		for i := len(s.records) - len(recs); i < len(s.records); i++ {
			s.index(i)
		}
		s.mu.Unlock()
	}
	if good == len(buf) {
		return false, nil
	}
	if !exclusive {
		return true, nil
	}
	if err := s.f.Truncate(end + int64(good)); err != nil {
		return false, fmt.Errorf("filestore: removing a torn record from %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		return false, fmt.Errorf("filestore: syncing %s: %w", s.path, err)
	}
	return false, nil
}

// scan reads the record lines in buf, which starts at offset base just
// after the last record indexed. It returns the records, the offsets
// just after their lines, and the length of buf they take up; what
// follows them is a torn record. The records' bodies point into buf.
func (s *Store) scan(buf []byte, base int64) (recs []gate.Record, ends []int64, good int, err error) {
	seq := uint64(len(s.records))
	var prev string
	if seq > 0 {
		prev = s.records[seq-1].Hash
	}
	n := bytes.Count(buf, []byte{'\n'})
	recs, ends = make([]gate.Record, 0, n), make([]int64, 0, n)
	fresh := make(map[string]string) // subjects not yet indexed, to keep each once
	for good < len(buf) {
		nl := bytes.IndexByte(buf[good:], '\n')
		if nl < 0 {
			break // torn: the newline, written last, is missing
		}
		line := buf[good : good+nl]
		r, fault, tearable := s.check(line, seq, prev, fresh)
		if fault != nil {
			if tearable && good+nl+1 == len(buf) {
				break // torn: the last line, damaged
			}
			return nil, nil, 0, &CorruptError{Path: s.path, Line: int(seq) + 2, Err: fault}
		}
		good += nl + 1
		recs, ends = append(recs, r), append(ends, base+int64(good))
		seq, prev = r.Seq, r.Hash
	}
	return recs, ends, good, nil
}

// check reads the record on line, which must follow the record numbered
// seq and hashed prev. A fault is described as gate.Verify would; it is
// tearable when a crash in the middle of writing could have made it: the
// line does not parse, or does not hash as it says.
func (s *Store) check(line []byte, seq uint64, prev string, fresh map[string]string) (r gate.Record, fault *gate.AuditError, tearable bool) {
	p, problem := splitLine(line)
	if problem != "" {
		return r, &gate.AuditError{Seq: seq + 1, Problem: "damaged: the line is not a record: " + problem}, true
	}
	subject, ok := s.subject(p.subject, fresh)
	if !ok {
		return r, &gate.AuditError{Seq: seq + 1, Problem: "damaged: the line is not a record: its subject is not a string as this package writes it"}, true
	}
	r = gate.Record{Seq: p.seq, Subject: subject, Prev: prev, Body: p.body[:len(p.body):len(p.body)]}
	if string(p.prev) != prev {
		r.Prev = string(p.prev)
	}
	r.Hash = gate.ChainHash(r.Seq, r.Subject, r.Prev, r.Body)
	edited := r.Hash != string(p.hash)
	switch {
	case r.Seq != seq+1:
		fault = &gate.AuditError{Seq: seq + 1, Problem: fmt.Sprintf("missing or out of order: the next record is numbered %d", r.Seq)}
	case r.Prev != prev:
		fault = &gate.AuditError{Seq: r.Seq, Problem: "does not follow the record before it (its previous hash differs)"}
	case edited:
		fault = &gate.AuditError{Seq: r.Seq, Problem: "edited: its content does not match its hash"}
	}
	return r, fault, edited
}

// subject decodes a subject as appendQuoted wrote it, returning the
// string the index already holds for it, if any.
func (s *Store) subject(quoted []byte, fresh map[string]string) (string, bool) {
	raw := quoted[1 : len(quoted)-1]
	if !plainASCII(raw) {
		dec, ok := decodeSubject(quoted)
		if !ok {
			return "", false
		}
		raw = []byte(dec)
	}
	if si := s.subjects[string(raw)]; si != nil {
		return si.name, true
	}
	if name, ok := fresh[string(raw)]; ok {
		return name, true
	}
	name := string(raw)
	fresh[name] = name
	return name, true
}

// shrunk is the error for a file that now ends at size, before the end
// of records read earlier: records removed from the end.
func (s *Store) shrunk(size int64) error {
	i := sort.Search(len(s.ends), func(i int) bool { return s.ends[i] > size })
	return &CorruptError{Path: s.path, Line: i + 2, Err: &gate.AuditError{
		Seq:     uint64(i) + 1,
		Problem: fmt.Sprintf("missing: the file now ends at byte %d, before this record, read earlier, ends", size),
	}}
}
