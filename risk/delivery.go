package risk

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/releasekit/releasekit/internal/text"
)

// Deployment is one release of a component that reached production, as
// a host's deploy tool recorded it.
type Deployment struct {
	// Component names what was deployed. It must not be empty.
	Component string
	// ID, when not empty, lets an Incident name the deployment as its
	// Cause. An ID that an incident names must be unique.
	ID string
	// Time is when the deployment reached production. It alone decides
	// which window the deployment, and the changes it ships, belong to.
	Time time.Time
	// Changes are the commit times of the changes the deployment brings
	// to production for the first time (a redeployment brings none).
	// None may be zero or after Time.
	Changes []time.Time
	// Failed marks a deployment that caused a failure in production: it
	// was rolled back, needed a hotfix, or caused an incident. An
	// Incident whose Cause is the deployment's ID marks it too.
	Failed bool
}

// Incident is a failure in production and its restoration.
type Incident struct {
	// Component names where the failure was seen. It must not be empty,
	// and may differ from the component of the deployment that caused it.
	Component string
	// Start is when the failure began (or was first noticed). It alone
	// decides which window the incident belongs to. It must not be zero.
	Start time.Time
	// Restored is when service was restored: zero while the incident is
	// open, otherwise not before Start.
	Restored time.Time
	// Cause, when not empty, is the ID of the deployment that caused the
	// failure; that deployment then counts as failed, whenever the
	// incident started.
	Cause string
}

// Errors for the records and windows MeasureDelivery refuses. The errors
// it returns wrap them.
var (
	// ErrInvalidDeployment reports a deployment without a component or
	// a time, or with a change it cannot have shipped.
	ErrInvalidDeployment = errors.New("invalid deployment")
	// ErrInvalidIncident reports an incident without a component or a
	// start, restored before it started, or blaming no deployment.
	ErrInvalidIncident = errors.New("invalid incident")
	// ErrInvalidWindow reports a window that holds no time.
	ErrInvalidWindow = errors.New("invalid window")
)

// Delivery is DORA's four keys for one component, or for all of them
// together, over a window of time: how often it was deployed, how long
// its changes took to reach production, how many of its deployments
// failed, and how long its failures took to restore. Counts come with
// each figure, so that a reader can tell a figure from a handful of
// events from one from many, and an undefined figure from zero.
//
// The definitions follow Google's Four Keys project (dora-team/fourkeys,
// METRICS.md and its queries) and dora.dev. Where peers differ, each
// field says how. The zero value is a component without events.
type Delivery struct {
	// Component is the component's name; it is empty in a report's
	// Total.
	Component string

	// Deployments counts the deployments in the window, failed or not.
	Deployments int
	// PerDay is Deployments divided by the window's length in days of
	// 24 hours: a mean over every day of the window, not only the days
	// with a deployment, as GitLab computes deployment frequency.
	// (Four Keys instead buckets the median number of days a week with
	// a deployment.) Multiply by 7 for deployments a week.
	PerDay float64

	// Changes counts the changes the window's deployments shipped.
	Changes int
	// LeadTime is the median lead time of those changes, each the time
	// from its commit to its deployment, as in Four Keys; zero, and
	// meaningless, when Changes is 0. GitLab measures from each merge
	// request's merge instead of each commit, and counts a deployment
	// before the merge as zero, where a change committed after its
	// deployment is an error here. Four Keys leaves out lead times under
	// a minute (automated pushes); this keeps them.
	LeadTime time.Duration

	// Failed counts the window's deployments that failed: marked Failed,
	// or named as the Cause of an incident. The change failure rate is
	// Failed / Deployments (see ChangeFailureRate).
	Failed int

	// Incidents counts the incidents that started in the window.
	Incidents int
	// Restored counts those of them restored by the window's end.
	Restored int
	// TimeToRestore is the median time from start to restoration of
	// the Restored incidents, as GitLab and the Four Keys queries
	// measure it (from the incident's creation to its resolution); zero,
	// and meaningless, when Restored is 0. DORA's reports since 2023
	// call it failed deployment recovery time and count only failures
	// a deployment caused; a host wanting that passes only the incidents
	// with a Cause.
	TimeToRestore time.Duration
	// Open counts the incidents open at the window's end: started
	// before it and not restored by it, whenever they started. An
	// incident open since before the window counts here, and nowhere
	// else in the window's figures.
	Open int
}

