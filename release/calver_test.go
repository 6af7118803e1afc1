package release_test

import (
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCalVerValidate(t *testing.T) {
	cases := []struct {
		format  release.CalVer
		wantErr string // empty: valid
	}{
		{"YYYY.MM.MICRO", ""},
		{"YY.0M.MICRO", ""},
		{"YYYY.0W", ""},
		{"0Y.0M.0D", ""},
		{"YY.MINOR.MICRO", ""},
		{"MAJOR.YYYY.MM", ""},
		{"", "a CalVer format"},
		{"YYYY.MMM", `not "MMM"`},
		{"YYYY-MM", `not "YYYY-MM"`}, // dots only: '-' starts the modifier
		{"MM.MICRO", "a year token"},
		{"YYYY.YY", "repeats"},
		{"YYYY.MM.0M", "repeats"},
		{"YYYY.WW.DD", "a week without a month or a day"},
		{"YYYY.MM.WW", "a week without a month or a day"},
		{"YYYY.DD", "a month with the day"},
		{"YYYY..MM", `not ""`},
	}
	for _, tc := range cases {
		t.Run(string(tc.format), func(t *testing.T) {
			err := tc.format.Validate()
			if tc.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, release.ErrInvalidCalVer)
			assert.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func TestCalVerParse(t *testing.T) {
	cases := []struct {
		format  release.CalVer
		in      string
		want    release.CalVersion // Format filled in by the test
		wantErr string
	}{
		{format: "YYYY.MM.MICRO", in: "2026.11.0", want: release.CalVersion{Year: 2026, Month: 11}},
		{format: "YYYY.0M.MICRO", in: "2026.01.12", want: release.CalVersion{Year: 2026, Month: 1, Micro: 12}},
		{format: "YY.0M", in: "22.04", want: release.CalVersion{Year: 2022, Month: 4}},
		{format: "YY.MM", in: "6.1", want: release.CalVersion{Year: 2006, Month: 1}},   // YY is not padded
		{format: "YY.MM", in: "106.1", want: release.CalVersion{Year: 2106, Month: 1}}, // three digits after 2099
		{format: "0Y.MM", in: "06.1", want: release.CalVersion{Year: 2006, Month: 1}},
		{format: "0Y.MM", in: "106.1", want: release.CalVersion{Year: 2106, Month: 1}},
		{format: "YYYY.0W", in: "2026.53", want: release.CalVersion{Year: 2026, Week: 53}},
		{format: "YYYY.0M.0D", in: "2024.02.29", want: release.CalVersion{Year: 2024, Month: 2, Day: 29}},
		{format: "YY.MINOR.MICRO", in: "23.1.2-rc.1", want: release.CalVersion{Year: 2023, Minor: 1, Micro: 2, Modifier: "rc.1"}},
		{format: "YYYY.MM.MICRO", in: "2026.11", wantErr: "a version of the form YYYY.MM.MICRO"},
		{format: "YYYY.MM.MICRO", in: "2026.11.0.1", wantErr: "a version of the form"},
		{format: "YYYY.MM", in: "26.11", wantErr: "four-digit year"},
		{format: "YYYY.MM", in: "2026.011", wantErr: "leading zero"},
		{format: "YYYY.0M", in: "2026.1", wantErr: "padded to two digits"},
		{format: "YYYY.0M", in: "2026.13", wantErr: "within 1 to 12"},
		{format: "YYYY.MM", in: "2026.0", wantErr: "within 1 to 12"},
		{format: "YY.MM", in: "06.1", wantErr: "leading zero"},
		{format: "YYYY.0M.0D", in: "2023.02.29", wantErr: "a day that 2023-02 has"},
		{format: "YYYY.0M.0D", in: "2026.04.31", wantErr: "a day that 2026-04 has"},
		{format: "YYYY.WW", in: "2025.53", wantErr: "a week that 2025 has"},
		{format: "YYYY.MM.MICRO", in: "2026.11.-1", wantErr: "not a number"},
		{format: "YYYY.MM.MICRO", in: "2026.11.99999999999", wantErr: "1 to 10 digits"},
		{format: "YYYY.MM.MICRO", in: "2026.11.0-", wantErr: "a modifier"},
		{format: "YYYY.MM.MICRO", in: "2026.11.0-rc.01", wantErr: "a modifier"},
		{format: "YYYY.MM.MICRO", in: "v2026.11.0", wantErr: "not a number"},
		{format: "YYYY.MM.MICRO", in: "", wantErr: "a version of the form"},
	}
	for _, tc := range cases {
		t.Run(string(tc.format)+" "+tc.in, func(t *testing.T) {
			got, err := tc.format.Parse(tc.in)
			if tc.wantErr != "" {
				assert.ErrorIs(t, err, release.ErrInvalidCalVer)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			tc.want.Format = tc.format
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.in, got.String(), "round trip")
		})
	}
}

func TestCalVerNext(t *testing.T) {
	cases := []struct {
		name    string
		format  release.CalVer
		current string // empty: first release
		date    string
		bump    release.Bump
		mod     string
		want    string
		wantErr string
	}{
		{name: "first release", format: "YYYY.MM.MICRO", date: "2026-11-22", bump: release.Minor, want: "2026.11.0"},
		{name: "a new month resets the counter", format: "YYYY.MM.MICRO", current: "2026.10.4", date: "2026-11-22", want: "2026.11.0"},
		{name: "same month: MICRO", format: "YYYY.MM.MICRO", current: "2026.11.0", date: "2026-11-30", bump: release.Patch, want: "2026.11.1"},
		{name: "same month, a feature, no MINOR: MICRO", format: "YYYY.MM.MICRO", current: "2026.11.1", date: "2026-11-30", bump: release.Minor, want: "2026.11.2"},
		{name: "MINOR resets MICRO", format: "YY.MINOR.MICRO", current: "23.1.2", date: "2023-06-01", bump: release.Minor, want: "23.2.0"},
		{name: "a new year resets MINOR", format: "YY.MINOR.MICRO", current: "23.4.2", date: "2024-01-10", bump: release.Patch, want: "24.0.0"},
		{name: "MAJOR goes up on a new date for a major bump", format: "MAJOR.YYYY.0M", current: "3.2026.10", date: "2026-11-01", bump: release.Major, want: "4.2026.11"},
		{name: "MAJOR is kept otherwise", format: "MAJOR.YYYY.0M", current: "3.2026.10", date: "2026-11-01", bump: release.Patch, want: "3.2026.11"},
		{name: "padded month", format: "YY.0M.MICRO", current: "22.04.1", date: "2022-10-20", want: "22.10.0"},
		{name: "ISO week year at new year", format: "YYYY.0W", current: "2026.52", date: "2027-01-01", want: "2026.53"},
		{name: "week 1 of the next ISO year in December", format: "YYYY.0W", current: "2025.52", date: "2025-12-29", want: "2026.01"},
		{name: "leap day", format: "YYYY.0M.0D", current: "2024.02.28", date: "2024-02-29", want: "2024.02.29"},
		{name: "a modifier", format: "YYYY.MM.MICRO", current: "2026.11.0", date: "2026-11-30", mod: "rc.1", want: "2026.11.1-rc.1"},
		{name: "next modifier on the same numbers", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.1", date: "2026-11-30", mod: "rc.2", want: "2026.11.1-rc.2"},
		{name: "the release a modifier previewed", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.2", date: "2026-11-30", want: "2026.11.1"},
		{name: "a modifier that sorts lower", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.1", date: "2026-11-30", mod: "beta.1", wantErr: "a next version after it"},
		{name: "backwards in time", format: "YYYY.MM.MICRO", current: "2026.11.0", date: "2026-10-31", wantErr: "on or after the current version's"},
		{name: "no counter, same date", format: "YYYY.0M.0D", current: "2026.11.22", date: "2026-11-22", wantErr: "one release per date"},
		{name: "no counter, new date", format: "YYYY.0M.0D", current: "2026.11.21", date: "2026-11-22", want: "2026.11.22"},
		{name: "YY cannot write 1999", format: "YY.MM", date: "1999-12-31", wantErr: "a date the format"},
		{name: "bad modifier", format: "YYYY.MM.MICRO", date: "2026-11-22", mod: "rc_1", wantErr: "a modifier"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cur *release.CalVersion
			if tc.current != "" {
				v, err := tc.format.Parse(tc.current)
				require.NoError(t, err)
				cur = &v
			}
			got, err := tc.format.Next(cur, day(tc.date), tc.bump, tc.mod)
			if tc.wantErr != "" {
				assert.ErrorIs(t, err, release.ErrInvalidCalVer)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
			if cur != nil {
				assert.Equal(t, 1, got.Compare(*cur), "the next version sorts after the current one")
			}
		})
	}
}

func TestCalVerLatest(t *testing.T) {
	f := release.CalVer("YYYY.0M.MICRO")
	names := []string{"v2026.10.3", "v2026.11.0-rc.1", "v2026.09.12", "v2026.1.0", "garbage", "api/v2027.01.0", "v2026.10.3"}
	name, v, ok := f.Latest("v{version}", names, false)
	require.True(t, ok)
	assert.Equal(t, "v2026.10.3", name)
	assert.Equal(t, "v2026.10.3", v.Tag("v{version}"))
	name, _, ok = f.Latest("v{version}", names, true)
	require.True(t, ok)
	assert.Equal(t, "v2026.11.0-rc.1", name, "with prereleases")
	_, _, ok = f.Latest("x{version}", names, false)
	assert.False(t, ok)
}

// FuzzParseCalVer checks that whatever parses prints back as it was
// written, and that Next, when it succeeds, moves forward.
func FuzzParseCalVer(f *testing.F) {
	for _, seed := range [][2]string{
		{"YYYY.MM.MICRO", "2026.11.0"}, {"YY.0M.MICRO", "22.04.1-rc.1"}, {"YYYY.0W", "2026.53"},
		{"0Y.0M.0D", "06.02.29"}, {"MAJOR.YYYY.MM", "3.2026.1"}, {"YY.MINOR.MICRO", "106.0.0"},
	} {
		f.Add(seed[0], seed[1], int64(1_795_000_000), uint8(1))
	}
	f.Fuzz(func(t *testing.T, format, s string, unix int64, bump uint8) {
		cf := release.CalVer(format)
		v, err := cf.Parse(s)
		if err != nil {
			return
		}
		if got := v.String(); got != s {
			t.Fatalf("%q under %q prints as %q", s, format, got)
		}
		date := time.Unix(unix%(1<<37), 0).UTC()
		next, err := cf.Next(&v, date, release.Bump(bump%4), "")
		if err != nil {
			return
		}
		if next.Compare(v) <= 0 {
			t.Fatalf("Next(%s, %s) = %s, not after it", v, date, next)
		}
		again, err := cf.Parse(next.String())
		if err != nil || again.Compare(next) != 0 {
			t.Fatalf("Next gave %q, which does not parse back: %v", next, err)
		}
	})
}
