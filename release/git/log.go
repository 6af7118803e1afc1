package git

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/releasekit/releasekit/release"
)

// MaxTokenLen bounds one field of git's output, in practice a commit
// message or a path: a longer one is an error wrapping ErrOutput, so a
// hostile repository cannot make the reader hold unbounded memory.
const MaxTokenLen = 64 << 20

// Range selects the commits Log reads: those reachable from To and not
// from From, as "git log From..To" selects them.
type Range struct {
	// From is the exclusive start, usually the previous release tag.
	// Empty means the whole history of To.
	From string

	// To is the inclusive end. Empty means HEAD.
	To string

	// Paths, when not empty, keeps only the commits that change a file
	// under one of them (a directory or a file, relative to the
	// repository root). They are literal paths: no glob or pathspec magic.
	Paths []string

	// FirstParent follows only the first parent of merge commits, as a
	// project that merges pull requests sees its main line; a merge's
	// Files are then its changes against the first parent.
	FirstParent bool

	// NoFiles leaves Commit.Files empty and skips computing them, which
	// is much faster: git then reads no trees.
	NoFiles bool
}

// recordStart begins each commit's record in the log format below. A
// commit message cannot hold a NUL (git ends %B at one), so the NUL-framed
// fields are unambiguous, and the record separator checks the framing.
const (
	recordStart = '\x1e'
	logFormat   = "--format=%x1e%H%x00%P%x00%an%x00%ae%x00%ad%x00%cd%x00%B"
)

// Log returns the commits of rng, newest first in git's default order,
// each message parsed with release.ParseCommit and with Hash, Parents,
// Author, AuthorTime, CommitTime and (unless rng.NoFiles) Files set. Files
// are the changes against the first parent, with renames detected (OldPath
// set); a merge commit has none unless rng.FirstParent is set.
//
// The commits stream from git as they are read: the whole log is never
// held in memory. An error is yielded once, as the last pair, with a zero
// Commit: ErrUnknownRef for a ref the repository lacks, ErrShallow when a
// shallow clone lacks the commits back to rng.From (or the root, when From
// is empty) — everything yielded before it is correct but the range is
// incomplete. Breaking out of the loop stops git. When ctx ends, Log stops
// git and yields context.Cause(ctx).
func (r Repo) Log(ctx context.Context, rng Range) iter.Seq2[release.Commit, error] {
	return func(yield func(release.Commit, error) bool) {
		if err := r.log(ctx, rng, yield); err != nil {
			yield(release.Commit{}, err)
		}
	}
}

