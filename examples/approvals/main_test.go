package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestOutput runs the whole release: every vote is cast once the waiting
// pipeline sleeps, so the output is the same on every run.
func TestOutput(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), nil, &stdout, &stderr), stderr.String())
	golden := filepath.Join("testdata", "output.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, stdout.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./examples/approvals -update to create it")
	assert.Equal(t, string(want), stdout.String())
}

// TestLogKept runs twice on one log file: the second run continues the
// chain, and the file verifies after each.
func TestLogKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	records := regexp.MustCompile(`audit log: (\d+) records, verified`)
	var counts []string
	for range 2 {
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(context.Background(), []string{"-log", path}, &stdout, &stderr), stderr.String())
		m := records.FindStringSubmatch(stdout.String())
		require.NotNil(t, m, stdout.String())
		counts = append(counts, m[1])
	}
	assert.Equal(t, "15", counts[0])
	assert.NotEqual(t, counts[0], counts[1], "the second run appends to the same chain")
}

func TestBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-nope"}, &stdout, &stderr))
}

func TestUnwritableLog(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"-log", filepath.Join(t.TempDir(), "missing", "dir", "audit.log")}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "approvals:")
}

// TestCancelled: a cancelled context ends the run with an error, not a
// panic, and leaves no goroutine writing behind it.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(ctx, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "context canceled")
}
