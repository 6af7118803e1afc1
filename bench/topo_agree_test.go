package bench

import (
	"errors"
	"fmt"
	"testing"

	"github.com/releasekit/releasekit/schedule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTopoOrdersValid checks that the topological benchmarks compare
// equal work: on every graph a library is benchmarked on, its order
// holds every node exactly once and puts every node after all of its
// dependencies. The orders themselves differ, as a graph has many.
func TestTopoOrdersValid(t *testing.T) {
	for _, g := range topoGraphs() {
		t.Run(g.Name, func(t *testing.T) {
			if why := raceSkip(g); why != "" {
				t.Skip(why)
			}
			in := inputOf(g)
			t.Logf("%d nodes, %d dependencies, %d without any, longest chain %d nodes",
				g.Len(), g.Edges(), roots(g), longestChain(g))
			for _, lib := range topoLibs {
				t.Run(lib.name, func(t *testing.T) {
					if why := lib.skip(g); why != "" {
						t.Skip(why)
					}
					s, err := lib.build(lib.prepare(in))
					require.NoError(t, err, "build")
					require.NoError(t, s.sort(), "sort")
					assert.NoError(t, checkOrder(g, s.order()))
				})
			}
		})
	}
}

// checkOrder returns an error unless order lists each node of g once,
// after all of its dependencies.
func checkOrder(g *Graph, order []int32) error {
	if len(order) != g.Len() {
		return fmt.Errorf("order has %d nodes, the graph %d", len(order), g.Len())
	}
	pos := make([]int, g.Len())
	for v := range pos {
		pos[v] = -1
	}
	for k, v := range order {
		if v < 0 || int(v) >= g.Len() {
			return fmt.Errorf("position %d: no node %d", k, v)
		}
		if pos[v] >= 0 {
			return fmt.Errorf("node %s at positions %d and %d", g.IDs[v], pos[v], k)
		}
		pos[v] = k
	}
	for v, deps := range g.Deps {
		for _, d := range deps {
			if pos[d] > pos[v] {
				return fmt.Errorf("%s (position %d) before its dependency %s (position %d)", g.IDs[v], pos[v], g.IDs[d], pos[d])
			}
		}
	}
	return nil
}

func roots(g *Graph) int {
	n := 0
	for _, deps := range g.Deps {
		if len(deps) == 0 {
			n++
		}
	}
	return n
}

// longestChain returns how many nodes the longest chain of dependencies
// in g has, using a valid order from releasekit.
func longestChain(g *Graph) int {
	s, err := buildReleasekit(inputOf(g))
	if err != nil || s.sort() != nil {
		return -1
	}
	depth := make([]int, g.Len())
	longest := 0
	for _, v := range s.order() {
		depth[v] = 1
		for _, d := range g.Deps[v] {
			depth[v] = max(depth[v], depth[d]+1)
		}
		longest = max(longest, depth[v])
	}
	return longest
}

// How a library met a bad graph.
const (
	accepted    = "accepted"
	buildError  = "error from build"
	sortError   = "error from sort"
	buildPanics = "panics in build"
)

// TestTopoBadGraphs records how each library meets a graph it cannot
// order, or should not: a cycle, a task that depends on itself, a
// dependency on a node the graph does not have, and two nodes with one
// ID. Graph.Order reports all of them, each with its sentinel; the
// peers differ, and the table says how.
func TestTopoBadGraphs(t *testing.T) {
	cases := []struct {
		name string
		in   topoInput
		// releasekit is the sentinel Graph.Order's error wraps.
		releasekit error
		// peers is where each peer rejects the graph, or accepted.
		peers map[string]string
	}{
		{
			name:       "cycle of 3 in random-1k",
			in:         withCycle3(RandomDAG(1_000, 3)),
			releasekit: schedule.ErrCycle,
			// heimdalr refuses the edge that closes the cycle.
			peers: map[string]string{"gonum": sortError, "heimdalr": buildError, "dominikbraun": sortError},
		},
		{
			name:       "path-1k closed into a ring",
			in:         ring(Path(1_000)),
			releasekit: schedule.ErrCycle,
			peers:      map[string]string{"gonum": sortError, "heimdalr": buildError, "dominikbraun": sortError},
		},
		{
			name:       "depends on itself",
			in:         topoInput{ids: []string{"a", "b"}, deps: [][]string{nil, {"a", "b"}}},
			releasekit: schedule.ErrInvalidTask,
			// gonum's SetEdge panics on a self edge; dominikbraun takes
			// it and finds a cycle when it sorts.
			peers: map[string]string{"gonum": buildPanics, "heimdalr": buildError, "dominikbraun": sortError},
		},
		{
			name:       "unknown dependency",
			in:         topoInput{ids: []string{"a", "b"}, deps: [][]string{nil, {"a", "c"}}},
			releasekit: schedule.ErrUnknownTask,
			// gonum's SetEdge adds a node it does not have, so the
			// order has a node the host never added.
			peers: map[string]string{"gonum": accepted, "heimdalr": buildError, "dominikbraun": buildError},
		},
		{
			name:       "duplicate ID",
			in:         topoInput{ids: []string{"a", "b", "a"}, deps: [][]string{nil, {"a"}, nil}},
			releasekit: schedule.ErrDuplicateTask,
			// gonum's AddNode panics on an ID it already has.
			peers: map[string]string{"gonum": buildPanics, "heimdalr": buildError, "dominikbraun": buildError},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, lib := range topoLibs {
				how, err := tryBad(lib, tc.in)
				t.Logf("%-12s %s: %s", lib.name, how, describe(err))
				if lib.name == "releasekit" {
					assert.Equal(t, sortError, how, "releasekit")
					assert.ErrorIs(t, err, tc.releasekit, "releasekit")
					if tc.releasekit == schedule.ErrCycle {
						cycle, ok := errors.AsType[*schedule.CycleError](err)
						if assert.True(t, ok, "releasekit: a *CycleError") {
							assert.Equal(t, cycle.Path[0], cycle.Path[len(cycle.Path)-1], "releasekit: the path is closed")
						}
					}
					continue
				}
				assert.Equal(t, tc.peers[lib.name], how, lib.name)
			}
		})
	}
}

