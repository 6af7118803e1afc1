package schedule

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/releasekit/releasekit/internal/text"
)

// Forecast is what many simulated runs of a graph say about its finish:
// percentiles of the ETA, how often the release succeeds, and for each
// task how often it is on the critical path, fails or needs a retry.
type Forecast struct {
	Start time.Time `json:"start"`
	Runs  int       `json:"runs"`
	// P50, P90 and P99 are finish times: half of the runs, nine in ten
	// and 99 in 100 ended by then (rollbacks included).
	P50 time.Time `json:"p50"`
	P90 time.Time `json:"p90"`
	P99 time.Time `json:"p99"`
	// Mean is the mean duration of a run.
	Mean time.Duration `json:"mean"`
	// Succeeded is the share of runs in which no task failed.
	Succeeded float64 `json:"succeeded"`
	// Tasks are the tasks in the graph's order.
	Tasks []TaskForecast `json:"tasks"`
	// Durations are the runs' durations, shortest first.
	Durations []time.Duration `json:"-"`
}

// TaskForecast is what the runs say about one task; each figure is a
// share of the runs, from 0 to 1.
type TaskForecast struct {
	ID string `json:"id"`
	// Critical is how often the task was on the run's critical path.
	Critical float64 `json:"critical"`
	// Failed is how often it failed, after its retries.
	Failed float64 `json:"failed"`
	// Retried is how often it needed more than one attempt.
	Retried float64 `json:"retried"`
}

// MaxRuns bounds the runs of a forecast.
const MaxRuns = 1_000_000

// Forecast simulates g n times from start, run k with the draws of run
// k (run zero is Simulate's), and sums them up. The runs are spread
// over the machine's processors; the result depends only on the
// Simulator, g, start and n. The error is Simulate's, or the context's
// cause when ctx ends first, or an n outside 1 to MaxRuns.
func (s Simulator) Forecast(ctx context.Context, g *Graph, start time.Time, n int) (*Forecast, error) {
	if n < 1 || n > MaxRuns {
		return nil, fmt.Errorf("schedule: %d runs: a forecast makes 1 to %d", n, MaxRuns)
	}
	m, err := s.compile(g, start)
	if err != nil {
		return nil, err
	}
	type tally struct{ critical, failed, retried []int32 }
	workers := min(runtime.GOMAXPROCS(0), n)
	durations := make([]time.Duration, n)
	succeeded := make([]bool, n)
	tallies := make([]tally, workers)
	errs := make([]error, workers)
	errAt := make([]int64, workers) // the run that failed
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			t := tally{make([]int32, m.d.n), make([]int32, m.d.n), make([]int32, m.d.n)}
			tallies[w] = t
			x := m.newRun()
			for !stop.Load() {
				k := next.Add(1) - 1
				if k >= int64(n) {
					return
				}
				if ctx.Err() != nil {
					stop.Store(true)
					return
				}
				if err := x.run(uint64(k)); err != nil {
					errs[w], errAt[w] = err, k
					stop.Store(true)
					return
				}
				durations[k] = x.end
				succeeded[k] = !x.failed
				for _, i := range x.critical() {
					t.critical[i]++
				}
				for i := range m.d.n {
					if x.status[i] == Failed {
						t.failed[i]++
					}
					if x.attempt[i] > 1 {
						t.retried[i]++
					}
				}
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	// Runs are claimed in order and a claimed run completes, so every run
	// before the first that failed has run: its error is the one to
	// report, whatever the workers' timing.
	first := -1
	for w, err := range errs {
		if err != nil && (first < 0 || errAt[w] < errAt[first]) {
			first = w
		}
	}
	if first >= 0 {
		return nil, fmt.Errorf("run %d: %w", errAt[first], errs[first])
	}
	f := &Forecast{Start: start, Runs: n, Durations: durations, Tasks: make([]TaskForecast, m.d.n)}
	ok := 0
	var sum float64
	for k := range n {
		if succeeded[k] {
			ok++
		}
		sum += float64(durations[k])
	}
	f.Succeeded = float64(ok) / float64(n)
	f.Mean = time.Duration(math.Round(sum / float64(n)))
	slices.Sort(durations)
	f.P50, f.P90, f.P99 = start.Add(f.Quantile(0.5)), start.Add(f.Quantile(0.9)), start.Add(f.Quantile(0.99))
	for i := range f.Tasks {
		var c, fl, r int32
		for _, t := range tallies {
			c, fl, r = c+t.critical[i], fl+t.failed[i], r+t.retried[i]
		}
		f.Tasks[i] = TaskForecast{ID: g.tasks[i].ID,
			Critical: float64(c) / float64(n), Failed: float64(fl) / float64(n), Retried: float64(r) / float64(n)}
	}
	return f, nil
}

// MarshalJSON writes the forecast with its mean as Go writes durations
// ("3h1m34.38s").
func (f *Forecast) MarshalJSON() ([]byte, error) {
	type plain Forecast
	return json.Marshal(struct {
		*plain
		Mean string `json:"mean"`
	}{(*plain)(f), f.Mean.String()})
}

// Quantile returns the duration that a share q (0 to 1) of the runs
// did not exceed, by the nearest rank: Quantile(0.9) is the P90.
func (f *Forecast) Quantile(q float64) time.Duration {
	n := len(f.Durations)
	if n == 0 {
		return 0
	}
	k := int(math.Ceil(q*float64(n))) - 1
	return f.Durations[min(max(k, 0), n-1)]
}

// WriteText writes the forecast for a person: the percentiles, the
// success rate, and the tasks that were ever critical, failed or
// retried, the most often critical first.
func (f *Forecast) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "forecast: %d runs from %s\n", f.Runs, stamp(f.Start))
	for _, p := range []struct {
		name string
		at   time.Time
	}{{"P50", f.P50}, {"P90", f.P90}, {"P99", f.P99}} {
		fmt.Fprintf(b, "  %s finish  %s  (%s)\n", p.name, stamp(p.at), readable(p.at.Sub(f.Start)))
	}
	fmt.Fprintf(b, "  mean        %s\n", readable(f.Mean))
	fmt.Fprintf(b, "  no task failed in %s of runs\n", percent(f.Succeeded))
	tasks := slices.DeleteFunc(slices.Clone(f.Tasks), func(t TaskForecast) bool {
		return t.Critical == 0 && t.Failed == 0 && t.Retried == 0
	})
	slices.SortStableFunc(tasks, func(a, b TaskForecast) int { return cmp.Compare(b.Critical, a.Critical) })
	if len(tasks) > 0 {
		width := len("task")
		for _, t := range tasks {
			width = max(width, len(text.Printable(t.ID)))
		}
		fmt.Fprintf(b, "\n  %-*s  critical  failed  retried\n", width, "task")
		for _, t := range tasks {
			fmt.Fprintf(b, "  %-*s  %8s  %6s  %7s\n", width, text.Printable(t.ID), percent(t.Critical), percent(t.Failed), percent(t.Retried))
		}
	}
	return b.Flush()
}

// String returns the forecast as WriteText writes it.
func (f *Forecast) String() string {
	var b strings.Builder
	_ = f.WriteText(&b)
	return b.String()
}

func percent(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
