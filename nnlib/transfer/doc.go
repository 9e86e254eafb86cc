// Package transfer adapts a pretrained network to a new task: the course's
// transfer learning (lesson 05e).
//
// A network trained on a source task (five classes of Fashion-MNIST, the
// handwritten digits of MNIST) has learnt features — edges, strokes, parts
// of clothes — that a related target task can reuse. There are three ways
// to start a network for the target task, and a Plan says which:
//
//   - from scratch: every layer starts random and trains (ScratchPlan);
//   - a linear probe: the pretrained layers are loaded and frozen, and only
//     a new output layer (the head) is trained on their features
//     (ProbePlan);
//   - fine-tuning: the pretrained layers are loaded and train too, at a
//     smaller learning rate than the new head, so that a few labels adjust
//     them without wiping out what they know (FineTunePlan).
//
// Adapt trains a network by a plan; the checkpoints of the course's own
// pretrained networks are in the repository's data/pretrained, found and
// verified by Find.
package transfer
