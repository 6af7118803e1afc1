package risk

import "math"

// DefaultModel returns a model for a host with no labelled history yet.
// Its weights are set by hand, not fitted: they follow the directions
// Kamei et al. (2013) and the studies after them report — larger and
// more scattered changes, fixes, and files that many people changed
// often are riskier; changes by experienced authors are safer — with
// sizes chosen so that no single metric dominates. Its means and scales
// describe a typical change (about 20 lines added and 5 deleted in one or
// two files, by an author with some fifty earlier changes), and its
// intercept gives such a change a 20% probability. Fit a model on the
// host's own history as soon as it has one: that is what the figures in
// the package documentation measure, and a hand-set model is only a
// start.
//
//	metric   transform  mean  scale  weight
//	LA       log1p      3.0   1.5    +0.45
//	LD       log1p      1.8   1.5    +0.10
//	NF       log1p      0.9   0.6    +0.35
//	Entropy  none       0.3   0.4    +0.10
//	NS       log1p      0.7   0.3    +0.15
//	FIX      none       0.25  0.43   +0.30
//	NDEV     log1p      1.5   1.0    +0.20
//	NUC      log1p      2.5   1.5    +0.15
//	EXP      log1p      4.0   2.0    -0.20
func DefaultModel() *Model {
	return &Model{
		Intercept: math.Log(0.2 / 0.8),
		Terms: []Term{
			{Metric: LA, Log: true, Mean: 3.0, Scale: 1.5, Weight: 0.45},
			{Metric: LD, Log: true, Mean: 1.8, Scale: 1.5, Weight: 0.10},
			{Metric: NF, Log: true, Mean: 0.9, Scale: 0.6, Weight: 0.35},
			{Metric: Entropy, Mean: 0.3, Scale: 0.4, Weight: 0.10},
			{Metric: NS, Log: true, Mean: 0.7, Scale: 0.3, Weight: 0.15},
			{Metric: FIX, Mean: 0.25, Scale: 0.43, Weight: 0.30},
			{Metric: NDEV, Log: true, Mean: 1.5, Scale: 1.0, Weight: 0.20},
			{Metric: NUC, Log: true, Mean: 2.5, Scale: 1.5, Weight: 0.15},
			{Metric: EXP, Log: true, Mean: 4.0, Scale: 2.0, Weight: -0.20},
		},
	}
}
