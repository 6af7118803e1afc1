package filestore_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// written makes a file of n records and returns its path, the records
// and the file's bytes.
func written(t *testing.T, n int) (string, []gate.Record, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.log")
	s, err := filestore.Open(path)
	require.NoError(t, err)
	recs := appendN(t, s, 0, n)
	require.NoError(t, s.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return path, recs, data
}

// lineStart returns the offset of line k (1-based) in data.
func lineStart(data []byte, k int) int {
	off := 0
	for range k - 1 {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return off
}

// assertRecovered checks that the file at path opens with records want,
// verifies, and takes the next record after the last of them.
func assertRecovered(t *testing.T, path string, want []gate.Record, size int) {
	t.Helper()
	s, err := filestore.Open(path)
	require.NoError(t, err, "Open")
	defer s.Close()
	assertSame(t, want, all(t, s))
	verify(t, s)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, int64(size), fi.Size(), "the torn record is truncated away")
	next := appendN(t, s, 100, 1)[0]
	last := want[len(want)-1]
	assert.Equal(t, last.Seq+1, next.Seq, "the next record takes the torn one's number")
	assert.Equal(t, last.Hash, next.Prev, "the next record chains from the last good one")
	assert.Equal(t, next.Seq, verify(t, s).Seq)
}

func TestTornTail(t *testing.T) {
	path, recs, data := written(t, 4)
	start := lineStart(data, 5) // the last record's line
	require.Less(t, start, len(data))
	// Every prefix of the last line, from its first byte to its last one
	// without the newline.
	for cut := start + 1; cut < len(data); cut++ {
		require.NoError(t, os.WriteFile(path, data[:cut], 0o600))
		t.Run("", func(t *testing.T) { assertRecovered(t, path, recs[:3], start) })
	}
	// Cut at a line boundary, nothing is torn.
	require.NoError(t, os.WriteFile(path, data[:start], 0o600))
	assertRecovered(t, path, recs[:3], start)
}

func TestTornTailDamaged(t *testing.T) {
	path, recs, data := written(t, 4)
	start := lineStart(data, 5)
	last := string(data[start:])
	tests := []struct {
		name string
		tail string
	}{
		{"zeros where the line was", strings.Repeat("\x00", len(last))},
		{"zeros after part of the line", last[:30] + strings.Repeat("\x00", 40)},
		{"garbage with a newline", "#&!\n"},
		{"an empty line", "\n"},
		{"its end lost, with a newline", last[:len(last)-9] + "\n"},
		{"a byte changed, with a newline", strings.Replace(last, `"n":3`, `"n":8`, 1)},
		{"zeros, then the end of the line", strings.Repeat("\x00", 50) + last[50:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, append(data[:start:start], tc.tail...), 0o600))
			assertRecovered(t, path, recs[:3], start)
		})
	}
}

