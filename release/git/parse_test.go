package git

import (
	"bufio"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const h1, h2 = "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222"

func parse(out string) ([]release.Commit, error) {
	p := logParser{rd: bufio.NewReaderSize(strings.NewReader(out), 16), intern: map[string]string{}, zones: map[int]*time.Location{}}
	var commits []release.Commit
	err := p.each(func(c release.Commit) error {
		commits = append(commits, c)
		return nil
	})
	return commits, err
}

// The parser on git's output as git writes it, including what the
// integration tests cannot easily make git print.
func TestLogParser(t *testing.T) {
	rec := func(hash, parents, msg string) string {
		return "\x1e" + hash + "\x00" + parents + "\x00Ada\x00ada@example.com\x001700000000 +0130\x001700000060 -0800\x00" + msg + "\x00"
	}
	cases := []struct {
		name    string
		out     string
		want    []release.Commit
		wantErr string
	}{
		{name: "empty", out: ""},
		{name: "one commit, no files", out: rec(h1, "", "feat: x\n"),
			want: []release.Commit{{Hash: h1, Header: "feat: x", Type: "feat", Description: "x", Conventional: true}}},
		{name: "files, binary, rename, a long message over the buffer",
			out: rec(h2, h1, "fix: y\n\n"+strings.Repeat("long ", 20)+"\n") + "\n3\t1\ta b\x00-\t-\tlogo.png\x000\t0\t\x00old/p\x00new/p\x00" + rec(h1, "", "x\n"),
			want: []release.Commit{
				{Hash: h2, Parents: []string{h1}, Header: "fix: y", Type: "fix", Description: "y", Conventional: true,
					Body:  strings.TrimSpace(strings.Repeat("long ", 20)),
					Files: []release.FileChange{{Path: "a b", Added: 3, Deleted: 1}, {Path: "logo.png", Binary: true}, {Path: "new/p", OldPath: "old/p"}}},
				{Hash: h1, Header: "x", Description: "x"},
			}},
		{name: "truncated inside a record", out: rec(h1, "", "x")[:60], wantErr: "ends inside a commit"},
		{name: "not a record", out: "commit 123\x00", wantErr: "a record starts with"},
		{name: "bad numstat", out: rec(h1, "", "x") + "\nx\ty\tz\x00", wantErr: "a --numstat entry"},
		{name: "numstat without tabs", out: rec(h1, "", "x") + "\nnothing\x00", wantErr: "a --numstat entry"},
		{name: "negative count", out: rec(h1, "", "x") + "\n-1\t2\tp\x00", wantErr: "a --numstat entry"},
		{name: "bad date", out: "\x1e" + h1 + "\x00\x00A\x00a@x\x00yesterday\x00now\x00x\x00", wantErr: "a date"},
		{name: "rename cut short", out: rec(h1, "", "x") + "\n1\t1\t\x00old\x00", wantErr: "ends inside a commit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse(tc.out)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.ErrorIs(t, err, ErrOutput)
				return
			}
			require.NoError(t, err)
			require.Len(t, got, len(tc.want))
			for i := range got {
				assert.Equal(t, int64(1700000000), got[i].AuthorTime.Unix())
				_, off := got[i].AuthorTime.Zone()
				assert.Equal(t, 90*60, off)
				_, off = got[i].CommitTime.Zone()
				assert.Equal(t, -8*3600, off)
				got[i].AuthorTime, got[i].CommitTime, got[i].Author = time.Time{}, time.Time{}, release.Person{}
				assert.Equal(t, tc.want[i], got[i])
			}
		})
	}
}

// FuzzLogParser feeds the parser arbitrary output: it must never panic,
// and whatever it accepts must be well formed.
func FuzzLogParser(f *testing.F) {
	f.Add("\x1e" + h1 + "\x00\x00A\x00a@x\x001 +0000\x001 +0000\x00feat: x\n\x00\n1\t2\tp\x00-\t-\tq\x000\t0\t\x00o\x00n\x00")
	f.Add("\x1e" + h1 + "\x00" + h2 + " " + h2 + "\x00\x00\x00-1 -2359\x00+9 +2359\x00\x00")
	f.Add("\n\n")
	f.Fuzz(func(t *testing.T, out string) {
		commits, err := parse(out)
		if err != nil {
			return
		}
		for _, c := range commits {
			if !isHash(c.Hash) {
				t.Fatalf("accepted hash %q", c.Hash)
			}
			for _, fc := range c.Files {
				if fc.Added < 0 || fc.Deleted < 0 || fc.Binary && fc.Added+fc.Deleted != 0 {
					t.Fatalf("accepted file %+v", fc)
				}
			}
		}
	})
}

// What git prints when it refuses or fails becomes a sentinel a host can
// test for.
func TestFailMapsStderr(t *testing.T) {
	cases := []struct {
		stderr string
		want   error
	}{
		{"fatal: detected dubious ownership in repository at '/w'\nTo add an exception ...", ErrNotRepository},
		{"fatal: not a git repository (or any of the parent directories): .git", ErrNotRepository},
		{"fatal: bad revision 'nope'", ErrUnknownRef},
		{"fatal: ambiguous argument 'x': unknown revision or path not in the working tree.", ErrUnknownRef},
	}
	for _, tc := range cases {
		err := Repo{}.fail(t.Context(), []string{"log"}, errors.New("exit status 128"), tc.stderr)
		assert.ErrorIs(t, err, tc.want, tc.stderr)
	}
	err := Repo{}.fail(t.Context(), []string{"log"}, errors.New("exit status 128"), "fatal: detected dubious ownership in repository")
	assert.ErrorContains(t, err, "Repo.SafeDirectory")
}