// Commits is Log collected into a slice. On error it returns no commits.
func (r Repo) Commits(ctx context.Context, rng Range) ([]release.Commit, error) {
	var out []release.Commit
	for c, err := range r.Log(ctx, rng) {
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// log runs git log and yields each commit. It returns the error to yield,
// or nil when the log ended or the consumer stopped.
func (r Repo) log(ctx context.Context, rng Range, yield func(release.Commit, error) bool) error {
	to := rng.To
	if to == "" {
		to = "HEAD"
	}
	toHash, err := r.Resolve(ctx, to)
	if err != nil {
		return err
	}
	revs := []string{toHash}
	if rng.From != "" {
		fromHash, err := r.Resolve(ctx, rng.From)
		if err != nil {
			return err
		}
		revs = append(revs, "^"+fromHash)
	}
	shallow, err := r.shallow(ctx)
	if err != nil {
		return err
	}

	args := []string{"-c", "diff.relative=false", "log", "-z", logFormat, "--date=raw", "--no-color"}
	if rng.FirstParent {
		args = append(args, "--first-parent", "-m")
	}
	if !rng.NoFiles {
		args = append(args, "--numstat", "-M", "--no-ext-diff", "--no-textconv")
	}
	args = append(args, "--end-of-options")
	args = append(args, revs...)
	args = append(args, "--")
	args = append(args, rng.Paths...)

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := r.command(ctx, args)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return r.fail(parent, args, err, "")
	}
	p := logParser{rd: bufio.NewReaderSize(stdout, 64<<10), intern: make(map[string]string), zones: make(map[int]*time.Location)}
	perr := p.each(func(c release.Commit) error {
		if shallow[c.Hash] {
			return &Error{Args: args, Err: fmt.Errorf("history ends at %s: %w", c.Hash, ErrShallow)}
		}
		if !yield(c, nil) {
			return errStop
		}
		return nil
	})
	if perr != nil {
		cancel()
		_ = cmd.Wait()
		if perr == errStop {
			return nil
		}
		if parent.Err() != nil {
			return context.Cause(parent)
		}
		var ge *Error
		if !errors.As(perr, &ge) {
			perr = &Error{Args: args, Stderr: stderr.String(), Err: perr}
		}
		return perr
	}
	if err := cmd.Wait(); err != nil {
		return r.fail(parent, args, err, stderr.String())
	}
	return nil
}

// errStop reports that the consumer broke out of the loop.
var errStop = errors.New("stop")

// logParser reads the output of git log -z with logFormat and, optionally,
// --numstat: each record is the format's NUL-separated fields, a NUL, and
// then one NUL-terminated "added\tdeleted\tpath" entry per file, the first
// after a newline; a rename's entry has an empty path followed by the old
// and new paths as two more NUL-terminated fields.
type logParser struct {
	rd      *bufio.Reader
	scratch []byte
	intern  map[string]string // names, e-mail addresses and paths repeat
	zones   map[int]*time.Location
}

// token returns the bytes up to the next NUL, valid until the next call.
// At the end of the output it returns io.EOF, or io.ErrUnexpectedEOF if
// bytes were left.
func (p *logParser) token() ([]byte, error) {
	b, err := p.rd.ReadSlice(0)
	if err == nil {
		return b[:len(b)-1], nil
	}
	if err != bufio.ErrBufferFull {
		if err == io.EOF && len(b) > 0 {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	p.scratch = append(p.scratch[:0], b...)
	for {
		b, err = p.rd.ReadSlice(0)
		p.scratch = append(p.scratch, b...)
		if len(p.scratch) > MaxTokenLen {
			return nil, fmt.Errorf("%w: a field longer than %d bytes", ErrOutput, MaxTokenLen)
		}
		switch err {
		case nil:
			return p.scratch[:len(p.scratch)-1], nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

func (p *logParser) str(b []byte) string {
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	p.intern[s] = s
	return s
}

// each parses records and calls fn for each commit until the output ends
// or fn returns an error.
func (p *logParser) each(fn func(release.Commit) error) error {
	for {
		first, err := p.rd.Peek(1)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if first[0] == '\n' { // tolerate a newline between records
			_, _ = p.rd.ReadByte()
			continue
		}
		c, err := p.record()
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
}

// record parses one commit.
func (p *logParser) record() (release.Commit, error) {
	var f [6]string
	for i := range f {
		b, err := p.token()
		if err != nil {
			return release.Commit{}, p.broken(err)
		}
		if i == 0 {
			if len(b) == 0 || b[0] != recordStart || !isHash(string(b[1:])) {
				return release.Commit{}, fmt.Errorf("%w: a record starts with %q", ErrOutput, shorten(b))
			}
			b = b[1:]
		}
		if i == 2 || i == 3 {
			f[i] = p.str(b)
		} else {
			f[i] = string(b)
		}
	}
	msg, err := p.token()
	if err != nil {
		return release.Commit{}, p.broken(err)
	}
	c := release.ParseCommit(string(msg))
	c.Hash = f[0]
	if f[1] != "" {
		c.Parents = strings.Fields(f[1])
	}
	c.Author = release.Person{Name: f[2], Email: f[3]}
	if c.AuthorTime, err = p.time(f[4]); err != nil {
		return release.Commit{}, err
	}
	if c.CommitTime, err = p.time(f[5]); err != nil {
		return release.Commit{}, err
	}
	c.Files, err = p.files()
	return c, err
}

// files parses the --numstat entries after a record, if any.
func (p *logParser) files() ([]release.FileChange, error) {
	var files []release.FileChange
	for {
		next, err := p.rd.Peek(1)
		if err == io.EOF || err == nil && next[0] == recordStart {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := p.token()
		if err != nil {
			return nil, p.broken(err)
		}
		if len(files) == 0 && len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
		added, rest, ok1 := bytes.Cut(b, []byte{'\t'})
		deleted, path, ok2 := bytes.Cut(rest, []byte{'\t'})
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%w: a --numstat entry %q", ErrOutput, shorten(b))
		}
		var fc release.FileChange
		if string(added) == "-" && string(deleted) == "-" {
			fc.Binary = true
		} else {
			a, errA := strconv.Atoi(string(added))
			d, errD := strconv.Atoi(string(deleted))
			if errA != nil || errD != nil || a < 0 || d < 0 {
				return nil, fmt.Errorf("%w: a --numstat entry %q", ErrOutput, shorten(b))
			}
			fc.Added, fc.Deleted = a, d
		}
		if len(path) > 0 {
			fc.Path = p.str(path)
		} else { // a rename or copy: the old and the new path follow
			old, err := p.token()
			if err != nil {
				return nil, p.broken(err)
			}
			fc.OldPath = p.str(old)
			nw, err := p.token()
			if err != nil {
				return nil, p.broken(err)
			}
			fc.Path = p.str(nw)
		}
		files = append(files, fc)
	}
}

// time parses git's raw date, "1700000000 +0100".
func (p *logParser) time(s string) (time.Time, error) {
	secs, zone, ok := strings.Cut(s, " ")
	sec, err := strconv.ParseInt(secs, 10, 64)
	if !ok || err != nil || len(zone) != 5 || zone[0] != '+' && zone[0] != '-' {
		return time.Time{}, fmt.Errorf("%w: a date %q", ErrOutput, shorten([]byte(s)))
	}
	hhmm, err := strconv.Atoi(zone[1:])
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: a date %q", ErrOutput, shorten([]byte(s)))
	}
	off := (hhmm/100*60 + hhmm%100) * 60
	if zone[0] == '-' {
		off = -off
	}
	loc, ok := p.zones[off]
	if !ok {
		loc = time.FixedZone("", off)
		p.zones[off] = loc
	}
	return time.Unix(sec, 0).In(loc), nil
}

// broken reports output that ended inside a record.
func (p *logParser) broken(err error) error {
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return fmt.Errorf("%w: the log ends inside a commit", ErrOutput)
	}
	return err
}

// shorten keeps error messages bounded.
func shorten(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
