package risk_test

import (
	"errors"
	"fmt"

	"github.com/releasekit/releasekit/risk"
)

// Four past changes, scored by a model, with what happened to them and
// the lines each one changed.
func ExampleEvaluate() {
	scores := []float64{0.9, 0.6, 0.4, 0.1}
	defect := []bool{true, false, true, false}
	churn := []float64{10, 10, 40, 40}

	ev, err := risk.Evaluate(scores, defect, churn, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(ev)

	// Data with one outcome cannot be evaluated.
	_, err = risk.Evaluate(scores, []bool{false, false, false, false}, churn, 0.5)
	fmt.Println(errors.Is(err, risk.ErrOneClass), err)
	// Output:
	// changes        4, 2 defect-inducing (50.0%)
	// AUC            0.750
	// score >= 0.5   precision 0.500, recall 0.500, F1 0.500, accuracy 0.500
	// Brier          0.185
	// effort-aware   recall at 20% effort 0.500, Popt 0.923
	// calibration    score    changes  mean score  defect rate
	//                0.0-0.1        0
	//                0.1-0.2        1        0.10         0.00
	//                0.2-0.3        0
	//                0.3-0.4        0
	//                0.4-0.5        1        0.40         1.00
	//                0.5-0.6        0
	//                0.6-0.7        1        0.60         0.00
	//                0.7-0.8        0
	//                0.8-0.9        0
	//                0.9-1.0        1        0.90         1.00
	// true risk: evaluate: none of the 4 changes is defect-inducing: only one outcome
}

// A single metric, here the number of files a change touched, ranks
// changes without any model; AUC measures the ranking.
func ExampleAUC() {
	files := []float64{12, 1, 3, 1, 7, 2}
	defect := []bool{true, false, false, false, true, true}
	auc, err := risk.AUC(files, defect)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 12 and 7 outrank every clean change, 2 all but the 3: 8 pairs of 9.
	fmt.Printf("AUC of the number of files: %.3f\n", auc)
	// Output:
	// AUC of the number of files: 0.889
}
