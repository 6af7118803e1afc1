package notes

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func notesFor(version string) Notes {
	return Build(Release{Version: version, Previous: "1.0.0", Date: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
		Commits: []release.Commit{commit(1, "", "feat: new thing")}}, Config{})
}

func rendered(t *testing.T, n Notes, f Format) string {
	var b bytes.Buffer
	require.NoError(t, Render(&b, n, f))
	return b.String()
}

func TestUpdate(t *testing.T) {
	n := notesFor("1.1.0")
	sec := rendered(t, n, Markdown)
	cases := []struct {
		name, old, want string
	}{
		{"empty file", "", "# Changelog\n\n" + sec},
		{"only a preamble", "# Changelog\n\nAll notable changes.\n", "# Changelog\n\nAll notable changes.\n\n" + sec},
		{"preamble without newline", "# Changelog", "# Changelog\n\n" + sec},
		{
			"above the newest release",
			"# Changelog\n\n## [1.0.0](u) (2026-01-01)\n\n* old\n",
			"# Changelog\n\n" + sec + "\n## [1.0.0](u) (2026-01-01)\n\n* old\n",
		},
		{
			"below Unreleased",
			"# Changelog\n\n## [Unreleased]\n\n- wip\n\n## [1.0.0] - 2026-01-01\n\n- old\n",
			"# Changelog\n\n## [Unreleased]\n\n- wip\n\n" + sec + "\n## [1.0.0] - 2026-01-01\n\n- old\n",
		},
		{
			"replaces its own section",
			"# Changelog\n\n## [1.1.0](u) (2026-01-31)\n\n* stale\n\n## 1.0.0\n\n* old\n",
			"# Changelog\n\n" + sec + "\n## 1.0.0\n\n* old\n",
		},
		{
			"replaces its own section at the end",
			"# Changelog\n\n## 1.1.0\n\n* stale\n",
			"# Changelog\n\n" + sec,
		},
		{
			"conventional-changelog h1 headings",
			"# [1.0.0](u) (2026-01-01)\n\n### Features\n",
			sec + "\n# [1.0.0](u) (2026-01-01)\n\n### Features\n",
		},
		{
			"headings in code blocks are not releases",
			"# Changelog\n\n```\n## 9.9.9\n```\n\n## v1.0.0\n",
			"# Changelog\n\n```\n## 9.9.9\n```\n\n" + sec + "\n## v1.0.0\n",
		},
		{
			"CRLF file keeps its bytes",
			"# Changelog\r\n\r\n## 1.0.0\r\n\r\n* old\r\n",
			"# Changelog\r\n\r\n" + sec + "\n## 1.0.0\r\n\r\n* old\r\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Update(&out, strings.NewReader(tc.old), n, Markdown))
			assert.Equal(t, tc.want, out.String())

			// Idempotent: a second run replaces, never duplicates.
			var again bytes.Buffer
			require.NoError(t, Update(&again, strings.NewReader(out.String()), n, Markdown))
			assert.Equal(t, out.String(), again.String(), "Update twice is Update once")
		})
	}
}

func TestUpdateErrorsWriteNothing(t *testing.T) {
	n := notesFor("1.1.0")
	var out bytes.Buffer
	err := Update(&out, iotest.ErrReader(errors.New("disk gone")), n, Markdown)
	assert.ErrorContains(t, err, "disk gone")
	assert.Zero(t, out.Len(), "nothing written on a read error")

	err = Update(&out, strings.NewReader(""), n, JSON)
	assert.ErrorIs(t, err, ErrFormat)
	assert.Zero(t, out.Len())

	err = Update(&out, strings.NewReader(strings.Repeat("x", MaxChangelogLen+1)), n, Markdown)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Zero(t, out.Len())
}

func FuzzUpdate(f *testing.F) {
	f.Add("# Changelog\n\n## [1.0.0](u)\n\n* old\n", "1.1.0")
	f.Add("## 1.1.0\n\n* stale\n## 1.0.0\n", "1.1.0")
	f.Add("```\n## 1.1.0\n", "1.1.0")
	f.Add("# [1.1.0-rc.1](x)\n", "1.1.0-rc.1")
	f.Fuzz(func(t *testing.T, old, version string) {
		n := notesFor(version)
		var out bytes.Buffer
		if err := Update(&out, strings.NewReader(old), n, Markdown); err != nil {
			t.Fatalf("Update failed: %v", err)
		}
		sec, got := rendered(t, n, Markdown), out.String()
		i := strings.Index(got, sec)
		if i < 0 {
			t.Fatalf("the new section is missing")
		}
		head, _, _ := strings.Cut(sec, "\n")
		own, ok := headingVersion([]byte(head))
		if !ok {
			own = "\x00"
		}
		_, ownBefore, _, _ := scan([]byte(old), own, false)
		if ownBefore < 0 && strings.TrimSpace(old) != "" {
			// Nothing replaced: apart from line breaks around the new
			// section, every byte of the old file is still there, in order.
			rest := got[:i] + got[i+len(sec):]
			if strings.ReplaceAll(rest, "\n", "") != strings.ReplaceAll(old, "\n", "") {
				t.Fatalf("old text changed:\n%q\n%q", old, rest)
			}
		}
		if ok {
			var again bytes.Buffer
			if err := Update(&again, strings.NewReader(got), n, Markdown); err != nil {
				t.Fatal(err)
			}
			if again.String() != got {
				t.Fatalf("not idempotent:\n%q\n%q", got, again.String())
			}
		}
	})
}