// ChangeFailureRate returns Failed / Deployments, from 0 to 1, and true;
// or 0 and false when there were no deployments, for which the rate is
// undefined.
//
// This is the share of deployments that failed, as Four Keys and
// dora.dev define it. GitLab divides the number of incidents by the
// number of deployments instead, which can exceed 1 and counts an
// incident that no deployment caused.
func (d Delivery) ChangeFailureRate() (float64, bool) {
	if d.Deployments == 0 {
		return 0, false
	}
	return float64(d.Failed) / float64(d.Deployments), true
}

// SmoothedFailureRate returns the change failure rate shrunk toward a
// prior rate, as if weight more deployments had failed at that rate:
// (Failed + weight*prior) / (Deployments + weight), the mean of a Beta
// prior with that mean and weight updated with the window's
// deployments. It is defined without deployments (it is the prior), it
// is never 0 or 1 when the prior is neither, and it follows the
// component's own rate as its deployments outnumber the weight.
//
// Release risk should use it rather than the raw rate, which reads 100%
// after one failed deployment and 0% after one good one. With a prior
// of 0.15 (a middling rate in DORA's reports) and a weight of 2: no
// deployments give 0.15, one failed in one 0.43, none in one 0.10, none
// in ten 0.025, two in twenty 0.105. A prior of 0.5 and a weight of 2
// is Laplace's rule of succession, (Failed+1) / (Deployments+2).
//
// It panics when prior is not in [0, 1] or weight is not positive and
// finite.
func (d Delivery) SmoothedFailureRate(prior, weight float64) float64 {
	if !(prior >= 0 && prior <= 1) {
		panic(fmt.Sprintf("risk: SmoothedFailureRate prior %v not in [0, 1]", prior))
	}
	if !(weight > 0 && weight <= math.MaxFloat64) {
		panic(fmt.Sprintf("risk: SmoothedFailureRate weight %v not positive and finite", weight))
	}
	return (float64(d.Failed) + weight*prior) / (float64(d.Deployments) + weight)
}

// Band is one of DORA's software delivery performance levels. The zero
// value, BandUnknown, is for a figure that is undefined (no changes, no
// deployments, no restored incidents). Greater is better.
type Band uint8

// The bands, worst to best.
const (
	BandUnknown Band = iota
	BandLow
	BandMedium
	BandHigh
	BandElite
)

var bandNames = [...]string{"unknown", "low", "medium", "high", "elite"}

// String returns the band's name: "elite", "high", "medium", "low" or
// "unknown".
func (b Band) String() string {
	if int(b) < len(bandNames) {
		return bandNames[b]
	}
	return fmt.Sprintf("Band(%d)", b)
}

// MarshalText writes the band's name.
func (b Band) MarshalText() ([]byte, error) {
	if int(b) >= len(bandNames) {
		return nil, fmt.Errorf("risk: unknown band %d", b)
	}
	return []byte(b.String()), nil
}

// Bands are a Delivery's four figures read as DORA's performance levels.
type Bands struct {
	DeploymentFrequency Band `json:"deployment_frequency,omitzero"`
	LeadTime            Band `json:"lead_time,omitzero"`
	ChangeFailureRate   Band `json:"change_failure_rate,omitzero"`
	TimeToRestore       Band `json:"time_to_restore,omitzero"`
}

