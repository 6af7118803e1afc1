package risk_test

import (
	"testing"
	"time"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
)

func TestLabelByFixes(t *testing.T) {
	h := []risk.Change{
		{ID: "a", Time: day(0), Files: []risk.File{{Path: "x.go"}, {Path: "y.go"}}},
		{ID: "b", Time: day(1), Files: []risk.File{{Path: "y.go"}}},
		{ID: "c", Time: day(2), Files: []risk.File{{Path: "z.go", OldPath: "x.go"}}},
		{ID: "fix1", Time: day(3), Fix: true, Files: []risk.File{{Path: "y.go"}}},    // blames b, the last to touch y.go
		{ID: "fix2", Time: day(60), Fix: true, Files: []risk.File{{Path: "z.go"}}},   // blames c (x.go renamed)
		{ID: "fix3", Time: day(61), Fix: true, Files: []risk.File{{Path: "new.go"}}}, // a new file: nobody
	}
	assert.Equal(t, []bool{false, true, true, false, false, false}, risk.LabelByFixes(h, 0))
	// Within 30 days only: fix2 came 58 days after c.
	assert.Equal(t, []bool{false, true, false, false, false, false}, risk.LabelByFixes(h, 30*24*time.Hour))
	assert.Empty(t, risk.LabelByFixes(nil, 0))
}
