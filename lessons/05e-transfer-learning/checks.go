package transferlearn

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/transfer"
)

// planCases are networks the students' plans are tried on: the lesson's
// CNN, a shorter one, and the residual network's first layers.
var planCases = []struct {
	layers []string
	head   string
}{
	{[]string{"conv1", "conv2", "dense1", "dense2"}, "dense2"},
	{[]string{"conv1", "dense1", "dense2"}, "dense2"},
	{[]string{"conv01", "conv02", "conv03", "output", "skip1"}, "output"},
}

// comparePlans says how got differs from want, naming the first layer that
// is loaded or trained differently, with a hint.
func comparePlans(got, want transfer.Plan, layers []string, head string, rule func(layer string, loaded bool, rate float64) string) error {
	for _, l := range layers {
		gl, wl := slices.Contains(got.Load, l), slices.Contains(want.Load, l)
		gr, wr := got.Rates[l], want.Rates[l]
		if gl == wl && gr == wr {
			continue
		}
		return errors.New(rule(l, gl, gr))
	}
	for _, l := range got.Load {
		if !slices.Contains(layers, l) {
			return fmt.Errorf("the plan loads %q, which the network (layers %s) does not have", l, strings.Join(layers, ", "))
		}
	}
	for l := range got.Rates {
		if !slices.Contains(layers, l) {
			return fmt.Errorf("the plan gives a rate to %q, which the network (layers %s) does not have", l, strings.Join(layers, ", "))
		}
	}
	return nil
}

// ProbePlanError checks a student's linear probe: every pretrained layer
// (all but the head) loaded and frozen, a new head (not loaded) that learns
// at rate.
func ProbePlanError(candidate func(layers []string, head string, rate float64) transfer.Plan) (err error) {
	if candidate == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	const rate = 0.002
	for _, c := range planCases {
		got := candidate(slices.Clone(c.layers), c.head, rate)
		want := transfer.ProbePlan(c.layers, c.head, rate)
		if err := comparePlans(got, want, c.layers, c.head, func(l string, loaded bool, r float64) string {
			switch {
			case l == c.head && loaded:
				return fmt.Sprintf("the plan loads the old head (%s): the new task has its own classes, so its head starts new (random); load every other layer", l)
			case l == c.head && r == 0:
				return fmt.Sprintf("the head (%s) has no rate: it would never learn the new task; give it the rate", l)
			case l == c.head:
				return fmt.Sprintf("the head learns at %g: give it the rate passed in, %g", r, rate)
			case !loaded:
				return fmt.Sprintf("%s is not loaded: a probe reuses every pretrained layer, all but the head (layers %s)", l, strings.Join(c.layers, ", "))
			default:
				return fmt.Sprintf("%s trains (rate %g): a linear probe freezes every pretrained layer — leave it out of Rates", l, r)
			}
		}); err != nil {
			return fmt.Errorf("layers %s: %w", strings.Join(c.layers, ", "), err)
		}
	}
	return nil
}

// topLayers is the reference for TopPlanError: the k pretrained layers just
// below the head, in the network's order.
func topLayers(layers []string, head string, k int) []string {
	var pre []string
	for _, l := range layers {
		if l != head {
			pre = append(pre, l)
		}
	}
	return pre[max(0, len(pre)-k):]
}

// TopPlanError checks a student's partial fine-tuning (tried on networks
// without shortcut layers, whose layers' order is their depth): every pretrained
// layer loaded, the new head at rate, the top k pretrained layers (those
// nearest the head) at pretrainedRate, the others frozen.
func TopPlanError(candidate func(layers []string, head string, k int, rate, pretrainedRate float64) transfer.Plan) (err error) {
	if candidate == nil {
		return errors.New("the function is nil")
	}
	defer nnlib.Stopped(&err, "")
	const rate, pre = 0.002, 0.0002
	for _, c := range planCases[:2] {
		for k := 0; k < len(c.layers); k++ {
			got := candidate(slices.Clone(c.layers), c.head, k, rate, pre)
			want := transfer.ProbePlan(c.layers, c.head, rate)
			top := topLayers(c.layers, c.head, k)
			topNames := strings.Join(top, ", ")
			if k == 0 {
				topNames = "none"
			}
			for _, l := range top {
				want.Rates[l] = pre
			}
			if err := comparePlans(got, want, c.layers, c.head, func(l string, loaded bool, r float64) string {
				switch {
				case l == c.head && loaded:
					return fmt.Sprintf("the plan loads the old head (%s): the new task's head starts new", l)
				case l == c.head:
					return fmt.Sprintf("the head learns at %g: give it the rate for new layers, %g", r, rate)
				case !loaded:
					return fmt.Sprintf("%s is not loaded: every pretrained layer is loaded, whether it trains or not", l)
				case slices.Contains(top, l) && r == 0:
					return fmt.Sprintf("%s is frozen, but it is among the top %d pretrained layers (%s), which train", l, k, topNames)
				case slices.Contains(top, l):
					return fmt.Sprintf("%s trains at %g: pretrained layers train at the smaller rate, %g", l, r, pre)
				default:
					return fmt.Sprintf("%s trains, but with k = %d only the top layers train (%s): the layers nearest the head, not the first ones", l, k, topNames)
				}
			}); err != nil {
				return fmt.Errorf("layers %s, k = %d: %w", strings.Join(c.layers, ", "), k, err)
			}
		}
	}
	return nil
}

// ProbeFunc is the signature of the first exercise's probePlan.
type ProbeFunc = func(layers []string, head string, rate float64) transfer.Plan

// TopFunc is the signature of the second exercise's topPlan.
type TopFunc = func(layers []string, head string, k int, rate, pretrainedRate float64) transfer.Plan

// Probe is the student's probe for these layers when it passes the
// exercise's check, and otherwise the lesson's (transfer.ProbePlan), saying
// so: the cells after an exercise run either way.
func Probe(candidate ProbeFunc, layers []string, head string, rate float64) transfer.Plan {
	if err := ProbePlanError(candidate); err != nil {
		fmt.Println("(your probePlan does not pass its check yet: this cell trains the lesson's linear probe)")
		return transfer.ProbePlan(layers, head, rate)
	}
	return candidate(layers, head, rate)
}

// Top is the student's plan for fine-tuning the top k layers when topPlan
// passes the exercise's check, and otherwise the lesson's, saying so.
func Top(candidate TopFunc, layers []string, head string, k int, rate, pretrainedRate float64) transfer.Plan {
	if err := TopPlanError(candidate); err != nil {
		fmt.Println("(your topPlan does not pass its check yet: this cell trains the lesson's plan for k =", k, "instead)")
		return topPlanOf(layers, head, k, rate, pretrainedRate)
	}
	return candidate(layers, head, k, rate, pretrainedRate)
}

// topPlanOf is the lesson's plan for fine-tuning the top k layers.
func topPlanOf(layers []string, head string, k int, rate, pretrainedRate float64) transfer.Plan {
	p := transfer.ProbePlan(layers, head, rate)
	p.Name = fmt.Sprintf("top %d", k)
	for _, l := range topLayers(layers, head, k) {
		p.Rates[l] = pretrainedRate
	}
	return p
}
