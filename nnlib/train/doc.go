// Package train is the one training loop of the course: every GoMLX model
// the lessons train (the MLPs of lessons 01–04, the CNN of 05a, and the
// recurrent nets, autoencoders, residual nets and GANs of the second half)
// goes through Loop.Run.
//
// A training is two things, kept apart here:
//
//   - the step: what one minibatch does to the model. For a model with one
//     loss and one optimizer this is GoMLX's own train.Trainer, wrapped by
//     Supervised; a model with two players (a GAN's generator and
//     discriminator, each with its own optimizer) writes its step as a
//     Step function of its own;
//   - the loop: minibatches and epochs from nnlib/data (shuffled, the same
//     order for the same seed), a validation split measured every epoch or
//     every few steps, early stopping on it, a record of the curves for
//     figures (History), progress and the live view as Hooks, and a
//     watch on the loss that stops a diverging training with one line.
//
// Why not GoMLX's train.Loop: it drives a *train.Trainer only, so a step with
// two optimizers cannot go through it; its dataset interface and hooks see
// tensors, while the course's data are nnlib/data Datasets with a
// validation split to measure; and the lessons need the exact minibatch
// order of the from-scratch code of lessons 03–04 to compare with it. The
// step itself is GoMLX's: Supervised calls train.Trainer.TrainStep.
//
// Checkpoints (Save, Load, LoadScope, Freeze, KeepStore) use GoMLX's
// ml/model/checkpoint: a model trained in one cell is saved and loaded back
// in the next, or into another model by variable path, with some variables
// frozen — what transfer learning needs.
//
//	step := train.NewSupervised(backend, store, modelFn,
//		loss.SparseCategoricalCrossEntropyLogits, optimizer.Adam().Done(), train.ImagesAndLabels)
//	loop := train.Loop{Data: trainSet, BatchSize: 64, Shuffle: true, Epochs: 10,
//		Evaluate: func(step int) (train.Score, error) { ... on the validation split ... },
//		EarlyStopping: train.EarlyStopping{Patience: 2, Restore: store}}
//	history, err := loop.Run(step.Step)
package train
