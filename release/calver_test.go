package release_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/releasekit/releasekit/release"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// day returns midnight UTC of a date written as 2006-01-02.
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
		wantCol int    // 0: no column
	}{
		// calver.org's case studies and users
		{format: "YY.0M.MICRO"},       // Ubuntu
		{format: "YY.MM.MICRO"},       // Twisted
		{format: "YYYY.0M.0D"},        // youtube-dl
		{format: "YYYY.MM"},           // pytz
		{format: "YY.MM.MINOR.MICRO"}, // Teradata
		{format: "YY.MINOR.MICRO"},    // boltons, pip
		{format: "YYYY.MINOR.MICRO"},  // PyCharm
		{format: "YYYY.0M"},           // OpenSCAD
		{format: "YYYY.MM.DD_MICRO"},  // fusefs-ntfs: '_' before MICRO
		{format: "YYYY.MM.DD"},        // certifi
		{format: "YYYY-0M-0D"},        // an API version, as Stripe's
		{format: "YYYY.WW.MICRO"},
		{format: "YYYY.0W"},
		{format: "0Y.0M.0D"},
		{format: "MAJOR.YYYY.0M"}, // MAJOR may come before the date
		{format: "YYYY.MAJOR.MICRO"},
		{format: "YYYY.MM.MAJOR.MINOR.MICRO"},

		{format: "", wantErr: "a CalVer format such as YYYY.0M.MICRO"},
		{format: release.CalVer("YYYY." + strings.Repeat("M", 300)), wantErr: "a format of at most 256 bytes"},
		{format: "YYYY.MMM", wantErr: `not "MMM"`, wantCol: 6},
		{format: "yyyy.mm", wantErr: `not "yyyy"`, wantCol: 1}, // tokens are upper case
		{format: "YYYY/MM", wantErr: `not "YYYY/MM"`, wantCol: 1},
		{format: "YYYY.0M.MICRO-MODIFIER", wantErr: "no MODIFIER token", wantCol: 15},
		{format: ".YYYY", wantErr: "a token, with one", wantCol: 1},
		{format: "YYYY.", wantErr: "a token, with one", wantCol: 6},
		{format: "YYYY..MM", wantErr: "a token, with one", wantCol: 6},
		{format: "YYYY.-MM", wantErr: "a token, with one", wantCol: 6},
		{format: "YYYY.YY", wantErr: "YY repeats the year", wantCol: 6},
		{format: "YYYY.MM.0M", wantErr: "0M repeats the month", wantCol: 9},
		{format: "YYYY.MICRO.MICRO", wantErr: "MICRO repeats the MICRO", wantCol: 12},
		{format: "MM.MICRO", wantErr: "a year token"},
		{format: "MAJOR.MINOR.MICRO", wantErr: "a year token"}, // that is SemVer
		{format: "YYYY.WW.DD", wantErr: "a week token without a month or a day"},
		{format: "YYYY.MM.0W", wantErr: "a week token without a month or a day"},
		{format: "YYYY.DD", wantErr: "a month token with the day"},
		{format: "MM.YYYY", wantErr: "YYYY before MM", wantCol: 4},
		{format: "YYYY.DD.MM", wantErr: "MM before DD", wantCol: 9},
		{format: "YYYY.MICRO.MM", wantErr: "MM before MICRO", wantCol: 12},
		{format: "MINOR.YYYY", wantErr: "YYYY before MINOR", wantCol: 7},
		{format: "YYYY.MICRO.MINOR", wantErr: "MINOR before MICRO", wantCol: 12},
		{format: "YYYY.MINOR.MAJOR", wantErr: "MAJOR before MINOR", wantCol: 12},
	}
	for _, tc := range cases {
		t.Run(string(tc.format), func(t *testing.T) {
			err := tc.format.Validate()
			if tc.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, release.ErrInvalidCalVer)
			assert.ErrorContains(t, err, tc.wantErr)
			pe, ok := errors.AsType[*release.ParseError](err)
			require.True(t, ok, "a *ParseError")
			assert.Equal(t, tc.wantCol, pe.Col, "column")
		})
	}
}

