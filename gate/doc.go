// Package gate answers the question a host asks before each stage of a
// release: may this release move on now, and if not, why not?
//
//	var e gate.Engine // the zero value: real time, 16 gates at once
//	d, err := e.Evaluate(ctx, gate.Subject{ID: "shop@2.4.0", Stage: "production"},
//		health, latency, gate.Advisory(docs))
//	if !d.Allowed {
//		fmt.Print(d) // the explanation tree: every gate, its verdict and why
//	}
//
// # Verdicts
//
// A [Gate] evaluates a [Subject] into a [Result]: a [Status], a reason a
// person can read, the evidence measured, and when. Statuses have an order
// of severity, from the least: Skipped, Passed, Pending, Inconclusive,
// Errored, Failed. Only Passed and Skipped let a release move on; an
// Inconclusive measurement is never promoted.
//
// # Evaluating and composing
//
// [Engine.Evaluate] evaluates gates concurrently, at most Engine.Limit at
// once, as the members of [All], and returns a [Decision]: allowed or not,
// the overall status, and an explanation tree that mirrors the
// composition, as text for people and JSON for machines. [All] takes the
// most severe status of its members; [Any] and [AtLeast] hold when enough
// members pass, and otherwise say whether waiting could still help
// (Pending) or not. [Advisory] gates are evaluated and reported but never
// block. A composition with no gates, or an evaluation with none, is
// Errored: nothing checked is never a pass.
//
// A gate that panics, runs past Engine.Timeout or returns a status that
// does not exist is Errored, never a crashed engine or an allowed
// release; the error Evaluate returns gathers every Errored gate as a
// [*GateError]. [Engine.Await] evaluates again, every PollInterval, until
// the decision is no longer Pending or the context ends.
//
// # Checks
//
// A [Check] turns a host's probe into a gate measured once per evaluation
// and judged with Argo Rollouts' analysis counters exactly: errors do not
// use up the count, failure, inconclusive and consecutive-error limits
// trip on "strictly greater than", with consecutive-failure and
// consecutive-success limits besides. A verdict, once reached, sticks; a
// run cut short stays Pending. Await drives a check to its verdict.
//
// # Steady sampling
//
// [Engine.Sample] evaluates gates over time as Azure DevOps' release gates
// do: a delay before the first sample, all gates evaluated together at
// each interval, a pass only when they all pass in one sample and keep
// passing for the steady duration (a sample that does not pass restarts
// it), and a timeout after which the decision is Failed.
//
// # Thresholds
//
// A [Threshold] gates on a metric read through a one-method
// [MetricSource]: absolute ("< 250", "<= 0.01") or relative to a
// baseline query ("<= +10%"). Missing data and a missing baseline are
// Inconclusive unless the threshold says otherwise, explicitly; a NaN is
// an error, never compared. A malformed expression is an error when the
// gate is built ([Threshold.Gate]), with its column, not at release time.
//
// # Scores
//
// A [Scorecard] scores objectives as Keptn's quality gates do (a pass
// earns the weight, a warning half, key objectives veto, the total score
// against pass and warning percentages, a warning being Inconclusive),
// with its users' bugs fixed: an objective without data earns nothing, a
// key one without data fails, and a scorecard with nothing scored is never
// a pass. The explanation lists every objective's value and contribution.
//
// # Windows and freezes
//
// A [Window] says, in one method of standard types, whether an instant is
// open, until when, and why; a schedule's calendar or a host's function
// ([WindowFunc]) can be one. [ParseCalendar] reads the usual one from
// text, line by line: allow and deny entries, recurring ("every Mon-Fri
// 09:00-17:00", "every Fri 16:00 for 64h", a cron schedule with a
// duration) or one-off ("from 2026-12-19 to 2027-01-03"), holidays
// (yearly with *-MM-DD), each in an IANA time zone. A deny entry beats an
// allow entry; with no allow entry, every instant outside a freeze is
// open. A wall time skipped by a daylight-saving change means the first
// instant after the skip, one repeated means its first occurrence, and
// durations are elapsed time, so a window at 02:30 on a spring-forward
// night opens at 03:00 and keeps its length. A lookup takes about 0.1 µs
// with 1,000 entries.
//
// [Freeze] gates on a window: Passed while it is open and the stage's
// expected duration fits before it closes, Pending otherwise (naming the
// freeze, when it ends, and the next slot long enough), Failed when the
// window never opens again within its horizon. [Soak] is a wait timer:
// Pending until a duration has passed since the stage began.
//
// # Approvals
//
// [Approvals] is the gate of human approvals. Its policy is a list of
// [Rule]s that must all hold, each needing a number of approvals from
// groups or named users, or holding when any of its alternatives does
// (AnyOf). Votes ([Approvals.Approve], [Approvals.Reject]) are records
// of an audit [Store]; a decision reads them and counts a vote only when
// all of these hold:
//
//   - it is for the subject's ID, stage and artifact digest, under the
//     policy's current hash ([Approvals.PolicyHash]: any change to the
//     rules makes earlier votes stale), and, with BindRun, for its run;
//   - it is younger than MaxAge, and not dated after the decision;
//   - it was not superseded (AutoRejectStale) after its digest or policy
//     changed: a superseded vote never counts again;
//   - the voter is known to the host's [Directory] now and in a group or
//     among the users of some rule now, so removing someone from a group
//     withdraws their vote;
//   - the voter is not the requester (unless AllowSelfApproval) nor, with
//     ExcludeAuthors, an author of the changes.
//
// A subject must name its requester, known to the directory, unless
// self-approval is allowed: otherwise separation of duties could not
// hold, and the decision is Errored. A person counts once: two user names the directory maps to one
// identity are one voter, and a later vote replaces an earlier one. Unless
// CountForEachRule is set, an approval counts for one rule only; the gate
// finds the assignment of approvers to rules that satisfies the most. A
// single rejection blocks (or Rejections of them). The verdict lists every
// vote that did not count and why (stale, expired, not eligible, the
// requester), and, while Pending, what each rule still needs and who may
// still approve. [Engine.Await] wakes as soon as a vote is recorded.
//
// An override ([Approvals.Override]) forces the gate open for a bounded
// time: it needs a reason, override rights (OverridePolicy.Groups) and,
// when the policy asks or when the requester gives it, a second person's
// confirmation ([Approvals.ConfirmOverride]). It is always recorded and
// always shown in the decision.
//
// # The audit trail
//
// Every vote, override, confirmation, expiry, superseded approval and
// change of decision is appended to the Store as a [Record] whose hash
// covers the one before it ([ChainHash]). [Verify] reads the log and
// names the first record that was edited, removed or reordered; records
// cut from the end are caught only against a [Checkpoint] the host kept
// elsewhere. A decision record carries its inputs (the subject and
// digest, the policy hash, the votes it read, the directory's answers,
// the time) and [Approvals.ReplayDecision] recomputes it. [MemStore]
// keeps the log in memory; gate/filestore keeps it in one file, durably;
// gate/storetest checks any other implementation.
//
// # Security model
//
// What the library guarantees: a vote that breaks a rule above never
// counts, whoever wrote it to the log (a forged record is judged like any
// other, an override longer than the policy allows or dated in the future
// included, and a record not in the exact form this package writes is
// refused as tampering); a decision depends only on the log, the policy, the directory's
// answers and the clock, and can be replayed; an edit of the log is
// detected by Verify; an override is never silent and never the
// requester's alone.
//
// What the host must supply: authenticated user names (the gate trusts
// the name Approve is given: authenticate before calling it), a Directory
// that answers truthfully, a Store that only this code writes to and a
// Checkpoint kept out of the writer's reach if removals from the end must
// be caught, and a clock it trusts. The gate does not sign records: a
// writer able to recompute the whole chain can rewrite history up to the
// last checkpoint kept elsewhere.
//
// # Time
//
// Everything that reads or waits on time goes through Engine.Clock, a
// two-method [Clock] of standard types; nil is real time. Gates read the
// engine's clock with [ClockFrom] on the context they are given, so a
// freeze evaluated in a simulation sees simulated time. [VirtualClock]
// moves only when told to (Advance, or AdvanceToNext once BlockUntil sees
// the code waiting), so a test or a simulation never sleeps.
//
// # What it does not do
//
// It runs no checks of its own: a gate's measurement (an HTTP probe, a
// metric query) is the host's function. It keeps no state between
// evaluations; a gate that samples over time keeps its own. It never
// decides for a person: an Inconclusive verdict stays one.
package gate