func TestTampered(t *testing.T) {
	_, recs, data := written(t, 5)
	var ls []string
	for l := range strings.Lines(string(data)) {
		ls = append(ls, l)
	}
	require.Len(t, ls, 6)
	join := func(ls ...string) string { return strings.Join(ls, "") }
	rehashed := func() string {
		// Record 3 with another body, its own hash recomputed to match.
		r := recs[2]
		body := `{"n":99}`
		hash := gate.ChainHash(r.Seq, r.Subject, r.Prev, []byte(body))
		return strings.NewReplacer(`{"n":2}`, body, r.Hash, hash).Replace(ls[3])
	}
	tests := []struct {
		name    string
		content string
		seq     uint64 // the record at fault
		line    int
		problem string
	}{
		{"a middle line deleted", join(ls[0], ls[1], ls[2], ls[4], ls[5]), 3, 4, "missing or out of order"},
		{"two lines swapped", join(ls[0], ls[1], ls[3], ls[2], ls[4], ls[5]), 2, 3, "missing or out of order"},
		{"a line repeated", join(ls[0], ls[1], ls[2], ls[3], ls[3], ls[4], ls[5]), 4, 5, "missing or out of order"},
		{"the first line deleted", join(ls[0], ls[2], ls[3], ls[4], ls[5]), 1, 2, "missing or out of order"},
		{"a record edited and rehashed", join(ls[0], ls[1], ls[2], rehashed(), ls[4], ls[5]), 4, 5, "does not follow"},
		{"a body edited", join(ls[0], ls[1], ls[2], strings.Replace(ls[3], `"n":2`, `"n":7`, 1), ls[4], ls[5]), 3, 4, "edited"},
		{"a subject edited", join(ls[0], ls[1], ls[2], strings.Replace(ls[3], `shop@2.4.0`, `shop@2.4.1`, 1), ls[4], ls[5]), 3, 4, "edited"},
		{"a subject escaped another way", join(ls[0], ls[1], ls[2], strings.Replace(ls[3], `"shop@`, `"\u0073hop@`, 1), ls[4], ls[5]), 3, 4, "damaged"},
		{"a line inserted", join(ls[0], ls[1], ls[2], "# checked by eve\n", ls[3], ls[4], ls[5]), 3, 4, "damaged"},
		{"an empty line inserted", join(ls[0], ls[1], "\n", ls[2], ls[3], ls[4], ls[5]), 2, 3, "damaged"},
		{"two lines joined", join(ls[0], ls[1], ls[2], strings.TrimSuffix(ls[3], "\n"), ls[4], ls[5]), 3, 4, "edited"},
		{"a line torn in the middle", join(ls[0], ls[1], ls[2][:40], ls[3], ls[4], ls[5]), 2, 3, "damaged"},
		{"a record from another log", join(ls[0], ls[1], ls[2], ls[3], strings.Replace(ls[1], `"seq":1,`, `"seq":4,`, 1), ls[5]), 4, 5, "does not follow"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.log")
			require.NoError(t, os.WriteFile(path, []byte(tc.content), 0o600))
			s, err := filestore.Open(path)
			assert.Nil(t, s)
			assertTampered(t, err, path, tc.seq, tc.line, tc.problem)
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, tc.content, string(after), "Open drops nothing from a tampered file")
		})
	}
}

func assertTampered(t *testing.T, err error, path string, seq uint64, line int, problem string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, gate.ErrTampered)
	ce, ok := errors.AsType[*filestore.CorruptError](err)
	if assert.True(t, ok, "a *CorruptError: %v", err) {
		assert.Equal(t, path, ce.Path)
		assert.Equal(t, line, ce.Line, "line: %v", err)
	}
	ae, ok := errors.AsType[*gate.AuditError](err)
	if assert.True(t, ok, "a *gate.AuditError: %v", err) {
		assert.Equal(t, seq, ae.Seq, "record at fault: %v", err)
		assert.Contains(t, ae.Problem, problem)
	}
}

func TestTamperedAnyByte(t *testing.T) {
	// Whatever byte of a middle record changes, Open fails naming that
	// record: it is never misread.
	_, _, data := written(t, 5)
	start, end := lineStart(data, 4), lineStart(data, 5) // record 3
	path := filepath.Join(t.TempDir(), "audit.log")
	for i := start; i < end; i++ {
		for _, flip := range []byte{0x01, 0x20, 0x80} {
			bad := bytes.Clone(data)
			bad[i] ^= flip
			if bad[i] == '\n' {
				continue // a line split in two: another test
			}
			require.NoError(t, os.WriteFile(path, bad, 0o600))
			_, err := filestore.Open(path)
			assertTampered(t, err, path, 3, 4, "")
		}
	}
}

func TestLastRecordEdited(t *testing.T) {
	// An edited last record cannot be told from a torn one: it is dropped,
	// and only a checkpoint kept elsewhere shows the loss.
	path, recs, data := written(t, 4)
	cp := gate.Checkpoint{Seq: 4, Hash: recs[3].Hash}
	edited := bytes.Replace(data, []byte(`{"n":3}`), []byte(`{"n":9}`), 1)
	require.NoError(t, os.WriteFile(path, edited, 0o600))
	s := open(t, path)
	assert.Len(t, all(t, s), 3)
	_, err := gate.Verify(context.Background(), s, cp)
	assert.ErrorIs(t, err, gate.ErrTampered, "Verify with the checkpoint shows the record removed")
}

func TestLastLineRemoved(t *testing.T) {
	// Whole lines removed from the end leave a file that chains; the
	// checkpoint shows them.
	path, recs, data := written(t, 4)
	require.NoError(t, os.WriteFile(path, data[:lineStart(data, 4)], 0o600))
	s := open(t, path)
	assert.Equal(t, uint64(2), verify(t, s).Seq, "without a checkpoint")
	_, err := gate.Verify(context.Background(), s, gate.Checkpoint{Seq: 4, Hash: recs[3].Hash})
	var ae *gate.AuditError
	require.ErrorAs(t, err, &ae, "with the checkpoint")
	assert.Equal(t, uint64(3), ae.Seq)
}

