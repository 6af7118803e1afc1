package risk_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/releasekit/releasekit/risk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dlFrom and dlTo bound the window of the hand-worked scenario: four
// weeks from a Monday.
var (
	dlFrom = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	dlTo   = dlFrom.AddDate(0, 0, 28)
)

// dlAt returns the time d days and h after dlFrom.
func dlAt(d int, h time.Duration) time.Time { return dlFrom.AddDate(0, 0, d).Add(h) }

// dlChanges returns commit times the given lead times before t.
func dlChanges(t time.Time, leads ...time.Duration) []time.Time {
	out := make([]time.Time, len(leads))
	for i, l := range leads {
		out[i] = t.Add(-l)
	}
	return out
}

// dlScenario is a month of three components, worked out by hand in
// TestMeasureDeliveryByHand.
func dlScenario() ([]risk.Deployment, []risk.Incident) {
	h := time.Hour
	deps := []risk.Deployment{
		{Component: "api", Time: dlAt(1, 10*h), Changes: dlChanges(dlAt(1, 10*h), 2*h, 26*h)},
		{Component: "api", Time: dlAt(3, 0), Changes: dlChanges(dlAt(3, 0), h), Failed: true},
		{Component: "api", ID: "api-3", Time: dlAt(10, 0), Changes: dlChanges(dlAt(10, 0), 30*time.Minute, 3*h, 50*h)},
		{Component: "api", Time: dlFrom.Add(-h), Changes: dlChanges(dlFrom.Add(-h), h), Failed: true}, // before the window
		{Component: "api", Time: dlTo, Changes: dlChanges(dlTo, h)},                                   // at its end: the next window's
		{Component: "api", Time: dlFrom}, // at its start: a redeployment, no changes
		{Component: "web", Time: dlAt(5, 0), Changes: dlChanges(dlAt(5, 0), 192*h)},
		{Component: "batch", ID: "batch-1", Time: dlAt(-10, 0)}, // only before the window
	}
	incs := []risk.Incident{
		{Component: "api", Start: dlAt(10, h), Restored: dlAt(10, h+90*time.Minute), Cause: "api-3"},
		{Component: "api", Start: dlAt(20, 0), Restored: dlAt(20, 30*time.Minute)},
		{Component: "api", Start: dlAt(27, 0)},                        // open
		{Component: "api", Start: dlAt(-2, 0)},                        // open since before the window
		{Component: "api", Start: dlAt(26, 0), Restored: dlTo.Add(h)}, // restored after the window's end
		{Component: "web", Start: dlAt(-5, 0), Restored: dlAt(-4, 0)}, // over before the window
		{Component: "batch", Start: dlAt(2, 0), Restored: dlAt(4, 0), Cause: "batch-1"},
	}
	return deps, incs
}

