package neuralnets

import "github.com/gomlx-course/dlcourse/nnlib/mlp"

// CirclesConfig is the lesson's network for Circles: 2 inputs, a hidden
// layer of 3 sigmoid neurons (like the deck's), 1 output neuron, trained
// with 1000 steps of Adam on all 200 points. It takes about 0.1 s.
var CirclesConfig = mlp.Config{Sizes: []int{2, 3, 1}, Hidden: mlp.Sigmoid, Steps: 1000, LearningRate: 0.05, Seed: 1}

// FashionConfig is the lesson's network for Fashion4: 784 pixels in, 32
// hidden sigmoid neurons, 4 output neurons (one per class, one-vs-all),
// trained with 1500 steps of Adam on minibatches of 64 images (4 passes
// over the 24,000 training images). It takes about a second.
var FashionConfig = mlp.Config{Sizes: []int{784, 32, 4}, Hidden: mlp.Sigmoid, Steps: 1500, BatchSize: 64, LearningRate: 0.005, Seed: 1}
