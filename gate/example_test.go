package gate_test

import (
	"context"
	"fmt"
	"time"

	"github.com/releasekit/releasekit/gate"
)

// A release gated on a health check, a latency threshold and an advisory
// documentation check, on a virtual clock.
func ExampleEngine_Evaluate() {
	health := gate.Named("health", gate.Func(func(ctx context.Context, s gate.Subject) gate.Result {
		return gate.Result{Status: gate.Passed, Reason: "3 of 3 pods ready"}
	}))
	latency := gate.Named("latency", gate.Func(func(ctx context.Context, s gate.Subject) gate.Result {
		p99 := 312.0 // the host measures it
		if p99 > 250 {
			return gate.Result{Status: gate.Failed, Reason: "p99 above 250ms", Evidence: map[string]any{"p99_ms": p99}}
		}
		return gate.Result{Status: gate.Passed}
	}))
	docs := gate.Named("docs", gate.Func(func(ctx context.Context, s gate.Subject) gate.Result {
		return gate.Result{Status: gate.Failed, Reason: "no changelog entry"}
	}))

	e := gate.Engine{Clock: gate.NewVirtualClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))}
	d, err := e.Evaluate(context.Background(), gate.Subject{ID: "shop@2.4.0", Stage: "production"},
		health, latency, gate.Advisory(docs))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(d)
	// Output:
	// shop@2.4.0 -> production: blocked (failed)
	//   [failed] all: 1 of 2 gates passed; 1 failed
	//     [passed] health: 3 of 3 pods ready
	//     [failed] latency: p99 above 250ms (p99_ms=312)
	//     [failed] docs (advisory): no changelog entry
}

// Two of three regions must be healthy, and the security scan must pass.
func ExampleAtLeast() {
	region := func(name string, st gate.Status) gate.Gate {
		return gate.Named(name, gate.Func(func(context.Context, gate.Subject) gate.Result { return gate.Result{Status: st} }))
	}
	policy := gate.All("release",
		gate.AtLeast("regions", 2, region("eu", gate.Passed), region("us", gate.Failed), region("ap", gate.Passed)),
		region("security-scan", gate.Passed),
	)
	var e gate.Engine
	d, _ := e.Evaluate(context.Background(), gate.Subject{ID: "api@1.8.0"}, policy)
	fmt.Println(d.Allowed, d.Status)
	for _, r := range d.Root.Children[0].Children {
		fmt.Println(r.Gate, r.Status, r.Reason)
	}
	// Output:
	// true passed
	// regions passed 2 of 3 gates passed, 2 required
	// security-scan passed
}

// A check measured once per evaluation with Argo Rollouts' counters: here
// the second failure exceeds FailureLimit and the verdict sticks.
func ExampleCheck() {
	errorRates := []float64{0.2, 1.5, 0.1, 2.4}
	i := 0
	check := &gate.Check{
		Name:         "error-rate",
		Count:        4,
		FailureLimit: 1,
		Probe: func(ctx context.Context, s gate.Subject) (gate.Result, error) {
			rate := errorRates[i]
			i++
			if rate > 1 {
				return gate.Result{Status: gate.Failed, Reason: fmt.Sprintf("%.1f%% > 1%%", rate)}, nil
			}
			return gate.Result{Status: gate.Passed}, nil
		},
	}
	for range 5 {
		r := check.Evaluate(context.Background(), gate.Subject{ID: "shop@2.4.0"})
		fmt.Println(r.Status, "-", r.Reason)
	}
	// Output:
	// pending - 1 of 4 measurements taken
	// pending - 2 of 4 measurements taken; last: 1.5% > 1%
	// pending - 3 of 4 measurements taken
	// failed - 2 failed measurements, more than the 1 tolerated; last: 2.4% > 1%
	// failed - 2 failed measurements, more than the 1 tolerated; last: 2.4% > 1%
}
