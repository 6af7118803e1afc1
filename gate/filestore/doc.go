// Package filestore keeps a gate audit log in one append-only text file
// on one machine: a durable, embedded [gate.Store] that several processes
// may share.
//
//	s, err := filestore.Open("/var/lib/releasekit/audit.log")
//	if err != nil {
//		return err // a damaged file is a *CorruptError wrapping gate.ErrTampered
//	}
//	defer s.Close()
//	r, err := s.Append(ctx, "shop@2.4.0", []byte(`{"kind":"approval","by":"ada"}`))
//	// r is on disk: r.Seq, r.Hash
//	cp, err := gate.Verify(ctx, s, lastCheckpoint)
//
// # Format
//
// The file is text, one line per record, that an auditor can read with a
// text editor and a program with any JSON-lines reader. Its first line is
// a header naming the format and its version:
//
//	{"format":"releasekit-audit","version":1}
//	{"seq":1,"subject":"shop@2.4.0","prev":"","hash":"bc5579ff…","body":{"kind":"approval","by":"ada"}}
//	{"seq":2,"subject":"shop@2.4.0","prev":"bc5579ff…","hash":"417dc0fa…","body":{"kind":"decision","allowed":true}}
//
// Each line is a JSON object with its fields in this order: seq, the
// record's number from 1; subject, as a JSON string (printable characters
// as they are, anything invisible escaped); prev and hash, lower-case hex
// SHA-256 from [gate.ChainHash], which is also the record's checksum; and
// body, last, exactly the bytes the host appended. So that bodies can be
// kept byte for byte on one line, [Store.Append] accepts only bodies that
// are valid JSON in UTF-8, without a newline byte, of at most
// [MaxBodyLen] bytes; subjects must be valid UTF-8 of at most
// [MaxSubjectLen] bytes.
//
// # Durability
//
// [Store.Append] writes the record's line with one write and returns only
// once f.Sync (fsync(2)) has returned: an acknowledged record survives a
// crash of the process or of the machine, as far as the disk keeps what
// fsync says it has. That is one fsync per record, which is the cost of
// recording an approval. A new file is created with mode 0600 and its
// directory synced.
//
// # Locking
//
// Every Store holds flock(2) while it touches the file: exclusively to
// append (first reading what other Stores appended, so that numbers and
// hashes follow on) and to recover, shared to read. Any number of Stores,
// in one process or many, can use one file at once; each sees the others'
// records at its next call. Locks are advisory: a program that writes the
// file without them can corrupt it. On platforms without flock(2) (not
// Unix, AIX, Solaris) [Open] returns [ErrLockUnsupported].
//
// # Recovery
//
// A crash while appending can leave a torn record: the last line without
// its newline, or a last line that does not parse or does not match its
// hash. It was never acknowledged, so [Open] (and any Store that finds
// it later) drops it, truncating the file back to the record before,
// under the exclusive lock. Damage anywhere before the last line, a gap
// in the numbers, a record that does not name the one before, or records
// out of order are not what a crash leaves: Open fails with a
// [*CorruptError] that wraps gate.ErrTampered and names the line and the
// record, and drops nothing.
//
// # What it does not do
//
//   - It works on one machine. flock(2) may do nothing, or not what
//     this package needs, on network file systems (NFS, SMB, some FUSE
//     file systems): keep the file on a local disk, and use a database
//     store to share a log between machines.
//   - A hash chain cannot show that records were removed from the end of
//     the file: the rest still chains. Nor can it tell an edited last
//     record from a torn one, which Open drops. Keep the latest [gate.Checkpoint] that
//     [gate.Verify] returns somewhere the file's writers cannot change,
//     and pass it to Verify.
//   - It does not defend against someone who rewrites the whole file and
//     recomputes every hash; only a checkpoint kept elsewhere shows it.
//   - It keeps all records in memory, and never compacts or rotates the
//     file: it is sized for audit logs (millions of small records), not
//     for event streams.
//   - Do not replace or rename the file while Stores have it open: they
//     keep using the file they opened.
package filestore
