package risk

import "math"

// log1p returns log(1+x) within one unit in the last place of
// math.Log1p, in about half its time: scoring takes the logarithm of a
// dozen metrics per change, and that is most of its cost.
//
// Where 1+x rounds to 1 (0, and |x| up to about 2^-53; it returns x,
// and +0 for -0) or to at least 1+1/64 and below 2^1000, it reduces 1+x
// to 2^k·m, m in [1, 2), reads 1/c and log c for a c near m from a table
// of 128, and sums k·ln 2, log c and a polynomial for log1p(m/c - 1),
// where |m/c - 1| < 2^-7. The rounding of 1+x is added back, so the
// result is as good as if it had been exact. Other x, NaN and
// infinities included, go to math.Log1p. TestLog1p holds it to one ulp
// of math.Log1p on every integer below 200,000, densely where the
// result crosses a power of two, and on millions of random values.
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
	return k*ln2Hi + (e.hi + (p + (k*ln2Lo + e.lo + lost*invU)))
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
// reciprocal in two parts, the nearest float64 and the nearest to the
// rest, so that log m = log(m·inv) + hi + lo, with log c to about 106
// bits: rounded to one float64 it could cost an ulp of a result just
// below a power of two. The first interval's reciprocal is 1, so that
// log1p(0) is exactly 0. TestLogTable computes the table again.
var logTable = [1 << logTableBits]logEntry{
	{1, 0, 0},
	{0x1.fa11caa01fa12p-01, 0x1.7dc475f810a69p-07, 0x1.74944bc161072p-61},
	{0x1.f6310aca0dbb5p-01, 0x1.3cea44346a584p-06, -0x1.865ad48159dp-61},
	{0x1.f25f644230ab5p-01, 0x1.b9fc027af919ap-06, -0x1.90ae69229dc86p-60},
	{0x1.ee9c7f8458e02p-01, 0x1.1b0d98923d97fp-05, -0x1.74d7444dd6241p-59},
	{0x1.eae807aba01ebp-01, 0x1.58a5bafc8e4d3p-05, -0x1.cab8569c56e4p-64},
	{0x1.e741aa59750e4p-01, 0x1.95c830ec8e3f2p-05, 0x1.eb41d00a417e9p-60},
	{0x1.e3a9179dc1a73p-01, 0x1.d276b8adb0b56p-05, 0x1.078f14c95ff53p-59},
	{0x1.e01e01e01e01ep-01, 0x1.075983598e471p-04, 0x1.006d2999e22dcp-58},
	{0x1.dca01dca01dcap-01, 0x1.253f62f0a1417p-04, 0x1.1f6d34e01d981p-61},
	{0x1.d92f2231e7f8ap-01, 0x1.42edcbea646eep-04, -0x1.511583653349bp-58},
	{0x1.d5cac807572b2p-01, 0x1.60658a93750c4p-04, -0x1.f108b1d8436d3p-59},
	{0x1.d272ca3fc5b1ap-01, 0x1.7da766d7b12dp-04, 0x1.a2240644d7da2p-59},
	{0x1.cf26e5c44bfc6p-01, 0x1.9ab42462033aep-04, -0x1.a099e1c184e8ep-59},
	{0x1.cbe6d9601cbe7p-01, 0x1.b78c82bb0edap-04, -0x1.3ef0e61f9b03cp-58},
	{0x1.c8b265afb8a42p-01, 0x1.d4313d66cb35dp-04, 0x1.b90dd951d90fap-58},
	{0x1.c5894d10d4986p-01, 0x1.f0a30c01162a4p-04, 0x1.8be64b8b7759bp-59},
	{0x1.c26b5392ea01cp-01, 0x1.0671512ca596fp-03, -0x1.2f39b81479b67p-58},
	{0x1.bf583ee868d8bp-01, 0x1.14785846742acp-03, 0x1.94409f1d3f83ap-60},
	{0x1.bc4fd65883e7bp-01, 0x1.2266f190a5acdp-03, -0x1.dab840e7f6177p-57},
	{0x1.b951e2b18ff23p-01, 0x1.303d718e47fd5p-03, -0x1.b5ae71f658247p-57},
	{0x1.b65e2e3beee05p-01, 0x1.3dfc2b0ecc62ap-03, 0x1.ba62b8c13f7f4p-57},
	{0x1.b37484ad806cep-01, 0x1.4ba36f39a55e5p-03, -0x1.f767e433c98aap-57},
	{0x1.b094b31d922a4p-01, 0x1.59338d9982085p-03, 0x1.8d16eaaba9419p-57},
	{0x1.adbe87f94905ep-01, 0x1.66acd4272ad51p-03, -0x1.9201c9c3d5165p-59},
	{0x1.aaf1d2f87ebfdp-01, 0x1.740f8f54037a3p-03, 0x1.6d9bf9d57b326p-58},
	{0x1.a82e65130e159p-01, 0x1.815c0a14357e9p-03, 0x1.141b7f8c5fa9ep-58},
	{0x1.a574107688a4ap-01, 0x1.8e928de886d41p-03, 0x1.2589eb96a624p-59},
	{0x1.a2c2a87c51cap-01, 0x1.9bb362e7dfb85p-03, -0x1.51439c1ff83e7p-58},
	{0x1.a01a01a01a01ap-01, 0x1.a8becfc882f19p-03, -0x1.a8c37918c39ebp-58},
	{0x1.9d79f176b682dp-01, 0x1.b5b519e8fb5a6p-03, -0x1.d5d8023e61e5fp-57},
	{0x1.9ae24ea5510dap-01, 0x1.c2968558c18c2p-03, 0x1.6108e3ae024acp-60},
	{0x1.9852f0d8ec0ffp-01, 0x1.cf6354e09c5ddp-03, 0x1.339a07d55b696p-57},
	{0x1.95cbb0be377aep-01, 0x1.dc1bca0abec7bp-03, 0x1.c698a33316dfbp-58},
	{0x1.934c67f9b2ce6p-01, 0x1.e8c0252aa5a6p-03, -0x1.dc074737f9135p-60},
	{0x1.90d4f120190d5p-01, 0x1.f550a564b7b37p-03, -0x1.13a09202fe73dp-57},
	{0x1.8e6527af1373fp-01, 0x1.00e6c45ad501dp-02, -0x1.3b9568ff6feadp-57},
	{0x1.8bfce8062ff3ap-01, 0x1.071b85fcd590dp-02, 0x1.08b83fcbdef4p-57},
	{0x1.899c0f601899cp-01, 0x1.0d46b579ab74bp-02, 0x1.21f640e1e5ec9p-56},
	{0x1.87427bcc092b9p-01, 0x1.136870293a8bp-02, 0x1.86cc531dba494p-57},
	{0x1.84f00c2780614p-01, 0x1.1980d2dd4236fp-02, -0x1.02c2e4f1b2eb9p-56},
	{0x1.82a4a0182a4ap-01, 0x1.1f8ff9e48a2f3p-02, -0x1.93fbf3418960dp-57},
	{0x1.8060180601806p-01, 0x1.2596010df763ap-02, -0x1.9eed8ae0ebd3cp-59},
	{0x1.7e225515a4f1dp-01, 0x1.2b9303ab89d25p-02, -0x1.85ad7f614ab51p-58},
	{0x1.7beb3922e017cp-01, 0x1.31871c9544185p-02, -0x1.ea3598981366fp-57},
	{0x1.79baa6bb6398bp-01, 0x1.3772662bfd85cp-02, 0x1.02a7589fba088p-57},
	{0x1.77908119ac60dp-01, 0x1.3d54fa5c1f71p-02, 0x1.53668e578d9cdp-58},
	{0x1.756cac201756dp-01, 0x1.432ef2a04e813p-02, -0x1.83262e2b59206p-57},
	{0x1.734f0c541fe8dp-01, 0x1.49006804009dp-02, -0x1.bff0d07c5df6dp-59},
	{0x1.713786d9c7c09p-01, 0x1.4ec9732600269p-02, -0x1.1aa87d977dc5ep-56},
	{0x1.6f26016f26017p-01, 0x1.548a2c3add263p-02, -0x1.58ce7bf1846eep-56},
	{0x1.6d1a62681c861p-01, 0x1.5a42ab0f4cfe2p-02, -0x1.c6bcb7dee9a3dp-56},
	{0x1.6b1490aa31a3dp-01, 0x1.5ff3070a793d4p-02, -0x1.063077d7e37b7p-56},
	{0x1.691473a88d0cp-01, 0x1.659b57303e1f2p-02, 0x1.db0af8efb83c7p-62},
	{0x1.6719f3601671ap-01, 0x1.6b3bb2235943dp-02, 0x1.957a93326784dp-56},
	{0x1.6524f853b4aa3p-01, 0x1.70d42e2789236p-02, 0x1.ee99bf7143954p-56},
	{0x1.63356b88ac0dep-01, 0x1.7664e1239dbcfp-02, -0x1.d6d5d64f5daf8p-57},
	{0x1.614b36831ae94p-01, 0x1.7bede0a37afbfp-02, -0x1.6783cb9801a5bp-56},
	{0x1.5f66434292dfcp-01, 0x1.816f41da0d495p-02, 0x1.76dc35fb48fe4p-56},
	{0x1.5d867c3ece2a5p-01, 0x1.86e919a330ba1p-02, -0x1.700c9d2029045p-56},
	{0x1.5babcc647fa91p-01, 0x1.8c5b7c858b48bp-02, 0x1.d754b0205fa6cp-56},
	{0x1.59d61f123ccaap-01, 0x1.91c67eb45a83ep-02, 0x1.5e3ea3b96a3dfp-57},
	{0x1.580560158056p-01, 0x1.972a341135159p-02, -0x1.5a3f62db48f27p-56},
	{0x1.56397ba7c52e2p-01, 0x1.9c86b02dc0862p-02, 0x1.7e81149622bdfp-56},
	{0x1.54725e6bb82fep-01, 0x1.a1dc064d5b995p-02, 0x1.a0128698ba0b8p-56},
	{0x1.52aff56a8054bp-01, 0x1.a72a4966bd9e9p-02, 0x1.529dac69f61f1p-56},
	{0x1.50f22e111c4c5p-01, 0x1.ac718c258b0e5p-02, 0x1.682c7ade8dee3p-56},
	{0x1.4f38f62dd4c9bp-01, 0x1.b1b1e0ebdfc5ap-02, -0x1.0ee1a7dd74ea6p-58},
	{0x1.4d843bedc2c4cp-01, 0x1.b6eb59d3cf35cp-02, 0x1.1524332cd95c4p-56},
	{0x1.4bd3edda68fe1p-01, 0x1.bc1e08b0dad0ap-02, -0x1.385e3e3ea99a8p-58},
	{0x1.4a27fad76014ap-01, 0x1.c149ff115f027p-02, 0x1.46868de7f39f6p-57},
	{0x1.488052201488p-01, 0x1.c66f4e3ff6ff9p-02, -0x1.82947258b6889p-58},
	{0x1.46dce34596066p-01, 0x1.cb8e0744d7acap-02, 0x1.c5bbc32ef5aebp-56},
	{0x1.453d9e2c776cap-01, 0x1.d0a63ae721e64p-02, 0x1.4acce112c40f2p-57},
	{0x1.43a2730abee4dp-01, 0x1.d5b7f9ae2c684p-02, 0x1.4841807b53f96p-57},
	{0x1.420b5265e5951p-01, 0x1.dac353e2c5955p-02, -0x1.abc65a3f2f204p-56},
	{0x1.40782d10e6566p-01, 0x1.dfc859906d5b5p-02, 0x1.51e1399f96398p-56},
	{0x1.3ee8f42a5af07p-01, 0x1.e4c71a8687704p-02, -0x1.34c36e0f052b9p-56},
	{0x1.3d5d991aa75c6p-01, 0x1.e9bfa659861f5p-02, -0x1.de45038241ecfp-56},
	{0x1.3bd60d9232955p-01, 0x1.eeb20c640ddf3p-02, -0x1.81e47141b8404p-56},
	{0x1.3a524387ac822p-01, 0x1.f39e5bc811e5dp-02, 0x1.200e221139873p-59},
	{0x1.38d22d366088ep-01, 0x1.f884a36fe9ec1p-02, 0x1.618ae4f0084p-56},
	{0x1.3755bd1c945eep-01, 0x1.fd64f20f61571p-02, -0x1.b615859d5a349p-62},
	{0x1.35dce5f9f2af8p-01, 0x1.011fab125ff8ap-01, 0x1.4043750211778p-55},
	{0x1.34679ace01346p-01, 0x1.0389eefce633cp-01, 0x1.8aae29a41ba4ap-59},
	{0x1.32f5ced6a1dfap-01, 0x1.05f14bd26459cp-01, 0x1.935b8ee4f9efep-58},
	{0x1.3187758e9ebb6p-01, 0x1.0855c884b450ep-01, 0x1.785826e49f318p-55},
	{0x1.301c82ac4026p-01, 0x1.0ab76bece14d2p-01, 0x1.02936cabac09ap-56},
	{0x1.2eb4ea1fed14bp-01, 0x1.0d163ccb9d6b8p-01, 0x1.6119595d0f3c3p-59},
	{0x1.2d50a012d50ap-01, 0x1.0f7241c9b497dp-01, 0x1.ba8443b9db19dp-55},
	{0x1.2bef98e5a3711p-01, 0x1.11cb81787ccf8p-01, 0x1.dc70f563f992p-56},
	{0x1.2a91c92f3c105p-01, 0x1.1422025243d45p-01, 0x1.7e5e3b6a496ecp-55},
	{0x1.293725bb804a5p-01, 0x1.1675cababa60ep-01, -0x1.cb19c15477c8ep-56},
	{0x1.27dfa38a1ce4dp-01, 0x1.18c6e0ff5cf07p-01, -0x1.9a6baf4f4e637p-56},
	{0x1.268b37cd60127p-01, 0x1.1b154b57da29ep-01, 0x1.2770a5c124ab5p-56},
	{0x1.2539d7e9177b2p-01, 0x1.1d610fe677003p-01, 0x1.d27563647963dp-56},
	{0x1.23eb79717605bp-01, 0x1.1faa34b87094cp-01, 0x1.c42f71ef43276p-55},
	{0x1.22a0122a0122ap-01, 0x1.21f0bfc65beecp-01, -0x1.c24f0c9187c92p-57},
	{0x1.21579804855e6p-01, 0x1.2434b6f483934p-01, -0x1.bebb8cf0f6d11p-57},
	{0x1.2012012012012p-01, 0x1.26762013430ep-01, -0x1.86a95781c6727p-56},
	{0x1.1ecf43c7fb84cp-01, 0x1.28b500df60783p-01, 0x1.813f3f4aaa9a3p-60},
	{0x1.1d8f5672e4abdp-01, 0x1.2af15f02640acp-01, 0x1.ed8322925675ap-56},
	{0x1.1c522fc1ce059p-01, 0x1.2d2b4012edc9dp-01, 0x1.9ae9d3664e355p-55},
	{0x1.1b17c67f2bae3p-01, 0x1.2f62a99509546p-01, -0x1.7dcbcc6300133p-55},
	{0x1.19e0119e0119ep-01, 0x1.3197a0fa7fe6ap-01, 0x1.f6348fb97128fp-57},
	{0x1.18ab083902bdbp-01, 0x1.33ca2ba328994p-01, 0x1.1c6ba66fd091p-55},
	{0x1.1778a191bd684p-01, 0x1.35fa4edd36eap-01, 0x1.727d468096436p-56},
	{0x1.1648d50fc3201p-01, 0x1.38280fe58797fp-01, -0x1.756f4d8a9b974p-57},
	{0x1.151b9a3fdd5c9p-01, 0x1.3a5373e7ebdf9p-01, 0x1.5ce11148e1124p-56},
	{0x1.13f0e8d344724p-01, 0x1.3c7c7fff73206p-01, -0x1.e80db7025bed1p-60},
	{0x1.12c8b89edc0acp-01, 0x1.3ea33936b2f5bp-01, 0x1.f66e975ec9f52p-59},
	{0x1.11a3019a74826p-01, 0x1.40c7a4880dceap-01, 0x1.13c8b79ff2789p-58},
	{0x1.107fbbe01108p-01, 0x1.42e9c6ddf80bfp-01, -0x1.4d411c2cd7cf1p-55},
	{0x1.0f5edfab325a2p-01, 0x1.4509a5133bb0ap-01, -0x1.5701d7ad284a5p-55},
	{0x1.0e40655826011p-01, 0x1.472743f33aaadp-01, -0x1.a930fed5d6b7ep-60},
	{0x1.0d24456359e3ap-01, 0x1.4942a83a2fc07p-01, 0x1.2a18a88ca56b5p-56},
	{0x1.0c0a7868b4171p-01, 0x1.4b5bd6956e273p-01, -0x1.2c7a06beea772p-55},
	{0x1.0af2f722eecb5p-01, 0x1.4d72d3a39fd01p-01, 0x1.01a9a829c011bp-56},
	{0x1.09ddba6af836p-01, 0x1.4f87a3f5026e9p-01, -0x1.68ca8b1bcea9dp-55},
	{0x1.08cabb37565e2p-01, 0x1.519a4c0ba3446p-01, 0x1.a332128e4a77fp-55},
	{0x1.07b9f29b8eae2p-01, 0x1.53aad05b99b7cp-01, -0x1.7722c14b894e2p-57},
	{0x1.06ab59c7912fbp-01, 0x1.55b9354b40bcep-01, -0x1.1f342e541a63dp-59},
	{0x1.059eea0727586p-01, 0x1.57c57f336f191p-01, 0x1.1eac5c4377e6ep-55},
	{0x1.04949cc1664c5p-01, 0x1.59cfb25fae87fp-01, -0x1.bb94822ace357p-57},
	{0x1.038c6b78247fcp-01, 0x1.5bd7d30e71c73p-01, -0x1.c9649352e8e44p-67},
	{0x1.02864fc7729e9p-01, 0x1.5ddde57149923p-01, 0x1.0fa37d75ef285p-59},
	{0x1.0182436517a37p-01, 0x1.5fe1edad18919p-01, 0x1.92e93de3ce483p-56},
	{0x1.008040201008p-01, 0x1.61e3efda46467p-01, 0x1.7923604841473p-57},
}

type logEntry struct{ inv, hi, lo float64 }

// ln 2 in two parts, the first with its low bits zero so that k·ln2Hi
// is exact for any exponent k.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)