// TestMeasureDeliveryByHand checks every figure of the scenario against
// a reading of the definitions by hand.
func TestMeasureDeliveryByHand(t *testing.T) {
	deps, incs := dlScenario()
	r, err := risk.MeasureDelivery(deps, incs, dlFrom, dlTo)
	require.NoError(t, err)
	h := time.Hour

	// api: four deployments in the window (days 0, 1, 3 and 10; not the
	// one an hour before it, nor the one at its end): 4/28 a day, one a
	// week (high). Lead times 2h, 26h, 1h, 30m, 3h, 50h: sorted, the
	// middle two are 2h and 3h, so the median is 2h30m (elite). Failed:
	// the one marked, and api-3 that incident 1 blames: 2 of 4, 50%
	// (low). Incidents started in the window: 4 (not the one from day
	// -2); restored by its end, 90m and 30m: median 1h, not under an
	// hour (high). Open at the end: day 27's, day -2's, and day 26's,
	// restored only after the end.
	api := risk.Delivery{Component: "api", Deployments: 4, PerDay: 4.0 / 28, Changes: 6, LeadTime: 2*h + 30*time.Minute,
		Failed: 2, Incidents: 4, Restored: 2, TimeToRestore: h, Open: 3}
	// batch: its one deployment is before the window, so nothing is
	// deployed and no rate is defined, though the incident blames it; the
	// incident started on day 2 and took two days (medium).
	batch := risk.Delivery{Component: "batch", Incidents: 1, Restored: 1, TimeToRestore: 48 * h}
	// web: one deployment, 1/28 a day, at least once a month (medium);
	// one change of 8 days (medium); none failed (elite); its incident
	// is over before the window.
	web := risk.Delivery{Component: "web", Deployments: 1, PerDay: 1.0 / 28, Changes: 1, LeadTime: 192 * h}
	// All together: 5 deployments, 2 failed (40%, low); 7 lead times,
	// the middle one 3h; 3 restorations, 30m, 90m, 48h: median 90m.
	total := risk.Delivery{Deployments: 5, PerDay: 5.0 / 28, Changes: 7, LeadTime: 3 * h,
		Failed: 2, Incidents: 5, Restored: 3, TimeToRestore: 90 * time.Minute, Open: 3}

	assert.Equal(t, dlFrom, r.From)
	assert.Equal(t, dlTo, r.To)
	assert.Equal(t, []risk.Delivery{api, batch, web}, r.Components, "sorted by name, batch without deployments included")
	assert.Equal(t, total, r.Total)

	bands := map[string]risk.Bands{
		"api":   {DeploymentFrequency: risk.BandHigh, LeadTime: risk.BandElite, ChangeFailureRate: risk.BandLow, TimeToRestore: risk.BandHigh},
		"batch": {DeploymentFrequency: risk.BandLow, TimeToRestore: risk.BandMedium},
		"web":   {DeploymentFrequency: risk.BandMedium, LeadTime: risk.BandMedium, ChangeFailureRate: risk.BandElite},
		"":      {DeploymentFrequency: risk.BandHigh, LeadTime: risk.BandElite, ChangeFailureRate: risk.BandLow, TimeToRestore: risk.BandHigh},
	}
	for _, d := range append(r.Components, r.Total) {
		assert.Equal(t, bands[d.Component], d.Bands(), "bands of %q", d.Component)
	}
	rate, ok := r.Components[1].ChangeFailureRate()
	assert.False(t, ok, "batch: no deployments, no rate")
	assert.Zero(t, rate)

	// The order of the records does not matter.
	rnd := rand.New(rand.NewPCG(3, 4))
	rnd.Shuffle(len(deps), func(i, j int) { deps[i], deps[j] = deps[j], deps[i] })
	rnd.Shuffle(len(incs), func(i, j int) { incs[i], incs[j] = incs[j], incs[i] })
	again, err := risk.MeasureDelivery(deps, incs, dlFrom, dlTo)
	require.NoError(t, err)
	assert.Equal(t, r, again, "shuffled records")
}

// TestMeasureDeliveryBoundaries moves a one-day window over single
// events, to pin down which times decide membership.
func TestMeasureDeliveryBoundaries(t *testing.T) {
	at := dlAt(3, 0)
	cases := []struct {
		name     string
		from, to time.Time
		dep      risk.Deployment
		inc      risk.Incident
		want     risk.Delivery
	}{
		{"deployment at the window's start counts", at, at.Add(24 * time.Hour),
			risk.Deployment{Component: "c", Time: at, Changes: []time.Time{at.AddDate(0, -6, 0)}}, risk.Incident{},
			// A change committed half a year before the window still counts: the deployment decides.
			risk.Delivery{Deployments: 1, PerDay: 1, Changes: 1, LeadTime: at.Sub(at.AddDate(0, -6, 0))}},
		{"deployment at the window's end does not", at.Add(-24 * time.Hour), at,
			risk.Deployment{Component: "c", Time: at, Changes: []time.Time{at}}, risk.Incident{},
			risk.Delivery{}},
		{"zero lead time is kept", at, at.Add(24 * time.Hour),
			risk.Deployment{Component: "c", Time: at, Changes: []time.Time{at}}, risk.Incident{},
			risk.Delivery{Deployments: 1, PerDay: 1, Changes: 1}},
		{"incident restored at the window's end is restored", at, at.Add(24 * time.Hour),
			risk.Deployment{}, risk.Incident{Component: "c", Start: at, Restored: at.Add(24 * time.Hour)},
			risk.Delivery{Incidents: 1, Restored: 1, TimeToRestore: 24 * time.Hour}},
		{"incident restored a nanosecond later is open", at, at.Add(24 * time.Hour),
			risk.Deployment{}, risk.Incident{Component: "c", Start: at, Restored: at.Add(24*time.Hour + 1)},
			risk.Delivery{Incidents: 1, Open: 1}},
		{"incident restored at once takes no time", at, at.Add(24 * time.Hour),
			risk.Deployment{}, risk.Incident{Component: "c", Start: at, Restored: at},
			risk.Delivery{Incidents: 1, Restored: 1}},
		{"incident starting at the window's end is not in it", at.Add(-24 * time.Hour), at,
			risk.Deployment{}, risk.Incident{Component: "c", Start: at},
			risk.Delivery{}},
		{"incident open since before the window is only open", at.Add(24 * time.Hour), at.Add(48 * time.Hour),
			risk.Deployment{}, risk.Incident{Component: "c", Start: at},
			risk.Delivery{Open: 1}},
		{"incident over before the window is nowhere", at.Add(24 * time.Hour), at.Add(48 * time.Hour),
			risk.Deployment{}, risk.Incident{Component: "c", Start: at, Restored: at.Add(time.Hour)},
			risk.Delivery{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var deps []risk.Deployment
			var incs []risk.Incident
			if tc.dep.Component != "" {
				deps = append(deps, tc.dep)
			}
			if tc.inc.Component != "" {
				incs = append(incs, tc.inc)
			}
			r, err := risk.MeasureDelivery(deps, incs, tc.from, tc.to)
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.Total)
			require.Len(t, r.Components, 1, "the component has a row whether or not it is in the window")
			want := tc.want
			want.Component = "c"
			assert.Equal(t, want, r.Components[0])
		})
	}
}

