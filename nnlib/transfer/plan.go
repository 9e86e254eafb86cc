package transfer

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/optim"
)

// Plan says how a network for the target task starts and trains, layer by
// layer. A layer is the first part of its variables' paths: "conv1",
// "dense2". It has only plain fields, so it can be part of nnlib.Keep's
// config.
type Plan struct {
	Name string // For tables and legends: "fine-tune".
	// Load lists the layers copied from the pretrained network; the others
	// start random.
	Load []string
	// Rates gives each layer that trains its Adam learning rate; a layer
	// absent (or at 0) is frozen: it keeps its starting weights.
	Rates map[string]float64
}

// Frozen lists the layers of layers that the plan does not train.
func (p Plan) Frozen(layers []string) []string {
	var frozen []string
	for _, l := range layers {
		if p.Rates[l] == 0 {
			frozen = append(frozen, l)
		}
	}
	return frozen
}

// Check reports what makes the plan unusable for a network with these
// layers (as Layers lists them) whose output layer is head: a layer it
// names that the network does not have, a frozen layer that is not loaded
// (it would stay random), a head that does not train.
func (p Plan) Check(layers []string, head string) error {
	for _, l := range p.Load {
		if !slices.Contains(layers, l) {
			return fmt.Errorf("the plan loads %q, which the network does not have; its layers are %s", l, strings.Join(layers, ", "))
		}
	}
	for l, r := range p.Rates {
		if !slices.Contains(layers, l) {
			return fmt.Errorf("the plan gives a rate to %q, which the network does not have; its layers are %s", l, strings.Join(layers, ", "))
		}
		if r < 0 {
			return fmt.Errorf("the plan gives %s the rate %g: use a rate > 0, or leave the layer out to freeze it", l, r)
		}
	}
	if p.Rates[head] == 0 {
		return fmt.Errorf("the head, %s, is frozen: it must learn the target task; give it a rate", head)
	}
	for _, l := range p.Frozen(layers) {
		if !slices.Contains(p.Load, l) {
			return fmt.Errorf("%s is frozen but not loaded: it would keep its random weights; load it or give it a rate", l)
		}
	}
	return nil
}

// ScratchPlan trains every layer of layers from random weights at rate.
func ScratchPlan(layers []string, rate float64) Plan {
	p := Plan{Name: "from scratch", Rates: map[string]float64{}}
	for _, l := range layers {
		p.Rates[l] = rate
	}
	return p
}

// ProbePlan loads every layer but head and freezes it; a new head learns at
// rate. It is a linear probe: logistic regression on the pretrained
// network's features.
func ProbePlan(layers []string, head string, rate float64) Plan {
	p := Plan{Name: "linear probe", Rates: map[string]float64{head: rate}}
	for _, l := range layers {
		if l != head {
			p.Load = append(p.Load, l)
		}
	}
	return p
}

// FineTunePlan loads every layer but head; all train, the pretrained ones at
// pretrainedRate (usually a tenth of rate or less), the new head at rate.
func FineTunePlan(layers []string, head string, rate, pretrainedRate float64) Plan {
	p := ProbePlan(layers, head, rate)
	p.Name = "fine-tune"
	for _, l := range p.Load {
		p.Rates[l] = pretrainedRate
	}
	return p
}

// WithHead is the plan that also loads the pretrained head: for a target
// task with the same classes as the source (a new domain, the same task).
func (p Plan) WithHead(head string) Plan {
	q := Plan{Name: p.Name, Load: slices.Clone(p.Load), Rates: maps.Clone(p.Rates)}
	if !slices.Contains(q.Load, head) {
		q.Load = append(q.Load, head)
	}
	return q
}

// Describe lists in a line what the plan loads and at what rate each layer
// of layers trains.
func (p Plan) Describe(layers []string) string {
	var parts []string
	for _, l := range layers {
		start := "random"
		if slices.Contains(p.Load, l) {
			start = "pretrained"
		}
		rate := "frozen"
		if r := p.Rates[l]; r > 0 {
			rate = fmt.Sprintf("rate %g", r)
		}
		parts = append(parts, fmt.Sprintf("%s %s, %s", l, start, rate))
	}
	return strings.Join(parts, "; ")
}

// optimizer is the plan's per-layer Adam.
func (p Plan) optimizer() (*optim.PerLayer, error) {
	rates := map[string]float64{}
	for l, r := range p.Rates {
		if r > 0 {
			rates[l] = r
		}
	}
	if len(rates) == 0 {
		return nil, errors.New("the plan trains no layer: give the head a rate")
	}
	return &optim.PerLayer{Rates: rates}, nil
}

// Layers lists net's layers in the order of their variables' paths: for the
// course's CNN "conv1", "conv2", "dense1", "dense2".
func Layers(net cnn.Network) (layers []string, err error) {
	if err := net.Check(); err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "building the network")
	backend, err := nnlib.Backend()
	if err != nil {
		return nil, err
	}
	store := model.NewStore()
	exec, err := model.NewExec(backend, store, net.Model(cnn.Auto))
	if err != nil {
		return nil, err
	}
	h, w, c := net.InputShape()
	if _, err := exec.Call(tensors.FromFlatDataAndDimensions(make([]float32, h*w*c), 1, h, w, c)); err != nil {
		return nil, err
	}
	for v := range store.IterVariables() {
		if l := optim.Layer(v.Path()); !strings.HasPrefix(l, "#") && !slices.Contains(layers, l) {
			layers = append(layers, l)
		}
	}
	slices.Sort(layers)
	return layers, nil
}
