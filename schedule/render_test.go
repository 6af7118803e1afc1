package schedule_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./schedule -update to create it")
	assert.Equal(t, string(want), string(got))
}

// TestRender writes one plan in every format. Its task IDs include what a
// hostile or careless source could send: quotes, brackets, a colon, a
// line break, a Mermaid directive.
func TestRender(t *testing.T) {
	cal := mustCalendar(t, "allow every Mon-Fri 09:00-17:00 in UTC")
	g := graph(
		task("build", time.Hour),
		task(`api "v2"`, 2*time.Hour, "build"),
		task("db: migrate [orders]", 3*time.Hour, "build"),
		task("smoke\nclick evil callback", 30*time.Minute, `api "v2"`, "db: migrate [orders]"),
		task("done", 0, "smoke\nclick evil callback"),
	)
	p, err := schedule.Planner{Concurrency: 2, Calendar: cal}.Plan(g, time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC))
	require.NoError(t, err)

	golden(t, "plan.txt", []byte(p.String()))
	var buf bytes.Buffer
	require.NoError(t, p.WriteMermaidGantt(&buf))
	golden(t, "plan.gantt.mmd", buf.Bytes())
	buf.Reset()
	require.NoError(t, g.WriteMermaidFlowchart(&buf, p))
	golden(t, "plan.flowchart.mmd", buf.Bytes())
	buf.Reset()
	require.NoError(t, g.WriteDOT(&buf, p))
	golden(t, "plan.dot", buf.Bytes())
	b, err := json.MarshalIndent(p, "", "  ")
	require.NoError(t, err)
	golden(t, "plan.json", append(b, '\n'))

	assert.NotContains(t, p.String(), "\nclick", "an ID cannot start a line of its own")
	buf.Reset()
	require.NoError(t, g.WriteMermaidFlowchart(&buf, p))
	assert.NotContains(t, buf.String(), "\nclick")
	assert.NotContains(t, buf.String(), `api "v2"`)
}
