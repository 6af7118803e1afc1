package releasekit_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wallClock matches calls that read or wait on real time.
var wallClock = regexp.MustCompile(`\btime\.(Now|Sleep|After|AfterFunc|Tick|NewTimer|NewTicker|Since|Until)\(`)

// TestNoWallClock keeps time injected: outside the files that implement a
// real Clock, library code never reads or waits on real time, so that a
// virtual clock sees everything (DESIGN: "Time is injected").
func TestNoWallClock(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "examples", "bench", "testdata", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || d.Name() == "clock.go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if wallClock.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s:%d reads real time outside a Clock: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
