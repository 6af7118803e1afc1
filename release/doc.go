// Package release turns commits into versions: it parses Conventional
// Commits, decides the bump a set of commits calls for, increments semantic
// versions, and reads and writes version tags.
//
//	var commits []release.Commit
//	for _, msg := range messages { // the commits since the last tag
//		commits = append(commits, release.ParseCommit(msg))
//	}
//	var policy release.Policy // the zero value is the Conventional Commits convention
//	next, err := policy.Next(current, commits)
//	if err != nil { ... }
//	fmt.Print(next) // "1.2.3 -> 1.3.0 (minor): new feature" and the commits that caused it
//
// The package does no I/O and never runs git: a host reads history itself or
// with the release/git package, and passes plain values in.
//
// # Parsing commits
//
// [ParseCommit] follows Conventional Commits 1.0: a header
// "type(scope)!: description", a body, and footers in git-trailer form,
// "BREAKING CHANGE" among them. It never fails and is lenient with the
// untidiness of real histories; [LintCommit] is the strict form for
// commit-msg hooks and pull-request titles, and says where a message goes
// wrong with a [*ParseError]. Only the header and the footers decide a
// commit's type and whether it breaks compatibility, so a body that quotes
// another project's changelog does not change the bump.
//
// # Deciding the next version
//
// [Policy.Next] takes the current version and the commits since it and
// returns a [Proposal]: the next version, the [Bump], the rule that decided
// and the commits that caused it. It honours "Release-As: x.y.z" footers,
// cancels a revert against the commit it reverts when both are in the
// range, applies the pre-1.0 rules a Policy opts into, and counts within a
// prerelease channel (1.3.0-rc.1, 1.3.0-rc.2, ...).
//
// # Versions and tags
//
// Versions are Masterminds/semver values, parsed strictly with
// [ParseVersion]. [Increment] has the semantics of node-semver's inc, the
// reference most release tools follow. A [TagFormat] such as "v{version}"
// formats and parses tag names, and [TagFormat.Latest] picks the current
// version among a repository's tags. [CheckGoModule] catches the most common
// Go release mistake: a v2+ version of a module path without the /vN suffix.
//
// # Monorepos
//
// A [Workspace] is a repository of several [Component] values, each with
// its paths, its tag format ("{component}/v{version}", the Go convention
// "api/v1.2.3", by default) and the components it depends on.
// [Workspace.Plan] attributes each commit to the components whose paths
// its changed files touch (a commit touching two counts for both), finds
// each component's commits since its own latest tag by following the
// commits' parents, and proposes every component's next version with its
// reasons. Linked groups share the greatest bump, fixed groups one
// version, and a release propagates to its dependents, transitively, as
// at least a patch ("depends on api, released 2.0.0"). A dependency cycle
// is a [*CycleError] naming it. release/git's Repo.PlanWorkspace reads a
// repository and plans in one call. [GoComponents] builds the components
// of a repository of Go modules from its go.mod and go.work files, with
// the tag prefixes the go command expects, and the plan then checks every
// proposed major version against the module path.
//
// # Calendar versions
//
// A [CalVer] format from calver.org ("YYYY.0M.MICRO", "YY.0M", "YYYY.0W",
// "YYYY-0M-0D")
// parses and compares calendar versions and computes the next one from a
// release date ([CalVer.Next]): a new date resets the counters, a date
// already released counts up the counter the bump calls for, and a date
// before the last release is an error. A Component with a CalVer format is
// planned by the calendar within a Workspace.
//
// # Limits
//
// Inputs come from people and tools the host does not control, so every
// parser is bounded: [MaxMessageLen], [MaxFooters], [MaxTagLen],
// [MaxPreidLen]. ParseCommit reads any message in time linear in its size.
//
// # What it does not do
//
// It does not read repositories (see release/git), write changelogs (see
// notes) or publish anything. It does not guess: a tag that is not strict
// SemVer is an error, never a coerced version.
package release
