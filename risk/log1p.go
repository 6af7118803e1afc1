package risk

import "math"

// log1p returns log(1+x) within one unit in the last place of
// math.Log1p, in about half its time: scoring takes the logarithm of a
// dozen metrics per change, and that is most of its cost.
//
// For x = 0 and for 1/64 <= x < 2^1000 it reduces 1+x to 2^k·m, m in
// [1, 2), reads 1/c and log c for a c near m from a table of 128, and
// sums k·ln 2, log c and a polynomial for log1p(m/c - 1), where
// |m/c - 1| < 2^-7. The rounding of 1+x is added back, so the result is
// as good as if it had been exact. Other x, NaN and infinities included,
// go to math.Log1p.
func log1p(x float64) float64 {
	u := 1 + x
	// v-1 wraps for u = 1, so zero, common in metrics, takes the fast
	// path without a branch of its own that data could make
	// unpredictable; u below 1 or NaN wraps past the upper bound.
	if v := math.Float64bits(u) - one; v-1 < fastFrom-1 || v >= fastTo {
		return math.Log1p(x)
	}
	// u's rounding error, 1 + x = u + lost exactly, by Fast2Sum, which
	// takes the larger addend first; min and max rather than a branch
	// the data would make unpredictable.
	lost := (max(x, 1) - u) + min(x, 1)
	b := math.Float64bits(u)
	exp := b >> 52 // u >= 1: no sign bit, a normal number
	e := &logTable[(b>>(52-logTableBits))&(1<<logTableBits-1)]
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52)
	r := math.FMA(m, e.inv, -1)
	// log1p(r) by its series to r^7, evaluated as Estrin's scheme. The
	// first term left out, r^8/8, is below 2^-67 where |r| < 2^-8, and
	// below 2^-59 in the first interval, where c = 1 and r < 2^-7 but
	// the result is 0 or at least ln 2.
	r2 := r * r
	p := r + r2*((-0.5+r*(1.0/3))+r2*((-0.25+r*(1.0/5))+r2*(-1.0/6+r*(1.0/7))))
	k := float64(int64(exp) - 1023)
	invU := e.inv * math.Float64frombits((2046-exp)<<52) // about 1/u, enough for lost/u
	return k*ln2Hi + (e.log + (p + (k*ln2Lo + lost*invU)))
}

const logTableBits = 7

// The fast path's bounds, as the bits of 1+x minus the bits of 1.
const (
	one      = 0x3ff0000000000000       // math.Float64bits(1)
	fastFrom = 0x3ff0400000000000 - one // math.Float64bits(1 + 1.0/64) - one
	fastTo   = 0x7e70000000000000 - one // math.Float64bits(0x1p1000) - one
)

// logTable holds, for each interval [1+i/128, 1+(i+1)/128), the reciprocal
// of its middle rounded to a float64, and minus the logarithm of that
// reciprocal, so that log m = log(m·inv) + log. The first interval's
// reciprocal is 1, so that log1p(0) is exactly 0.
var logTable = func() (t [1 << logTableBits]struct{ inv, log float64 }) {
	t[0].inv = 1
	for i := 1; i < len(t); i++ {
		inv := 1 / (1 + (float64(i)+0.5)/(1<<logTableBits))
		t[i].inv, t[i].log = inv, -math.Log(inv)
	}
	return t
}()

// ln 2 in two parts, the first with its low bits zero so that k·ln2Hi
// is exact for any exponent k.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)
