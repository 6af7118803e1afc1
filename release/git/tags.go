package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/release"
)

// Tag is a tag of the repository.
type Tag struct {
	// Name is the tag's name without "refs/tags/".
	Name string `json:"name"`

	// Commit is the hash of the commit the tag points to, through any
	// number of annotated tags. It is empty for a tag of a tree or a blob.
	Commit string `json:"commit,omitempty"`

	// Annotated reports an annotated tag (a tag object), as opposed to a
	// lightweight one (a ref to the commit).
	Annotated bool `json:"annotated,omitempty"`

	// Date is when an annotated tag was made, or the committer date of a
	// lightweight tag's commit.
	Date time.Time `json:"date,omitzero"`
}

// tagFormat has one line per tag: a ref name cannot hold a newline or a
// NUL.
const tagFormat = "--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:raw)"

// Tags returns all the repository's tags, sorted by name.
func (r Repo) Tags(ctx context.Context) ([]Tag, error) {
	return r.tags(ctx, "")
}

// TagsMerged returns the tags whose commit is reachable from ref (on its
// branch, as opposed to tags of other branches or of commits that were
// never merged), sorted by name. The error wraps ErrUnknownRef for an
// unknown ref.
func (r Repo) TagsMerged(ctx context.Context, ref string) ([]Tag, error) {
	hash, err := r.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	return r.tags(ctx, hash)
}

func (r Repo) tags(ctx context.Context, merged string) ([]Tag, error) {
	args := []string{"for-each-ref", tagFormat}
	if merged != "" {
		args = append(args, "--merged="+merged)
	}
	args = append(args, "refs/tags/")
	out, err := r.run(ctx, args...)
	if err != nil {
		return nil, err
	}
	var tags []Tag
	var deep []int // tags of tags: peeled one more level below
	for line := range bytes.SplitSeq(bytes.TrimSuffix(out, []byte{'\n'}), []byte{'\n'}) {
		if len(line) == 0 {
			continue
		}
		f := strings.Split(string(line), "\x00")
		if len(f) != 6 || !strings.HasPrefix(f[0], "refs/tags/") {
			return nil, &Error{Args: args, Err: fmt.Errorf("%w: a tag line %q", ErrOutput, shorten(line))}
		}
		t := Tag{Name: strings.TrimPrefix(f[0], "refs/tags/"), Annotated: f[1] == "tag"}
		switch {
		case f[1] == "commit":
			t.Commit = f[2]
		case f[1] == "tag" && f[3] == "commit":
			t.Commit = f[4]
		case f[1] == "tag" && f[3] == "tag":
			deep = append(deep, len(tags))
		}
		if secs, _, ok := strings.Cut(f[5], " "); ok {
			if sec, err := strconv.ParseInt(secs, 10, 64); err == nil {
				t.Date = time.Unix(sec, 0).UTC()
			}
		}
		tags = append(tags, t)
	}
	for _, i := range deep {
		hash, err := r.Resolve(ctx, "refs/tags/"+tags[i].Name)
		if err == nil {
			tags[i].Commit = hash
		} else if !errors.Is(err, ErrUnknownRef) {
			return nil, err
		}
	}
	slices.SortFunc(tags, func(a, b Tag) int { return strings.Compare(a.Name, b.Name) })
	return tags, nil
}

// LatestTag returns the tag with the greatest version under f among the
// tags reachable from ref (see release.TagFormat.Latest for channels and
// ties), with its version. When there is none, the error wraps ErrNoTag
// for a complete clone, and ErrShallow for a shallow one, where the tag
// may simply not have been fetched: proposing a first release there would
// be a silent wrong answer.
func (r Repo) LatestTag(ctx context.Context, f release.TagFormat, channel, ref string) (Tag, *semver.Version, error) {
	if err := f.Validate(); err != nil {
		return Tag{}, nil, err
	}
	tags, err := r.TagsMerged(ctx, ref)
	if err != nil {
		return Tag{}, nil, err
	}
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		if t.Commit != "" {
			names = append(names, t.Name)
		}
	}
	latest, ok := f.Latest(names, channel)
	if !ok {
		if f == "" {
			f = release.DefaultTagFormat
		}
		if shallow, err := r.IsShallow(ctx); err == nil && shallow {
			return Tag{}, nil, fmt.Errorf("git: no tag of the form %s reachable from %q: %w", f, ref, ErrShallow)
		}
		return Tag{}, nil, fmt.Errorf("git: no tag of the form %s reachable from %q: %w", f, ref, ErrNoTag)
	}
	i, _ := slices.BinarySearchFunc(tags, latest.Name, func(t Tag, name string) int { return strings.Compare(t.Name, name) })
	return tags[i], latest.Version, nil
}
