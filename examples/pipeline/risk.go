package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/releasekit/releasekit/release/git"
	"github.com/releasekit/releasekit/risk"
)

// assessment is what the risk step hands on to the gates and the
// schedule.
type assessment struct {
	release    risk.ReleaseAssessment
	needs      risk.Requirements
	migrations int // files of the release under migrations/
}

// assess measures every commit of the history, scores the release's
// commits and the release as a whole, and prints the riskiest commit's
// explanation, the release's and what its level requires.
func assess(ctx context.Context, reader git.Repo, p proposal, start time.Time, w io.Writer) (assessment, error) {
	var a assessment
	all, err := reader.Commits(ctx, git.Range{})
	if err != nil {
		return a, err
	}
	slices.Reverse(all) // git lists the newest first; a risk history, the oldest
	history := make([]risk.Change, len(all))
	for i, c := range all {
		// risk has its own types and imports no other package: two lines
		// convert a commit.
		ch := risk.Change{ID: c.Hash, Author: c.Author.Email, Time: c.AuthorTime, Fix: c.Type == "fix"}
		for _, f := range c.Files {
			ch.Files = append(ch.Files, risk.File{Path: f.Path, OldPath: f.OldPath, Added: f.Added, Deleted: f.Deleted})
		}
		history[i] = ch
	}
	metrics, err := risk.Measure(history)
	if err != nil {
		return a, err
	}
	byHash := make(map[string]risk.Metrics, len(all))
	for i, c := range all {
		byHash[c.Hash] = metrics[i]
	}

	// A dozen commits, none yet known to have caused a defect, are far too
	// few to fit a model (risk.Fit): the hand-set default model scores
	// them, a prior until the project has a history of its own.
	model := risk.DefaultModel()
	r := risk.Release{DeployAt: start, SinceLast: start.Sub(p.tag.Date)}
	var riskiest risk.Assessment
	var riskiestID string
	for _, c := range p.commits {
		s := model.Score(byHash[c.Hash])
		id := c.Hash[:7] + " " + c.Header
		r.Changes = append(r.Changes, risk.ChangeRisk{ID: id, Probability: s.Probability})
		if s.Probability > riskiest.Probability {
			riskiest, riskiestID = s, id
		}
		for _, f := range c.Files {
			if strings.HasPrefix(f.Path, "migrations/") {
				a.migrations++
			}
		}
	}
	r.Migrations = a.migrations
	a.release = risk.AssessRelease(r, risk.ReleaseWeights{}, risk.Levels{})
	a.needs = risk.Policy{}.For(a.release.Level)

	fmt.Fprintf(w, "\n== risk\n%d commits measured; scored with risk.DefaultModel (too few to fit a model)\n", len(all))
	fmt.Fprintf(w, "riskiest commit %s\n", riskiestID)
	if err := riskiest.WriteText(w); err != nil {
		return a, err
	}
	fmt.Fprintf(w, "release %s, deploying %s:\n", p.next.Version, start.Format("Mon 2006-01-02 15:04 MST"))
	if err := a.release.WriteText(w); err != nil {
		return a, err
	}
	_, err = fmt.Fprintf(w, "at %s risk the policy asks for %s\n", a.release.Level, describe(a.needs))
	return a, err
}

// describe says what requirements ask for, in words.
func describe(r risk.Requirements) string {
	var asks []string
	switch r.Approvals {
	case 0:
	case 1:
		asks = append(asks, "1 more approval")
	default:
		asks = append(asks, fmt.Sprintf("%d more approvals", r.Approvals))
	}
	if r.Bake > 0 {
		asks = append(asks, "a bake of "+r.Bake.String()+" per wave")
	}
	if r.FirstWave > 0 {
		asks = append(asks, fmt.Sprintf("a first wave of at most %d%%", r.FirstWave))
	}
	if r.Hold {
		asks = append(asks, "a person's decision")
	}
	if len(asks) == 0 {
		return "nothing more"
	}
	return strings.Join(asks, ", ")
}
