package git

import (
	"context"
	"strings"

	"github.com/releasekit/releasekit/release"
)

// PlanWorkspace plans the next version of every component of w from the
// repository: the tags reachable from ref, and the commits since the
// oldest of the components' latest releases (the whole history when a
// component was never released), read with their files and parents. See
// release.Workspace.Plan for the rules and the errors; reading errors
// (ErrUnknownRef, ErrShallow, ...) come first.
func (r Repo) PlanWorkspace(ctx context.Context, w release.Workspace, ref string) (release.WorkspacePlan, error) {
	if err := w.Validate(); err != nil {
		return release.WorkspacePlan{}, err
	}
	if ref == "" {
		ref = "HEAD"
	}
	head, err := r.Resolve(ctx, ref)
	if err != nil {
		return release.WorkspacePlan{}, err
	}
	tags, err := r.TagsMerged(ctx, head)
	if err != nil {
		return release.WorkspacePlan{}, err
	}
	names := make([]string, 0, len(tags))
	refs := make([]release.TagRef, 0, len(tags))
	commitOf := make(map[string]string, len(tags))
	for _, t := range tags {
		if t.Commit == "" {
			continue
		}
		names = append(names, t.Name)
		refs = append(refs, release.TagRef{Name: t.Name, Commit: t.Commit})
		commitOf[t.Name] = t.Commit
	}

	// The commits needed are those after some component's release: all of
	// them lie after the common ancestor of the releases' commits.
	var bases []string
	latest := w.LatestTags(names)
	if len(latest) == len(w.Components) {
		for _, c := range w.Components {
			bases = append(bases, commitOf[latest[c.Name]])
		}
	}
	from := ""
	if len(bases) > 0 {
		out, err := r.run(ctx, append([]string{"merge-base", "--octopus", "--end-of-options"}, bases...)...)
		if err != nil {
			return release.WorkspacePlan{}, err
		}
		from = strings.TrimSpace(string(out))
	}
	commits, err := r.Commits(ctx, Range{From: from, To: head})
	if err != nil {
		return release.WorkspacePlan{}, err
	}
	return w.Plan(refs, commits)
}
