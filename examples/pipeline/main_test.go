package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestPipelineOutput(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("the git program is not installed")
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, &stdout, &stderr)
	require.Equal(t, 0, code, "exit code; stderr: %s", stderr.String())

	golden := filepath.Join("testdata", "output.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, stdout.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./examples/pipeline -update to create it")
	assert.Equal(t, string(want), stdout.String(), "output (the repository is built with fixed dates, so hashes are stable; the later steps run on a virtual clock with fixed seeds)")
}

func TestPipelineBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-nope"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "flag provided but not defined")
}
