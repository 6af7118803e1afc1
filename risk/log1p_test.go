package risk

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
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
	// An input where a table of logarithms rounded to one float64 was
	// 2 ulp away: log1p(x) lies just below 2^-5 and log c just above.
	check(0.031384081773253705)
	r := rand.New(rand.NewPCG(1, 2))
	n := 2_000_000
	if testing.Short() {
		n = 200_000
	}
	// Densely where the result crosses a power of two, where an ulp of
	// the result is half an ulp of the table's logarithms.
	for j := -6; j <= 2; j++ {
		x0 := math.Expm1(math.Ldexp(1, j))
		for range n / 4 {
			check(x0 * (1 + (r.Float64()-0.5)/16))
		}
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
}

// sink keeps the benchmarks' results alive.
var sink float64

func TestLog1pBounds(t *testing.T) {
	if math.Float64bits(1) != one || math.Float64bits(1+1.0/64)-one != fastFrom || math.Float64bits(0x1p1000)-one != fastTo {
		t.Fatal("the fast path's bounds are not the bits they claim")
	}
	if got := log1p(0); got != 0 {
		t.Fatalf("log1p(0) = %g, want exactly 0", got)
	}
}

// TestLogTable recomputes the table: each reciprocal as the division
// rounds it, and minus its logarithm to 200 bits, by the series of
// 2·atanh((y-1)/(y+1)) for y = 1/inv, split into the nearest float64 and
// the nearest float64 to the rest. On a mismatch it prints the table as
// it should be.
func TestLogTable(t *testing.T) {
	const prec = 200
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	var want [len(logTable)]logEntry
	want[0].inv = 1
	for i := 1; i < len(want); i++ {
		inv := 1 / (1 + (float64(i)+0.5)/(1<<logTableBits))
		y := nf().Quo(nf().SetInt64(1), nf().SetFloat64(inv)) // exact to 200 bits
		z := nf().Quo(nf().Sub(y, nf().SetInt64(1)), nf().Add(y, nf().SetInt64(1)))
		z2 := nf().Mul(z, z)
		sum, pow := nf(), nf().Set(z)
		limit := nf().SetMantExp(nf().SetInt64(1), -prec)
		for k := int64(0); ; k++ {
			term := nf().Quo(pow, nf().SetInt64(2*k+1))
			sum.Add(sum, term)
			if term.Cmp(limit) < 0 {
				break
			}
			pow.Mul(pow, z2)
		}
		log := sum.Mul(sum, nf().SetInt64(2)) // log y = -log inv
		hi, _ := log.Float64()
		lo, _ := nf().Sub(log, nf().SetFloat64(hi)).Float64()
		want[i] = logEntry{inv, hi, lo}
	}
	if want != logTable {
		var b strings.Builder
		for _, e := range want {
			fmt.Fprintf(&b, "\t{%x, %x, %x},\n", e.inv, e.hi, e.lo)
		}
		t.Fatalf("logTable should be:\n%s", b.String())
	}
}