// TestMeasureDeliverySliding slides a week's window over two months of
// random records, an hour at a time, and compares every window with a
// direct reading of the definitions.
func TestMeasureDeliverySliding(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	deps, incs := dlRandom(rnd, 400, 60, dlFrom, 60*24*time.Hour)
	span := 7 * 24 * time.Hour
	windows := 0
	for end := dlFrom; end.Before(dlFrom.AddDate(0, 0, 70)); end = end.Add(time.Hour) {
		r, err := risk.MeasureDelivery(deps, incs, end.Add(-span), end)
		require.NoError(t, err)
		names := []string{}
		for _, d := range r.Components {
			names = append(names, d.Component)
			require.Equal(t, dlOracle(deps, incs, d.Component, end.Add(-span), end), d, "window to %s", end)
		}
		require.Equal(t, []string{"api", "batch", "web"}, names, "the same rows in every window")
		require.Equal(t, dlOracle(deps, incs, "", end.Add(-span), end), r.Total, "window to %s", end)
		windows++
	}
	assert.Equal(t, 70*24, windows)
}

// dlRandom returns n deployments and m incidents spread over span from
// start, in three components, with some incidents blaming a deployment.
func dlRandom(rnd *rand.Rand, n, m int, start time.Time, span time.Duration) ([]risk.Deployment, []risk.Incident) {
	components := []string{"api", "web", "batch"}
	when := func() time.Time { return start.Add(time.Duration(rnd.Int64N(int64(span/time.Minute))) * time.Minute) }
	deps := make([]risk.Deployment, n)
	for i := range deps {
		d := risk.Deployment{Component: components[rnd.IntN(3)], Time: when(), Failed: rnd.IntN(10) == 0}
		if rnd.IntN(2) == 0 {
			d.ID = fmt.Sprint("d", i)
		}
		for range rnd.IntN(4) {
			d.Changes = append(d.Changes, d.Time.Add(-time.Duration(rnd.Int64N(int64(72*time.Hour)))))
		}
		deps[i] = d
	}
	incs := make([]risk.Incident, m)
	for i := range incs {
		inc := risk.Incident{Component: components[rnd.IntN(3)], Start: when()}
		if rnd.IntN(5) > 0 {
			inc.Restored = inc.Start.Add(time.Duration(rnd.Int64N(int64(48 * time.Hour))))
		}
		if d := deps[rnd.IntN(n)]; d.ID != "" && rnd.IntN(2) == 0 {
			inc.Cause = d.ID
		}
		incs[i] = inc
	}
	return deps, incs
}