// Bands reads each figure against the levels of DORA's Accelerate State
// of DevOps reports. The reports publish clusters found in survey
// answers, not thresholds, and their ranges overlap in places; the
// thresholds here are their boundaries, the better band winning a tie:
//
//	               elite        high          medium         low
//	deployments    >= 1 a day   >= 1 a week   >= 1 a month   less
//	lead time      < 1 day      < 1 week      < 1 month      longer
//	failure rate   <= 5%        <= 10%        <= 15%         more
//	restore time   < 1 hour     < 1 day       < 1 week       longer
//
// A month is 30 days. Deployment frequency and lead time are the 2024
// report's ranges (the 2023 report's agree). The failure rates are the
// 2023 report's cluster values (5%, 10%, 15%, 64%) taken as upper
// bounds: the 2024 report's (5%, 20%, 10%, 40%) are not in order, so
// cannot serve. The restore times are the 2023 report's; in 2024 the
// high and medium clusters both restore in less than a day. Four Keys
// buckets by the 2019 report instead (failure rate 0-15%, 16-45%,
// 46-60%).
//
// A band is BandUnknown where the figure is undefined; deployment
// frequency is always defined, and is BandLow without deployments.
func (d Delivery) Bands() Bands {
	var b Bands
	// A relative slack, so that one deployment a week over exactly a
	// week is "a week" despite rounding.
	const slack = 1 - 1e-9
	switch r := d.PerDay; {
	case r >= slack:
		b.DeploymentFrequency = BandElite
	case r >= slack/7:
		b.DeploymentFrequency = BandHigh
	case r >= slack/30:
		b.DeploymentFrequency = BandMedium
	default:
		b.DeploymentFrequency = BandLow
	}
	const day = 24 * time.Hour
	if d.Changes > 0 {
		b.LeadTime = deliveryBandBelow(d.LeadTime, day, 7*day, 30*day)
	}
	if d.Deployments > 0 {
		// Compared in integers: exactly 5% is elite.
		f, n := d.Failed, d.Deployments
		switch {
		case 100*f <= 5*n:
			b.ChangeFailureRate = BandElite
		case 100*f <= 10*n:
			b.ChangeFailureRate = BandHigh
		case 100*f <= 15*n:
			b.ChangeFailureRate = BandMedium
		default:
			b.ChangeFailureRate = BandLow
		}
	}
	if d.Restored > 0 {
		b.TimeToRestore = deliveryBandBelow(d.TimeToRestore, time.Hour, day, 7*day)
	}
	return b
}

// deliveryBandBelow returns elite below the first bound, high below the
// second, medium below the third, and low from there.
func deliveryBandBelow(d, elite, high, medium time.Duration) Band {
	switch {
	case d < elite:
		return BandElite
	case d < high:
		return BandHigh
	case d < medium:
		return BandMedium
	}
	return BandLow
}

// DeliveryReport is the four keys of every component over one window.
type DeliveryReport struct {
	// From and To bound the window: it holds the times t with
	// From <= t < To.
	From, To time.Time
	// Components has one Delivery per component named by any deployment
	// or incident given, inside the window or not, sorted by name; a
	// component without events in the window has a row of zeros.
	Components []Delivery
	// Total is every component's events together (its Component is
	// empty): the medians are over all the changes and incidents, not a
	// median of the components' medians.
	Total Delivery
}

