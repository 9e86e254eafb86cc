package deeparch

import (
	"fmt"
	"time"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// Run is what the lesson trains: how many images, and the budget every
// network of a comparison gets (the same steps of the same minibatches).
type Run struct {
	Quick            bool
	Train, Val, Test int
	// Deep is the budget of every deep network (14×14 images): Steps
	// minibatches of BatchSize, validation accuracy every EvalEvery.
	Deep cnn.FitConfig
	// Widths are the channels of the deep networks' three stages, and
	// Blocks the blocks per stage of the depth study: 1, 3 and 7 give
	// depths 8, 20 and 44.
	Widths []int
	Blocks []int
	// VGG is the budget of section 2's two networks on 28×28 images.
	VGG cnn.FitConfig
	// GradientBatch is the minibatch the gradients at initialisation are
	// measured on.
	GradientBatch int
}

// TheRun returns the full run, or the quick one when nnlib.Quick() is set
// (nnlib.QuickEnv=1, as the course's tests do): a few steps on a small part
// of Fashion-MNIST, in seconds.
func TheRun() Run {
	if !nnlib.Quick() {
		return FullRun()
	}
	{
		return Run{Quick: true, Train: 1000, Val: 300, Test: 1000,
			Deep:   cnn.FitConfig{Steps: 6, BatchSize: 64, EvalEvery: 6, Seed: 1},
			Widths: []int{8, 16, 32}, Blocks: []int{1, 2, 3},
			VGG:           cnn.FitConfig{Steps: 10, BatchSize: 64, EvalEvery: 10, Seed: 1},
			GradientBatch: 64}
	}
}

// FullRun is the lesson's run as a student's notebook trains it: 10,000
// training images, 2,000 validation and 10,000 test images; 80 minibatches
// of 128 for every deep network, 200 of 64 for section 2's.
func FullRun() Run {
	return Run{Train: 10000, Val: 2000, Test: 10000,
		Deep:   cnn.FitConfig{Steps: 80, BatchSize: 128, Seed: 1},
		Widths: []int{8, 16, 32}, Blocks: []int{1, 3, 7},
		VGG:           cnn.FitConfig{Steps: 200, BatchSize: 64, Seed: 1},
		GradientBatch: 128}
}

// Describe says in a line what the run trains on.
func (r Run) Describe() string {
	mode := "full run"
	if r.Quick {
		mode = fmt.Sprintf("QUICK run (%s=1)", nnlib.QuickEnv)
	}
	return fmt.Sprintf("%s: %d training images, %d validation, %d test; every deep network %d steps of %d images",
		mode, r.Train, r.Val, r.Test, r.Deep.Steps, r.Deep.BatchSize)
}

// Net is the lesson's deep network for 14×14 grey images and 10 classes:
// the run's widths, blocks per stage, the join and batch normalisation.
func (r Run) Net(join cnn.Join, blocks int, batchNorm bool) cnn.Deep {
	return cnn.Deep{Height: 14, Width: 14, Channels: 1, Join: join, Widths: r.Widths, Blocks: blocks, BatchNorm: batchNorm, Classes: 10}
}

// Result is one network trained on the run's budget.
type Result struct {
	Net     cnn.Deep
	Fit     cnn.Fitted
	Seconds float64 // Wall time of the training, compilation and evaluations included.
}

// Name is the network's label: "residual-20 + BN".
func (r Result) Name() string { return r.Net.Name() }

// FinalLoss is the mean training loss of the last 20 steps.
func (r Result) FinalLoss() float64 { return r.Fit.TrainLoss(20) }

// Accuracy is the validation accuracy at the end of the budget.
func (r Result) Accuracy() float64 { return r.Fit.FinalAccuracy() }

// Line is the result in one line of a table.
func (r Result) Line() string {
	return fmt.Sprintf("%-18s %5d layers %8d weights %6.1f s   train loss %.3f   validation %5.1f%%",
		r.Name(), r.Net.Depth(), r.Fit.NumParams(), r.Seconds, r.FinalLoss(), 100*r.Accuracy())
}

// TrainDeep trains net on the half-size split with the run's budget.
func TrainDeep(backend compute.Backend, r Run, net cnn.Deep, d Split) (Result, error) {
	start := time.Now()
	fit, err := cnn.FitNet(backend, net, r.Deep, d.Train, d.Val)
	if err != nil {
		return Result{}, err
	}
	return Result{Net: net, Fit: fit, Seconds: time.Since(start).Seconds()}, nil
}

// KeepAll is TrainAll kept with nnlib.Keep under name (and the run as its
// config): it prints each network's line as it ends, or, when the results
// are read back, all the lines at once.
func KeepAll(name string, r Run, nets []cnn.Deep, d Split) ([]Result, error) {
	trained := false
	results, err := nnlib.Keep(name, r, func() ([]Result, error) {
		trained = true
		backend, err := nnlib.Backend()
		if err != nil {
			return nil, err
		}
		return TrainAll(backend, r, nets, d)
	})
	if err == nil && !trained {
		for _, res := range results {
			fmt.Println(res.Line())
		}
	}
	return results, err
}

// Read returns the results kept under name by KeepAll, without training: an
// error that says which cell to run if there are none.
func Read(name string, r Run) ([]Result, error) {
	return nnlib.Keep(name, r, func() ([]Result, error) {
		return nil, fmt.Errorf("no results kept as %q yet: run the cell that trains them first", name)
	})
}

// Deepest is the number of blocks per stage of the depth study's deepest
// networks (7: depth 44).
func (r Run) Deepest() int { return r.Blocks[len(r.Blocks)-1] }

// TrainAll trains each network in turn, printing a line as each one ends.
func TrainAll(backend compute.Backend, r Run, nets []cnn.Deep, d Split) ([]Result, error) {
	var out []Result
	for _, n := range nets {
		res, err := TrainDeep(backend, r, n, d)
		if err != nil {
			return nil, err
		}
		fmt.Println(res.Line())
		out = append(out, res)
	}
	return out, nil
}

// DepthNets are the depth study's networks: for each depth, plain then
// residual, all with batch normalisation (as in He et al.'s study).
func (r Run) DepthNets() []cnn.Deep {
	var nets []cnn.Deep
	for _, b := range r.Blocks {
		nets = append(nets, r.Net(cnn.Plain, b, true), r.Net(cnn.Residual, b, true))
	}
	return nets
}

// Find returns the result of the network named name ("plain-44 + BN").
func Find(results []Result, name string) (Result, error) {
	for _, r := range results {
		if r.Name() == name {
			return r, nil
		}
	}
	return Result{}, fmt.Errorf("no network %q was trained", name)
}

// DenseLike is a dense network of the same stages, blocks and batch
// normalisation as net, its growth rate chosen so that its number of
// weights comes closest to net's: the comparison at the same budget of
// parameters.
func DenseLike(net cnn.Deep) cnn.Deep {
	best := net
	best.Join = cnn.Dense
	target := net.Params()
	bestGap := -1
	for g := 1; g <= 64; g++ {
		d := best
		d.Growth = g
		gap := d.Params() - target
		if gap < 0 {
			gap = -gap
		}
		if bestGap < 0 || gap < bestGap {
			best.Growth, bestGap = g, gap
		}
	}
	return best
}
