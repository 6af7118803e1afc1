package bench

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Graph is a dependency graph in the plain form a host would hand to a
// graph library: nodes numbered from 0 in the order they are added, each
// with an ID and the nodes it depends on. A node must come after all of
// its dependencies in a topological order.
type Graph struct {
	// Name names the graph in benchmark and test output: its kind and
	// size, as in "random-10k".
	Name string
	// Kind is "random" for [RandomDAG] and "path" for [Path].
	Kind string
	// IDs[v] is node v's ID, for the libraries that take strings.
	IDs []string
	// Deps[v] are the nodes that node v depends on.
	Deps [][]int32
}

// Len returns how many nodes g has.
func (g *Graph) Len() int { return len(g.IDs) }

// Edges returns how many dependencies g has in all.
func (g *Graph) Edges() int {
	n := 0
	for _, d := range g.Deps {
		n += len(d)
	}
	return n
}

// DepIDs returns the IDs of each node's dependencies: DepIDs()[v] names
// the nodes in Deps[v].
func (g *Graph) DepIDs() [][]string {
	out := make([][]string, len(g.Deps))
	for v, deps := range g.Deps {
		out[v] = make([]string, len(deps))
		for k, d := range deps {
			out[v][k] = g.IDs[d]
		}
	}
	return out
}

// RandomDAG returns a random acyclic graph of n nodes in which each node
// depends on meanDeps others on average: the G(n, p) model on a hidden
// order of the nodes, where each earlier node is a dependency of each
// later one with probability p = 2*meanDeps/(n-1). Nodes are numbered in
// a shuffled order, so the order they are added in is not a topological
// one, and IDs follow the numbers ("t0", "t1", ...). Late nodes in the
// hidden order have about twice meanDeps dependencies, early ones few,
// and about n/(2*meanDeps) have none.
//
// It is generated from a fixed seed, so every run sees the same graph,
// in O(n + edges) time (geometric skips, not a coin per pair).
func RandomDAG(n int, meanDeps float64) *Graph {
	rng := rand.New(rand.NewPCG(0x5eed, uint64(n)))
	g := newGraph("random", n)
	perm := rng.Perm(n) // the node at hidden position k is perm[k]
	p := 2 * meanDeps / float64(n-1)
	logq := math.Log1p(-p)
	for j := 1; j < n; j++ {
		v := perm[j]
		for i := skip(rng, logq) - 1; i < j; i += skip(rng, logq) {
			g.Deps[v] = append(g.Deps[v], int32(perm[i]))
		}
	}
	return g
}

// Path returns a chain of n nodes, each depending on the one before it
// in a hidden order, numbered in a shuffled order like [RandomDAG]'s.
// It is the deepest graph of its size: a recursive search goes n calls
// deep on it.
func Path(n int) *Graph {
	rng := rand.New(rand.NewPCG(0x9a7f, uint64(n)))
	g := newGraph("path", n)
	perm := rng.Perm(n)
	for k := 1; k < n; k++ {
		g.Deps[perm[k]] = []int32{int32(perm[k-1])}
	}
	return g
}

func newGraph(kind string, n int) *Graph {
	g := &Graph{Name: kind + "-" + short(n), Kind: kind, IDs: make([]string, n), Deps: make([][]int32, n)}
	for v := range n {
		g.IDs[v] = "t" + strconv.Itoa(v)
	}
	return g
}

// skip returns how far to step to the next edge when each pair is an
// edge with probability p (logq is log(1-p)): one plus a geometric
// number of misses.
func skip(rng *rand.Rand, logq float64) int {
	return 1 + int(math.Log1p(-rng.Float64())/logq)
}

// short writes n as "1k", "10k", "100k" when it is a multiple of 1,000.
func short(n int) string {
	if n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}
