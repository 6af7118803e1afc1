package bench

import (
	"strconv"
	"sync"
	"testing"

	dgraph "github.com/dominikbraun/graph"
	"github.com/heimdalr/dag"
	"github.com/releasekit/releasekit/schedule"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// topoGraphs are the graphs that BenchmarkTopoSort and
// BenchmarkTopoBuildAndSort order and TestTopoOrdersValid checks, made
// once per test binary.
var topoGraphs = sync.OnceValue(func() []*Graph {
	return []*Graph{
		RandomDAG(1_000, 3), RandomDAG(10_000, 3), RandomDAG(100_000, 3),
		Path(1_000), Path(100_000),
	}
})

// raceMaxNodes is the largest graph the benchmarks and tests order under
// the race detector, which makes the libraries 2 to 20 times slower. A
// run with -race checks that the benchmarks work, and its timings mean
// nothing; the sorts run on one goroutine, so it finds nothing in them
// either. Without -race, TestTopoOrdersValid checks the large graphs too
// (in about 3 s).
const raceMaxNodes = 10_000

// topoLib is one library's way to build a graph and order it.
type topoLib struct {
	name string
	// prepare puts a graph in the form the library takes, before any
	// timer starts.
	prepare func(in topoInput) any
	// build builds the library's graph from prepare's result.
	build func(prepared any) (topoSorter, error)
	// tooSlow says why g is too big for the library to order in a
	// benchmark's time, or returns "". Nil means no graph is.
	tooSlow func(g *Graph) string
}

// topoSorter is a graph built by one library.
type topoSorter interface {
	// sort orders the graph with the library's own call, and keeps the
	// result in the library's own form.
	sort() error
	// order returns the last sort's result as node numbers, for the
	// tests.
	order() []int32
}

var topoLibs = []topoLib{
	{name: "releasekit", prepare: same, build: buildReleasekit},
	{name: "gonum", prepare: prepareGonum, build: buildGonum},
	{name: "heimdalr", prepare: same, build: buildHeimdalr, tooSlow: heimdalrTooSlow},
	{name: "dominikbraun", prepare: same, build: buildDominikbraun, tooSlow: dominikbraunTooSlow},
}

// raceSkip says why g is left out under the race detector, or returns
// "".
func raceSkip(g *Graph) string {
	if raceEnabled && g.Len() > raceMaxNodes {
		return "more than " + strconv.Itoa(raceMaxNodes) + " nodes under the race detector"
	}
	return ""
}

// skip says why lib does not get g, or returns "".
func (lib topoLib) skip(g *Graph) string {
	if lib.tooSlow == nil {
		return ""
	}
	return lib.tooSlow(g)
}

// heimdalrTooSlow: AddEdge refuses an edge that would close a cycle by
// looking at the new child's descendants and the parent's ancestors, and
// it caches both sets for every node it visits. So building costs O(V)
// time and memory per edge, and the caches hold every pair of nodes
// joined by a path: V²/2 pairs on a path. Measured once, a 10,000-node
// path took 35 s to build, a 20,000-node one 88 s and 11 GB. The random
// graphs fare better but grow faster than linearly too: at 40,000 nodes,
// 3.3 s to build and 2.1 s to order.
func heimdalrTooSlow(g *Graph) string {
	switch {
	case g.Kind == "path" && g.Len() > 1_000:
		return "AddEdge caches every node's descendants and ancestors: O(V²) time and memory on a path"
	case g.Len() > 10_000:
		return "AddEdge caches every node's descendants and ancestors: O(V) per edge"
	}
	return ""
}

// dominikbraunTooSlow: TopologicalSort walks the whole predecessor map
// once for every vertex it places, which is O(V²) (10,000 nodes: 16 s
// per sort).
func dominikbraunTooSlow(g *Graph) string {
	if g.Len() > 1_000 {
		return "TopologicalSort walks every vertex's predecessors once per vertex placed: O(V²)"
	}
	return ""
}

// topoInput is a graph in the form a host hands it over: the nodes' IDs
// and, for each node, the IDs of its dependencies.
type topoInput struct {
	ids  []string
	deps [][]string
}

func inputOf(g *Graph) topoInput { return topoInput{g.IDs, g.DepIDs()} }

func same(in topoInput) any { return in }

// numbers maps IDs back to node numbers, for order().
func (in topoInput) numbers(ids []string) []int32 {
	m := make(map[string]int32, len(in.ids))
	for v, id := range in.ids {
		m[id] = int32(v)
	}
	out := make([]int32, len(ids))
	for k, id := range ids {
		out[k] = m[id]
	}
	return out
}

// releasekit: one Task per node, added one at a time as a host reading
// its own list of tasks would, ordered by Graph.Order.
type releasekitGraph struct {
	in  topoInput
	g   schedule.Graph
	out []string
}

func buildReleasekit(prepared any) (topoSorter, error) {
	r := &releasekitGraph{in: prepared.(topoInput)}
	for v, id := range r.in.ids {
		r.g.Add(schedule.Task{ID: id, Deps: r.in.deps[v]})
	}
	return r, nil
}

func (r *releasekitGraph) sort() (err error) {
	r.out, err = r.g.Order()
	return err
}

func (r *releasekitGraph) order() []int32 { return r.in.numbers(r.out) }

// gonum numbers nodes with int64s, so a host maps its IDs to numbers
// first. prepareGonum does that before the timer starts: each distinct
// ID gets the next number, so the benchmark graphs' "t0", "t1", ... are
// 0, 1, ..., their node numbers.
type gonumInput struct {
	nodes []int64
	deps  [][]int64
}

func prepareGonum(in topoInput) any {
	num := make(map[string]int64, len(in.ids))
	number := func(id string) int64 {
		n, ok := num[id]
		if !ok {
			n = int64(len(num))
			num[id] = n
		}
		return n
	}
	out := gonumInput{nodes: make([]int64, len(in.ids)), deps: make([][]int64, len(in.ids))}
	for v, id := range in.ids {
		out.nodes[v] = number(id)
	}
	for v, deps := range in.deps {
		out.deps[v] = make([]int64, len(deps))
		for k, d := range deps {
			out.deps[v][k] = number(d)
		}
	}
	return out
}

// gonum: a simple.DirectedGraph with an edge from each dependency to its
// dependent, ordered by topo.Sort.
type gonumGraph struct {
	g   *simple.DirectedGraph
	out []graph.Node
}

func buildGonum(prepared any) (topoSorter, error) {
	in := prepared.(gonumInput)
	g := simple.NewDirectedGraph()
	for _, n := range in.nodes {
		g.AddNode(simple.Node(n))
	}
	for v, deps := range in.deps {
		for _, d := range deps {
			g.SetEdge(g.NewEdge(simple.Node(d), simple.Node(in.nodes[v])))
		}
	}
	return &gonumGraph{g: g}, nil
}

func (r *gonumGraph) sort() (err error) {
	r.out, err = topo.Sort(r.g)
	return err
}

func (r *gonumGraph) order() []int32 {
	out := make([]int32, len(r.out))
	for k, n := range r.out {
		out[k] = -1 // a cyclic component, which Sort marks with nil
		if n != nil {
			out[k] = int32(n.ID())
		}
	}
	return out
}

// heimdalr: a dag.DAG with each ID as both a vertex and its ID, an edge
// from each dependency to its dependent, ordered by OrderedWalk with a
// visitor that collects the IDs.
type heimdalrGraph struct {
	in  topoInput
	d   *dag.DAG
	out []string
}

func buildHeimdalr(prepared any) (topoSorter, error) {
	r := &heimdalrGraph{in: prepared.(topoInput), d: dag.NewDAG()}
	for _, id := range r.in.ids {
		if err := r.d.AddVertexByID(id, id); err != nil {
			return nil, err
		}
	}
	for v, deps := range r.in.deps {
		for _, d := range deps {
			if err := r.d.AddEdge(d, r.in.ids[v]); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// collect is a dag.Visitor that appends each vertex's ID.
type collect []string

func (c *collect) Visit(v dag.Vertexer) {
	id, _ := v.Vertex()
	*c = append(*c, id)
}

// sort never fails: a dag.DAG cannot hold a cycle.
func (r *heimdalrGraph) sort() error {
	c := make(collect, 0, len(r.in.ids))
	r.d.OrderedWalk(&c)
	r.out = c
	return nil
}

func (r *heimdalrGraph) order() []int32 { return r.in.numbers(r.out) }

// dominikbraun: graph.New(graph.StringHash, graph.Directed()) with an
// edge from each dependency to its dependent, ordered by
// TopologicalSort. The graph is built without graph.PreventCycles(),
// which would search the graph on every AddEdge: TopologicalSort finds
// cycles on its own.
type dominikbraunGraph struct {
	in  topoInput
	g   dgraph.Graph[string, string]
	out []string
}

func buildDominikbraun(prepared any) (topoSorter, error) {
	r := &dominikbraunGraph{in: prepared.(topoInput), g: dgraph.New(dgraph.StringHash, dgraph.Directed())}
	for _, id := range r.in.ids {
		if err := r.g.AddVertex(id); err != nil {
			return nil, err
		}
	}
	for v, deps := range r.in.deps {
		for _, d := range deps {
			if err := r.g.AddEdge(d, r.in.ids[v]); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

func (r *dominikbraunGraph) sort() (err error) {
	r.out, err = dgraph.TopologicalSort(r.g)
	return err
}

func (r *dominikbraunGraph) order() []int32 { return r.in.numbers(r.out) }

// BenchmarkTopoSort orders a graph built before the timer starts, once
// per iteration. None of the libraries changes or caches anything when
// it orders a graph, so one graph serves every iteration.
func BenchmarkTopoSort(b *testing.B) {
	for _, g := range topoGraphs() {
		b.Run(g.Name, func(b *testing.B) {
			if why := raceSkip(g); why != "" {
				b.Skip(why)
			}
			in := inputOf(g)
			for _, lib := range topoLibs {
				b.Run(lib.name, func(b *testing.B) {
					if why := lib.skip(g); why != "" {
						b.Skip(why)
					}
					s, err := lib.build(lib.prepare(in))
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if err := s.sort(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkTopoBuildAndSort builds the graph from its nodes and
// dependencies and orders it, once per iteration: what a host pays end
// to end. The input is put in the form each library takes (IDs, or
// int64 numbers for gonum) before the timer starts.
func BenchmarkTopoBuildAndSort(b *testing.B) {
	for _, g := range topoGraphs() {
		b.Run(g.Name, func(b *testing.B) {
			if why := raceSkip(g); why != "" {
				b.Skip(why)
			}
			in := inputOf(g)
			for _, lib := range topoLibs {
				b.Run(lib.name, func(b *testing.B) {
					if why := lib.skip(g); why != "" {
						b.Skip(why)
					}
					prepared := lib.prepare(in)
					b.ReportAllocs()
					for b.Loop() {
						s, err := lib.build(prepared)
						if err != nil {
							b.Fatal(err)
						}
						if err := s.sort(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
