package schedule

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Wave is one step of a progressive rollout: the targets it deploys to
// (regions, rings, a percentage of traffic) and how long to watch them
// before the next step.
type Wave struct {
	Name    string
	Targets []string
	Bake    time.Duration
}

// Rollout generates the tasks of a progressive rollout: each wave deploys
// to its targets at once, bakes, and passes a gate before the next wave
// starts (1% -> 10% -> 50% -> 100%, or ring 0 -> ring 3).
//
// For wave w of rollout r the tasks are "r/w/deploy/<target>" (one per
// target; just "r/w/deploy" for a wave whose one target is named as the
// wave, as Percentages makes them), "r/w/bake" after them, and, between waves, "r/w/gate" after the
// bake; the next wave's deploys depend on that gate.
type Rollout struct {
	// Name prefixes every task ID.
	Name string
	// Waves are the steps, in order.
	Waves []Wave
	// Deps are tasks of the larger graph the first wave waits for.
	Deps []string
	// Deploy deploys to one target of a wave. Nil plans without running.
	Deploy func(ctx context.Context, w Wave, target string) error
	// Gate decides whether the rollout may go on after a wave has baked;
	// an error stops it there (under FailFast). Nil means always.
	Gate func(ctx context.Context, w Wave) error
	// DeployTime is the expected duration of one deploy, for plans.
	DeployTime time.Duration
	// Clock is what bakes wait on. Nil means real time.
	Clock Clock
}

// ErrInvalidRollout reports a rollout that cannot be generated.
var ErrInvalidRollout = errors.New("invalid rollout")

// Percentages returns waves for a rollout by share of traffic, each
// baking for bake: Percentages(time.Hour, 1, 10, 50, 100).
func Percentages(bake time.Duration, percents ...int) []Wave {
	waves := make([]Wave, len(percents))
	for i, p := range percents {
		name := strconv.Itoa(p) + "%"
		waves[i] = Wave{Name: name, Targets: []string{name}, Bake: bake}
	}
	return waves
}

// Tasks returns the rollout's tasks, to add to a graph. The error wraps
// ErrInvalidRollout: no name, no waves, a wave without a name or
// targets, a negative bake, duplicate wave names or targets.
func (r Rollout) Tasks() ([]Task, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("schedule: rollout %s: %s: %w", quoteID(r.Name), fmt.Sprintf(format, args...), ErrInvalidRollout)
	}
	switch {
	case r.Name == "":
		return nil, fmt.Errorf("schedule: a rollout without a name: %w", ErrInvalidRollout)
	case len(r.Waves) == 0:
		return nil, bad("no waves")
	case r.DeployTime < 0:
		return nil, bad("negative deploy time")
	}
	clock := r.Clock
	if clock == nil {
		clock = realClock{}
	}
	seen := map[string]bool{}
	var tasks []Task
	prev := r.Deps
	for k, w := range r.Waves {
		switch {
		case w.Name == "":
			return nil, bad("wave %d has no name", k+1)
		case len(w.Targets) == 0:
			return nil, bad("wave %s has no targets", quoteID(w.Name))
		case w.Bake < 0:
			return nil, bad("wave %s has a negative bake time", quoteID(w.Name))
		case seen[w.Name]:
			return nil, bad("two waves named %s", quoteID(w.Name))
		}
		seen[w.Name] = true
		base := r.Name + "/" + w.Name + "/"
		var deploys []string
		targets := map[string]bool{}
		for _, target := range w.Targets {
			if targets[target] || target == "" {
				return nil, bad("wave %s names target %s twice or empty", quoteID(w.Name), quoteID(target))
			}
			targets[target] = true
			id := base + "deploy/" + target
			if len(w.Targets) == 1 && target == w.Name {
				id = base + "deploy" // as Percentages makes: "api/10%/deploy"
			}
			deploys = append(deploys, id)
			t := Task{ID: id, Deps: prev, Duration: r.DeployTime, Labels: map[string]string{"wave": w.Name, "target": target}}
			if r.Deploy != nil {
				t.Run = func(ctx context.Context) error { return r.Deploy(ctx, w, target) }
			}
			tasks = append(tasks, t)
		}
		bake := Task{ID: base + "bake", Deps: deploys, Duration: w.Bake, Labels: map[string]string{"wave": w.Name}}
		if d := w.Bake; d > 0 {
			bake.Run = func(ctx context.Context) error {
				select {
				case <-clock.After(d):
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
		}
		tasks = append(tasks, bake)
		prev = []string{bake.ID}
		if k < len(r.Waves)-1 {
			gate := Task{ID: base + "gate", Deps: prev, Labels: map[string]string{"wave": w.Name}}
			if r.Gate != nil {
				w := w
				gate.Run = func(ctx context.Context) error { return r.Gate(ctx, w) }
			}
			tasks = append(tasks, gate)
			prev = []string{gate.ID}
		}
	}
	return tasks, nil
}