// calverParseCases are the Parse table; FuzzParseCalVer starts from them.
var calverParseCases = []struct {
	name     string
	format   release.CalVer
	in       string
	want     release.CalVersion // Format filled in by the test
	wantErr  string
	wantCol  int
	sentinel error // nil: ErrInvalidCalVer
}{
	{name: "YYYY MM MICRO", format: "YYYY.MM.MICRO", in: "2026.11.0", want: release.CalVersion{Year: 2026, Month: 11}},
	{name: "0M", format: "YYYY.0M.MICRO", in: "2026.01.12", want: release.CalVersion{Year: 2026, Month: 1, Micro: 12}},
	{name: "Ubuntu", format: "YY.0M.MICRO", in: "22.04.1", want: release.CalVersion{Year: 2022, Month: 4, Micro: 1}},
	{name: "YY one digit", format: "YY.MM", in: "6.1", want: release.CalVersion{Year: 2006, Month: 1}},
	{name: "YY two digits", format: "YY.MM", in: "26.12", want: release.CalVersion{Year: 2026, Month: 12}},
	{name: "YY three digits", format: "YY.MM", in: "106.1", want: release.CalVersion{Year: 2106, Month: 1}}, // after 2099
	{name: "YY 2000", format: "YY.MM", in: "0.1", want: release.CalVersion{Year: 2000, Month: 1}},
	{name: "0Y padded", format: "0Y.MM", in: "06.1", want: release.CalVersion{Year: 2006, Month: 1}},
	{name: "0Y three digits", format: "0Y.MM", in: "106.1", want: release.CalVersion{Year: 2106, Month: 1}},
	{name: "0Y 2000", format: "0Y.0M", in: "00.01", want: release.CalVersion{Year: 2000, Month: 1}},
	{name: "WW", format: "YYYY.WW.MICRO", in: "2026.7.3", want: release.CalVersion{Year: 2026, Week: 7, Micro: 3}},
	{name: "0W week 53", format: "YYYY.0W", in: "2026.53", want: release.CalVersion{Year: 2026, Week: 53}},
	{name: "0W week 53 of 2020", format: "YYYY.0W", in: "2020.53", want: release.CalVersion{Year: 2020, Week: 53}},
	{name: "DD", format: "YYYY.MM.DD", in: "2026.2.3", want: release.CalVersion{Year: 2026, Month: 2, Day: 3}},
	{name: "leap day", format: "YYYY.0M.0D", in: "2024.02.29", want: release.CalVersion{Year: 2024, Month: 2, Day: 29}},
	{name: "leap day of 2000", format: "YYYY.0M.0D", in: "2000.02.29", want: release.CalVersion{Year: 2000, Month: 2, Day: 29}}, // divisible by 400
	{name: "31 December", format: "0Y.0M.0D", in: "26.12.31", want: release.CalVersion{Year: 2026, Month: 12, Day: 31}},
	{name: "underscore", format: "YYYY.MM.DD_MICRO", in: "2016.2.22_1", want: release.CalVersion{Year: 2016, Month: 2, Day: 22, Micro: 1}},
	{name: "dashes", format: "YYYY-0M-0D", in: "2024-06-20", want: release.CalVersion{Year: 2024, Month: 6, Day: 20}},
	{name: "dashes and a modifier", format: "YYYY-0M-0D", in: "2024-06-20-beta", want: release.CalVersion{Year: 2024, Month: 6, Day: 20, Modifier: "beta"}},
	{name: "pip with a modifier", format: "YY.MINOR.MICRO", in: "23.1.2-rc.1", want: release.CalVersion{Year: 2023, Minor: 1, Micro: 2, Modifier: "rc.1"}},
	{name: "MAJOR first", format: "MAJOR.YYYY.0M", in: "3.2026.01", want: release.CalVersion{Year: 2026, Month: 1, Major: 3}},
	{name: "largest counter", format: "YYYY.MICRO", in: "2026.2147483647", want: release.CalVersion{Year: 2026, Micro: 2147483647}},
	{name: "modifier with a hyphen", format: "YYYY.MICRO", in: "2026.0-rc-1.x-y", want: release.CalVersion{Year: 2026, Modifier: "rc-1.x-y"}},

	{name: "invalid format", format: "YYYY.MMM", in: "2026.11", wantErr: `not "MMM"`, wantCol: 6},
	{name: "a part missing", format: "YYYY.MM.MICRO", in: "2026.11", wantErr: "'.' and MICRO after MM, not the end", wantCol: 8},
	{name: "a part too many", format: "YYYY.MM.MICRO", in: "2026.11.0.1", wantErr: `the end of the version, or '-' and a modifier, not "."`, wantCol: 10},
	{name: "wrong separator", format: "YYYY.MM.DD_MICRO", in: "2016.2.22.1", wantErr: `'_' and MICRO after DD, not "."`, wantCol: 10},
	{name: "empty", format: "YYYY.MM.MICRO", in: "", wantErr: "YYYY, the year in four digits (1000 to 9999), not the end", wantCol: 1},
	{name: "a v prefix", format: "YYYY.MM.MICRO", in: "v2026.11.0", wantErr: `YYYY, the year in four digits (1000 to 9999), not "v"`, wantCol: 1},
	{name: "YYYY two digits", format: "YYYY.MM", in: "26.11", wantErr: `YYYY, the year in four digits (1000 to 9999), not "26"`, wantCol: 1},
	{name: "YYYY five digits", format: "YYYY.MM", in: "20261.1", wantErr: `not "20261"`, wantCol: 1},
	{name: "YYYY leading zero", format: "YYYY.MM", in: "0999.1", wantErr: `not "0999"`, wantCol: 1},
	{name: "YY padded", format: "YY.MM", in: "06.1", wantErr: `YY, the year minus 2000 without padding (2006 is 6, 2106 is 106), not "06"`, wantCol: 1},
	{name: "YY beyond 9999", format: "YY.MM", in: "8000.1", wantErr: `not "8000"`, wantCol: 1},
	{name: "0Y not padded", format: "0Y.MM", in: "6.1", wantErr: `0Y, the year minus 2000 in two digits at least (2006 is 06, 2106 is 106), not "6"`, wantCol: 1},
	{name: "0Y three digits padded", format: "0Y.MM", in: "006.1", wantErr: `not "006"`, wantCol: 1},
	{name: "MM padded", format: "YYYY.MM", in: "2026.01", wantErr: `MM, the month without padding (1 to 12), not "01"`, wantCol: 6},
	{name: "MM three digits", format: "YYYY.MM", in: "2026.011", wantErr: `not "011"`, wantCol: 6},
	{name: "0M not padded", format: "YYYY.0M", in: "2026.1", wantErr: `0M, the month in two digits (01 to 12), not "1"`, wantCol: 6},
	{name: "month 13", format: "YYYY.0M", in: "2026.13", wantErr: `not "13"`, wantCol: 6},
	{name: "month 0", format: "YYYY.MM", in: "2026.0", wantErr: `not "0"`, wantCol: 6},
	{name: "WW padded", format: "YYYY.WW", in: "2026.01", wantErr: `WW, the ISO week without padding (1 to 53), not "01"`, wantCol: 6},
	{name: "0W not padded", format: "YYYY.0W", in: "2026.1", wantErr: `0W, the ISO week in two digits (01 to 53), not "1"`, wantCol: 6},
	{name: "week 0", format: "YYYY.0W", in: "2026.00", wantErr: `not "00"`, wantCol: 6},
	{name: "week 54", format: "YYYY.0W", in: "2026.54", wantErr: `not "54"`, wantCol: 6},
	{name: "week 53 of a year of 52", format: "YYYY.WW", in: "2025.53", wantErr: "a week that 2025 has (1 to 52)", wantCol: 6},
	{name: "week 53 of 2021", format: "YY.0W", in: "21.53", wantErr: "a week that 2021 has (1 to 52)", wantCol: 4},
	{name: "DD padded", format: "YYYY.MM.DD", in: "2026.1.01", wantErr: `DD, the day without padding (1 to 31), not "01"`, wantCol: 8},
	{name: "0D not padded", format: "YYYY.0M.0D", in: "2026.01.1", wantErr: `0D, the day in two digits (01 to 31), not "1"`, wantCol: 9},
	{name: "day 32", format: "YYYY.0M.0D", in: "2026.01.32", wantErr: `not "32"`, wantCol: 9},
	{name: "29 February 2023", format: "YYYY.0M.0D", in: "2023.02.29", wantErr: "a day that 2023-02 has (1 to 28)", wantCol: 9},
	{name: "29 February 2100", format: "YYYY.0M.0D", in: "2100.02.29", wantErr: "a day that 2100-02 has (1 to 28)", wantCol: 9}, // divisible by 100
	{name: "31 April", format: "YYYY.0M.0D", in: "2026.04.31", wantErr: "a day that 2026-04 has (1 to 30)", wantCol: 9},
	{name: "counter with a leading zero", format: "YYYY.MM.MICRO", in: "2026.11.01", wantErr: `MICRO, a number from 0 to 2147483647 without leading zeros, not "01"`, wantCol: 9},
	{name: "counter too large", format: "YYYY.MICRO", in: "2026.2147483648", wantErr: `not "2147483648"`, wantCol: 6},
	{name: "counter of 11 digits", format: "YYYY.MM.MICRO", in: "2026.11.99999999999", wantErr: `not "99999999999"`, wantCol: 9},
	{name: "a negative counter", format: "YYYY.MM.MICRO", in: "2026.11.-1", wantErr: `MICRO, a number from 0 to 2147483647 without leading zeros, not "-"`, wantCol: 9},
	{name: "empty modifier", format: "YYYY.MM.MICRO", in: "2026.11.0-", wantErr: "modifier identifiers that are not empty", wantCol: 11},
	{name: "modifier with a leading zero", format: "YYYY.MM.MICRO", in: "2026.11.0-rc.01", wantErr: "modifier numbers without leading zeros", wantCol: 11},
	{name: "modifier with '_'", format: "YYYY.MM.MICRO", in: "2026.11.0-rc_1", wantErr: "modifier made of ASCII letters", wantCol: 11},
	{name: "build metadata", format: "YYYY.MM.MICRO", in: "2026.11.0+build", wantErr: `the end of the version, or '-' and a modifier, not "+"`, wantCol: 10},
	{name: "modifier too long", format: "YYYY.MM.MICRO", in: "2026.11.0-" + strings.Repeat("a", 65), wantErr: "modifier of at most 64 bytes", wantCol: 11, sentinel: release.ErrTooLong},
	{name: "version too long", format: "YYYY.MM.MICRO", in: "2026.11.0-" + strings.Repeat("a.", 200), wantErr: "a version of at most 256 bytes", sentinel: release.ErrTooLong},
	{name: "non-ASCII", format: "YYYY.MM", in: "2026.１", wantErr: `MM, the month without padding (1 to 12), not "\xef"`, wantCol: 6},
}

