package risk_test

import (
	"fmt"
	"time"

	"github.com/releasekit/releasekit/risk"
)

// deliveryHistory is a fortnight of a host's records: when each release
// reached production, when the changes it shipped were committed, and
// the incidents, one of them blamed on a release.
func deliveryHistory() ([]risk.Deployment, []risk.Incident) {
	day := func(d, h int) time.Time { return time.Date(2026, 6, 1+d, h, 0, 0, 0, time.UTC) }
	deployments := []risk.Deployment{
		{Component: "checkout", ID: "checkout-41", Time: day(0, 10), Changes: []time.Time{day(0, 8), day(0, 9)}},
		{Component: "checkout", ID: "checkout-42", Time: day(2, 15), Changes: []time.Time{day(1, 17)}},
		{Component: "checkout", ID: "checkout-43", Time: day(9, 11), Changes: []time.Time{day(9, 10)}},
		{Component: "search", ID: "search-7", Time: day(4, 16), Changes: []time.Time{day(1, 12), day(3, 9), day(4, 10)}},
		{Component: "search", ID: "search-8", Time: day(11, 9), Failed: true}, // rolled back
	}
	incidents := []risk.Incident{
		{Component: "checkout", Start: day(2, 16), Restored: day(2, 17), Cause: "checkout-42"},
		{Component: "search", Start: day(12, 8)}, // still open
	}
	return deployments, incidents
}

// MeasureDelivery gives the four keys of each component over a window,
// here the fortnight up to the review, for a post-release review.
func ExampleMeasureDelivery() {
	deployments, incidents := deliveryHistory()
	review := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	r, err := risk.MeasureDelivery(deployments, incidents, review.AddDate(0, 0, -14), review)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r)
	// Output:
	// delivery from 2026-06-01 00:00 UTC to 2026-06-15 00:00 UTC (14d)
	//
	//   component  deploys  per week  lead time      failed          time to restore  open
	//   checkout         3       1.5  1h30m (elite)  1  33.3% (low)  1h (high)           0
	//   search           2       1.0  1d7h (high)    1  50% (low)    -                   1
	//   ---
	//   total            5       2.5  6h (elite)     2  40% (low)    1h (high)           1
}

// A sliding window is the same records measured with the window's end
// moved on: here a week's window, ending each Monday.
func ExampleMeasureDelivery_slidingWindow() {
	deployments, incidents := deliveryHistory()
	for end := time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC); !end.After(time.Date(2026, 6, 22, 0, 0, 0, 0, time.UTC)); end = end.AddDate(0, 0, 7) {
		r, err := risk.MeasureDelivery(deployments, incidents, end.AddDate(0, 0, -7), end)
		if err != nil {
			fmt.Println(err)
			return
		}
		t := r.Total
		rate, ok := t.ChangeFailureRate()
		fmt.Printf("week to %s: %d deployments, change failure rate %.0f%% (defined: %t), %d open\n",
			end.Format("Jan 2"), t.Deployments, 100*rate, ok, t.Open)
	}
	// Output:
	// week to Jun 8: 3 deployments, change failure rate 33% (defined: true), 0 open
	// week to Jun 15: 2 deployments, change failure rate 50% (defined: true), 1 open
	// week to Jun 22: 0 deployments, change failure rate 0% (defined: false), 1 open
}

// A component's change failure rate, smoothed toward a prior, is the
// input release risk wants: the raw rate of a component deployed once
// is 0% or 100%, and undefined for one not deployed at all.
func ExampleDelivery_SmoothedFailureRate() {
	deployments, incidents := deliveryHistory()
	review := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	r, err := risk.MeasureDelivery(deployments, incidents, review.AddDate(0, 0, -14), review)
	if err != nil {
		fmt.Println(err)
		return
	}
	const prior, weight = 0.15, 2 // DORA's middling rate, worth two deployments
	for _, d := range r.Components {
		raw, _ := d.ChangeFailureRate()
		fmt.Printf("%s: %d of %d failed, raw %.2f, smoothed %.2f\n", d.Component, d.Failed, d.Deployments, raw, d.SmoothedFailureRate(prior, weight))
	}
	fmt.Printf("never deployed: smoothed %.2f\n", risk.Delivery{}.SmoothedFailureRate(prior, weight))
	// Output:
	// checkout: 1 of 3 failed, raw 0.33, smoothed 0.26
	// search: 1 of 2 failed, raw 0.50, smoothed 0.33
	// never deployed: smoothed 0.15
}
