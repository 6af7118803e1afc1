package filestore_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/stretchr/testify/require"
)

// benchBody is a typical approval.
var benchBody = []byte(`{"kind":"approval","by":"ada@example.com","stage":"production","at":"2026-11-22T09:00:00Z"}`)

// BenchmarkAppend records approvals: each is one write and one fsync.
// Compare with BenchmarkFsync.
func BenchmarkAppend(b *testing.B) {
	s := open(b, filepath.Join(b.TempDir(), "audit.log"))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Append(ctx, "shop@2.4.0", benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFsync is the floor for BenchmarkAppend: it appends a line as
// long as an approval's record to a file and fsyncs it, nothing else.
func BenchmarkFsync(b *testing.B) {
	// The length of the line BenchmarkAppend writes.
	probe := filepath.Join(b.TempDir(), "probe.log")
	s := open(b, probe)
	_, err := s.Append(context.Background(), "shop@2.4.0", benchBody)
	require.NoError(b, err)
	data, err := os.ReadFile(probe)
	require.NoError(b, err)
	line := append(bytes.Repeat([]byte{'x'}, len(data)-len(header)-1), '\n')

	f, err := os.OpenFile(filepath.Join(b.TempDir(), "fsync.log"), os.O_RDWR|os.O_CREATE, 0o600)
	require.NoError(b, err)
	b.Cleanup(func() { f.Close() })
	var off int64
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.WriteAt(line, off); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		off += int64(len(line))
	}
}

// writeLog writes a file of n records in the documented format, without
// the package (and without n fsyncs): 50 subjects, bodies of about 60
// bytes.
func writeLog(tb testing.TB, path string, n int) {
	tb.Helper()
	var buf bytes.Buffer
	buf.WriteString(header)
	prev := ""
	for i := 1; i <= n; i++ {
		subject := fmt.Sprintf("svc%d@1.%d.0", i%50, i%7)
		body := fmt.Appendf(nil, `{"kind":"approval","by":"user%d","n":%d}`, i%13, i)
		hash := gate.ChainHash(uint64(i), subject, prev, body)
		fmt.Fprintf(&buf, `{"seq":%d,"subject":"%s","prev":"%s","hash":"%s","body":%s}`+"\n", i, subject, prev, hash, body)
		prev = hash
	}
	require.NoError(tb, os.WriteFile(path, buf.Bytes(), 0o600))
}

func TestLargeLog(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 1000
	}
	path := filepath.Join(t.TempDir(), "audit.log")
	writeLog(t, path, n)
	s := open(t, path)
	cp := verify(t, s)
	require.Equal(t, uint64(n), cp.Seq)
	var seqs int
	for r, err := range s.Records(context.Background(), "svc7@1.0.0", uint64(n/2)) {
		require.NoError(t, err)
		require.Equal(t, "svc7@1.0.0", r.Subject)
		seqs++
	}
	require.Equal(t, n/350-n/2/350, seqs, "records of one subject in the second half")
}

// BenchmarkVerify verifies a log of 100,000 records (the target is 200
// ms): the Store yields them from memory, Verify hashes each.
func BenchmarkVerify(b *testing.B) {
	path := filepath.Join(b.TempDir(), "audit.log")
	writeLog(b, path, 100_000)
	s := open(b, path)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gate.Verify(ctx, s, gate.Checkpoint{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen opens a log of 100,000 records: it reads the file and
// checks the whole chain.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "audit.log")
	writeLog(b, path, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		s, err := filestore.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkRecordsSubject reads the records of one subject (2,000 of
// 100,000) from the middle on, as a gate reading its approvals does.
func BenchmarkRecordsSubject(b *testing.B) {
	path := filepath.Join(b.TempDir(), "audit.log")
	writeLog(b, path, 100_000)
	s := open(b, path)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range s.Records(ctx, "svc7@1.0.0", 50_000) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
