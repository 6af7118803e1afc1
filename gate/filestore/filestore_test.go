package filestore_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/releasekit/releasekit/gate/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const header = `{"format":"releasekit-audit","version":1}` + "\n"

// open opens the store at path and closes it when the test ends.
func open(t testing.TB, path string) *filestore.Store {
	t.Helper()
	s, err := filestore.Open(path)
	require.NoError(t, err, "Open")
	t.Cleanup(func() { s.Close() })
	return s
}

// appendN appends n records, two subjects in turn, numbered in their
// bodies from first.
func appendN(t testing.TB, s gate.Store, first, n int) []gate.Record {
	t.Helper()
	var out []gate.Record
	for i := first; i < first+n; i++ {
		r, err := s.Append(context.Background(), []string{"shop@2.4.0", "api@1.8.0"}[i%2], fmt.Appendf(nil, `{"n":%d}`, i))
		require.NoError(t, err, "Append")
		out = append(out, r)
	}
	return out
}

// all reads every record of s.
func all(t testing.TB, s gate.Store) []gate.Record {
	t.Helper()
	var out []gate.Record
	for r, err := range s.Records(context.Background(), "", 1) {
		require.NoError(t, err, "Records")
		out = append(out, r)
	}
	return out
}

// assertSame checks that got holds the records want, field by field.
func assertSame(t *testing.T, want, got []gate.Record) {
	t.Helper()
	require.Len(t, got, len(want), "records")
	for i := range want {
		assert.Equal(t, want[i].Seq, got[i].Seq, "record %d: Seq", i+1)
		assert.Equal(t, want[i].Subject, got[i].Subject, "record %d: Subject", i+1)
		assert.Equal(t, want[i].Prev, got[i].Prev, "record %d: Prev", i+1)
		assert.Equal(t, want[i].Hash, got[i].Hash, "record %d: Hash", i+1)
		assert.Equal(t, string(want[i].Body), string(got[i].Body), "record %d: Body", i+1)
	}
}

func verify(t testing.TB, s gate.Store) gate.Checkpoint {
	t.Helper()
	cp, err := gate.Verify(context.Background(), s, gate.Checkpoint{})
	require.NoError(t, err, "Verify")
	return cp
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) gate.Store {
		return open(t, filepath.Join(t.TempDir(), "audit.log"))
	})
}

func TestZeroStore(t *testing.T) {
	// The zero Store has no file: its methods fail, and do not panic.
	var s filestore.Store
	_, err := s.Append(context.Background(), "x", []byte(`{}`))
	assert.Error(t, err, "Append")
	var iterErr error
	for _, err := range s.Records(context.Background(), "", 1) {
		iterErr = err
	}
	assert.Error(t, iterErr, "Records")
	assert.Error(t, s.Close(), "Close")
}

func TestOpenCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "mode of a new file")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, header, string(data), "a new file holds the header alone")
	assert.Empty(t, all(t, s), "a new store has no records")
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	s, err := filestore.Open(path)
	require.NoError(t, err)
	want := appendN(t, s, 0, 7)
	require.NoError(t, s.Close())

	s = open(t, path)
	assertSame(t, want, all(t, s))
	cp := verify(t, s)
	assert.Equal(t, gate.Checkpoint{Seq: 7, Hash: want[6].Hash}, cp, "checkpoint after reopening")

	next := appendN(t, s, 7, 1)[0]
	assert.Equal(t, uint64(8), next.Seq, "Append after reopening continues the numbers")
	assert.Equal(t, want[6].Hash, next.Prev, "Append after reopening continues the chain")
	assert.Equal(t, uint64(8), verify(t, s).Seq)

	var seqs []uint64
	for r, err := range s.Records(context.Background(), "api@1.8.0", 4) {
		require.NoError(t, err)
		seqs = append(seqs, r.Seq)
	}
	assert.Equal(t, []uint64{4, 6, 8}, seqs, "the subject index after reopening")
}

func TestTwoStoresConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	stores := []*filestore.Store{open(t, path), open(t, path)}
	const writers, each = 4, 25 // per store
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		acks []gate.Record
	)
	for k, s := range stores {
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					r, err := s.Append(context.Background(), fmt.Sprint("s", w), fmt.Appendf(nil, `{"store":%d,"w":%d,"i":%d}`, k, w, i))
					if !assert.NoError(t, err) {
						return
					}
					mu.Lock()
					acks = append(acks, r)
					mu.Unlock()
				}
			})
		}
		// A reader per store, racing the writers: every snapshot verifies.
		wg.Go(func() {
			for range 20 {
				if _, err := gate.Verify(context.Background(), s, gate.Checkpoint{}); !assert.NoError(t, err) {
					return
				}
			}
		})
	}
	wg.Wait()
	const total = 2 * writers * each
	require.Len(t, acks, total)

	for k, s := range stores {
		got := all(t, s)
		require.Len(t, got, total, "store %d sees every record", k)
		assert.Equal(t, uint64(total), verify(t, s).Seq, "store %d", k)
		bodies := make(map[string]int)
		for i, r := range got {
			assert.Equal(t, uint64(i+1), r.Seq, "seqs are contiguous")
			bodies[string(r.Body)]++
		}
		assert.Len(t, bodies, total, "store %d: every body once", k)
	}
	got := all(t, stores[0])
	for _, a := range acks {
		assert.Equal(t, a.Hash, got[a.Seq-1].Hash, "acknowledged record %d is the one read back", a.Seq)
	}
	reopened := open(t, path)
	assertSame(t, got, all(t, reopened))
}

func TestRecordsSeeOtherStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	a, b := open(t, path), open(t, path)
	fromA := appendN(t, a, 0, 3)
	assertSame(t, fromA, all(t, b))

	var seqs []uint64
	for r, err := range b.Records(context.Background(), "api@1.8.0", 1) {
		require.NoError(t, err)
		seqs = append(seqs, r.Seq)
	}
	assert.Equal(t, []uint64{2}, seqs, "b's subject index holds a's records")

	fromB := appendN(t, b, 3, 1)[0]
	assert.Equal(t, uint64(4), fromB.Seq, "b numbers after a's records")
	assert.Equal(t, fromA[2].Hash, fromB.Prev, "b chains onto a's last record")
	fromA = append(fromA, appendN(t, a, 4, 1)...)
	assert.Equal(t, uint64(5), fromA[3].Seq, "a numbers after b's record")
	assert.Equal(t, fromB.Hash, fromA[3].Prev, "a chains onto b's record")
	assertSame(t, all(t, a), all(t, b))
}

func TestRecordsFrom(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "audit.log"))
	appendN(t, s, 0, 5)
	tests := []struct {
		name    string
		subject string
		from    uint64
		want    []uint64
	}{
		{"all from 0 is all from 1", "", 0, []uint64{1, 2, 3, 4, 5}},
		{"all from 4", "", 4, []uint64{4, 5}},
		{"all past the end", "", 9, nil},
		{"one subject from 2", "shop@2.4.0", 2, []uint64{3, 5}},
		{"one subject from its own seq", "shop@2.4.0", 3, []uint64{3, 5}},
		{"one subject past the end", "shop@2.4.0", 6, nil},
		{"a subject without records", "nobody", 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []uint64
			for r, err := range s.Records(context.Background(), tc.subject, tc.from) {
				require.NoError(t, err)
				got = append(got, r.Seq)
			}
			assert.Equal(t, tc.want, got)
		})
	}

	t.Run("stopping early", func(t *testing.T) {
		n := 0
		for range s.Records(context.Background(), "", 1) {
			n++
			break
		}
		assert.Equal(t, 1, n)
	})
	t.Run("a context ended while iterating", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		defer cancel(nil)
		cause := fmt.Errorf("stop")
		var seqs []uint64
		var gotErr error
		for r, err := range s.Records(ctx, "", 1) {
			if err != nil {
				gotErr = err
				break
			}
			seqs = append(seqs, r.Seq)
			cancel(cause)
		}
		assert.Equal(t, []uint64{1}, seqs)
		assert.ErrorIs(t, gotErr, cause, "the iteration ends with the context's cause")
	})
}

func TestClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	s, err := filestore.Open(path)
	require.NoError(t, err)
	appendN(t, s, 0, 3)

	// An iteration under way when Close is called finishes from memory.
	var seqs []uint64
	for r, err := range s.Records(context.Background(), "", 1) {
		require.NoError(t, err)
		if r.Seq == 1 {
			require.NoError(t, s.Close())
		}
		seqs = append(seqs, r.Seq)
	}
	assert.Equal(t, []uint64{1, 2, 3}, seqs)

	_, err = s.Append(context.Background(), "x", []byte(`{}`))
	assert.ErrorIs(t, err, filestore.ErrClosed, "Append after Close")
	var iterErr error
	n := 0
	for _, err := range s.Records(context.Background(), "", 1) {
		iterErr = err
		n++
	}
	assert.Equal(t, 1, n, "Records after Close yields only its error")
	assert.ErrorIs(t, iterErr, filestore.ErrClosed, "Records after Close")
	assert.ErrorIs(t, s.Close(), filestore.ErrClosed, "Close twice")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, 4, bytes.Count(data, []byte{'\n'}), "Close leaves the file as it was")
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string // in the message
	}{
		{"another program's file", "hello\nworld\n", "the first line is not"},
		{"a later version", `{"format":"releasekit-audit","version":2}` + "\n", "format version 2"},
		{"a header without its newline and more", `{"format":"releasekit-audit","version":1}{"seq":1}`, "the first line is not"},
		{"JSON lines of another program", `{"seq":1}` + "\n", "the first line is not"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.log")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o644))
			s, err := filestore.Open(path)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, filestore.ErrNotAuditLog)
			assert.ErrorContains(t, err, tc.want)
			data, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, tc.content, string(data), "the file is left as it was")
		})
	}
}

func TestOpenTornHeader(t *testing.T) {
	// A crash while the file was made leaves an empty file or part of the
	// header: Open writes the header again.
	for n := range len(header) {
		path := filepath.Join(t.TempDir(), "audit.log")
		require.NoError(t, os.WriteFile(path, []byte(header[:n]), 0o600))
		s := open(t, path)
		appendN(t, s, 0, 1)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(data, []byte(header)), "header torn at %d rewritten", n)
		assert.Equal(t, 2, bytes.Count(data, []byte{'\n'}), "header torn at %d: header and one record", n)
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	_, err := filestore.Open(filepath.Join(t.TempDir(), "no", "such", "audit.log"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.ErrorContains(t, err, "filestore: ")
}

func TestAppendCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := fmt.Errorf("shutting down")
	cancel(cause)
	_, err := s.Append(ctx, "x", []byte(`{}`))
	assert.ErrorIs(t, err, cause, "Append returns the context's cause")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, header, string(data), "a cancelled Append writes nothing")
}

func TestSubjectsIndexedOnce(t *testing.T) {
	// The Records of one subject after reopening equal those before.
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	appendN(t, s, 0, 10)
	bySubject := func(s gate.Store, subject string) []uint64 {
		var seqs []uint64
		for r, err := range s.Records(context.Background(), subject, 1) {
			require.NoError(t, err)
			seqs = append(seqs, r.Seq)
		}
		return seqs
	}
	before := bySubject(s, "shop@2.4.0")
	after := bySubject(open(t, path), "shop@2.4.0")
	assert.Equal(t, []uint64{1, 3, 5, 7, 9}, before)
	assert.True(t, slices.Equal(before, after), "reopened: %v", after)
}
