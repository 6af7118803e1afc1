package risk_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/releasekit/releasekit/risk"
)

// Metrics for a short history, oldest first: the second change edits a
// file the first created, so it has a file history.
func ExampleHistory_Add() {
	var h risk.History
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for _, c := range []risk.Change{
		{ID: "a1", Author: "ada", Time: at, Files: []risk.File{{Path: "api/server.go", Added: 120}}},
		{ID: "b2", Author: "bob", Time: at.Add(72 * time.Hour), Fix: true, Files: []risk.File{
			{Path: "api/server.go", Added: 4, Deleted: 2},
			{Path: "api/server_test.go", Added: 30},
		}},
	} {
		m, err := h.Add(c)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: NF %g LA %g LT %g FIX %g NDEV %g AGE %g EXP %g\n",
			c.ID, m[risk.NF], m[risk.LA], m[risk.LT], m[risk.FIX], m[risk.NDEV], m[risk.AGE], m[risk.EXP])
	}
	// Output:
	// a1: NF 1 LA 120 LT 0 FIX 0 NDEV 0 AGE 0 EXP 0
	// b2: NF 2 LA 34 LT 120 FIX 1 NDEV 1 AGE 3 EXP 0
}

// The default model's reading of a large fix spread over many files,
// with each factor's part.
func ExampleModel_Score() {
	var x risk.Metrics
	x[risk.LA], x[risk.LD], x[risk.NF], x[risk.NS], x[risk.Entropy] = 850, 120, 14, 3, 0.8
	x[risk.FIX], x[risk.NDEV], x[risk.NUC], x[risk.EXP] = 1, 9, 60, 12
	a := risk.DefaultModel().Score(x)
	if err := a.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// critical (92%): log-odds +2.45, from -1.39 at the baseline, and
	//    +1.12  LA       850  (raises the risk)
	//    +1.05  NF       14  (raises the risk)
	//    +0.52  FIX      1  (raises the risk)
	//    +0.34  NS       3  (raises the risk)
	//    +0.20  LD       120  (raises the risk)
	//    +0.16  NUC      60  (raises the risk)
	//    +0.16  NDEV     9  (raises the risk)
	//    +0.14  EXP      12  (raises the risk)
	//    +0.12  Entropy  0.8  (raises the risk)
}

// A major release on a Saturday with a migration, from a component whose
// deployments fail one time in ten.
func ExampleAssessRelease() {
	a := risk.AssessRelease(risk.Release{
		Changes:           []risk.ChangeRisk{{ID: "a1", Probability: 0.62}, {ID: "b2", Probability: 0.08}},
		DeployAt:          time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC),
		Migrations:        1,
		Major:             true,
		ChangeFailureRate: 0.1,
	}, risk.ReleaseWeights{}, risk.Levels{})
	fmt.Println(a.Assessment)
	fmt.Printf("require: %+v\n", risk.Policy{}.For(a.Level))
	// Output:
	// medium (33%)
	// require: {Approvals:1 Bake:1h0m0s FirstWave:10 Hold:false}
}

// A model fitted on labelled changes, and what it learned: the weights
// per standard deviation of each (log1p) metric.
func ExampleFit() {
	samples := logisticSamples(rand.New(rand.NewPCG(1, 1)), 5000)
	model, err := risk.Fit(samples, risk.FitOptions{Metrics: []risk.Metric{risk.LA, risk.FIX, risk.EXP, risk.NDEV}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range model.Terms {
		fmt.Printf("%-4s %+.2f\n", t.Metric, t.Weight)
	}
	fmt.Printf("fitted on %d changes, %d defect-inducing\n", model.Training.Changes, model.Training.Defects)
	// Output:
	// LA   +0.70
	// FIX  +0.52
	// NDEV +0.02
	// EXP  -0.40
	// fitted on 5000 changes, 2188 defect-inducing
}