// dlOracle computes one component's row (every component's for "") by
// reading the definitions directly.
func dlOracle(deps []risk.Deployment, incs []risk.Incident, component string, from, to time.Time) risk.Delivery {
	mine := func(c string) bool { return component == "" || c == component }
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	median := func(ds []time.Duration) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		slices.Sort(ds)
		if len(ds)%2 == 1 {
			return ds[len(ds)/2]
		}
		return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
	}
	blamed := map[string]bool{}
	for _, inc := range incs {
		blamed[inc.Cause] = true
	}
	d := risk.Delivery{Component: component}
	var lead, restore []time.Duration
	for _, dep := range deps {
		if !mine(dep.Component) || !in(dep.Time) {
			continue
		}
		d.Deployments++
		if dep.Failed || (dep.ID != "" && blamed[dep.ID]) {
			d.Failed++
		}
		for _, c := range dep.Changes {
			lead = append(lead, dep.Time.Sub(c))
		}
	}
	for _, inc := range incs {
		if !mine(inc.Component) {
			continue
		}
		restored := !inc.Restored.IsZero() && !inc.Restored.After(to)
		if inc.Start.Before(to) && !restored {
			d.Open++
		}
		if in(inc.Start) {
			d.Incidents++
			if restored {
				restore = append(restore, inc.Restored.Sub(inc.Start))
			}
		}
	}
	d.PerDay = float64(d.Deployments) / (to.Sub(from).Hours() / 24)
	d.Changes, d.LeadTime = len(lead), median(lead)
	d.Restored, d.TimeToRestore = len(restore), median(restore)
	return d
}

// TestMeasureDeliveryInvalid feeds one bad record or window at a time.
func TestMeasureDeliveryInvalid(t *testing.T) {
	at := dlAt(1, 0)
	ok := risk.Deployment{Component: "api", ID: "d1", Time: at}
	cases := []struct {
		name  string
		deps  []risk.Deployment
		incs  []risk.Incident
		from  time.Time
		to    time.Time
		want  error
		words string
	}{
		{"deployment without component", []risk.Deployment{{Time: at}}, nil, dlFrom, dlTo,
			risk.ErrInvalidDeployment, "deployment 0: no component"},
		{"deployment without time", []risk.Deployment{ok, {Component: "api"}}, nil, dlFrom, dlTo,
			risk.ErrInvalidDeployment, `deployment 1 of "api": no time`},
		{"change without time", []risk.Deployment{{Component: "api", Time: at, Changes: []time.Time{at, {}}}}, nil, dlFrom, dlTo,
			risk.ErrInvalidDeployment, "change 1 has no commit time"},
		{"change after its deployment", []risk.Deployment{{Component: "api", Time: at, Changes: []time.Time{at.Add(time.Hour)}}}, nil, dlFrom, dlTo,
			risk.ErrInvalidDeployment, "change 0 committed 1h0m0s after the deployment"},
		// Checked even outside the window: the same records give the same error whatever the window.
		{"bad deployment outside the window", []risk.Deployment{{Component: "api", Time: dlTo.AddDate(1, 0, 0), Changes: []time.Time{{}}}}, nil, dlFrom, dlTo,
			risk.ErrInvalidDeployment, "change 0 has no commit time"},
		{"two deployments with an ID an incident names", []risk.Deployment{ok, ok}, []risk.Incident{{Component: "api", Start: at, Cause: "d1"}}, dlFrom, dlTo,
			risk.ErrInvalidDeployment, `deployment 1 of "api": ID "d1", which an incident names, used by deployment 0 too`},
		{"incident without component", nil, []risk.Incident{{Start: at}}, dlFrom, dlTo,
			risk.ErrInvalidIncident, "incident 0: no component"},
		{"incident without start", nil, []risk.Incident{{Component: "api"}}, dlFrom, dlTo,
			risk.ErrInvalidIncident, "no start time"},
		{"incident restored before it started", nil, []risk.Incident{{Component: "api", Start: at, Restored: at.Add(-time.Minute)}}, dlFrom, dlTo,
			risk.ErrInvalidIncident, "restored 1m0s before it started"},
		{"incident blaming an unknown deployment", []risk.Deployment{ok}, []risk.Incident{{Component: "api", Start: at, Cause: "d2"}}, dlFrom, dlTo,
			risk.ErrInvalidIncident, `caused by "d2", which is no deployment's ID`},
		{"window without start", nil, nil, time.Time{}, dlTo, risk.ErrInvalidWindow, "delivery window"},
		{"window without end", nil, nil, dlFrom, time.Time{}, risk.ErrInvalidWindow, "delivery window"},
		{"empty window", nil, nil, dlFrom, dlFrom, risk.ErrInvalidWindow, "delivery window"},
		{"inverted window", nil, nil, dlTo, dlFrom, risk.ErrInvalidWindow, "delivery window"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := risk.MeasureDelivery(tc.deps, tc.incs, tc.from, tc.to)
			assert.Nil(t, r, "no report with an error")
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.words)
			assert.True(t, strings.HasPrefix(err.Error(), "risk: "), "names the package: %s", err)
			assert.NotContains(t, err.Error(), "\n", "one record, one line")
		})
	}
}

