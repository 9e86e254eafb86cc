package cnn

import (
	"math/rand/v2"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// Bench measures how fast a network trains: random images and labels (the
// speed does not depend on them), Adam, the softmax cross-entropy, as Fit
// trains. NewBench compiles the training step and runs warm-up steps; each
// Round then times steps more.
type Bench struct {
	trainer *train.Trainer
	batch   train.Batch
	size    int
}

// NewBench prepares a benchmark of arch in formulation f on backend, with
// minibatches of batchSize, and runs warmup steps.
func NewBench(backend compute.Backend, arch Arch, f Formulation, batchSize, warmup int) (b *Bench, err error) {
	if err := arch.Validate(); err != nil {
		return nil, err
	}
	defer nnlib.Failed(&err, "GoMLX failed")
	rng := rand.New(rand.NewPCG(1, 2))
	images := make([]float32, batchSize*arch.Height*arch.Width*arch.Channels)
	for i := range images {
		images[i] = rng.Float32()
	}
	labels := make([]int32, batchSize)
	for i := range labels {
		labels[i] = int32(rng.IntN(arch.Classes))
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		return nil, err
	}
	b = &Bench{
		trainer: train.NewTrainer(backend, store, arch.Model(f), loss.SparseCategoricalCrossEntropyLogits,
			optimizer.Adam().LearningRate(0.001).Done(), nil, nil),
		batch: train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(images, batchSize, arch.Height, arch.Width, arch.Channels)},
			Labels: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(labels, batchSize, 1)},
		},
		size: batchSize,
	}
	for range max(warmup, 1) { // The first step compiles the graph.
		if _, err := b.trainer.TrainStep(b.batch); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Round times steps training steps and returns the examples trained per
// second.
func (b *Bench) Round(steps int) (float64, error) {
	start := time.Now()
	for range steps {
		if _, err := b.trainer.TrainStep(b.batch); err != nil {
			return 0, err
		}
	}
	return float64(steps*b.size) / time.Since(start).Seconds(), nil
}
