package release_test

import (
	"fmt"
	"time"

	"github.com/releasekit/releasekit/release"
)

// Ubuntu-style versions: a release in a month already released counts up
// MICRO; the first release of a new month starts again at 0.
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

// The latest CalVer release among a repository's tags, and the next tag.
func ExampleCalVer_Latest() {
	format := release.CalVer("YYYY.0M.MICRO")
	tags := []string{"v2026.10.3", "v2026.11.0-rc.1", "v2026.09.12", "nightly"}
	name, current, ok := format.Latest("v{version}", tags, false)
	if !ok {
		fmt.Println("never released")
		return
	}
	next, err := format.Next(&current, time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), release.Minor, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(name, "->", next.Tag("v{version}"))
	// Output: v2026.10.3 -> v2026.11.0
}