// MeasureDelivery computes DORA's four keys per component over the
// window [from, to), from a host's record of deployments and incidents,
// given in any order. For a sliding window, call it with the same
// records and the window's end moved on, for example from
// end.Add(-28*24*time.Hour) to end.
//
// Membership is decided by one time per record, and is half-open: a
// deployment (with all the changes it ships, however old) belongs to
// the window when From <= Time < To, an incident when From <= Start <
// To. An incident is restored within the window when Restored is not
// after To; otherwise it is still open at the window's end, even if the
// records say it was restored later. A record outside the window counts
// for nothing in it, except that it names a component (which gets a
// row), an incident marks the deployment it blames as failed whenever
// it started, and an incident started before the window and open at
// its end counts in Open.
//
// Medians of an even number of values are the mean of the two middle
// ones, rounded down to the nanosecond, as PERCENTILE_CONT(0.5) in the
// Four Keys queries computes them.
//
// Every record is checked, in the window or not. The error, when there
// is one, gathers a line per invalid record (up to 10, then a count of
// the rest), each wrapping ErrInvalidDeployment or ErrInvalidIncident:
// an empty component, a zero time, a change committed after its
// deployment, an incident restored before it started or whose Cause is
// no deployment's ID, or (ErrInvalidDeployment) two deployments with the
// ID an incident names as its Cause. An
// empty or inverted window, or one with a zero bound, wraps
// ErrInvalidWindow. No report is returned with an error.
//
// It takes time O(n log n) in the number of deployments, changes and
// incidents.
func MeasureDelivery(deployments []Deployment, incidents []Incident, from, to time.Time) (*DeliveryReport, error) {
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return nil, fmt.Errorf("risk: delivery window from %s to %s: %w",
			from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano), ErrInvalidWindow)
	}
	caused, err := checkDelivery(deployments, incidents)
	if err != nil {
		return nil, err
	}

	rows := map[string]*deliveryAcc{}
	row := func(name string) *deliveryAcc {
		a := rows[name]
		if a == nil {
			a = &deliveryAcc{}
			a.d.Component = name
			rows[name] = a
		}
		return a
	}
	var total deliveryAcc
	inWindow := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }

	// Count first, so that the lead times fill slices of one buffer.
	for i, dep := range deployments {
		a := row(dep.Component)
		if !inWindow(dep.Time) {
			continue
		}
		failed := dep.Failed || (caused != nil && caused[i])
		for _, acc := range [2]*deliveryAcc{a, &total} {
			acc.d.Deployments++
			if failed {
				acc.d.Failed++
			}
			acc.d.Changes += len(dep.Changes)
		}
	}
	buf := make([]time.Duration, 2*total.d.Changes)
	for _, acc := range rows {
		acc.lead, buf = buf[:0:acc.d.Changes], buf[acc.d.Changes:]
	}
	total.lead = buf[:0]
	for _, dep := range deployments {
		if !inWindow(dep.Time) || len(dep.Changes) == 0 {
			continue
		}
		a := rows[dep.Component]
		for _, c := range dep.Changes {
			lead := dep.Time.Sub(c)
			a.lead = append(a.lead, lead)
			total.lead = append(total.lead, lead)
		}
	}
	for _, inc := range incidents {
		a := row(inc.Component)
		restored := !inc.Restored.IsZero() && !inc.Restored.After(to)
		if inc.Start.Before(to) && !restored {
			a.d.Open++
			total.d.Open++
		}
		if !inWindow(inc.Start) {
			continue
		}
		for _, acc := range [2]*deliveryAcc{a, &total} {
			acc.d.Incidents++
			if restored {
				acc.d.Restored++
				acc.restore = append(acc.restore, inc.Restored.Sub(inc.Start))
			}
		}
	}

	days := deliveryDays(from, to)
	r := &DeliveryReport{From: from, To: to, Components: make([]Delivery, 0, len(rows))}
	for _, a := range rows {
		r.Components = append(r.Components, a.finish(days))
	}
	slices.SortFunc(r.Components, func(x, y Delivery) int { return strings.Compare(x.Component, y.Component) })
	r.Total = total.finish(days)
	return r, nil
}

// deliveryAcc gathers one row's events.
type deliveryAcc struct {
	d       Delivery
	lead    []time.Duration
	restore []time.Duration
}

func (a *deliveryAcc) finish(days float64) Delivery {
	a.d.PerDay = float64(a.d.Deployments) / days
	a.d.LeadTime = deliveryMedian(a.lead)
	a.d.TimeToRestore = deliveryMedian(a.restore)
	return a.d
}

