package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps is how many units in the last place of want got is away.
func ulps(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / (math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want))
}

// TestLog1p checks log1p against math.Log1p: every integer a metric
// usually takes, the edges of the fast path, and random values over the
// whole range.
func TestLog1p(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		got, want := log1p(x), math.Log1p(x)
		if math.IsNaN(want) {
			if !math.IsNaN(got) {
				t.Fatalf("log1p(%g) = %g, want NaN", x, got)
			}
			return
		}
		if u := ulps(got, want); u > 1 {
			t.Fatalf("log1p(%g) = %.17g, math.Log1p says %.17g: %.2f ulp apart", x, got, want, u)
		}
	}
	for i := range 200_000 {
		check(float64(i))
	}
	for _, x := range []float64{
		0, math.Copysign(0, -1), 5e-324, 1e-300, 1e-17, 1.0 / 64, math.Nextafter(1.0/64, 0),
		0.5, 1, math.Nextafter(1, 2), 2, 3, 0x1p52, 0x1p53, 0x1p53 + 2, 0x1p1000, math.Nextafter(0x1p1000, 0),
		math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), -0.5, -1, -2,
	} {
		check(x)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 2_000_000
	if testing.Short() {
		n = 200_000
	}
	for range n {
		check(r.Float64() * 4)                         // fractions: AGE, LT, REXP
		check(math.Exp(r.Float64()*1400 - 700))        // every magnitude
		check(float64(r.Uint64N(1<<40)) + r.Float64()) // large values with a fraction
	}
}

func BenchmarkLog1p(b *testing.B) {
	xs := make([]float64, 1024)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range xs {
		xs[i] = math.Exp(r.Float64() * 8)
	}
	var sink float64
	b.Run("risk", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += log1p(xs[i&1023])
		}
		sink += s
	})
	b.Run("math", func(b *testing.B) {
		s := 0.0
		for i := 0; b.Loop(); i++ {
			s += math.Log1p(xs[i&1023])
		}
		sink += s
	})
	_ = sink
}

func TestLog1pBounds(t *testing.T) {
	if math.Float64bits(1) != one || math.Float64bits(1+1.0/64)-one != fastFrom || math.Float64bits(0x1p1000)-one != fastTo {
		t.Fatal("the fast path's bounds are not the bits they claim")
	}
	if got := log1p(0); got != 0 {
		t.Fatalf("log1p(0) = %g, want exactly 0", got)
	}
}