// tryBad builds and orders in with lib, and says where it stopped.
func tryBad(lib topoLib, in topoInput) (how string, err error) {
	defer func() {
		if p := recover(); p != nil {
			how, err = buildPanics, fmt.Errorf("panic: %v", p)
		}
	}()
	s, err := lib.build(lib.prepare(in))
	if err != nil {
		return buildError, err
	}
	if err := s.sort(); err != nil {
		return sortError, err
	}
	return accepted, nil
}

// describe gives err's type and the start of its message (gonum's
// lists every node of a cycle).
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	msg := err.Error()
	if len(msg) > 100 {
		msg = msg[:100] + "..."
	}
	return fmt.Sprintf("%T %q", err, msg)
}

// withCycle3 adds a dependency that closes a cycle of three nodes to g:
// for c depending on b depending on a, a now depends on c.
func withCycle3(g *Graph) topoInput {
	in := inputOf(g)
	for c, deps := range g.Deps {
		for _, b := range deps {
			if len(g.Deps[b]) > 0 {
				a := g.Deps[b][0]
				in.deps[a] = append(in.deps[a], g.IDs[c])
				return in
			}
		}
	}
	panic("no chain of three nodes")
}

// ring makes the first node of path p depend on the last one.
func ring(p *Graph) topoInput {
	in := inputOf(p)
	var first, last int
	dependedOn := make([]bool, p.Len())
	for v, deps := range p.Deps {
		if len(deps) == 0 {
			first = v
		}
		for _, d := range deps {
			dependedOn[d] = true
		}
	}
	for v, on := range dependedOn {
		if !on {
			last = v
		}
	}
	in.deps[first] = append(in.deps[first], p.IDs[last])
	return in
}
