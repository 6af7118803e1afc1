// Command gate gates a simulated deployment on a virtual clock: a release
// is requested on a Friday before noon, waits for the production window
// because its two-hour rollout would run into the Friday-afternoon
// freeze, deploys on Monday at 09:00, and is promoted only when a health
// check, an error-rate threshold and a latency threshold relative to the
// stable version have all passed in the same sample and kept passing for
// twenty minutes. Each phase prints the decision tree the engine gives.
// A weekend of release flow takes milliseconds.
//
// Usage:
//
//	go run ./examples/gate [-json]
//
// -json prints the final decision as JSON instead of text.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/releasekit/releasekit/gate"
)

// calendar is the production calendar: office hours in Berlin, no deploys
// on Friday afternoons, a year-end freeze and two holidays.
const calendar = `
zone Europe/Berlin
allow every Mon-Fri 09:00-17:00 "office hours"
deny  every Fri 12:00-17:00 "Friday afternoon"
deny  from 2026-12-19 to 2027-01-03 "year-end freeze"
holiday *-05-01,*-10-03
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the final decision as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := simulate(ctx, stdout, *asJSON); err != nil {
		fmt.Fprintln(stderr, "gate:", err)
		return 1
	}
	return 0
}

func simulate(ctx context.Context, out io.Writer, asJSON bool) error {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	cal, err := gate.ParseCalendar(calendar)
	if err != nil {
		return err
	}
	clock := gate.NewVirtualClock(time.Date(2026, 12, 11, 11, 0, 0, 0, berlin))
	e := gate.Engine{Clock: clock, PollInterval: 15 * time.Minute}
	subject := gate.Subject{ID: "shop@2.4.0", Stage: "production", Digest: "sha256:4f1c9e", Requester: "ada"}
	window := gate.Freeze{Name: "production window", Window: cal, Expected: 2 * time.Hour}

	// Phase 1: wait for a slot in the window long enough for the rollout.
	first, err := e.Evaluate(ctx, subject, window)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s  requested\n%s\n", clock.Now().Format(stampFormat), first)
	d, err := driven(ctx, clock, func(ctx context.Context) (gate.Decision, error) {
		return e.Await(ctx, subject, window)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s  window open\n%s\n", clock.Now().Format(stampFormat), d)

	// Phase 2: deploy, then sample the gates until they are steady.
	svc := &service{clock: clock, deployed: clock.Now()}
	fmt.Fprintf(out, "%s  deployed %s (%s)\n\n", clock.Now().Format(stampFormat), subject.ID, subject.Digest)
	health := &gate.Check{
		Name:                    "health",
		Probe:                   svc.probe,
		Count:                   100,
		FailureLimit:            5, // pods take a while to become ready
		ConsecutiveSuccessLimit: 2,
	}
	errorRate, err := gate.Threshold{Name: "error rate", Source: svc, Query: "error_rate_pct", Condition: "< 1"}.Gate()
	if err != nil {
		return err
	}
	latency, err := gate.Threshold{Name: "p99 latency", Source: svc, Query: "p99_ms{version=canary}",
		Baseline: "p99_ms{version=stable}", Condition: "<= +10%"}.Gate()
	if err != nil {
		return err
	}
	// Each sample's decision is logged, at the virtual time, through the
	// decision's slog.LogValuer: a line per sample naming every blocking
	// gate.
	e.Logger = slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			switch {
			case len(groups) > 0:
			case a.Key == slog.TimeKey:
				return slog.String("at", clock.Now().Format("15:04"))
			case a.Key == slog.LevelKey:
				return slog.Attr{}
			}
			return a
		},
	}))
	sampling := gate.Sampling{Delay: 5 * time.Minute, Interval: 5 * time.Minute, Steady: 20 * time.Minute, Timeout: 90 * time.Minute}
	d, err = driven(ctx, clock, func(ctx context.Context) (gate.Decision, error) {
		return e.Sample(ctx, subject, sampling, health, errorRate, latency, gate.Freeze{Name: "production window", Window: cal})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n%s  sampling ended: %s\n", clock.Now().Format(stampFormat), d.Status)
	if asJSON {
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "%s\n", b)
		return err
	}
	_, err = fmt.Fprint(out, d)
	return err
}

const stampFormat = "Mon 2006-01-02 15:04 MST"

// driven runs f while a second goroutine moves the virtual clock to each
// timer f waits on, and stops that goroutine before it returns.
func driven(ctx context.Context, clock *gate.VirtualClock, f func(context.Context) (gate.Decision, error)) (gate.Decision, error) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for clock.BlockUntil(ctx, 1) == nil {
			clock.AdvanceToNext()
		}
	})
	d, err := f(ctx)
	cancel()
	wg.Wait()
	return d, err
}

// service is the simulated deployment: its pods become ready one every
// four minutes, its error rate spikes while traffic shifts to it from
// minute 20 to 30, and its latency is 15% above the stable version's for
// a quarter of an hour while caches warm.
type service struct {
	clock    gate.Clock
	deployed time.Time
}

func (s *service) minutes() int { return int(s.clock.Now().Sub(s.deployed) / time.Minute) }

func (s *service) probe(ctx context.Context, _ gate.Subject) (gate.Result, error) {
	ready := min(3, s.minutes()/4)
	r := gate.Result{Reason: fmt.Sprintf("%d of 3 pods ready", ready), Evidence: map[string]any{"ready": ready}}
	if ready < 3 {
		r.Status = gate.Failed
		return r, nil
	}
	r.Status = gate.Passed
	return r, nil
}

// Metric answers the thresholds' queries as a metrics backend would.
func (s *service) Metric(ctx context.Context, query string, _ gate.Subject) (float64, bool, error) {
	m := s.minutes()
	switch query {
	case "error_rate_pct":
		if m >= 20 && m < 30 {
			return 1.8, true, nil
		}
		return 0.3, true, nil
	case "p99_ms{version=stable}":
		return 200, true, nil
	case "p99_ms{version=canary}":
		if m < 15 {
			return 230, true, nil
		}
		return 208, true, nil
	}
	return 0, false, errors.New("unknown query " + query)
}