// TestMeasureDeliveryUnnamedIDs: an ID must be unique only when an
// incident names it; IDs nobody names are the host's business.
func TestMeasureDeliveryUnnamedIDs(t *testing.T) {
	at := dlAt(1, 0)
	d := risk.Deployment{Component: "api", ID: "same", Time: at}
	r, err := risk.MeasureDelivery([]risk.Deployment{d, d}, []risk.Incident{{Component: "api", Start: at}}, dlFrom, dlTo)
	require.NoError(t, err)
	assert.Equal(t, 2, r.Total.Deployments)
	assert.Zero(t, r.Total.Failed)
}

// TestMeasureDeliveryErrorsGathered checks that every invalid record is
// reported, up to a limit.
func TestMeasureDeliveryErrorsGathered(t *testing.T) {
	at := dlAt(1, 0)
	_, err := risk.MeasureDelivery(
		[]risk.Deployment{{Component: "api"}, {Component: "api", Time: at}},
		[]risk.Incident{{Component: "api", Start: at, Restored: at.Add(-1)}},
		dlFrom, dlTo)
	require.Error(t, err)
	assert.ErrorIs(t, err, risk.ErrInvalidDeployment)
	assert.ErrorIs(t, err, risk.ErrInvalidIncident)
	assert.Equal(t, `risk: deployment 0 of "api": no time: invalid deployment`+"\n"+
		`risk: incident 0 of "api": restored 1ns before it started: invalid incident`, err.Error())

	many := make([]risk.Deployment, 25)
	_, err = risk.MeasureDelivery(many, nil, dlFrom, dlTo)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, 11, "ten records, then a count")
	assert.Equal(t, "risk: 15 more invalid records", lines[10])
}

// TestMeasureDeliveryEmpty: no records at all is a valid, empty report,
// and neither it nor a zero report renders NaN.
func TestMeasureDeliveryEmpty(t *testing.T) {
	r, err := risk.MeasureDelivery(nil, nil, dlFrom, dlTo)
	require.NoError(t, err)
	assert.Empty(t, r.Components)
	assert.Equal(t, risk.Delivery{}, r.Total)

	var zero risk.DeliveryReport
	for name, rep := range map[string]*risk.DeliveryReport{"empty": r, "zero value": &zero} {
		b, err := json.Marshal(rep)
		require.NoError(t, err, name)
		assert.True(t, json.Valid(b), name)
		assert.NotContains(t, string(b), "NaN", name)
		assert.Contains(t, string(b), `"components":[]`, name)
		assert.Contains(t, string(b), `"lead_time":null,`, name)
		assert.Contains(t, string(b), `"change_failure_rate":null,`, name)
		assert.Contains(t, string(b), `"time_to_restore":null,`, name)
		assert.NotContains(t, rep.String(), "NaN", name)
	}
	assert.Contains(t, zero.String(), "\n  total            0       0.0  -          -       -                   0\n")
}

