//go:build unix && !aix && !(solaris && !illumos)

package filestore_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var crashRuns = flag.Int("crash.runs", 30, "how many times TestCrash kills a writer (5 with -short)")

// crashEnv names the file TestCrashChild appends to; TestCrash sets it.
const crashEnv = "FILESTORE_CRASH_CHILD_PATH"

// TestCrashChild is the writer TestCrash kills: it appends records until
// it is killed, printing "ack <seq> <hash>" after each Append returns.
// Some bodies are large, so that a kill can land inside a write.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestCrash, with " + crashEnv + " set")
	}
	s, err := filestore.Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for i := range 1_000_000 {
		pad := rand.IntN(200)
		if rand.IntN(4) == 0 {
			pad = rand.IntN(256 << 10)
		}
		body := fmt.Appendf(nil, `{"pid":%d,"i":%d,"pad":"%s"}`, os.Getpid(), i, strings.Repeat("x", pad))
		r, err := s.Append(context.Background(), fmt.Sprint("subject-", i%5), body)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		// One write(2) of a short line to a pipe: whole or not at all.
		fmt.Printf("ack %d %s\n", r.Seq, r.Hash)
	}
}

// TestCrash kills a writer with SIGKILL at random moments, again and
// again on one file, and checks after each kill that every record the
// writer was told is durable is in the file, unchanged, and that the file
// verifies. It kills processes, not the machine: it shows that no torn
// write is misread or kept and that recovery keeps acknowledged records,
// not that the disk keeps what fsync says.
func TestCrash(t *testing.T) {
	runs := *crashRuns
	if testing.Short() {
		runs = min(runs, 5)
	}
	path := filepath.Join(t.TempDir(), "audit.log")
	acked := make(map[uint64]string) // seq -> hash, over all runs
	var last gate.Checkpoint
	torn := 0 // runs that left a torn record
	for run := range runs {
		// Most runs kill the writer while it appends; some while it starts
		// up and opens (and perhaps recovers) the file.
		early := run%5 == 4
		lines := crashOnce(t, path, early, time.Duration(rand.IntN(20_000))*time.Microsecond)
		for _, l := range lines {
			f := strings.Fields(l)
			require.Len(t, f, 3, "run %d: the writer printed %q", run, l)
			require.Equal(t, "ack", f[0], "run %d: the writer printed %q", run, l)
			seq, err := strconv.ParseUint(f[1], 10, 64)
			require.NoError(t, err)
			if h, ok := acked[seq]; ok {
				require.Equal(t, h, f[2], "run %d: record %d acknowledged twice with different hashes", run, seq)
			}
			acked[seq] = f[2]
			if seq > last.Seq {
				last = gate.Checkpoint{Seq: seq, Hash: f[2]}
			}
		}

		before, err := os.Stat(path)
		require.NoError(t, err)
		s, err := filestore.Open(path)
		require.NoError(t, err, "run %d: Open after the kill", run)
		if after, err := os.Stat(path); err == nil && after.Size() < before.Size() {
			torn++
		}
		recs := all(t, s)
		for seq, hash := range acked {
			if assert.LessOrEqual(t, seq, uint64(len(recs)), "run %d: acknowledged record %d is in the file", run, seq) {
				assert.Equal(t, hash, recs[seq-1].Hash, "run %d: acknowledged record %d is unchanged", run, seq)
			}
		}
		_, err = gate.Verify(context.Background(), s, last)
		assert.NoError(t, err, "run %d: Verify with the last acknowledged checkpoint", run)
		require.NoError(t, s.Close())
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills, %d records acknowledged, %d torn records removed", runs, len(acked), torn)
	require.NotEmpty(t, acked, "the writer acknowledged records")
}

// crashOnce runs TestCrashChild on path and kills it with SIGKILL, delay
// after its first acknowledgement (or after it starts, when early), and
// returns the whole lines it printed.
func crashOnce(t *testing.T, path string, early bool, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var (
		mu    sync.Mutex
		lines []string
		first = make(chan struct{}) // closed at the first line
		eof   = make(chan struct{}) // closed when stdout is closed
	)
	go func() {
		defer close(eof)
		r := bufio.NewReader(stdout)
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return // a line cut short by the kill is not an acknowledgement
			}
			mu.Lock()
			lines = append(lines, strings.TrimSuffix(l, "\n"))
			if len(lines) == 1 {
				close(first)
			}
			mu.Unlock()
		}
	}()
	if !early {
		select {
		case <-first:
		case <-eof:
		case <-time.After(30 * time.Second):
		}
	}
	time.Sleep(delay)
	require.NoError(t, cmd.Process.Kill())
	<-eof
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != -1 {
		t.Fatalf("the writer was not killed but ended: %v\nstdout: %q\nstderr: %s", err, lines, stderr.Bytes())
	}
	mu.Lock()
	defer mu.Unlock()
	return lines
}
