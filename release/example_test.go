package release_test

import (
	"errors"
	"fmt"

	"github.com/Masterminds/semver/v3"
	"github.com/releasekit/releasekit/release"
)

func ExampleParseCommit() {
	c := release.ParseCommit("feat(api)!: drop the v1 endpoints\n\n" +
		"The v1 endpoints were deprecated a year ago.\n\n" +
		"BREAKING CHANGE: clients must call /v2.\n" +
		"Refs: #123")
	fmt.Println(c.Type, c.Scope, c.Breaking)
	fmt.Println(c.Description)
	for _, f := range c.Footers {
		fmt.Printf("%s = %s\n", f.Token, f.Value)
	}
	// Output:
	// feat api true
	// drop the v1 endpoints
	// BREAKING CHANGE = clients must call /v2.
	// Refs = #123
}

func ExampleLintCommit() {
	err := release.LintCommit("feat:add a thing")
	var pe *release.ParseError
	if errors.As(err, &pe) {
		fmt.Printf("line %d, column %d: expected %s\n", pe.Line, pe.Col, pe.Expected)
	}
	fmt.Println(errors.Is(err, release.ErrNotConventional))
	// Output:
	// line 1, column 6: expected one space after the colon
	// true
}

func ExamplePolicy_Next() {
	var commits []release.Commit
	for i, msg := range []string{
		"fix(parser): accept tabs after the colon",
		"feat(cli): add --dry-run",
		"docs: explain --dry-run",
		"feat(api): add the /health endpoint",
	} {
		c := release.ParseCommit(msg)
		c.Hash = fmt.Sprintf("%x%039d", i+10, i) // a stand-in for git's hash
		commits = append(commits, c)
	}
	var policy release.Policy // the Conventional Commits convention
	next, err := policy.Next(semver.MustParse("1.4.2"), commits)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(next)
	// Output:
	// 1.4.2 -> 1.5.0 (minor): new feature
	//   b000000 feat(cli): add --dry-run
	//   d000000 feat(api): add the /health endpoint
}

// A prerelease channel counts within the channel, and a bigger change moves
// the version the prereleases lead to.
func ExamplePolicy_Next_prerelease() {
	policy := release.Policy{Prerelease: "rc"}
	v := semver.MustParse("1.4.2")
	for _, msg := range []string{"feat: a", "fix: b", "feat!: c"} {
		next, err := policy.Next(v, []release.Commit{release.ParseCommit(msg)})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s %s\n", msg, next.Version)
		v = next.Version
	}
	// Output:
	// feat: a   1.5.0-rc.1
	// fix: b    1.5.0-rc.2
	// feat!: c  2.0.0-rc.1
}

// Pre-1.0 rules keep a project in 0.x until a Release-As footer takes it out.
func ExamplePolicy_Next_preMajor() {
	policy := release.Policy{PreMajorBreakingMinor: true}
	next, _ := policy.Next(semver.MustParse("0.9.3"), []release.Commit{release.ParseCommit("feat!: new config format")})
	fmt.Println(next.Version, next.Reason)
	next, _ = policy.Next(semver.MustParse("0.10.0"), []release.Commit{release.ParseCommit("chore: stable\n\nRelease-As: 1.0.0")})
	fmt.Println(next.Version, next.Reason)
	// Output:
	// 0.10.0 breaking change bumps the minor version before 1.0.0
	// 1.0.0 Release-As: 1.0.0
}

func ExampleIncrement() {
	v := semver.MustParse("1.2.3")
	for _, step := range []struct {
		op    release.Op
		preid string
	}{
		{release.OpPreminor, "rc"},
		{release.OpPrerelease, ""},
		{release.OpRelease, ""},
		{release.OpPatch, ""},
	} {
		next, err := release.Increment(v, step.op, step.preid)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s -> %s\n", v, step.op, next)
		v = next
	}
	// Output:
	// 1.2.3 preminor -> 1.3.0-rc.0
	// 1.3.0-rc.0 prerelease -> 1.3.0-rc.1
	// 1.3.0-rc.1 release -> 1.3.0
	// 1.3.0 patch -> 1.3.1
}

func ExampleTagFormat_Latest() {
	tags := []string{"v1.9.0", "v1.10.0", "v2.0.0-rc.1", "docs-site", "v01.0.0", "api/v7.0.0"}
	stable, _ := release.DefaultTagFormat.Latest(tags, "")
	rc, _ := release.DefaultTagFormat.Latest(tags, "rc")
	api, _ := release.TagFormat("api/v{version}").Latest(tags, "")
	fmt.Println(stable.Name, rc.Name, api.Version)
	// Output:
	// v1.10.0 v2.0.0-rc.1 7.0.0
}

func ExampleTagFormat_Parse() {
	for _, tag := range []string{"v1.2.3", "v1.2", "--output=x"} {
		v, err := release.DefaultTagFormat.Parse(tag)
		fmt.Println(v, err)
	}
	// Output:
	// 1.2.3 <nil>
	// <nil> release: "v1.2": a tag of the form v{version}, {version} being a semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] without leading zeros (invalid tag)
	// <nil> release: "--output=x": a tag name, not an option (invalid tag)
}

func ExampleCheckGoModule() {
	err := release.CheckGoModule("example.com/shop", semver.MustParse("2.0.0"))
	fmt.Println(err)
	// Output:
	// release: "example.com/shop": module path example.com/shop/v2 for v2.0.0: change the module line of go.mod to "module example.com/shop/v2" and every import of its packages (module path does not match major version)
}