// TestDeliveryRates checks the raw and smoothed change failure rates.
func TestDeliveryRates(t *testing.T) {
	cases := []struct {
		name             string
		failed, deployed int
		raw              float64
		defined          bool
		toward15         float64 // prior 0.15, weight 2
		laplace          float64 // prior 0.5, weight 2
	}{
		{"no deployments: undefined, smoothed to the prior", 0, 0, 0, false, 0.15, 0.5},
		{"one failed in one: not a certainty", 1, 1, 1, true, 1.3 / 3, 2.0 / 3},
		{"none failed in one: not a guarantee", 0, 1, 0, true, 0.3 / 3, 1.0 / 3},
		{"none in ten", 0, 10, 0, true, 0.3 / 12, 1.0 / 12},
		{"two in twenty", 2, 20, 0.1, true, 2.3 / 22, 3.0 / 22},
		{"many: the component's own rate", 300, 1000, 0.3, true, 300.3 / 1002, 301.0 / 1002},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := risk.Delivery{Failed: tc.failed, Deployments: tc.deployed}
			raw, ok := d.ChangeFailureRate()
			assert.Equal(t, tc.defined, ok)
			assert.InDelta(t, tc.raw, raw, 1e-12)
			assert.InDelta(t, tc.toward15, d.SmoothedFailureRate(0.15, 2), 1e-12)
			assert.InDelta(t, tc.laplace, d.SmoothedFailureRate(0.5, 2), 1e-12)
		})
	}
	for _, bad := range []struct{ prior, weight float64 }{{-0.1, 2}, {1.1, 2}, {math.NaN(), 2}, {0.15, 0}, {0.15, -1}, {0.15, math.NaN()}, {0.15, math.Inf(1)}} {
		assert.Panics(t, func() { risk.Delivery{}.SmoothedFailureRate(bad.prior, bad.weight) }, "prior %v weight %v", bad.prior, bad.weight)
	}
}

// TestDeliveryBands checks each band's boundaries: the better band wins
// a tie.
func TestDeliveryBands(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		name string
		d    risk.Delivery
		want risk.Bands
	}{
		{"nothing: only the frequency is defined", risk.Delivery{}, risk.Bands{DeploymentFrequency: risk.BandLow}},
		{"once a day", risk.Delivery{PerDay: 1}, risk.Bands{DeploymentFrequency: risk.BandElite}},
		{"once a week", risk.Delivery{PerDay: 1.0 / 7}, risk.Bands{DeploymentFrequency: risk.BandHigh}},
		{"a little less than once a week", risk.Delivery{PerDay: 0.99 / 7}, risk.Bands{DeploymentFrequency: risk.BandMedium}},
		{"once in 30 days", risk.Delivery{PerDay: 1.0 / 30}, risk.Bands{DeploymentFrequency: risk.BandMedium}},
		{"once in 31 days", risk.Delivery{PerDay: 1.0 / 31}, risk.Bands{DeploymentFrequency: risk.BandLow}},
		{"lead time just under a day", risk.Delivery{Changes: 1, LeadTime: day - 1}, risk.Bands{DeploymentFrequency: risk.BandLow, LeadTime: risk.BandElite}},
		{"lead time a day", risk.Delivery{Changes: 1, LeadTime: day}, risk.Bands{DeploymentFrequency: risk.BandLow, LeadTime: risk.BandHigh}},
		{"lead time a week", risk.Delivery{Changes: 1, LeadTime: 7 * day}, risk.Bands{DeploymentFrequency: risk.BandLow, LeadTime: risk.BandMedium}},
		{"lead time 30 days", risk.Delivery{Changes: 1, LeadTime: 30 * day}, risk.Bands{DeploymentFrequency: risk.BandLow, LeadTime: risk.BandLow}},
		{"zero lead time without changes is unknown", risk.Delivery{LeadTime: 0}, risk.Bands{DeploymentFrequency: risk.BandLow}},
		{"5% failed", risk.Delivery{Deployments: 20, Failed: 1}, risk.Bands{DeploymentFrequency: risk.BandLow, ChangeFailureRate: risk.BandElite}},
		{"10% failed", risk.Delivery{Deployments: 20, Failed: 2}, risk.Bands{DeploymentFrequency: risk.BandLow, ChangeFailureRate: risk.BandHigh}},
		{"15% failed", risk.Delivery{Deployments: 20, Failed: 3}, risk.Bands{DeploymentFrequency: risk.BandLow, ChangeFailureRate: risk.BandMedium}},
		{"20% failed", risk.Delivery{Deployments: 20, Failed: 4}, risk.Bands{DeploymentFrequency: risk.BandLow, ChangeFailureRate: risk.BandLow}},
		{"restored in 59 minutes", risk.Delivery{Restored: 1, TimeToRestore: 59 * time.Minute}, risk.Bands{DeploymentFrequency: risk.BandLow, TimeToRestore: risk.BandElite}},
		{"restored in an hour", risk.Delivery{Restored: 1, TimeToRestore: time.Hour}, risk.Bands{DeploymentFrequency: risk.BandLow, TimeToRestore: risk.BandHigh}},
		{"restored in a day", risk.Delivery{Restored: 1, TimeToRestore: day}, risk.Bands{DeploymentFrequency: risk.BandLow, TimeToRestore: risk.BandMedium}},
		{"restored in a week", risk.Delivery{Restored: 1, TimeToRestore: 7 * day}, risk.Bands{DeploymentFrequency: risk.BandLow, TimeToRestore: risk.BandLow}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.d.Bands())
		})
	}
	for b, name := range map[risk.Band]string{risk.BandUnknown: "unknown", risk.BandLow: "low", risk.BandMedium: "medium", risk.BandHigh: "high", risk.BandElite: "elite"} {
		assert.Equal(t, name, b.String())
		text, err := b.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, name, string(text))
	}
	_, err := risk.Band(9).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Band(9)", risk.Band(9).String())
}

