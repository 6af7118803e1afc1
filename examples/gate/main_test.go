package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/schedule"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestOutput runs the whole simulation: the output depends only on the
// virtual clock, so it is the same on every run and machine.
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
	require.NoError(t, err, "run go test ./examples/gate -update to create it")
	assert.Equal(t, string(want), stdout.String())
}

func TestJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-json"}, &stdout, &stderr), stderr.String())
	out := stdout.Bytes()
	start := bytes.LastIndex(out, []byte("\n{\n"))
	require.Positive(t, start, "a JSON decision at the end")
	var d struct {
		Allowed     bool   `json:"allowed"`
		Status      string `json:"status"`
		Explanation struct {
			Gate     string `json:"gate"`
			Children []struct {
				Children []struct {
					Gate   string `json:"gate"`
					Status string `json:"status"`
				} `json:"children"`
			} `json:"children"`
		} `json:"explanation"`
	}
	require.NoError(t, json.Unmarshal(out[start+1:], &d))
	assert.True(t, d.Allowed)
	assert.Equal(t, "passed", d.Status)
	assert.Equal(t, "steady", d.Explanation.Gate)
	require.Len(t, d.Explanation.Children, 1)
	var gates []string
	for _, g := range d.Explanation.Children[0].Children {
		gates = append(gates, g.Gate+"="+g.Status)
	}
	assert.Equal(t, []string{"health=passed", "error rate=passed", "p99 latency=passed", "production window=passed"}, gates)
}

func TestBadFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"-nope"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "flag provided but not defined")
}

// TestCancelled stops the simulation through its context: it returns an
// error, not a decision, and leaves no goroutine behind (go test -race
// with the driver goroutine joined in driven).
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(ctx, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "context canceled")
}

// One calendar serves both packages: a schedule.Calendar is a gate.Window.
func TestScheduleCalendarIsAWindow(t *testing.T) {
	cal, err := schedule.ParseCalendar(calendar)
	require.NoError(t, err)
	var w gate.Window = cal
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	e := gate.Engine{Clock: gate.NewVirtualClock(time.Date(2026, 12, 11, 13, 0, 0, 0, berlin))}
	d, err := e.Evaluate(context.Background(), gate.Subject{ID: "x"}, gate.Freeze{Window: w, Expected: time.Hour})
	require.NoError(t, err)
	assert.Equal(t, gate.Pending, d.Status)
	assert.Contains(t, d.Results()[0].Reason, "closed until 2026-12-14 09:00 CET: Friday afternoon; next slot of 1h0m0s at 2026-12-14 09:00 CET")
}

// One virtual clock serves both packages.
func TestScheduleVirtualClockIsAGateClock(t *testing.T) {
	var c gate.Clock = schedule.NewVirtualClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	e := gate.Engine{Clock: c}
	d, err := e.Evaluate(context.Background(), gate.Subject{ID: "x"}, gate.Func(func(ctx context.Context, _ gate.Subject) gate.Result {
		return gate.Result{Status: gate.Passed, Reason: gate.ClockFrom(ctx).Now().Format(time.RFC3339)}
	}))
	require.NoError(t, err)
	assert.Equal(t, "2026-12-07T09:00:00Z", d.Results()[0].Reason)
}
