// Package releasekit is an embeddable library for release pipelines. It is a
// set of independent packages that a host program (a deploy tool, a CI
// plugin, a test harness that simulates release flows) puts together in its
// own pipeline; nothing here owns the main loop.
//
// # The packages
//
//   - release: Conventional Commits parsing, bump inference, semantic
//     version increments, tags, Go module checks.
//   - release/git: commits and tags read from a local repository through the
//     git program.
//   - notes: release notes and CHANGELOG.md upkeep in several formats.
//   - gate: checks, metric thresholds, approvals, windows and freezes, and a
//     tamper-evident audit trail.
//   - schedule: dependency-aware plans and a runner for release units, with
//     calendars, rollout waves and simulation on a virtual clock.
//   - risk: explainable risk scores from change history.
//
// Packages land as they are built; see README.md for what exists today.
//
// # The end-to-end flow
//
//	commits, tags  := git.Log / git.Tags             (release/git)
//	parsed         := release.ParseCommit each      (release)
//	next, bump     := policy.Next(current, parsed)  (release)
//	relnotes       := notes.Build(...)              (notes)
//	assessment     := model.Score(metrics)          (risk)
//	decision       := engine.Evaluate(ctx, subject, gates) (gate)
//	report         := runner.Run(ctx, graph)        (schedule)
//
// The examples directory has a small program for each package; start with
// examples/release.
package releasekit