func TestCalVerParse(t *testing.T) {
	for _, tc := range calverParseCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.format.Parse(tc.in)
			if tc.wantErr != "" {
				require.Error(t, err)
				sentinel := tc.sentinel
				if sentinel == nil {
					sentinel = release.ErrInvalidCalVer
				}
				assert.ErrorIs(t, err, sentinel)
				assert.ErrorContains(t, err, tc.wantErr)
				pe, ok := errors.AsType[*release.ParseError](err)
				require.True(t, ok, "a *ParseError")
				assert.Equal(t, tc.wantCol, pe.Col, "column")
				assert.LessOrEqual(t, len(pe.Input), 83, "the input is shortened")
				return
			}
			require.NoError(t, err)
			tc.want.Format = tc.format
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.in, got.String(), "round trip")
		})
	}
}

func TestCalVersionString(t *testing.T) {
	cases := []struct {
		name string
		v    release.CalVersion
		want string
	}{
		{"padding", release.CalVersion{Format: "0Y.0M.0W", Year: 2006, Month: 1}, ""}, // invalid format
		{"zero value", release.CalVersion{}, ""},
		{"every padded token", release.CalVersion{Format: "0Y.0M.0D_MICRO", Year: 2006, Month: 2, Day: 3, Micro: 4}, "06.02.03_4"},
		{"unpadded", release.CalVersion{Format: "YY.MM.DD-MICRO", Year: 2006, Month: 2, Day: 3, Micro: 4}, "6.2.3-4"},
		{"YY after 2099", release.CalVersion{Format: "0Y.MINOR", Year: 2106, Minor: 7}, "106.7"},
		{"a modifier", release.CalVersion{Format: "YYYY.0W", Year: 2026, Week: 9, Modifier: "rc.1"}, "2026.09-rc.1"},
		{"a year YY cannot write, written as well as can be", release.CalVersion{Format: "YY.MM", Year: 1999, Month: 1}, "-1.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.v.String())
		})
	}
}

