// Command cnnbench measures how fast the course's CNN trains on this machine:
// GoMLX's Go backend with nnlib/cnn's matrix-product layers, the same with
// GoMLX's own convolution op, and, when python3 can import torch, PyTorch
// on the same network (torch_cnn.py, embedded), all with the same
// number of threads. Rounds of the three alternate, so that a machine shared
// with other work slows them alike; it reports the best and the median round
// of each, and the ratio of the Go backend's to PyTorch's.
//
//	GOEXPERIMENT=simd GOTOOLCHAIN=go1.27.3 go run -tags noxla ./cmd/cnnbench [-padding 1] [-rounds 5] [-json]
//
// The network is cnn.Small (conv 3×3 32, pool, conv 3×3 64, pool, dense 128,
// dense 10) with the given padding, batches of 128, Adam.
package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
)

// result is one implementation's measures.
type result struct {
	Name   string    `json:"name"`
	Rounds []float64 `json:"examples_per_s_rounds"`
	Best   float64   `json:"best_examples_per_s"`
	Median float64   `json:"median_examples_per_s"`
}

func (r *result) add(v float64) {
	r.Rounds = append(r.Rounds, v)
	sorted := slices.Clone(r.Rounds)
	slices.Sort(sorted)
	r.Best, r.Median = sorted[len(sorted)-1], sorted[len(sorted)/2]
}

func main() {
	padding := flag.Int("padding", 1, "padding of the convolutions: 0 (valid) or 1 (same)")
	rounds := flag.Int("rounds", 5, "rounds of each implementation")
	seconds := flag.Float64("seconds", 4, "approximate length of one round of the fast implementations")
	batch := flag.Int("batch", 128, "examples per training step")
	native := flag.Bool("native", true, "also time GoMLX's own convolution op (slow: one short round)")
	torch := flag.String("torch", "auto", "python3 with torch to compare with: auto, off, or the interpreter's path")
	asJSON := flag.Bool("json", false, "print one JSON object")
	flag.Parse()
	threads := runtime.GOMAXPROCS(0)
	if err := run(*padding, *rounds, *seconds, *batch, threads, *native, *torch, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(padding, rounds int, seconds float64, batch, threads int, native bool, torch string, asJSON bool) error {
	backend, err := compute.NewWithConfig("go")
	if err != nil {
		return err
	}
	arch := cnn.Small()
	arch.Padding = padding
	say := func(format string, args ...any) {
		if !asJSON {
			fmt.Printf(format, args...)
		}
	}
	say("CNN %v, padding %d, batch %d, %d threads; Go backend SIMD kernels: %v\n", arch.Filters, padding, batch, threads, nnlib.SIMDBuild)

	fast, err := cnn.NewBench(backend, arch, cnn.MatMul, batch, 3)
	if err != nil {
		return err
	}
	probe, err := fast.Round(3)
	if err != nil {
		return err
	}
	steps := max(3, int(seconds*probe/float64(batch)))
	var python string
	if torch != "off" {
		python, err = findTorch(torch)
		if err != nil && torch != "auto" {
			return err
		}
		if err != nil {
			say("PyTorch: skipped (%v)\n", err)
		}
	}
	results := []*result{{Name: "GoMLX Go backend, nnlib/cnn matmul"}}
	var pt *result
	if python != "" {
		pt = &result{Name: "PyTorch"}
		results = append(results, pt)
	}
	for r := range rounds {
		v, err := fast.Round(steps)
		if err != nil {
			return err
		}
		results[0].add(v)
		say("round %d: Go backend (matmul) %.0f examples/s", r+1, v)
		if pt != nil {
			v, name, err := torchRound(python, padding, batch, threads, steps)
			if err != nil {
				return err
			}
			pt.Name = name
			pt.add(v)
			say(", %s %.0f examples/s", name, v)
		}
		say("\n")
	}
	if native {
		nat, err := cnn.NewBench(backend, arch, cnn.Native, batch, 1)
		if err != nil {
			return err
		}
		v, err := nat.Round(2)
		if err != nil {
			return err
		}
		results = append(results, &result{Name: "GoMLX Go backend, its own ConvGeneral and MaxPool"})
		results[len(results)-1].add(v)
	}
	ratio := 0.0
	if pt != nil {
		ratio = results[0].Best / pt.Best
	}
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(map[string]any{
			"network": fmt.Sprintf("conv3x3(32)-pool-conv3x3(64)-pool-dense128-dense10, padding %d", padding),
			"batch":   batch, "threads": threads, "results": results, "ratio_go_to_torch_best": ratio,
		})
	}
	fmt.Printf("\n%-58s %8s %8s\n", "examples/s", "best", "median")
	for _, r := range results {
		fmt.Printf("%-58s %8.0f %8.0f\n", r.Name, r.Best, r.Median)
	}
	if pt != nil {
		fmt.Printf("ratio Go backend (matmul) / PyTorch: %.2f (best rounds), %.2f (medians)\n", ratio, results[0].Median/pt.Median)
	}
	return nil
}

// findTorch returns a python3 that can import torch.
func findTorch(choice string) (string, error) {
	candidates := []string{choice}
	if choice == "auto" {
		candidates = []string{"/usr/bin/python3", "python3"}
	}
	for _, c := range candidates {
		if exec.Command(c, "-c", "import torch").Run() == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("no python3 with torch (Debian: apt-get install python3-torch)")
}

// torchCNN is the PyTorch side, run with python3 -c.
//
//go:embed torch_cnn.py
var torchCNN string

// torchRound runs one round of torch_cnn.py and returns its examples/s.
func torchRound(python string, padding, batch, threads, steps int) (float64, string, error) {
	const script = "torch_cnn.py"
	cmd := exec.Command(python, "-c", torchCNN, "--json", "--rounds", "1", "--warmup", "3",
		"--steps", fmt.Sprint(steps), "--batch", fmt.Sprint(batch), "--threads", fmt.Sprint(threads), "--padding", fmt.Sprint(padding))
	out, err := cmd.Output()
	if err != nil {
		return 0, "", fmt.Errorf("%s: %v", script, err)
	}
	var r struct {
		Framework string  `json:"framework"`
		BLAS      string  `json:"blas"`
		MKLDNN    bool    `json:"mkldnn"`
		Best      float64 `json:"best_examples_per_s"`
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &r); err == nil {
			name := fmt.Sprintf("%s (%s, oneDNN %v)", r.Framework, r.BLAS, r.MKLDNN)
			return r.Best, name, nil
		}
	}
	return 0, "", fmt.Errorf("%s printed no result: %s", script, out)
}
