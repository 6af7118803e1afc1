// Command approvals runs a two-stage release through human approvals on a
// virtual clock, with the audit trail in a file: the pipeline waits at
// staging until QA approves, a release manager approves build 1 for
// production, a bug sends build 2 through again so that approval goes
// stale, three people approve build 2, and the audit log is verified at
// the end and printed.
//
// Usage:
//
//	go run ./examples/approvals [-log file]
//
// -log keeps the audit log in that file (appending to it when it exists:
// run twice and the second run continues the chain); by default it goes
// to a temporary directory removed at the end.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/releasekit/releasekit/internal/text"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("approvals", flag.ContinueOnError)
	fs.SetOutput(stderr)
	logPath := fs.String("log", "", "the audit log file (default: a temporary one)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	path := *logPath
	if path == "" {
		dir, err := os.MkdirTemp("", "approvals")
		if err != nil {
			fmt.Fprintln(stderr, "approvals:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "audit.log")
	}
	if err := release(ctx, path, stdout); err != nil {
		fmt.Fprintln(stderr, "approvals:", err)
		return 1
	}
	return 0
}

// people is the host's directory: who is who, in which groups.
var people = gate.Users{
	"ada":   {ID: "ada", Groups: []string{"developers"}},
	"bob":   {ID: "bob", Groups: []string{"release-managers"}},
	"carol": {ID: "carol", Groups: []string{"release-managers"}},
	"dan":   {ID: "dan", Groups: []string{"qa"}},
	"erin":  {ID: "erin", Groups: []string{"security"}},
}

func release(ctx context.Context, path string, out io.Writer) error {
	store, err := filestore.Open(path)
	if err != nil {
		return err
	}
	defer store.Close()
	clock := gate.NewVirtualClock(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	// The pipeline polls once a day: here it only ever wakes on votes.
	engine := gate.Engine{Clock: clock, PollInterval: 24 * time.Hour}
	staging := &gate.Approvals{Name: "staging approvals", Store: store, Directory: people, Clock: clock,
		Rules: []gate.Rule{{Name: "QA", Groups: []string{"qa"}}}, MaxAge: 24 * time.Hour}
	production := &gate.Approvals{Name: "production approvals", Store: store, Directory: people, Clock: clock,
		Rules: []gate.Rule{
			{Name: "release managers", Required: 2, Groups: []string{"release-managers"}},
			{Name: "security", Groups: []string{"security"}},
		},
		MaxAge: 24 * time.Hour, AutoRejectStale: true}

	say := func(format string, args ...any) {
		fmt.Fprintf(out, "%s  %s\n", clock.Now().Format("Mon 15:04"), fmt.Sprintf(format, args...))
	}
	subject := func(stage, digest string) gate.Subject {
		return gate.Subject{ID: "shop@2.5.0", Stage: stage, Digest: digest, Requester: "ada"}
	}
	// waitFor waits for a stage's approvals while people vote, as a
	// pipeline blocked in Await would: Await evaluates, sleeps on the
	// clock, and wakes as soon as a vote is recorded, not at its next
	// poll. Each vote is cast once Await sleeps (BlockUntil sees its
	// timer), so the story reads the same on every run.
	waitFor := func(s gate.Subject, g *gate.Approvals, votes ...func() bool) error {
		say("%s: waiting for approvals of %s", s.Stage, s.Digest)
		// waiting ends when Await returns (or ctx ends, which makes Await
		// return); done says Await has returned and written d and err.
		waiting, finished := context.WithCancel(ctx)
		defer finished()
		done := make(chan struct{})
		var d gate.Decision
		var err error
		timers := clock.Waiters()
		go func() {
			defer close(done)
			d, err = engine.Await(waiting, s, g)
			finished()
		}()
		for _, v := range votes {
			timers++
			if clock.BlockUntil(waiting, timers) != nil {
				break // Await has returned
			}
			clock.Advance(20 * time.Minute)
			if !v() {
				timers-- // nothing recorded: Await sleeps on
			}
		}
		<-done // Await has returned, or ctx ended and made it return
		if err != nil {
			return err
		}
		say("%s: %s", s.Stage, d.Root.Children[0].Reason)
		return nil
	}
	vote := func(g *gate.Approvals, s gate.Subject, user string) func() bool {
		return func() bool {
			if _, err := g.Approve(ctx, s, user, ""); err != nil {
				say("%s cannot approve: %v", user, err)
				return false
			}
			say("%s approves %s for %s", user, s.Digest, s.Stage)
			return true
		}
	}

	build1, build2 := "sha256:1111", "sha256:2222"
	if err := waitFor(subject("staging", build1), staging, vote(staging, subject("staging", build1), "ada"), vote(staging, subject("staging", build1), "dan")); err != nil {
		return err
	}
	vote(production, subject("production", build1), "bob")()
	clock.Advance(time.Hour)
	say("a bug is found: build 2 replaces build 1")
	if err := waitFor(subject("staging", build2), staging, vote(staging, subject("staging", build2), "dan")); err != nil {
		return err
	}
	r := production.Evaluate(ctx, subject("production", build2))
	say("production: %s", r.Reason)
	for _, c := range r.Children {
		if c.Status == gate.Skipped {
			say("  not counted: %s: %s", c.Gate, c.Reason)
		}
	}
	p2 := subject("production", build2)
	if err := waitFor(p2, production, vote(production, p2, "bob"), vote(production, p2, "carol"), vote(production, p2, "erin")); err != nil {
		return err
	}

	cp, err := gate.Verify(ctx, store, gate.Checkpoint{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\naudit log: %d records, verified; last hash %.16s…\n", cp.Seq, cp.Hash)
	for rec, err := range store.Records(ctx, "", 1) {
		if err != nil {
			return err
		}
		var e gate.Entry
		if err := json.Unmarshal(rec.Body, &e); err != nil {
			return err
		}
		// The log is a file the user names: its text is escaped.
		line := fmt.Sprintf("%3d  %s  %-12s %-10s %-11s", rec.Seq, e.At.Format("15:04"), text.Printable(string(e.Kind)),
			text.Printable(e.Subject.Stage), text.Printable(e.Subject.Digest))
		switch {
		case e.Actor != "":
			line += "  by " + text.Printable(e.Actor)
		case e.Decision != nil:
			line += "  " + e.Decision.Status.String()
		case e.Ref != 0:
			line += fmt.Sprintf("  of #%d", e.Ref)
		}
		fmt.Fprintln(out, line)
	}
	return nil
}