func TestCalVersionCompare(t *testing.T) {
	cases := []struct {
		name   string
		format release.CalVer
		a, b   string
		want   int
	}{
		{"equal", "YYYY.0M.MICRO", "2026.11.0", "2026.11.0", 0},
		{"year", "YYYY.0M.MICRO", "2025.12.9", "2026.01.0", -1},
		{"month", "YYYY.0M.MICRO", "2026.10.9", "2026.11.0", -1},
		{"counter", "YYYY.0M.MICRO", "2026.11.9", "2026.11.10", -1},
		{"week", "YYYY.0W.MICRO", "2026.52.3", "2026.53.0", -1},
		{"day", "YYYY.MM.DD", "2026.2.28", "2026.3.1", -1},
		{"MINOR before MICRO", "YY.MINOR.MICRO", "23.1.9", "23.2.0", -1},
		{"YY of three digits after two", "YY.MM", "99.12", "100.1", -1},
		// MAJOR first: the format says MAJOR is the most significant.
		{"MAJOR first", "MAJOR.YYYY.0M", "3.2026.12", "4.2026.11", -1},
		{"MAJOR after the date", "YYYY.MAJOR", "2026.9", "2027.0", -1},
		{"a modifier before the release", "YYYY.0M.MICRO", "2026.11.1-rc.1", "2026.11.1", -1},
		{"a modifier after the previous release", "YYYY.0M.MICRO", "2026.11.0", "2026.11.1-alpha", -1},
		{"modifiers in ASCII order", "YYYY.0M.MICRO", "2026.11.1-beta", "2026.11.1-rc", -1},
		{"modifier numbers as numbers", "YYYY.0M.MICRO", "2026.11.1-rc.2", "2026.11.1-rc.10", -1},
		{"numbers before words", "YYYY.0M.MICRO", "2026.11.1-rc.9", "2026.11.1-rc.a", -1},
		{"fewer identifiers first", "YYYY.0M.MICRO", "2026.11.1-rc", "2026.11.1-rc.1", -1},
		{"long numbers", "YYYY.0M.MICRO", "2026.11.1-9999999999999999999", "2026.11.1-10000000000000000000", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.format.Parse(tc.a)
			require.NoError(t, err)
			b, err := tc.format.Parse(tc.b)
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Compare(b), "%s vs %s", tc.a, tc.b)
			assert.Equal(t, -tc.want, b.Compare(a), "%s vs %s", tc.b, tc.a)
		})
	}
}

