// Package risk says how risky a change or a release is, and why, from the
// host's own history: just-in-time defect prediction (Kamei et al., "A
// Large-Scale Empirical Study of Just-in-Time Quality Assurance", IEEE
// TSE 2013), explainable, fitted on the host's releases, and evaluated
// as the literature evaluates it. It has no global model and uses no
// network.
//
//	var h risk.History
//	metrics, err := h.Add(change)            // oldest change first
//	model, err := risk.Fit(samples, risk.FitOptions{Window: 365 * 24 * time.Hour})
//	a := model.Score(metrics)                // probability, level, factors
//	err = a.WriteText(os.Stdout)          // each factor, largest first
//
// # Metrics
//
// [History] (or [Measure]) computes, for each change of an ordered
// history, the 14 metrics of Kamei et al., each against the changes
// before it:
//
//   - NS, ND, NF: the subsystems (by default the top directory),
//     directories and files it modifies. Entropy: how evenly its
//     modified lines spread over its files, -Σ p log2 p over the files'
//     shares of the lines, divided by log2 NF so that it lies in [0, 1].
//     Changes that spread are harder to review.
//   - LA, LD: lines added and deleted. LT: lines in the modified files
//     before the change, as the host gives them (File.Size) or as the
//     history implies (lines added less lines deleted so far). Larger
//     changes, to larger files, introduce more defects.
//   - FIX: 1 for a change that fixes a defect. Fixes are more often
//     wrong than other changes.
//   - NDEV: the developers who changed the modified files before; AGE:
//     the mean days since each modified file last changed (over the
//     files changed before); NUC: the earlier changes to the modified
//     files, each counted once. Files many people touch often are
//     riskier; a rename carries a file's history with it.
//   - EXP: the author's earlier changes; REXP: the same, a change made n
//     calendar years before counting 1/(n+1); SEXP: the author's earlier
//     changes to the subsystems the change modifies. Experience lowers
//     the risk.
//
// It takes about 0.75 s for 100,000 changes: each union of earlier
// changes is counted exactly, over bitsets once a file has hundreds of
// changes, so a hot file does not make it quadratic. Author times that go
// backwards (a rebase) count as no time passed.
//
// # Labels
//
// Fitting needs to know which past changes induced a defect. A host that
// traces fixes to the lines they fix (SZZ) or to issues should label its
// history itself; [LabelByFixes] is a start for one that cannot: it
// blames the last change to each file a fix touches.
//
// # Models
//
// [Fit] fits L2-regularised logistic regression, deterministically, by
// Newton's method: each metric log1p-transformed (FIX and Entropy as
// they are), standardised with the training data's mean and deviation;
// constant metrics are dropped, and of each pair correlated above 0.8 the
// one that tells less of the outcome (Kamei et al. dropped ND and REXP).
// Options fit only a recent window (McIntosh and Kamei, TSE 2018: models
// must follow a project as it changes) and weight the classes.
//
// A [Model] scores a change into an [Assessment]: the probability that
// it induces a defect, a [Level] from thresholds the host sets
// ([Levels]), and each metric's contribution to the log-odds against an
// average change of the training data, largest first, in text and JSON.
// Models marshal to JSON; [ParseModel] reads one back and refuses
// anything that could not score. [Model.Probability] takes about 175 ns
// and allocates nothing; [Model.ScoreTo] with its explanation about
// 285 ns, and allocates nothing when the Assessment is reused.
// [DefaultModel] serves a host without history: its weights are set by
// hand, documented, not fitted.
//
// # What a score means
//
// A probability from a model fitted on a project's history is the share
// of changes like this one, in that history, that were later found to
// induce a defect, as the labels define defects. It ranks changes for
// review and testing; it is not a verdict on one change, and it is only
// as good as the labels and as recent as the data. A hand-set model's
// score is a prior. Across projects, scores are not comparable.
//
// # Releases
//
// [AssessRelease] combines a release's changes with what the host knows
// of the release (dependents, time since the last release, a weekend,
// holiday or freeze, a major version, migrations) from the component's
// change failure rate as the prior, with judgement weights a host may
// set ([ReleaseWeights]); the assessment explains itself the same way.
// The facts only ever add risk: the prior is the risk of a release with
// nothing against it, not of a typical one. [MeasureDelivery] computes
// DORA's four keys per component from deployment and incident records;
// [Delivery.SmoothedFailureRate] is the prior to pass. A [Policy] maps levels to what the pipeline requires:
// more approvals, a longer bake, a smaller first wave, a hold.
//
// # Evaluation
//
// [Evaluate] gives AUC (ties counted half), precision, recall, F1 and
// accuracy at a threshold, the Brier score, a calibration table, and,
// with each change's effort (its churn), Recall@20% effort and Popt.
// [ValidateOverTime] fits on the past and tests on the future, fold after
// fold; [ValidateKFold] is k-fold cross-validation. [CheckDrift] compares
// recent performance with the training performance.
//
// On Kamei et al.'s bugzilla and columba data (in testdata/jit), fitted
// on the earliest two thirds and tested on the last third, with effort
// the churn: first on the data's metrics as given, Kamei et al.'s
// normalised ones (LA and LD divided by the lines of the files, LT and
// NUC by NF), then on the counts History measures, which the data's
// ratios give back:
//
//	                    AUC    plain L2  NF alone  Recall@20%  smallest first  Popt
//	bugzilla, ratios    0.812  0.809     0.719     0.590       0.572           0.859
//	columba, ratios     0.738  0.739     0.705     0.725       0.727           0.902
//	bugzilla, counts    0.846  0.841     0.719     0.596       0.572           0.862
//	columba, counts     0.749  0.753     0.705     0.733       0.727           0.906
//
// Fit does as well as plain L2 logistic regression on every metric
// (within 0.004, with fewer metrics), clearly beats the floor of the
// number of files alone, and in its effort-aware ranking (risk per line
// of churn) beats inspecting the smallest changes first, except on
// columba's ratios, where it finds one defect-inducing change fewer:
// there the ranking is hardly more than by size, as Yang et al. (FSE
// 2016) found of supervised models. On the counts, what a host's model
// is fitted on, it beats it on both.
package risk
