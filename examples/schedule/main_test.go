package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestOutput runs the whole release: the clock moves only once every
// running task waits on it, so the output is the same on every run.
func TestOutput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, &stdout, &stderr)
	require.Equal(t, 0, code, "exit code; stderr: %s", stderr.String())

	golden := filepath.Join("testdata", "output.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, stdout.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./examples/schedule -update to create it")
	assert.Equal(t, string(want), stdout.String())
	assert.NotContains(t, stdout.String(), "\r", "a buffer is no terminal: a line per event")
}

// TestBar forces the terminal's progress bar: every event redraws the
// status line in place, a retry keeps a line of its own above it, and the
// output ends with a newline so that what follows starts on a fresh line.
func TestBar(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-progress", "bar"}, &stdout, &stderr), stderr.String())
	out := stdout.String()
	assert.Equal(t, 25+1, strings.Count(out, eraseLine), "a redraw per event (12 starts, 12 finishes, a retry), and the retry's kept line")
	assert.Contains(t, out, eraseLine+"[#-------------------]  1/12  09:20  running: migrate, web"+eraseLine)
	assert.Contains(t, out, eraseLine+"09:30 [###-----------------]  2/12  retry      migrate (try 2): lock timeout on table orders (transient)\n"+eraseLine)
	assert.Contains(t, out, eraseLine+"[####################] 12/12  10:27\n\nrun: ", "the last bar stays, ended by a newline")
	assert.True(t, strings.HasSuffix(out, "\n"), "ends with a newline")

	var lines bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-progress", "lines"}, &lines, &stderr), stderr.String())
	before := func(s string) string { s, _, _ = strings.Cut(s, "\nrun from"); return s }
	after := func(s string) string { _, s, _ = strings.Cut(s, "\nrun: "); return s }
	assert.Equal(t, before(lines.String()), before(out), "the same plan")
	assert.Equal(t, after(lines.String()), after(out), "the same report")
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"-progress", "fancy"}} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, 2, run(context.Background(), args, &stdout, &stderr), "%q", args)
		assert.NotEmpty(t, stderr.String(), "%q says why", args)
	}
}

// TestCancelled stops the release through its context: it fails with the
// context's error and leaves no goroutine behind (the pacer's driver is
// joined before run returns).
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(ctx, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "context canceled")
	assert.Contains(t, stdout.String(), "12 tasks, 12 cancelled", "the report says what did not run")
	assert.Contains(t, stdout.String(), "the run did not complete; the plan's ETA was 10:15")
}

func TestIsTerminal(t *testing.T) {
	assert.False(t, isTerminal(&bytes.Buffer{}), "a buffer")
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a regular file")
}