func TestCalVerNext(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		newYork = time.FixedZone("EST", -5*3600)
	}
	cases := []struct {
		name     string
		format   release.CalVer
		current  string // empty: first release
		date     time.Time
		bump     release.Bump
		mod      string
		want     string
		wantErr  string
		sentinel error // nil: ErrInvalidCalVer
	}{
		{name: "first release", format: "YYYY.MM.MICRO", date: day("2026-11-22"), bump: release.Minor, want: "2026.11.0"},
		{name: "first release, every counter at 0", format: "MAJOR.YYYY.MINOR.MICRO", date: day("2026-11-22"), bump: release.Major, want: "0.2026.0.0"},
		{name: "first release, a preview", format: "YYYY.0M.MICRO", date: day("2026-11-22"), mod: "rc.1", want: "2026.11.0-rc.1"},

		// A new date: the date parts are today's and MINOR and MICRO restart.
		{name: "a new month resets MICRO", format: "YYYY.MM.MICRO", current: "2026.10.4", date: day("2026-11-22"), want: "2026.11.0"},
		{name: "a new year resets MINOR", format: "YY.MINOR.MICRO", current: "23.4.2", date: day("2024-01-10"), bump: release.Patch, want: "24.0.0"},
		{name: "a new day", format: "YYYY.0M.0D.MICRO", current: "2026.11.21.3", date: day("2026-11-22"), want: "2026.11.22.0"},
		{name: "MAJOR is kept on a new date", format: "MAJOR.YYYY.0M", current: "3.2026.10", date: day("2026-11-01"), bump: release.Minor, want: "3.2026.11"},
		{name: "MAJOR goes up for a major bump", format: "MAJOR.YYYY.0M", current: "3.2026.10", date: day("2026-11-01"), bump: release.Major, want: "4.2026.11"},
		{name: "a major bump without MAJOR on a new date", format: "YYYY.0M.MICRO", current: "2026.10.4", date: day("2026-11-01"), bump: release.Major, want: "2026.11.0"},
		{name: "padded month", format: "YY.0M.MICRO", current: "22.04.1", date: day("2022-10-20"), want: "22.10.0"},
		{name: "end of year", format: "YYYY.0M.MICRO", current: "2026.11.2", date: day("2026-12-31"), want: "2026.12.0"},
		{name: "new year's day", format: "YYYY.0M.MICRO", current: "2026.12.0", date: day("2027-01-01"), want: "2027.01.0"},
		{name: "YY of three digits", format: "YY.MM.MICRO", current: "99.12.3", date: day("2100-01-01"), want: "100.1.0"},
		{name: "0Y", format: "0Y.0M", current: "06.01", date: day("2009-02-03"), want: "09.02"},

		// ISO weeks: the year is the ISO week-numbering year.
		{name: "31 December 2026 is in week 53", format: "YYYY.0W", current: "2026.52", date: day("2026-12-31"), want: "2026.53"},
		{name: "1 January 2027 is in week 53 of 2026", format: "YYYY.0W", current: "2026.52", date: day("2027-01-01"), want: "2026.53"},
		{name: "4 January 2027 starts week 1 of 2027", format: "YYYY.0W", current: "2026.53", date: day("2027-01-04"), want: "2027.01"},
		{name: "31 December 2020 is in week 53", format: "YY.WW.MICRO", current: "20.52.1", date: day("2020-12-31"), want: "20.53.0"},
		{name: "3 January 2021 is still in week 53 of 2020", format: "YY.WW.MICRO", current: "20.53.0", date: day("2021-01-03"), want: "20.53.1"},
		{name: "30 December 2024 is in week 1 of 2025", format: "YYYY.0W", current: "2024.52", date: day("2024-12-30"), want: "2025.01"},
		{name: "back a week", format: "YYYY.0W", current: "2027.01", date: day("2027-01-03"), wantErr: "a release date on or after the current version's, not 2027-01-03"},

		// The date in its own location.
		{name: "late evening in New York is still November", format: "YYYY.0M.MICRO", current: "2026.11.0", date: time.Date(2026, 11, 30, 23, 30, 0, 0, newYork), want: "2026.11.1"},
		{name: "the same instant in UTC is December", format: "YYYY.0M.MICRO", current: "2026.11.0", date: time.Date(2026, 11, 30, 23, 30, 0, 0, newYork).UTC(), want: "2026.12.0"},

		// The leap day.
		{name: "leap day", format: "YYYY.0M.0D", current: "2024.02.28", date: day("2024-02-29"), want: "2024.02.29"},
		{name: "after the leap day", format: "YY.MM.DD", current: "24.2.29", date: day("2024-03-01"), want: "24.3.1"},

		// The same date: the bump picks a counter.
		{name: "same month: MICRO", format: "YYYY.MM.MICRO", current: "2026.11.0", date: day("2026-11-30"), bump: release.Patch, want: "2026.11.1"},
		{name: "no bump counts as a patch", format: "YYYY.MM.MICRO", current: "2026.11.1", date: day("2026-11-30"), bump: release.None, want: "2026.11.2"},
		{name: "a minor bump without MINOR: MICRO", format: "YYYY.MM.MICRO", current: "2026.11.1", date: day("2026-11-30"), bump: release.Minor, want: "2026.11.2"},
		{name: "a major bump without MAJOR: MINOR", format: "YY.MINOR.MICRO", current: "23.1.2", date: day("2023-06-01"), bump: release.Major, want: "23.2.0"},
		{name: "MINOR resets MICRO", format: "YY.MINOR.MICRO", current: "23.1.2", date: day("2023-06-01"), bump: release.Minor, want: "23.2.0"},
		{name: "MAJOR resets MINOR and MICRO", format: "MAJOR.YYYY.MINOR.MICRO", current: "1.2026.3.4", date: day("2026-06-01"), bump: release.Major, want: "2.2026.0.0"},
		{name: "a patch without MICRO: MINOR", format: "YYYY.MINOR", current: "2026.3", date: day("2026-06-01"), bump: release.Patch, want: "2026.4"},
		{name: "a patch with only MAJOR: MAJOR", format: "MAJOR.YYYY", current: "7.2026", date: day("2026-06-01"), bump: release.Patch, want: "8.2026"},
		{name: "same week", format: "YYYY.WW.MICRO", current: "2026.47.0", date: day("2026-11-22"), want: "2026.47.1"},
		{name: "the largest counter", format: "YYYY.MICRO", current: "2026.2147483647", date: day("2026-06-01"), wantErr: "counters up to 2147483647"},
		{name: "no counter, same date", format: "YYYY.0M.0D", current: "2026.11.22", date: day("2026-11-22"), wantErr: "one release per date: YYYY.0M.0D has no counter (MAJOR, MINOR or MICRO) and 2026.11.22 is released already"},
		{name: "no counter, new date", format: "YYYY.0M.0D", current: "2026.11.21", date: day("2026-11-22"), want: "2026.11.22"},

		// Never backwards.
		{name: "backwards in time", format: "YYYY.MM.MICRO", current: "2026.11.0", date: day("2026-10-31"), wantErr: "a release date on or after the current version's, not 2026-10-31"},
		{name: "back a year", format: "YY.MINOR.MICRO", current: "24.0.0", date: day("2023-12-31"), wantErr: "on or after the current version's"},

		// Modifiers.
		{name: "a preview of the next release", format: "YYYY.MM.MICRO", current: "2026.11.0", date: day("2026-11-30"), mod: "rc.1", want: "2026.11.1-rc.1"},
		{name: "the next preview of the same numbers", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.1", date: day("2026-11-30"), mod: "rc.2", want: "2026.11.1-rc.2"},
		{name: "the release a preview previewed", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.2", date: day("2026-11-30"), want: "2026.11.1"},
		{name: "a preview that holds the minor step", format: "YY.MINOR.MICRO", current: "23.2.0-rc.1", date: day("2023-06-01"), bump: release.Minor, want: "23.2.0"},
		{name: "a preview of a patch, then a feature", format: "YY.MINOR.MICRO", current: "23.2.1-rc.1", date: day("2023-06-01"), bump: release.Minor, want: "23.3.0"},
		{name: "a preview of a patch, then a feature, previewed", format: "YY.MINOR.MICRO", current: "23.2.1-rc.1", date: day("2023-06-01"), bump: release.Minor, mod: "rc.1", want: "23.3.0-rc.1"},
		{name: "a preview without counters", format: "YYYY.0M.0D", current: "2026.11.22-rc.1", date: day("2026-11-22"), want: "2026.11.22"},
		{name: "a new date drops the preview", format: "YYYY.0M.MICRO", current: "2026.10.3-rc.1", date: day("2026-11-02"), want: "2026.11.0"},
		{name: "a modifier that sorts lower", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.1", date: day("2026-11-30"), mod: "beta.1", wantErr: `a modifier that sorts after "rc.1", not "beta.1"`},
		{name: "the same modifier again", format: "YYYY.MM.MICRO", current: "2026.11.1-rc.1", date: day("2026-11-30"), mod: "rc.1", wantErr: "a version after it, not 2026.11.1-rc.1 again"},
		{name: "a preview of a counterless release, already released", format: "YYYY.0M.0D", current: "2026.11.22", date: day("2026-11-22"), mod: "rc.1", wantErr: "one release per date"},
		{name: "an invalid modifier", format: "YYYY.MM.MICRO", date: day("2026-11-22"), mod: "rc_1", wantErr: "modifier made of ASCII letters"},
		{name: "a modifier too long", format: "YYYY.MM.MICRO", date: day("2026-11-22"), mod: strings.Repeat("a", 65), wantErr: "modifier of at most 64 bytes", sentinel: release.ErrTooLong},

		// Dates and inputs the format cannot take.
		{name: "YY cannot write 1999", format: "YY.MM", date: day("1999-12-31"), wantErr: "a date that YY.MM can write: a year from 2000 to 9999 for YY, not 1999"},
		{name: "the zero time", format: "YYYY.MM", date: time.Time{}, wantErr: "a year from 1000 to 9999 for YYYY, not 1"},
		{name: "beyond 9999", format: "YYYY.MM", date: day("9999-12-31").AddDate(0, 0, 1), wantErr: "not 10000"},
		{name: "an invalid format", format: "YYYY.MMM", date: day("2026-11-22"), wantErr: `not "MMM"`},
		{name: "an invalid bump", format: "YYYY.MM.MICRO", date: day("2026-11-22"), bump: release.Bump(9), wantErr: "a bump from none to major", sentinel: release.ErrInvalidOp},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cur *release.CalVersion
			if tc.current != "" {
				v, err := tc.format.Parse(tc.current)
				require.NoError(t, err)
				cur = &v
			}
			got, err := tc.format.Next(cur, tc.date, tc.bump, tc.mod)
			if tc.wantErr != "" {
				require.Error(t, err)
				sentinel := tc.sentinel
				if sentinel == nil {
					sentinel = release.ErrInvalidCalVer
				}
				assert.ErrorIs(t, err, sentinel)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
			assert.Equal(t, tc.format, got.Format)
			if cur != nil {
				assert.Equal(t, 1, got.Compare(*cur), "the next version sorts after the current one")
			}
			again, err := tc.format.Parse(got.String())
			require.NoError(t, err, "the next version parses")
			assert.Equal(t, got, again, "and reads back the same")
		})
	}
}

func TestCalVerNextCurrent(t *testing.T) {
	f := release.CalVer("YYYY.0M.MICRO")
	date := day("2026-11-22")
	cases := []struct {
		name    string
		current release.CalVersion
		want    string
		wantErr string
	}{
		{name: "read under another spelling", current: release.CalVersion{Format: "YYYY.MM.MICRO", Year: 2026, Month: 11, Micro: 4}, want: "2026.11.5"},
		{name: "the zero Format", current: release.CalVersion{Year: 2026, Month: 10, Micro: 4}, want: "2026.11.0"},
		{name: "a month 13", current: release.CalVersion{Year: 2026, Month: 13}, wantErr: "a month from 1 to 12 for 0M, not 13"},
		{name: "a day the format has not", current: release.CalVersion{Year: 2026, Month: 11, Day: 3}, wantErr: "no day, as the format has none (3)"},
		{name: "a negative counter", current: release.CalVersion{Year: 2026, Month: 11, Micro: -1}, wantErr: "a MICRO from 0 to 2147483647 for MICRO, not -1"},
		{name: "an invalid modifier", current: release.CalVersion{Year: 2026, Month: 11, Modifier: "a..b"}, wantErr: "modifier identifiers that are not empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.Next(&tc.current, date, release.Patch, "")
			if tc.wantErr != "" {
				assert.ErrorIs(t, err, release.ErrInvalidCalVer)
				assert.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
		})
	}
	t.Run("an invalid date for the format, 30 February", func(t *testing.T) {
		cur := release.CalVersion{Year: 2026, Month: 2, Day: 30}
		_, err := release.CalVer("YYYY.0M.0D").Next(&cur, date, release.Patch, "")
		assert.ErrorContains(t, err, "a day that 2026-02 has, not 30")
	})
	t.Run("week 53 of a year of 52", func(t *testing.T) {
		cur := release.CalVersion{Year: 2025, Week: 53}
		_, err := release.CalVer("YYYY.0W").Next(&cur, date, release.Patch, "")
		assert.ErrorContains(t, err, "a week that 2025 has, not 53")
	})
	t.Run("Next leaves current alone", func(t *testing.T) {
		cur := release.CalVersion{Format: "YYYY.MM.MICRO", Year: 2026, Month: 11, Micro: 4}
		_, err := f.Next(&cur, date, release.Patch, "")
		require.NoError(t, err)
		assert.Equal(t, release.CalVersion{Format: "YYYY.MM.MICRO", Year: 2026, Month: 11, Micro: 4}, cur)
	})
}

// A month of releases, one call after the other, as a host would make them.
func TestCalVerNextSequence(t *testing.T) {
	f := release.CalVer("YY.0M.MICRO")
	steps := []struct {
		date string
		bump release.Bump
		mod  string
		want string
	}{
		{"2026-11-02", release.Minor, "", "26.11.0"},
		{"2026-11-09", release.Patch, "", "26.11.1"},
		{"2026-11-16", release.Minor, "rc.1", "26.11.2-rc.1"},
		{"2026-11-17", release.Patch, "rc.2", "26.11.2-rc.2"},
		{"2026-11-18", release.Patch, "", "26.11.2"},
		{"2026-12-01", release.Patch, "", "26.12.0"},
		{"2027-01-04", release.Major, "", "27.01.0"},
	}
	var cur *release.CalVersion
	for _, s := range steps {
		next, err := f.Next(cur, day(s.date), s.bump, s.mod)
		require.NoError(t, err, s.date)
		assert.Equal(t, s.want, next.String(), s.date)
		cur = &next
	}
}

// A walk over eight years of releases, some on the same day, with every
// bump and some modifiers: every version Next gives sorts after the one
// before, reads back, holds the date's parts, and is the one Latest finds
// among all the tags so far.
func TestCalVerNextWalk(t *testing.T) {
	formats := []release.CalVer{
		"YYYY.0M.MICRO", "YY.0M", "YYYY.0W", "YYYY.0W.MICRO", "YY.MINOR.MICRO", "MAJOR.YYYY.0M",
		"YYYY.MM.DD_MICRO", "YYYY-0M-0D", "0Y.WW", "YYYY.MAJOR.MINOR.MICRO", "YYYY.MM.MINOR",
	}
	mods := []string{"", "", "", "rc.1", "rc.2", "beta"}
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			var cur *release.CalVersion
			var tags []string
			released := 0
			for date := day("2019-12-20"); date.Before(day("2028-01-10")); date = date.AddDate(0, 0, rng.IntN(4)) {
				bump, mod := release.Bump(rng.IntN(4)), mods[rng.IntN(len(mods))]
				next, err := f.Next(cur, date, bump, mod)
				if err != nil {
					// Only a second release on one date without a counter, or a
					// modifier that sorts lower, may fail.
					require.ErrorIs(t, err, release.ErrInvalidCalVer)
					msg := err.Error()
					require.True(t, strings.Contains(msg, "one release per date") || strings.Contains(msg, "a modifier that sorts after") ||
						strings.Contains(msg, "a version after it"), "%s on %s: %v", cur, date.Format(time.DateOnly), err)
					continue
				}
				if cur != nil {
					require.Equal(t, 1, next.Compare(*cur), "%s then %s on %s", cur, next, date.Format(time.DateOnly))
				}
				again, err := f.Parse(next.String())
				require.NoError(t, err)
				require.Equal(t, next, again)
				if next.Week != 0 {
					y, w := date.ISOWeek()
					require.Equal(t, [2]int{y, w}, [2]int{next.Year, next.Week}, "ISO year and week of %s", date.Format(time.DateOnly))
				} else {
					require.Equal(t, date.Year(), next.Year)
				}
				tags = append(tags, "v"+next.String())
				if released%16 == 0 {
					name, _, ok := f.Latest("v{version}", tags, true)
					require.True(t, ok)
					require.Equal(t, tags[len(tags)-1], name, "the latest tag is the last one made")
				}
				cur = &next
				released++
			}
			assert.Greater(t, released, 90, "enough releases")
			rng.Shuffle(len(tags), func(i, j int) { tags[i], tags[j] = tags[j], tags[i] })
			name, _, ok := f.Latest("v{version}", tags, true)
			require.True(t, ok)
			assert.Equal(t, "v"+cur.String(), name, "the latest tag is the last one made, in any order")
		})
	}
}

