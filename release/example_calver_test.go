package release_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/releasekit/releasekit/release"
)

// Parse reads a version strictly under its format and says where one
// goes wrong.
func ExampleCalVer_Parse() {
	format := release.CalVer("YY.0M.MICRO") // Ubuntu
	v, err := format.Parse("22.04.1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Year, v.Month, v.Micro, v)

	_, err = format.Parse("22.4.1")
	fmt.Println(err)
	// Output:
	// 2022 4 1 22.04.1
	// release: "22.4.1": line 1, column 4: 0M, the month in two digits (01 to 12), not "4" (invalid calendar version)
}

// Validate catches a format that would not sort as it reads.
func ExampleCalVer_Validate() {
	for _, f := range []release.CalVer{"YYYY.MM.DD_MICRO", "MM.YYYY", "YYYY.MM.0W"} {
		fmt.Println(f, f.Validate())
	}
	// Output:
	// YYYY.MM.DD_MICRO <nil>
	// MM.YYYY release: "MM.YYYY": line 1, column 4: YYYY before MM: tokens go from the most significant to the least (year, month or week, day, MINOR, MICRO) (invalid calendar version)
	// YYYY.MM.0W release: "YYYY.MM.0W": a week token without a month or a day token: weeks do not line up with months (invalid calendar version)
}

// Ubuntu-style versions: a release in a month already released counts up
// MICRO; the first release of a new month starts again at 0; and a date
// before the current version's is an error.
func ExampleCalVer_Next() {
	format := release.CalVer("YY.0M.MICRO")
	current, err := format.Parse("26.11.0")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, date := range []string{"2026-11-30", "2026-12-01"} {
		d, _ := time.Parse(time.DateOnly, date)
		next, err := format.Next(&current, d, release.Patch, "")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(date, next)
	}
	d, _ := time.Parse(time.DateOnly, "2026-10-01")
	_, err = format.Next(&current, d, release.Patch, "")
	fmt.Println(err)
	// Output:
	// 2026-11-30 26.11.1
	// 2026-12-01 26.12.0
	// release: "26.11.0": a release date on or after the current version's, not 2026-10-01 (invalid calendar version)
}

// With a week token the year is the ISO week-numbering year: the first
// days of 2027 are in week 53 of 2026.
func ExampleCalVer_Next_isoWeek() {
	format := release.CalVer("YYYY.0W.MICRO")
	var current *release.CalVersion
	for _, date := range []string{"2026-12-28", "2026-12-31", "2027-01-01", "2027-01-04"} {
		d, _ := time.Parse(time.DateOnly, date)
		next, err := format.Next(current, d, release.Patch, "")
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(date, d.Weekday(), next)
		current = &next
	}
	// Output:
	// 2026-12-28 Monday 2026.53.0
	// 2026-12-31 Thursday 2026.53.1
	// 2027-01-01 Friday 2026.53.2
	// 2027-01-04 Monday 2027.01.0
}

// Modifiers preview a release: each release candidate sorts after the
// one before it, and the release keeps the numbers it previewed. A
// modifier that sorts before the current one is an error.
func ExampleCalVer_Next_modifier() {
	format := release.CalVer("YYYY.0M.MICRO")
	current, _ := format.Parse("2026.11.0")
	date := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, mod := range []string{"rc.1", "rc.2", "beta.1", ""} {
		next, err := format.Next(&current, date, release.Patch, mod)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(current, "->", next)
		current = next
	}
	// Output:
	// 2026.11.0 -> 2026.11.1-rc.1
	// 2026.11.1-rc.1 -> 2026.11.1-rc.2
	// release: "2026.11.1-rc.2": a modifier that sorts after "rc.2", not "beta.1" (invalid calendar version)
	// 2026.11.1-rc.2 -> 2026.11.1
}

// A format without counters releases once a day at most.
func ExampleCalVer_Next_oncePerDay() {
	format := release.CalVer("YYYY.0M.0D") // youtube-dl, certifi
	current, _ := format.Parse("2026.11.24")
	_, err := format.Next(&current, time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC), release.Patch, "")
	fmt.Println(err)
	// Output:
	// release: "2026.11.24": one release per date: YYYY.0M.0D has no counter (MAJOR, MINOR or MICRO) and 2026.11.24 is released already (invalid calendar version)
}

// A monorepo component: the latest CalVer release among a repository's
// tags, and the tag of the next one.
func ExampleCalVer_Latest() {
	format := release.CalVer("YYYY.0M.MICRO")
	tags := release.TagFormat("site/v{version}")
	names := []string{"site/v2026.10.3", "site/v2026.11.0-rc.1", "site/v2026.10.12", "api/v1.4.0", "nightly"}
	var current *release.CalVersion
	if name, v, ok := format.Latest(tags, names, false); ok {
		fmt.Println("latest:", name)
		current = &v
	}
	next, err := format.Next(current, time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), release.Minor, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("next:", next.Tag(tags))
	// Output:
	// latest: site/v2026.10.12
	// next: site/v2026.11.0
}

// ParseTag reads one tag name, and says where it goes wrong.
func ExampleCalVer_ParseTag() {
	format := release.CalVer("YYYY.0M.MICRO")
	v, err := format.ParseTag("v{version}", "v2026.11.3-rc.1")
	fmt.Println(v.Year, v.Month, v.Micro, v.Modifier, err)
	_, err = format.ParseTag("v{version}", "v2026.11.03")
	fmt.Println(err)
	// Output:
	// 2026 11 3 rc.1 <nil>
	// release: "v2026.11.03": line 1, column 10: a tag of the form v{version}, {version} being YYYY.0M.MICRO: MICRO, a number from 0 to 2147483647 without leading zeros, not "03" (invalid tag)
}

// Compare orders versions as they read: MAJOR first when the format puts
// it first, and a version with a modifier just before its release.
func ExampleCalVersion_Compare() {
	format := release.CalVer("MAJOR.YYYY.0M")
	var vs []release.CalVersion
	for _, s := range []string{"4.2026.11", "3.2026.12", "4.2026.11-rc.2", "4.2026.11-rc.10", "4.2026.11-beta"} {
		v, err := format.Parse(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		vs = append(vs, v)
	}
	slices.SortFunc(vs, release.CalVersion.Compare)
	fmt.Println(vs)
	// Output:
	// [3.2026.12 4.2026.11-beta 4.2026.11-rc.2 4.2026.11-rc.10 4.2026.11]
}