// deliveryMedian sorts ds and returns their median: the middle value, or
// the mean of the two middle values rounded down; 0 for none. The values
// are not negative, so the mean cannot overflow.
func deliveryMedian(ds []time.Duration) time.Duration {
	n := len(ds)
	if n == 0 {
		return 0
	}
	slices.Sort(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	lo, hi := ds[n/2-1], ds[n/2]
	return lo + (hi-lo)/2
}

// deliveryDays returns the length of [from, to) in days of 24 hours,
// without the saturation of time.Time.Sub for windows of centuries.
func deliveryDays(from, to time.Time) float64 {
	secs := float64(to.Unix()) - float64(from.Unix()) + float64(to.Nanosecond()-from.Nanosecond())/1e9
	return secs / (24 * 60 * 60)
}

// maxDeliveryErrors is how many invalid records an error lists.
const maxDeliveryErrors = 10

// checkDelivery checks every record, and returns which deployments an
// incident names as its Cause (nil when none does). Only the IDs that
// incidents name are indexed, so that a host's many other IDs cost a
// lookup in a small map each.
func checkDelivery(deployments []Deployment, incidents []Incident) ([]bool, error) {
	var depErrs, incErrs []error
	var invalid map[int]bool // deployments with an error

	for i, d := range deployments {
		if err := checkDeployment(i, d); err != nil {
			depErrs = append(depErrs, err)
			if invalid == nil {
				invalid = map[int]bool{}
			}
			invalid[i] = true
		}
	}
	named := map[string]int{} // ID -> the deployment with it, -1 for none yet
	for i, inc := range incidents {
		if err := checkIncident(i, inc); err != nil {
			incErrs = append(incErrs, err)
		} else if inc.Cause != "" {
			named[inc.Cause] = -1
		}
	}
	if len(named) > 0 {
		for i, d := range deployments {
			j, ok := named[d.ID]
			switch {
			case !ok || invalid[i]:
			case j >= 0:
				depErrs = append(depErrs, deliveryErr("deployment", i, d.Component, ErrInvalidDeployment,
					"ID %s, which an incident names, used by deployment %d too", deliveryQuote(d.ID), j))
			default:
				named[d.ID] = i
			}
		}
	}

	var caused []bool
	for i, inc := range incidents {
		if inc.Cause == "" || checkIncident(i, inc) != nil {
			continue
		}
		j := named[inc.Cause]
		if j < 0 {
			incErrs = append(incErrs, deliveryErr("incident", i, inc.Component, ErrInvalidIncident,
				"caused by %s, which is no deployment's ID", deliveryQuote(inc.Cause)))
			continue
		}
		if caused == nil {
			caused = make([]bool, len(deployments))
		}
		caused[j] = true
	}

	errs := append(depErrs, incErrs...)
	if n := len(errs); n > maxDeliveryErrors {
		errs = append(errs[:maxDeliveryErrors], fmt.Errorf("risk: %d more invalid records", n-maxDeliveryErrors))
	}
	return caused, errors.Join(errs...)
}

// checkIncident returns why inc, the i-th incident, is invalid, or nil.
// Whether its Cause names a deployment is checked apart.
func checkIncident(i int, inc Incident) error {
	bad := func(format string, args ...any) error {
		return deliveryErr("incident", i, inc.Component, ErrInvalidIncident, format, args...)
	}
	switch {
	case inc.Component == "":
		return bad("no component")
	case inc.Start.IsZero():
		return bad("no start time")
	case !inc.Restored.IsZero() && inc.Restored.Before(inc.Start):
		return bad("restored %s before it started", inc.Start.Sub(inc.Restored))
	}
	return nil
}

// checkDeployment returns why d, the i-th deployment, is invalid, or nil.
func checkDeployment(i int, d Deployment) error {
	bad := func(format string, args ...any) error {
		return deliveryErr("deployment", i, d.Component, ErrInvalidDeployment, format, args...)
	}
	switch {
	case d.Component == "":
		return bad("no component")
	case d.Time.IsZero():
		return bad("no time")
	}
	for k, c := range d.Changes {
		switch {
		case c.IsZero():
			return bad("change %d has no commit time", k)
		case c.After(d.Time):
			return bad("change %d committed %s after the deployment", k, c.Sub(d.Time))
		}
	}
	return nil
}

// deliveryErr returns an error naming the i-th record of a kind and its
// component, wrapping sentinel.
func deliveryErr(kind string, i int, component string, sentinel error, format string, args ...any) error {
	where := fmt.Sprintf("%s %d", kind, i)
	if component != "" {
		where += " of " + deliveryQuote(component)
	}
	return fmt.Errorf("risk: %s: %s: %w", where, fmt.Sprintf(format, args...), sentinel)
}

// deliveryQuote quotes s as Go would, cut to 80 characters, so that a name
// from outside stays on one short line of an error message.
func deliveryQuote(s string) string { return text.Quote(s, 80) }

// MarshalJSON writes the delivery with its durations as Go writes them
// ("26h0m0s"), its undefined figures (lead time without changes, change
// failure rate without deployments, time to restore without restored
// incidents) as null, and its bands by name, leaving out unknown ones.
// Characters of the component's name that are not printable are
// escaped, bidirectional overrides included.
func (d Delivery) MarshalJSON() ([]byte, error) {
	out := struct {
		Component         string   `json:"component,omitempty"`
		Deployments       int      `json:"deployments"`
		PerDay            float64  `json:"per_day"`
		Changes           int      `json:"changes"`
		LeadTime          *string  `json:"lead_time"`
		Failed            int      `json:"failed"`
		ChangeFailureRate *float64 `json:"change_failure_rate"`
		Incidents         int      `json:"incidents"`
		Restored          int      `json:"restored"`
		TimeToRestore     *string  `json:"time_to_restore"`
		Open              int      `json:"open"`
		Bands             Bands    `json:"bands"`
	}{
		Component: d.Component, Deployments: d.Deployments, PerDay: d.PerDay,
		Changes: d.Changes, Failed: d.Failed, Incidents: d.Incidents,
		Restored: d.Restored, Open: d.Open, Bands: d.Bands(),
	}
	if d.Changes > 0 {
		s := d.LeadTime.String()
		out.LeadTime = &s
	}
	if rate, ok := d.ChangeFailureRate(); ok {
		out.ChangeFailureRate = &rate
	}
	if d.Restored > 0 {
		s := d.TimeToRestore.String()
		out.TimeToRestore = &s
	}
	b, err := json.Marshal(out)
	return deliveryEscapeJSON(b), err
}

// deliveryEscapeJSON escapes, as \uXXXX, the characters encoding/json
// leaves alone that are not printable (DEL, bidirectional overrides,
// zero-width characters), so that a name read in a terminal or a
// review tool cannot reorder or hide text. encoding/json writes no
// such character outside a string, and inside one an escape means the
// same.
func deliveryEscapeJSON(b []byte) []byte {
	clean := true
	for i := 0; i < len(b) && clean; {
		r, n := utf8.DecodeRune(b[i:])
		clean = r < utf8.RuneSelf && r != 0x7f || unicode.IsPrint(r)
		i += n
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r < utf8.RuneSelf && r != 0x7f || unicode.IsPrint(r):
			out = append(out, b[:n]...)
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		b = b[n:]
	}
	return out
}

// MarshalJSON writes the report: the window, the components (an empty
// list when there are none) and the total.
func (r DeliveryReport) MarshalJSON() ([]byte, error) {
	components := r.Components
	if components == nil {
		components = []Delivery{}
	}
	return json.Marshal(struct {
		From       time.Time  `json:"from"`
		To         time.Time  `json:"to"`
		Components []Delivery `json:"components"`
		Total      Delivery   `json:"total"`
	}{r.From, r.To, components, r.Total})
}

// WriteText writes the report for a person: the window, then a line per
// component and one for the total, each with its deployments, their
// rate a week, the median lead time, the failed deployments and their
// share, the median time to restore and the open incidents, with each
// figure's band; "-" stands for an undefined figure:
//
//	delivery from 2026-03-02 00:00 UTC to 2026-03-30 00:00 UTC (28d)
//
//	  component  deploys  per week  lead time      failed         time to restore  open
//	  api              4       1.0  2h30m (elite)  2  50% (low)   1h (high)           3
//	  web              1       0.3  8d (medium)    0  0% (elite)  -                   0
//	  ---
//	  total            5       1.3  3h (elite)     2  40% (low)   1h (high)           3
//
// Durations are rounded to their two largest units. Component names are
// escaped, Go style, when they hold a character that is not printable,
// and cut to 60 characters; columns are aligned by characters, so wide
// (East Asian) characters shift a row. The layout may
// change; the JSON form is the stable one. WriteText returns the first
// error writing to w.
func (r *DeliveryReport) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "delivery from %s to %s (%s)\n\n", deliveryStamp(r.From), deliveryStamp(r.To), deliveryHuman(r.To.Sub(r.From)))
	header := []string{"component", "deploys", "per week", "lead time", "failed", "time to restore", "open"}
	right := []bool{false, true, true, false, false, false, true}
	table := [][]string{header}
	for _, d := range r.Components {
		table = append(table, deliveryCells(deliveryPrintable(d.Component), d))
	}
	table = append(table, nil, deliveryCells("total", r.Total))
	width := make([]int, len(header))
	for _, row := range table {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range table {
		if row == nil {
			b.WriteString("  ---\n")
			continue
		}
		var line strings.Builder
		for i, c := range row {
			line.WriteString("  ")
			if right[i] {
				fmt.Fprintf(&line, "%*s", width[i], c)
			} else {
				fmt.Fprintf(&line, "%-*s", width[i], c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.Flush()
}

// deliveryCells returns a row of the text table.
func deliveryCells(name string, d Delivery) []string {
	bands := d.Bands()
	lead, failed, restore := "-", "-", "-"
	if d.Changes > 0 {
		lead = fmt.Sprintf("%s (%s)", deliveryHuman(d.LeadTime), bands.LeadTime)
	}
	if rate, ok := d.ChangeFailureRate(); ok {
		failed = fmt.Sprintf("%d  %s (%s)", d.Failed, deliveryPercent(rate), bands.ChangeFailureRate)
	}
	if d.Restored > 0 {
		restore = fmt.Sprintf("%s (%s)", deliveryHuman(d.TimeToRestore), bands.TimeToRestore)
	}
	return []string{
		name,
		strconv.Itoa(d.Deployments),
		strconv.FormatFloat(math.Round(70*d.PerDay)/10, 'f', 1, 64), // half away from zero: 0.25 is 0.3
		lead, failed, restore,
		strconv.Itoa(d.Open),
	}
}

// String returns the report as WriteText writes it.
func (r *DeliveryReport) String() string {
	var b strings.Builder
	_ = r.WriteText(&b)
	return b.String()
}

// LogValue logs the window and the total's figures.
func (r *DeliveryReport) LogValue() slog.Value {
	t := r.Total
	attrs := []slog.Attr{
		slog.Time("from", r.From), slog.Time("to", r.To),
		slog.Int("components", len(r.Components)),
		slog.Int("deployments", t.Deployments), slog.Float64("per_day", t.PerDay),
		slog.Int("failed", t.Failed), slog.Int("open", t.Open),
	}
	if t.Changes > 0 {
		attrs = append(attrs, slog.Duration("lead_time", t.LeadTime))
	}
	if t.Restored > 0 {
		attrs = append(attrs, slog.Duration("time_to_restore", t.TimeToRestore))
	}
	return slog.GroupValue(attrs...)
}

func deliveryStamp(t time.Time) string { return t.Format("2006-01-02 15:04 MST") }

// deliveryPercent writes a rate from 0 to 1 as a percentage with one
// decimal, without a trailing ".0": "50%", "16.7%".
func deliveryPercent(rate float64) string {
	s := strconv.FormatFloat(100*rate, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + "%"
}

// deliveryHuman writes d for a person in its two largest units, days
// being the largest, rounded to the smaller, and leaving out a smaller
// unit that is zero: "1d2h", "2h30m", "1h", "45m10s"; under a second,
// as Go writes it, rounded to the millisecond.
func deliveryHuman(d time.Duration) string {
	if d < 0 {
		return "-" + deliveryHuman(-max(d, -1<<63+1))
	}
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	units := [...]struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	for range 2 { // rounding up may reach the next larger unit
		for i, u := range units {
			if d < u.size {
				continue
			}
			if i+1 < len(units) {
				d = d.Round(units[i+1].size)
			}
			if i > 0 && d >= units[i-1].size {
				break // 23h59m40s became 24h0m
			}
			s := strconv.FormatInt(int64(d/u.size), 10) + u.name
			if i+1 < len(units) {
				if rest := (d % u.size) / units[i+1].size; rest > 0 {
					s += strconv.FormatInt(int64(rest), 10) + units[i+1].name
				}
			}
			return s
		}
	}
	return d.String()
}

// deliveryPrintable escapes a name with characters that are not
// printable (control characters, bidirectional overrides, invalid
// UTF-8) as Go would, without the quotes, so that it cannot move the
// cursor, clear a terminal or reorder a line; and cuts it to 60
// characters.
func deliveryPrintable(s string) string { return text.Truncate(text.Printable(s), 60) }