func TestCalVerParseTag(t *testing.T) {
	f := release.CalVer("YYYY.0M.MICRO")
	cases := []struct {
		name     string
		format   release.TagFormat
		tag      string
		want     string
		wantErr  string
		wantCol  int
		sentinel error
	}{
		{name: "v prefix", format: "v{version}", tag: "v2026.11.0", want: "2026.11.0"},
		{name: "the zero TagFormat is v{version}", tag: "v2026.11.0-rc.1", want: "2026.11.0-rc.1"},
		{name: "a component prefix and a suffix", format: "site/{version}-final", tag: "site/2026.11.3-rc.1-final", want: "2026.11.3-rc.1"},
		{name: "another prefix", format: "v{version}", tag: "release-2026.11.0", wantErr: "a tag of the form v{version}", sentinel: release.ErrInvalidTag},
		{name: "a bad version", format: "site-{version}", tag: "site-2026.1.0", wantErr: "a tag of the form site-{version}, {version} being YYYY.0M.MICRO: 0M, the month in two digits (01 to 12)", wantCol: 11, sentinel: release.ErrInvalidTag},
		{name: "a SemVer tag", format: "v{version}", tag: "v1.2.3", wantErr: "YYYY, the year in four digits", wantCol: 2, sentinel: release.ErrInvalidTag},
		{name: "an option", format: "{version}", tag: "-2026.11.0", wantErr: "a tag name, not an option", wantCol: 1, sentinel: release.ErrInvalidTag},
		{name: "empty", format: "{version}", tag: "", wantErr: "a tag name", sentinel: release.ErrInvalidTag},
		{name: "too long", format: "v{version}", tag: "v2026.11.0-" + strings.Repeat("x", 300), wantErr: "a tag of at most 256 bytes", sentinel: release.ErrTooLong},
		{name: "an invalid TagFormat", format: "v{version}{version}", tag: "v2026.11.0", wantErr: "exactly one {version} placeholder", sentinel: release.ErrInvalidTagFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.ParseTag(tc.format, tc.tag)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.sentinel)
				assert.ErrorContains(t, err, tc.wantErr)
				pe, ok := errors.AsType[*release.ParseError](err)
				require.True(t, ok, "a *ParseError")
				assert.Equal(t, tc.wantCol, pe.Col, "column")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
			assert.Equal(t, tc.tag, got.Tag(tc.format), "round trip")
		})
	}
	_, err := release.CalVer("YYYY.MMM").ParseTag("v{version}", "v2026.11")
	assert.ErrorIs(t, err, release.ErrInvalidCalVer, "an invalid CalVer")
}

