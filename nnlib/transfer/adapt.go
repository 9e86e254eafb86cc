package transfer

import (
	"errors"
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/train"
)

// Adapt trains net for the target task as plan says: the layers plan.Load
// names are read from the checkpoint in dir (written by Save), the others
// start random (fixed by cfg.Seed); the layers plan.Rates gives a rate train
// with per-layer Adam (optim.PerLayer) for cfg.Steps minibatches of
// trainSet, the others keep their weights — and, with batch normalisation,
// their statistics (cnn.FrozenStatistics). The accuracy on evalSet (if not
// nil) is measured as cnn.FitNet does. dir may be "" for a plan that loads
// nothing.
func Adapt(backend compute.Backend, net cnn.Network, dir string, plan Plan, cfg cnn.FitConfig,
	trainSet, evalSet *data.Dataset, hooks ...train.Hooks) (cnn.Fitted, error) {
	layers, err := Layers(net)
	if err != nil {
		return cnn.Fitted{}, err
	}
	if err := plan.Check(layers, headOf(net, layers)); err != nil {
		return cnn.Fitted{}, fmt.Errorf("transfer: %s: %w", plan.Name, err)
	}
	if len(plan.Load) > 0 && dir == "" {
		return cnn.Fitted{}, fmt.Errorf("transfer: %s loads %v but no checkpoint was given", plan.Name, plan.Load)
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(int64(cfg.Seed)); err != nil {
		return cnn.Fitted{}, err
	}
	for _, l := range plan.Load {
		if _, err := train.LoadScope(store, dir, "/"+l, "/"+l); err != nil {
			return cnn.Fitted{}, fmt.Errorf("transfer: %w", err)
		}
	}
	for _, l := range plan.Frozen(layers) {
		store.Scope("/"+l).SetParam(cnn.FrozenStatistics, true)
	}
	cfgOpt, err := plan.optimizer()
	if err != nil {
		return cnn.Fitted{}, err
	}
	opt, err := cfgOpt.Done()
	if err != nil {
		return cnn.Fitted{}, err
	}
	return cnn.FitFrom(backend, net, cfg, store, opt, trainSet, evalSet, hooks...)
}

// headOf is net's output layer: its HeadLayer if it is a Backbone, else the
// last of layers.
func headOf(net cnn.Network, layers []string) string {
	if b, ok := net.(cnn.Backbone); ok {
		return b.HeadLayer()
	}
	return layers[len(layers)-1]
}

// Load reads the whole network net from the checkpoint in dir, as it was
// trained: to measure it on a new task before any adaptation, or to take its
// features.
func Load(net cnn.Network, dir string) (cnn.Fitted, error) {
	if err := net.Check(); err != nil {
		return cnn.Fitted{}, err
	}
	store := model.NewStore()
	if err := train.Load(store, dir); err != nil {
		return cnn.Fitted{}, fmt.Errorf("transfer: %w", err)
	}
	return cnn.FittedFromStore(net, store)
}

// Save writes the trained network fit (its weights only, not the
// optimizer's state) to dir as a GoMLX checkpoint, for Adapt and Load.
func Save(fit cnn.Fitted, dir string) error {
	if len(fit.Params) == 0 {
		return errors.New("transfer.Save: the network has no weights: train it first")
	}
	store, err := fit.Store()
	if err != nil {
		return err
	}
	return train.Save(store, dir)
}