// TestDeliveryGolden renders the hand-worked scenario, then one whose
// component names come from someone hostile or careless.
func TestDeliveryGolden(t *testing.T) {
	deps, incs := dlScenario()
	r, err := risk.MeasureDelivery(deps, incs, dlFrom, dlTo)
	require.NoError(t, err)
	golden(t, "delivery.txt", []byte(r.String()))
	b, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	golden(t, "delivery.json", append(b, '\n'))

	hostile := []string{
		"evil\x1b[2J\x1b[H",        // clears a terminal
		"bidi \u202eevil\u202c",    // reorders the line
		"new\nline",                // a row of its own
		"bad \xff utf-8",           // not UTF-8
		"tab\there",                // breaks the columns
		`quote"and\backslash`,      // printable: left alone
		"部署",                       // printable: left alone
		strings.Repeat("long", 40), // cut
	}
	deps = nil
	for i, name := range hostile {
		at := dlAt(i, 0)
		deps = append(deps, risk.Deployment{Component: name, Time: at, Changes: []time.Time{at.Add(-time.Duration(i+1) * time.Hour)}, Failed: i%2 == 0})
	}
	r, err = risk.MeasureDelivery(deps, nil, dlFrom, dlTo)
	require.NoError(t, err)
	text := r.String()
	golden(t, "delivery.hostile.txt", []byte(text))
	assert.NotContains(t, text, "\x1b", "no escape sequence reaches a terminal")
	assert.NotContains(t, text, "\u202e", "no bidirectional override")
	assert.NotContains(t, text, "\t")
	assert.True(t, utf8.ValidString(text))
	assert.Equal(t, 3+len(hostile)+2, strings.Count(text, "\n"), "a line per component")

	b, err = json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	golden(t, "delivery.hostile.json", append(b, '\n'))
	var back struct {
		Components []struct{ Component string }
	}
	require.NoError(t, json.Unmarshal(b, &back))
	for i, c := range back.Components {
		if !utf8.ValidString(r.Components[i].Component) {
			continue // encoding/json writes invalid UTF-8 as U+FFFD
		}
		assert.Equal(t, r.Components[i].Component, c.Component, "JSON keeps names exactly")
	}
}

// TestDeliveryLogValue logs a report's total.
func TestDeliveryLogValue(t *testing.T) {
	deps, incs := dlScenario()
	r, err := risk.MeasureDelivery(deps, incs, dlFrom, dlTo)
	require.NoError(t, err)
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("delivery", "report", r)
	for _, want := range []string{"report.components=3", "report.deployments=5", "report.failed=2", "report.open=3", "report.lead_time=3h0m0s", "report.time_to_restore=1h30m0s"} {
		assert.Contains(t, buf.String(), want)
	}
}