func TestCalVerLatest(t *testing.T) {
	f := release.CalVer("YYYY.0M.MICRO")
	names := []string{
		"v2026.10.3", "v2026.11.0-rc.1", "v2026.09.12", "v2026.1.0", "garbage", "api/v2027.01.0",
		"v2026.10.3", "v2026.10.10", "v1.2.3", "-v2027.01.0", "v2027.01.0" + strings.Repeat("0", 300),
	}
	cases := []struct {
		name        string
		calver      release.CalVer
		format      release.TagFormat
		names       []string
		prereleases bool
		want        string // empty: none
	}{
		{name: "releases only", calver: f, format: "v{version}", names: names, want: "v2026.10.10"}, // 10 > 3 as numbers
		{name: "with prereleases", calver: f, format: "v{version}", names: names, prereleases: true, want: "v2026.11.0-rc.1"},
		{name: "a component's prefix", calver: f, format: "api/v{version}", names: names, want: "api/v2027.01.0"},
		{name: "no name matches", calver: f, format: "x{version}", names: names},
		{name: "no names", calver: f, format: "v{version}"},
		{name: "an invalid CalVer matches nothing", calver: "YYYY.MMM", format: "v{version}", names: names},
		{name: "an invalid TagFormat matches nothing", calver: f, format: "v{version}{version}", names: names},
		{name: "MAJOR first", calver: "MAJOR.YYYY.0M", format: "{version}", names: []string{"3.2026.12", "4.2026.11", "4.2026.10"}, want: "4.2026.11"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name, v, ok := tc.calver.Latest(tc.format, tc.names, tc.prereleases)
			if tc.want == "" {
				assert.False(t, ok)
				assert.Empty(t, name)
				assert.Equal(t, release.CalVersion{}, v)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, name)
			assert.Equal(t, tc.want, v.Tag(tc.format))
			// The result does not depend on the order of the names.
			rev := make([]string, len(tc.names))
			for i, n := range tc.names {
				rev[len(rev)-1-i] = n
			}
			name2, _, _ := tc.calver.Latest(tc.format, rev, tc.prereleases)
			assert.Equal(t, name, name2, "reversed")
		})
	}
}

