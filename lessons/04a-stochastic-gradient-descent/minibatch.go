package sgd

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gomlx-course/dlcourse/nnlib/scratch"
)

// Run is the record of one minibatch training: the cost on the whole
// training set measured every so often, with the epochs, iterations and
// seconds spent to get there.
type Run struct {
	BatchSize  int
	Epochs     []float64 // Examples seen / training-set size.
	Iterations []int     // Weight updates made.
	Seconds    []float64 // Training time (measurements excluded).
	Cost       []float64 // Cost on the whole training set.
}

// TrainMinibatch trains w in place by stochastic gradient descent: each
// epoch shuffles the examples (seeded) and updates the weights once per
// minibatch of batchSize examples, with lesson 03's backpropagation on that
// minibatch (w.Gradient: nnlib/scratch keeps lesson 03's network). batchSize = len(X) is full-batch gradient descent, 1 is online
// learning. The whole training set's cost is measured about `measures`
// times per epoch, and at the start.
func TrainMinibatch(w scratch.Weights, X, Y [][]float64, eta float64, batchSize, epochs, measures int, seed uint64) (Run, error) {
	m := len(X)
	if batchSize < 1 || batchSize > m || epochs < 1 || measures < 1 || eta <= 0 {
		return Run{}, fmt.Errorf("need 1 ≤ batch ≤ %d, epochs ≥ 1, measures ≥ 1, η > 0: got %d, %d, %d, %g", m, batchSize, epochs, measures, eta)
	}
	run := Run{BatchSize: batchSize}
	record := func(seen, iters int, spent time.Duration) {
		run.Epochs = append(run.Epochs, float64(seen)/float64(m))
		run.Iterations = append(run.Iterations, iters)
		run.Seconds = append(run.Seconds, spent.Seconds())
		run.Cost = append(run.Cost, w.Cost(X, Y))
	}
	rng := rand.New(rand.NewPCG(seed, 3))
	every := max(1, m/measures) // Examples between measurements.
	seen, iters, nextMeasure := 0, 0, every
	var spent time.Duration
	record(0, 0, 0)
	for range epochs {
		order := rng.Perm(m)
		for start := 0; start < m; start += batchSize {
			idx := order[start:min(start+batchSize, m)]
			bx, by := make([][]float64, len(idx)), make([][]float64, len(idx))
			for k, i := range idx {
				bx[k], by[k] = X[i], Y[i]
			}
			t0 := time.Now()
			w.Step(w.Gradient(bx, by), eta)
			spent += time.Since(t0)
			seen += len(idx)
			iters++
			if seen >= nextMeasure {
				record(seen, iters, spent)
				for nextMeasure <= seen {
					nextMeasure += every
				}
			}
		}
	}
	return run, nil
}