// FuzzMeasureDelivery adds a fuzzed deployment and incident to the
// hand-worked scenario and checks what must hold whatever they are: an
// error or a report, never a panic; counts that add up; no NaN; text
// without control characters but its line breaks; valid JSON without
// characters that are not printable.
func FuzzMeasureDelivery(f *testing.F) {
	f.Add("api", int64(time.Hour), int64(time.Minute), int64(30*time.Minute), true, "api-3")
	f.Add("evil\x1b[2J\u202e", int64(0), int64(0), int64(-1), false, "")
	f.Add("", int64(-time.Hour), int64(-time.Hour), int64(0), false, "nope")
	f.Add("del\x7f", int64(time.Hour), int64(0), int64(0), false, "")
	f.Add("\xff", int64(1<<62), int64(1<<62), int64(1<<62), true, "batch-1")
	f.Fuzz(func(t *testing.T, name string, at, lead, restore int64, failed bool, cause string) {
		deps, incs := dlScenario()
		when := dlFrom.Add(time.Duration(at))
		deps = append(deps, risk.Deployment{Component: name, Time: when, Changes: []time.Time{when.Add(-time.Duration(lead))}, Failed: failed})
		inc := risk.Incident{Component: name, Start: when, Cause: cause}
		if restore >= 0 {
			inc.Restored = when.Add(time.Duration(restore))
		}
		incs = append(incs, inc)
		r, err := risk.MeasureDelivery(deps, incs, dlFrom, dlTo)
		if err != nil {
			assert.Nil(t, r)
			assert.True(t, strings.HasPrefix(err.Error(), "risk: "))
			return
		}
		sum := risk.Delivery{}
		for _, d := range append(r.Components, r.Total) {
			assert.LessOrEqual(t, d.Failed, d.Deployments)
			assert.LessOrEqual(t, d.Restored, d.Incidents)
			assert.GreaterOrEqual(t, d.LeadTime, time.Duration(0))
			assert.GreaterOrEqual(t, d.TimeToRestore, time.Duration(0))
			assert.False(t, math.IsNaN(d.PerDay) || math.IsInf(d.PerDay, 0))
		}
		for _, d := range r.Components {
			sum.Deployments += d.Deployments
			sum.Failed += d.Failed
			sum.Changes += d.Changes
			sum.Incidents += d.Incidents
			sum.Open += d.Open
		}
		assert.Equal(t, sum.Deployments, r.Total.Deployments)
		assert.Equal(t, sum.Failed, r.Total.Failed)
		assert.Equal(t, sum.Changes, r.Total.Changes)
		assert.Equal(t, sum.Incidents, r.Total.Incidents)
		assert.Equal(t, sum.Open, r.Total.Open)

		text := r.String()
		for _, c := range text {
			if c != '\n' {
				require.True(t, unicode.IsPrint(c), "%q in the text", c)
			}
		}
		assert.Equal(t, 5+len(r.Components), strings.Count(text, "\n"), "a line per component")
		b, err := json.Marshal(r)
		require.NoError(t, err)
		require.True(t, json.Valid(b))
		for _, c := range string(b) {
			require.True(t, unicode.IsPrint(c), "%q in the JSON", c)
		}
	})
}

// BenchmarkMeasureDelivery measures a month's window over 100,000
// deployments of 50 components with three changes each, and 5,000
// incidents, half of the records in the window.
func BenchmarkMeasureDelivery(b *testing.B) {
	rnd := rand.New(rand.NewPCG(5, 6))
	start := dlFrom
	deps := make([]risk.Deployment, 100_000)
	for i := range deps {
		at := start.Add(time.Duration(rnd.Int64N(int64(56 * 24 * time.Hour))))
		deps[i] = risk.Deployment{Component: fmt.Sprint("c", i%50), ID: fmt.Sprint("d", i), Time: at,
			Changes: dlChanges(at, time.Hour, 5*time.Hour, 30*time.Hour), Failed: i%17 == 0}
	}
	incs := make([]risk.Incident, 5_000)
	for i := range incs {
		at := start.Add(time.Duration(rnd.Int64N(int64(56 * 24 * time.Hour))))
		incs[i] = risk.Incident{Component: fmt.Sprint("c", i%50), Start: at, Restored: at.Add(time.Duration(i) * time.Minute)}
		if i%3 == 0 {
			incs[i].Cause = fmt.Sprint("d", rnd.IntN(len(deps)))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.MeasureDelivery(deps, incs, start, start.AddDate(0, 0, 28)); err != nil {
			b.Fatal(err)
		}
	}
}