func TestCalVersionJSON(t *testing.T) {
	v, err := release.CalVer("YY.0M.MICRO").Parse("26.11.2-rc.1")
	require.NoError(t, err)
	js, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"format":"YY.0M.MICRO","year":2026,"month":11,"major":0,"minor":0,"micro":2,"modifier":"rc.1"}`, string(js))
	var back release.CalVersion
	require.NoError(t, json.Unmarshal(js, &back))
	assert.Equal(t, v, back)
}

// FuzzParseCalVer checks, for any format and input, that Parse does not
// panic, that what parses prints back as it was written and sorts equal
// to itself, that errors are *ParseError values with a column inside the
// input, that ParseTag and Latest agree with Parse, and that Next, when
// it succeeds, moves forward to a version that parses.
func FuzzParseCalVer(f *testing.F) {
	for _, tc := range calverParseCases {
		f.Add(string(tc.format), tc.in, "2026.11.1-rc.1", int64(1_795_000_000), uint8(1), "")
	}
	f.Add("YYYY.0W", "2026.52", "2026.53", int64(1_798_761_600), uint8(2), "rc.1") // 2027-01-01
	f.Add("YYYY.0M.0D", "2024.02.28", "2024.02.29", int64(1_709_164_800), uint8(0), "")
	f.Fuzz(func(t *testing.T, format, s, s2 string, unix int64, bump uint8, mod string) {
		cf := release.CalVer(format)
		v, err := cf.Parse(s)
		if err != nil {
			pe, ok := errors.AsType[*release.ParseError](err)
			if !ok {
				t.Fatalf("Parse(%q) under %q: %T, not a *ParseError", s, format, err)
			}
			if !errors.Is(err, release.ErrInvalidCalVer) && !errors.Is(err, release.ErrTooLong) {
				t.Fatalf("Parse(%q) under %q: %v wraps neither ErrInvalidCalVer nor ErrTooLong", s, format, err)
			}
			if cf.Validate() == nil && pe.Col > len(s)+1 {
				t.Fatalf("Parse(%q) under %q: column %d beyond the input", s, format, pe.Col)
			}
			return
		}
		if err := cf.Validate(); err != nil {
			t.Fatalf("%q parses under %q, which does not validate: %v", s, format, err)
		}
		if len(s) > release.MaxTagLen {
			t.Fatalf("Parse accepted %d bytes", len(s))
		}
		if got := v.String(); got != s {
			t.Fatalf("%q under %q prints as %q", s, format, got)
		}
		if v.Compare(v) != 0 {
			t.Fatalf("%q does not compare equal to itself", s)
		}
		if tv, err := cf.ParseTag("v{version}", "v"+s); err != nil || tv != v {
			t.Fatalf("ParseTag(v%s) = %v, %v; Parse gave %v", s, tv, err, v)
		}
		if w, err := cf.Parse(s2); err == nil {
			c := v.Compare(w)
			if c != -w.Compare(v) {
				t.Fatalf("Compare(%q, %q) = %d, not the opposite of the reverse", s, s2, c)
			}
			if (c == 0) != (s == s2) {
				t.Fatalf("Compare(%q, %q) = %d", s, s2, c)
			}
			want := s
			if c < 0 {
				want = s2
			}
			if name, latest, ok := cf.Latest("{version}", []string{s, s2}, true); !ok || name != want || latest.String() != want {
				t.Fatalf("Latest(%q, %q) = %q, %v; want %q", s, s2, name, ok, want)
			}
		}
		date := time.Unix(unix%(1<<38), 0).UTC()
		next, err := cf.Next(&v, date, release.Bump(bump%5), mod)
		if err != nil {
			if !errors.Is(err, release.ErrInvalidCalVer) && !errors.Is(err, release.ErrInvalidOp) && !errors.Is(err, release.ErrTooLong) {
				t.Fatalf("Next(%s, %s): %v wraps no sentinel of Next's", v, date, err)
			}
			return
		}
		if next.Compare(v) <= 0 {
			t.Fatalf("Next(%s, %s) = %s, not after it", v, date, next)
		}
		again, err := cf.Parse(next.String())
		if err != nil || again != next {
			t.Fatalf("Next gave %q, which does not parse back: %v", next, err)
		}
		if next.Modifier != mod {
			t.Fatalf("Next(%s, mod %q) = %s", v, mod, next)
		}
		first, err := cf.Next(nil, date, release.Bump(bump%4), "")
		if err != nil {
			t.Fatalf("a first release on %s fails where a next one works: %v", date, err)
		}
		if again, err := cf.Parse(first.String()); err != nil || again != first {
			t.Fatalf("first release %q on %s does not parse back: %v", first, date, err)
		}
	})
}

func BenchmarkCalVerLatest(b *testing.B) {
	f := release.CalVer("YYYY.0M.MICRO")
	names := make([]string, 0, 1000)
	for i := range 1000 {
		names = append(names, fmt.Sprintf("site/v%d.%02d.%d", 2000+i/120, 1+i/10%12, i%10), fmt.Sprintf("api/v1.%d.0", i))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := f.Latest("site/v{version}", names, false); !ok {
			b.Fatal("no latest")
		}
	}
}