func TestCatchUpTampered(t *testing.T) {
	t.Run("records removed from the end", func(t *testing.T) {
		path, _, data := written(t, 5)
		s := open(t, path)
		require.Len(t, all(t, s), 5)
		require.NoError(t, os.Truncate(path, int64(lineStart(data, 5))))
		var err error
		for _, err = range s.Records(context.Background(), "", 1) {
			if err != nil {
				break
			}
		}
		assertTampered(t, err, path, 4, 5, "missing")
		_, err = s.Append(context.Background(), "x", []byte(`{}`))
		assertTampered(t, err, path, 4, 5, "missing")
	})
	t.Run("a bad record appended by another writer", func(t *testing.T) {
		path, _, data := written(t, 3)
		s := open(t, path)
		require.Len(t, all(t, s), 3)
		// Another program appends a copy of record 2, then a good record
		// after it: not a torn tail.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		require.NoError(t, err)
		_, err = f.Write(data[lineStart(data, 3):lineStart(data, 4)])
		require.NoError(t, err)
		_, err = f.Write(data[lineStart(data, 4):])
		require.NoError(t, err)
		require.NoError(t, f.Close())

		var errs []error
		for _, err := range s.Records(context.Background(), "", 1) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, "Records yields only the error")
		assertTampered(t, errs[0], path, 4, 5, "missing or out of order")
		_, err = s.Append(context.Background(), "x", []byte(`{}`))
		assertTampered(t, err, path, 4, 5, "missing or out of order")
	})
}

func TestTornTailSeenByAnotherStore(t *testing.T) {
	// A Store that finds a torn record left by another process's crash
	// does not yield it, removes it, and appends after the last good one.
	path, recs, data := written(t, 3)
	s := open(t, path)
	require.Len(t, all(t, s), 3)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.Write([]byte(`{"seq":4,"subject":"shop@2.4.0","prev":"` + recs[2].Hash[:20]))
	require.NoError(t, err)
	require.NoError(t, f.Close())

	assertSame(t, recs, all(t, s))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), fi.Size(), "Records removed the torn record")

	next := appendN(t, s, 3, 1)[0]
	assert.Equal(t, uint64(4), next.Seq)
	assert.Equal(t, recs[2].Hash, next.Prev)
	assert.Equal(t, uint64(4), verify(t, open(t, path)).Seq)
}

// FuzzOpen appends arbitrary bytes to a good file of three records:
// Open either keeps the three and whatever whole records follow, and the
// log verifies, or fails with gate.ErrTampered and leaves the file as it
// was. It never panics, misreads or drops a good record.
func FuzzOpen(f *testing.F) {
	const good = `{"seq":4,"subject":"x","prev":"","hash":"","body":{}}`
	f.Add([]byte(""))
	f.Add([]byte("\n"))
	f.Add([]byte(good))
	f.Add([]byte(good + "\n"))
	f.Add([]byte("\x00\x00\x00"))
	f.Add([]byte(`{"seq":4,"subject":"\u00e9","prev":"` + strings.Repeat("a", 64) + `","hash":"` + strings.Repeat("b", 64) + `","body":{}}` + "\n{}"))
	f.Fuzz(func(t *testing.T, tail []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "audit.log")
		s, err := filestore.Open(path)
		require.NoError(t, err)
		recs := appendN(t, s, 0, 3)
		require.NoError(t, s.Close())
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		content := append(data, tail...)
		require.NoError(t, os.WriteFile(path, content, 0o600))

		s, err = filestore.Open(path)
		after, rerr := os.ReadFile(path)
		require.NoError(t, rerr)
		if err != nil {
			assert.ErrorIs(t, err, gate.ErrTampered)
			assert.Equal(t, content, after, "a file that does not open is left as it was")
			return
		}
		defer s.Close()
		got := all(t, s)
		require.GreaterOrEqual(t, len(got), 3)
		assertSame(t, recs, got[:3])
		verify(t, s)
		assert.True(t, bytes.HasPrefix(content, after), "recovery only truncates")
		assert.Equal(t, len(got)+1, bytes.Count(after, []byte{'\n'}), "one line per record, all of them read")
		assert.True(t, bytes.HasSuffix(after, []byte{'\n'}), "the file ends with a whole record")
	})
}
