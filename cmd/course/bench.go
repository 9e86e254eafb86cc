package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gomlx-course/dlcourse/internal/bench"
	"github.com/gomlx-course/dlcourse/internal/notebook"
	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// warmCells is how many identical small cells the latency benchmark runs
// after a first, cold one.
const warmCells = 7

// benchReport is the committed record of the last benchmark run.
const benchReport = "BENCHMARKS.md"

// bench measures what a student waits for — every notebook headless (or
// those of the lessons named), a warm cell, the course's models against
// PyTorch on the same machine — prints it and records it in BENCHMARKS.md.
//
// With --models it measures the models against PyTorch only and rewrites
// that section of BENCHMARKS.md, keeping the notebook and cell timings of
// the last full run (about 35 minutes on 2 cores, 17 of them the LSTM's,
// instead of about an hour, for work on the models).
//
// With --models followed by models' names (bench.Specs: mlp, cnn, lstm,
// convae, resnet) it measures those rows only, and with --quick it cuts
// each to a smoke run (bench.Quick: a few steps, a minute or less a row);
// either prints the rows and leaves BENCHMARKS.md as it is.
func (c *course) bench(only []string) error {
	os.Unsetenv(nnlib.QuickEnv) // A student's notebooks run in full.
	modelsOnly := slices.Contains(only, "--models")
	quick := slices.Contains(only, "--quick")
	only = slices.DeleteFunc(only, func(a string) bool { return a == "--models" || a == "--quick" })
	if quick && !modelsOnly {
		return fmt.Errorf("bench --quick cuts the model rows to a smoke run: use it with --models")
	}
	if modelsOnly && (quick || len(only) > 0) {
		return c.benchRows(only, quick)
	}
	j, err := c.setupJupyter(setupOptions{data: true})
	if err != nil {
		return err
	}
	var report strings.Builder
	now := time.Now().UTC().Format("2006-01-02 15:04 MST")
	machine := fmt.Sprintf("Machine: %s, %d cores, %s. Go %s (GOEXPERIMENT=simd), GoMLX %s.\n\n", cpuModel(), runtime.NumCPU(), memTotal(), c.toolchain, c.moduleVersion("github.com/gomlx/gomlx"))
	path := filepath.Join(c.root, benchReport)
	if modelsOnly {
		old, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("bench --models keeps the notebook timings of %s, which cannot be read (%v): run the full bench once", benchReport, err)
		}
		kept, _, found := strings.Cut(string(old), modelsHeading)
		_, notebooks, ok := strings.Cut(kept, "## The course, executed headless")
		if !found || !ok {
			return fmt.Errorf("%s does not have the sections the full bench writes: run the full bench once", benchReport)
		}
		fmt.Fprintf(&report, "# Benchmarks\n\nThe models against PyTorch written by `GOTOOLCHAIN=%s go run ./cmd/course bench --models` on %s; the notebook and cell timings are the last full run's (%s).\n\n", c.toolchain, now, firstDate(kept))
		report.WriteString(machine)
		report.WriteString("## The course, executed headless" + notebooks)
		return c.benchModels(&report, path)
	}
	fmt.Fprintf(&report, "# Benchmarks\n\nWritten by `GOTOOLCHAIN=%s go run ./cmd/course bench` on %s.\n\n", c.toolchain, now)
	report.WriteString(machine)

	// 1. Every notebook, headless.
	lvs, err := c.lessonVariants(only)
	if err != nil {
		return err
	}
	report.WriteString("## The course, executed headless (nbconvert, GoNB kernel)\n\n| Notebook | Wall time |\n|---|---:|\n")
	var total, student time.Duration
	for _, lv := range lvs {
		ex, err := c.execute(j, lv.path(), false)
		if err != nil {
			return err
		}
		total += ex.elapsed
		if lv.variant == notebook.Student {
			student += ex.elapsed
		}
		fmt.Printf("%-60s %6.1f s\n", lv.path(), ex.elapsed.Seconds())
		fmt.Fprintf(&report, "| %s | %.1f s |\n", lv.path(), ex.elapsed.Seconds())
	}
	fmt.Printf("the course as a student runs it (the student notebooks): %.1f s (goal < 15 min); with the solutions too: %.1f s\n", student.Seconds(), total.Seconds())
	fmt.Fprintf(&report, "| **the course as a student runs it** (the %d student notebooks) | **%.1f s** (goal < 15 min) |\n| every notebook, the solutions too | %.1f s |\n\n", len(lvs)/2, student.Seconds(), total.Seconds())
	report.WriteString("Each notebook runs in full, as in a student's Jupyter (not in the tests' quick mode), with an empty `nnlib.Keep` cache.\n\n")

	// 2. A warm cell.
	cold, warm, err := c.cellLatency(j, lvs[0].lesson)
	if err != nil {
		return err
	}
	slices.Sort(warm)
	med := warm[len(warm)/2]
	fmt.Printf("warm cell (compile + run, nnlib imported), median of %d: %.2f s (min %.2f, max %.2f); goal < 2 s\n", len(warm), med, warm[0], warm[len(warm)-1])
	fmt.Fprintf(&report, "## A cell's latency\n\nCompile and run of a small cell that imports nnlib, through the Jupyter protocol:\n\n"+
		"| | Time |\n|---|---:|\n| first cell of a fresh kernel | %.2f s |\n| warm cell, median of %d (min–max) | %.2f s (%.2f–%.2f); goal < 2 s |\n\n",
		cold, len(warm), med, warm[0], warm[len(warm)-1])

	// 3. Models against PyTorch.
	return c.benchModels(&report, path)
}

// modelsHeading starts the section of BENCHMARKS.md that benchModels writes.
const modelsHeading = "## Training against PyTorch, same machine, same run\n\n"

// firstDate finds the first "on YYYY-MM-DD hh:mm UTC" in s: when a report
// was written.
func firstDate(s string) string {
	if m := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d UTC`).FindString(s); m != "" {
		return m
	}
	return "date unknown"
}

// benchModels measures the course's models against PyTorch, appends their
// section to report and writes the whole report to path.
func (c *course) benchModels(report *strings.Builder, path string) error {
	mb, err := c.prepareModels()
	if err != nil {
		return err
	}
	defer os.Remove(mb.worker)
	report.WriteString(modelsHeading)
	fmt.Fprintf(report, "Each side runs in a process of its own (peak memory is its maximum resident set), %d times, interleaved, so that a load that comes and goes on the machine penalises neither side alone; the tables keep each side's best run. Time to target counts training only (evaluation excluded).\n\n", benchRepeats)
	for _, row := range modelRows {
		if err := row.section(c, report, mb, row.spec); err != nil {
			return err
		}
	}
	if prev, err := os.ReadFile(path); err == nil { // The workshop's figures come from another command.
		if ws := workshopSection(string(prev)); ws != "" {
			report.WriteString(ws)
		}
	}
	if err := os.WriteFile(path, []byte(report.String()), 0o644); err != nil {
		return err
	}
	say("results written to %s", path)
	return nil
}

// benchRows measures the rows of the named models against PyTorch (all of
// them if none is named), cut to smoke runs if quick, and prints their
// sections: a partial or quick run is not recorded.
func (c *course) benchRows(names []string, quick bool) error {
	var rows []modelRow
	for _, row := range modelRows {
		if len(names) == 0 || slices.Contains(names, row.spec.Name) {
			rows = append(rows, row)
		}
	}
	for _, n := range names {
		if _, ok := bench.Specs[n]; !ok {
			return fmt.Errorf("bench --models: no model %q: %s", n, modelNames())
		}
	}
	if err := ensureData(); err != nil {
		return err
	}
	mb, err := c.prepareModels()
	if err != nil {
		return err
	}
	defer os.Remove(mb.worker)
	mb.quick = quick
	var report strings.Builder
	for _, row := range rows {
		if err := row.section(c, &report, mb, row.spec); err != nil {
			return err
		}
	}
	what := "these rows are"
	if quick {
		what = "smoke runs (bench --quick: a few steps each, figures that say both sides run, not how fast) are"
	}
	fmt.Printf("\n%s\n(not written to %s: %s recorded only by a full bench --models)\n", strings.TrimSpace(report.String()), benchReport, what)
	return nil
}

// prepareModels installs PyTorch, finds Fashion-MNIST's files for its side
// and builds the worker for nnlib's.
func (c *course) prepareModels() (modelBench, error) {
	if err := ensureTorch(); err != nil {
		return modelBench{}, err
	}
	files, err := fashionFiles()
	if err != nil {
		return modelBench{}, err
	}
	worker, err := c.buildWorker()
	return modelBench{worker: worker, files: files}, err
}

// modelBench is how the model rows run: the worker that runs nnlib's side
// (buildWorker), Fashion-MNIST's four files for PyTorch's (fashionFiles),
// and whether each side is cut to a smoke run (bench.Quick).
type modelBench struct {
	worker string
	files  [4]string
	quick  bool
}

// modelRow is one section of the models against PyTorch: its spec, and the
// function that measures it and writes the section.
type modelRow struct {
	spec    bench.Spec
	section func(c *course, report *strings.Builder, mb modelBench, spec bench.Spec) error
}

// modelRows are the report's sections on the models, in order.
var modelRows = []modelRow{
	{bench.MLP, (*course).benchClassifier},
	{bench.CNN, (*course).benchClassifier},
	{bench.LSTM, (*course).benchLSTM},
	{bench.ConvAE, (*course).benchConvAE},
	{bench.ResNet, (*course).benchResNet},
}

// modelNames lists the models' names, for messages.
func modelNames() string {
	names := make([]string, len(modelRows))
	for i, row := range modelRows {
		names[i] = row.spec.Name
	}
	return strings.Join(names, ", ")
}

// section is the part of a model row's section that differs from one model
// to another: its title, what it trains (describe, given the spec that
// ran), the headings of the table's throughput and measure columns, the
// measure's cell ("85.8% (2)", "17.52 dB (1.03)"), and whether the model is
// evaluated between its steps.
type section struct {
	title            string
	describe         func(bench.Spec) string
	rate, measure    string
	value            func(r bench.Result) string
	evaluatedBetween bool
}

// benchSection measures spec's model, on Fashion-MNIST, against PyTorch and
// appends its section to report: the description, a table of both sides'
// best runs and the throughput ratio nnlib / PyTorch.
func (c *course) benchSection(report *strings.Builder, mb modelBench, spec bench.Spec, s section) error {
	spec.Files = mb.files
	ours, theirs, load, err := c.benchModel(mb, spec)
	if err != nil {
		return err
	}
	excluded := ""
	if s.evaluatedBetween {
		excluded = " (evaluations excluded)"
	}
	if mb.quick {
		spec = bench.Quick(spec)
	}
	fmt.Fprintf(report, "### %s\n\n%s; throughput timed over %d steps after %d warm-up steps%s. Load average when it started: %s.\n\n",
		s.title, s.describe(spec), spec.Measure, spec.Warmup, excluded, load)
	fmt.Fprintf(report, "| Framework | %s | Time to target | %s | Peak memory | Detail |\n|---|---:|---:|---:|---:|---|\n", s.rate, s.measure)
	for _, r := range []bench.Result{ours, theirs} {
		fmt.Printf("%s: %-30s %8.0f %s, %s after %s, peak %.0f MiB, %s\n", spec.Name, r.Framework, r.ExamplesPerSec, strings.ToLower(s.rate), s.value(r), toTarget(r), r.PeakRSSMiB, r.Detail)
		fmt.Fprintf(report, "| %s | %.0f | %s | %s | %.0f MiB | %s |\n", r.Framework, r.ExamplesPerSec, toTarget(r), s.value(r), r.PeakRSSMiB, r.Detail)
	}
	ratio := ours.ExamplesPerSec / theirs.ExamplesPerSec
	fmt.Printf("%s throughput, nnlib / PyTorch: %.2f× (goal ≥ 1.0)\n", spec.Name, ratio)
	fmt.Fprintf(report, "\nThroughput ratio nnlib / PyTorch: **%.2f×** (goal ≥ 1.0).\n\n", ratio)
	return nil
}

// benchClassifier measures the MLP or the CNN against PyTorch and appends
// its section to report: examples per second, the time to the test
// accuracy target, the accuracy when training stopped.
func (c *course) benchClassifier(report *strings.Builder, mb modelBench, spec bench.Spec) error {
	err := c.benchSection(report, mb, spec, section{
		title: strings.ToUpper(spec.Name), describe: describeSpec,
		rate: "Examples/s", measure: "Accuracy (epochs)",
		value: func(r bench.Result) string { return fmt.Sprintf("%.1f%% (%.0f)", 100*r.Accuracy, r.Epochs) },
	})
	if err == nil && spec.Name == bench.CNN.Name {
		report.WriteString("The CNN's layers alone, on random images with alternating rounds, GoMLX's own convolution op included: `GOEXPERIMENT=simd GOTOOLCHAIN=" + c.toolchain + " go run -tags noxla ./cmd/cnnbench`.\n\n")
	}
	return err
}

// benchLSTM measures the character-level LSTM against PyTorch and appends
// its section to report: characters per second (windows per second times
// the window's SeqLen), the forward pass alone, the time to the validation
// target, and what the two timings say about what bounds the ratio.
func (c *course) benchLSTM(report *strings.Builder, mb modelBench, spec bench.Spec) error {
	text, err := bench.WriteLSTMText()
	if err != nil {
		return err
	}
	defer os.Remove(text)
	spec.Text = text
	ours, theirs, load, err := c.benchModel(mb, spec)
	if err != nil {
		return err
	}
	if mb.quick {
		spec = bench.Quick(spec)
	}
	chars := float64(spec.SeqLen)
	fmt.Fprintf(report, "### LSTM\n\n%s; throughput timed over %d steps after %d warm-up steps, then the forward pass alone (the loss, no gradients) over %d minibatches. Load average when it started: %s.\n\n",
		describeLSTM(spec), spec.Measure, spec.Warmup, spec.Measure, load)
	fmt.Fprintf(report, "| Framework | Characters/s (windows/s × %d) | Forward alone, characters/s | Time to target | Validation nats/char (epochs) | Peak memory | Detail |\n|---|---:|---:|---:|---:|---:|---|\n", spec.SeqLen)
	for _, r := range []bench.Result{ours, theirs} {
		fmt.Printf("%s: %-30s %8.0f characters/s (%.1f windows/s × %d), forward alone %.0f characters/s, %.3f nats/char after %s (%.2f epochs), peak %.0f MiB, %s\n",
			spec.Name, r.Framework, r.ExamplesPerSec*chars, r.ExamplesPerSec, spec.SeqLen, r.ForwardPerSec*chars, r.ValidNats, toTarget(r), r.Epochs, r.PeakRSSMiB, r.Detail)
		fmt.Fprintf(report, "| %s | %.0f | %.0f | %s | %.3f (%.2f) | %.0f MiB | %s |\n",
			r.Framework, r.ExamplesPerSec*chars, r.ForwardPerSec*chars, toTarget(r), r.ValidNats, r.Epochs, r.PeakRSSMiB, r.Detail)
	}
	ratio, fwd := ours.ExamplesPerSec/theirs.ExamplesPerSec, ours.ForwardPerSec/theirs.ForwardPerSec
	fmt.Printf("%s throughput, nnlib / PyTorch: %.2f× (goal ≥ 1.0); forward alone %.2f×\n", spec.Name, ratio, fwd)
	fmt.Fprintf(report, "\nThroughput ratio nnlib / PyTorch: **%.2f×** (goal ≥ 1.0); the forward pass alone: %.2f×.\n\n", ratio, fwd)
	report.WriteString(lstmBound(spec, ours, theirs))
	return nil
}

// describeLSTM says in a sentence what the LSTM benchmark trains.
func describeLSTM(s bench.Spec) string {
	return fmt.Sprintf("Lesson 05b's character model (nnlib/rnn): embedding %d → %s %d (forget gates' biases starting at %g) → dense %d, softmax cross-entropy, "+
		"on windows of %d characters of The Devil's Dictionary (%d read, %d predicted, each from a zero state; the first %d%% of the text, the same windows in the same order on both sides), "+
		"Adam (η = %g), batches of %d windows, %d threads each, until the validation cross-entropy (the last %d%% of the text read as %d streams, %d characters at a time, the state carried on; measured every %d steps) is %.2f nats per character or less (at most %d epochs)",
		s.Embed, strings.ToUpper(s.Kind), s.Hidden, s.ForgetBias, s.Vocab, s.SeqLen+1, s.SeqLen, s.SeqLen, 100-s.ValidPercent,
		s.LR, s.Batch, s.Threads, s.ValidPercent, s.Streams, s.SeqLen, s.EvalEvery, s.TargetNats, s.MaxEpochs)
}

// benchConvAE measures lesson 05c's convolutional autoencoder against
// PyTorch and appends its section to report: images per second, the time to
// the validation PSNR target, the PSNR when training stopped.
func (c *course) benchConvAE(report *strings.Builder, mb modelBench, spec bench.Spec) error {
	return c.benchSection(report, mb, spec, section{
		title: "Convolutional autoencoder", describe: describeConvAE,
		rate: "Images/s", measure: "Validation PSNR (epochs)", evaluatedBetween: true,
		value: func(r bench.Result) string { return fmt.Sprintf("%.2f dB (%.2f)", r.PSNR, r.Epochs) },
	})
}

// benchResNet measures lesson 05d's residual network against PyTorch and
// appends its section to report: images per second, the time to the
// validation accuracy target, the accuracy when training stopped.
func (c *course) benchResNet(report *strings.Builder, mb modelBench, spec bench.Spec) error {
	return c.benchSection(report, mb, spec, section{
		title: "Residual network", describe: describeResNet,
		rate: "Images/s", measure: "Validation accuracy (epochs)", evaluatedBetween: true,
		value: func(r bench.Result) string { return fmt.Sprintf("%.1f%% (%.2f)", 100*r.Accuracy, r.Epochs) },
	})
}

// describeResNet says in a sentence what the residual network benchmark
// trains.
func describeResNet(s bench.Spec) string {
	d, _ := bench.ResNetNet(s) // A spec it refuses has failed to run before it is described.
	widths := make([]string, len(s.Widths))
	sides := make([]string, len(s.Widths))
	h, w := d.Height, d.Width
	for i, c := range s.Widths {
		if i > 0 {
			h, w = (h+1)/2, (w+1)/2
		}
		widths[i], sides[i] = strconv.Itoa(c), fmt.Sprintf("%d×%d", h, w)
	}
	return fmt.Sprintf("Lesson 05d's residual network, %s (nnlib/cnn's Deep): a 3×3 convolution to %d channels, BN, ReLU; %d stages of %s channels (%s), each of %d blocks "+
		"y = ReLU(BN(conv3×3(x))), y = BN(conv3×3(y)), ReLU(y + shortcut), the first block of every stage after the first of stride 2 with a shortcut BN(conv1×1(x, stride 2)); "+
		"convolutions without bias, batch normalisation BN after each (the minibatch's statistics in training, ε = 10⁻⁵; running averages of momentum 0.9 for the evaluations); "+
		"global average pooling, dense %d, softmax cross-entropy; %d trained weights, He-normal to start on both sides (each side drawing its own). "+
		"On the first %d Fashion-MNIST training images halved to %d×%d (the mean of each 2×2 square of pixels; the same minibatches in the same order on both sides), Adam (η = %g), batches of %d, %d threads each, "+
		"until the validation accuracy (the %d training images %d–%d, batch normalisation with its running averages; measured every %d steps) is %.0f%% or more (at most %d epochs)",
		d.Name(), s.Widths[0], len(s.Widths), strings.Join(widths, ", "), strings.Join(sides, ", "), s.Blocks, d.Classes, bench.ResNetParams(s),
		s.Train, d.Height, d.Width, s.LR, s.Batch, s.Threads, s.ValidImages, s.ValidStart, s.ValidStart+s.ValidImages-1, s.EvalEvery, 100*s.Target, s.MaxEpochs)
}

// describeConvAE says in a sentence what the autoencoder benchmark trains.
func describeConvAE(s bench.Spec) string {
	enc := make([]string, len(s.Conv))
	in := 1
	for i, f := range s.Conv {
		enc[i] = fmt.Sprintf("%d→%d", in, f)
		in = f
	}
	dec := make([]string, len(s.Conv))
	for i := range s.Conv {
		out := 1
		if j := len(s.Conv) - 2 - i; j >= 0 {
			out = s.Conv[j]
		}
		dec[i] = fmt.Sprintf("%d→%d", s.Conv[len(s.Conv)-1-i], out)
	}
	side := 28 >> len(s.Conv)
	return fmt.Sprintf("Lesson 05c's convolutional autoencoder (nnlib/ae, the mirrored decoder): 3×3 convolutions %s (padding %d, bias), each with ReLU and 2×2 max-pooling, to a %d×%d×%d code, "+
		"then 3×3 transposed convolutions %s (stride 2, padding 1, output padding 1, bias), ReLU between them and a sigmoid at the end; the mean squared error per pixel between output and input, "+
		"on the first %d Fashion-MNIST training images (the same minibatches in the same order on both sides; each framework's own initialisation), Adam (η = %g), batches of %d, %d threads each, "+
		"until the validation PSNR (10·log₁₀(1/MSE) of the reconstructions of the %d training images %d–%d; measured every %d steps) is %.1f dB or more (at most %d epochs)",
		strings.Join(enc, ", "), s.Padding, side, side, s.Conv[len(s.Conv)-1], strings.Join(dec, ", "),
		s.Train, s.LR, s.Batch, s.Threads, s.ValidImages, s.ValidStart, s.ValidStart+s.ValidImages-1, s.EvalEvery, s.TargetPSNR, s.MaxEpochs)
}

// lstmBound is the paragraph on what bounds the LSTM's ratio: each side's
// step split into its forward pass and the rest (backward and update), set
// against the matrix products the step has to do.
func lstmBound(spec bench.Spec, ours, theirs bench.Result) string {
	flops := bench.ForwardFLOPs(spec) * float64(spec.Batch) // One minibatch's forward.
	side := func(name string, r bench.Result) string {
		step, fwd := float64(spec.Batch)/r.ExamplesPerSec, float64(spec.Batch)/r.ForwardPerSec
		return fmt.Sprintf("%s's step takes %.0f ms: the forward pass %.0f ms (%.0f GFLOP/s of products), the backward pass and the update %.0f ms, %.1f times the forward; %.1f GFLOP/s over the step",
			name, step*1000, fwd*1000, flops/fwd/1e9, (step-fwd)*1000, (step-fwd)/fwd, 3*flops/step/1e9)
	}
	return fmt.Sprintf("What bounds the ratio. A step (%d windows, %d characters) has %.2f GFLOP of matrix products in its forward pass and twice as many in its backward pass "+
		"(the gradients with respect to both operands of every product); the element-wise work of the cells is a few percent of that. %s. %s. "+
		"A backward pass that costs about twice the forward is bound by its products, and then by the rate at which it runs them: %d sequential [%d, %d]·[%d, %d] recurrent products per pass (nnlib: 4 of [%d, %d]·[%d, %d] per step), "+
		"whose weight gradients contract over only the batch's %d rows: small products, and the GFLOP/s above are what each side gets out of them. "+
		"One that costs much more is bound by the work around the products in the unrolled graph's gradient: per-op overhead, transposes, and the zero-padded gradients of the slices that feed each step.\n",
		spec.Batch, spec.Batch*spec.SeqLen, flops/1e9, side("nnlib", ours), side("PyTorch", theirs),
		spec.SeqLen, spec.Batch, spec.Hidden, spec.Hidden, 4*spec.Hidden, spec.Batch, spec.Hidden, spec.Hidden, spec.Hidden, spec.Batch)
}

// benchRepeats is how many times each side of a model benchmark runs.
const benchRepeats = 2

// benchModel runs both sides of spec's benchmark benchRepeats times,
// interleaved (cut to smoke runs if mb.quick), and keeps each side's best
// run; load is the machine's load average when it started.
func (c *course) benchModel(mb modelBench, spec bench.Spec) (ours, theirs bench.Result, load string, err error) {
	load = loadAverage()
	args := []string{"bench-worker", spec.Name}
	if mb.quick {
		spec = bench.Quick(spec)
		args = []string{"bench-worker", "--quick", spec.Name}
	}
	for range benchRepeats {
		say("%s: nnlib", spec.Name)
		r, err := measure(exec.Command(mb.worker, args...))
		if err != nil {
			return ours, theirs, load, fmt.Errorf("nnlib's %s benchmark: %w", spec.Name, err)
		}
		ours = best(ours, r)
		say("%s: PyTorch", spec.Name)
		torchCmd, err := bench.TorchCommand(spec)
		if err != nil {
			return ours, theirs, load, err
		}
		r, err = measure(torchCmd)
		if err != nil {
			return ours, theirs, load, fmt.Errorf("PyTorch's %s benchmark: %w", spec.Name, err)
		}
		theirs = best(theirs, r)
	}
	return ours, theirs, load, nil
}

// describeSpec says in a sentence what a benchmark trains.
func describeSpec(s bench.Spec) string {
	images := "60,000"
	if s.Train > 0 {
		images = fmt.Sprintf("the first %d", s.Train)
	}
	schedule := fmt.Sprintf("Adam (η = %g)", s.LR)
	if s.Cosine {
		schedule = fmt.Sprintf("Adam (η = %g, decreasing along a cosine to 0 over %d epochs)", s.LR, s.MaxEpochs)
	}
	var net string
	switch s.Name {
	case bench.CNN.Name:
		net = fmt.Sprintf("Lesson 05a's CNN: 3×3 convolutions of %v filters (padding %d), each with ReLU and 2×2 max-pooling, dense %d ReLU, dense 10, softmax cross-entropy, dropout %g",
			s.Conv, s.Padding, s.Dense, s.Dropout)
	default:
		net = fmt.Sprintf("MLP %v, ReLU, sigmoid outputs with binary cross-entropy", s.Sizes)
	}
	return fmt.Sprintf("%s, on %s Fashion-MNIST training images, %s, batches of %d, %d threads each, until %.0f%% test accuracy (at most %d epochs)",
		net, images, schedule, s.Batch, s.Threads, 100*s.Target, s.MaxEpochs)
}

// best keeps the better of two runs of the same side: the higher throughput,
// and the shorter time to the target.
func best(a, b bench.Result) bench.Result {
	if a.Framework == "" {
		return b
	}
	out := a
	if b.ExamplesPerSec > a.ExamplesPerSec {
		out = b
	}
	switch {
	case a.SecondsToTarget == 0:
		out.SecondsToTarget, out.Accuracy, out.ValidNats, out.PSNR, out.Epochs = b.SecondsToTarget, b.Accuracy, b.ValidNats, b.PSNR, b.Epochs
	case b.SecondsToTarget > 0 && b.SecondsToTarget < a.SecondsToTarget:
		out.SecondsToTarget, out.Accuracy, out.ValidNats, out.PSNR, out.Epochs = b.SecondsToTarget, b.Accuracy, b.ValidNats, b.PSNR, b.Epochs
	default:
		out.SecondsToTarget, out.Accuracy, out.ValidNats, out.PSNR, out.Epochs = a.SecondsToTarget, a.Accuracy, a.ValidNats, a.PSNR, a.Epochs
	}
	out.ForwardPerSec = max(a.ForwardPerSec, b.ForwardPerSec)
	out.PeakRSSMiB = max(a.PeakRSSMiB, b.PeakRSSMiB)
	return out
}

// loadAverage is the machine's load over the last 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ") + " (1, 5, 15 min)"
}

func toTarget(r bench.Result) string {
	if r.SecondsToTarget == 0 {
		return "not reached"
	}
	return fmt.Sprintf("%.1f s", r.SecondsToTarget)
}

// benchWorker runs one model's benchmark in this process and prints its
// result; bench starts it as a separate process to read its peak memory.
// With --quick before the name it runs the smoke run (bench.Quick).
func benchWorker(args []string) error {
	quick := len(args) > 0 && args[0] == "--quick"
	if quick {
		args = args[1:]
	}
	if len(args) != 1 {
		return fmt.Errorf("bench-worker takes one model name: %s", modelNames())
	}
	spec, ok := bench.Specs[args[0]]
	if !ok {
		return fmt.Errorf("bench-worker: no model %q: %s", args[0], modelNames())
	}
	if quick {
		spec = bench.Quick(spec)
	}
	run := bench.RunMLP
	switch spec.Name {
	case bench.CNN.Name:
		run = bench.RunCNN
	case bench.LSTM.Name:
		run = bench.RunLSTM // Reads the text itself (data.DevilsDictionary), as the PyTorch side reads the copy in spec.Text.
	case bench.ConvAE.Name:
		run = bench.RunConvAE
	case bench.ResNet.Name:
		run = bench.RunResNet
	}
	r, err := run(spec)
	if err != nil {
		return err
	}
	fmt.Println(r.Encode())
	return nil
}

// buildWorker builds the course command with the course's Go settings
// (GOEXPERIMENT=simd), to run the Go side of the benchmarks.
func (c *course) buildWorker() (string, error) {
	f, err := os.CreateTemp("", "course-bench-worker-")
	if err != nil {
		return "", err
	}
	f.Close()
	cmd := c.goCmd("build", "-tags", "noxla", "-o", f.Name(), "./cmd/course")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the benchmark worker: %v\n%s", err, out)
	}
	return f.Name(), nil
}

// measure runs a worker and reads its result and its peak memory.
func measure(cmd *exec.Cmd) (bench.Result, error) {
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return bench.Result{}, fmt.Errorf("%v\n%s", err, lastLines([]byte(stderr.String()), 10))
	}
	r, err := bench.Decode(out)
	if err != nil {
		return r, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB.
	}
	return r, nil
}

// ensureTorch installs Debian's PyTorch with OpenBLAS, for the benchmarks
// only.
func ensureTorch() error {
	if exec.Command("/usr/bin/python3", "-c", "import torch, numpy").Run() == nil {
		say("PyTorch: installed (benchmarks only)")
		return nil
	}
	pkgs := []string{"python3-torch", "python3-numpy", "libopenblas0-pthread"}
	say("PyTorch: installing Debian's %s (benchmarks only; lessons never need it)", strings.Join(pkgs, " "))
	if err := aptInstall(pkgs...); err != nil {
		return fmt.Errorf("the benchmarks compare with PyTorch: sudo apt-get install %s (%v)", strings.Join(pkgs, " "), err)
	}
	return nil
}

// fashionFiles locates Fashion-MNIST's four files for the PyTorch side.
func fashionFiles() ([4]string, error) {
	var files [4]string
	src, err := data.LookupSource("fashion-mnist")
	if err != nil {
		return files, err
	}
	if err := src.Check(); err != nil {
		return files, err
	}
	want := []string{"train-images", "train-labels", "t10k-images", "t10k-labels"}
	for i, w := range want {
		for _, f := range src.Files {
			if strings.Contains(f.Name, w) {
				files[i] = f.Locate()
			}
		}
		if files[i] == "" {
			return files, fmt.Errorf("Fashion-MNIST's %s file was not found", w)
		}
	}
	return files, nil
}

// cellLatency runs a notebook of identical small cells next to the lessons
// (so that it finds the course's module as they do) and returns the first
// cell's time and the warm cells' times, in seconds.
func (c *course) cellLatency(j *jupyter, lesson *notebook.Lesson) (cold float64, warm []float64, err error) {
	src := lesson.Render(notebook.Student)
	var setupCell notebook.Cell
	for _, cell := range src.Cells {
		if cell.CellType == "code" {
			setupCell = cell
			break
		}
	}
	nb := &notebook.Notebook{Metadata: src.Metadata, NBFormat: 4, NBFormatMinor: 5, Cells: []notebook.Cell{setupCell}}
	for i := range warmCells + 1 {
		// Each cell differs, as a student's edits do, so no build result is reused whole.
		nb.Cells = append(nb.Cells, notebook.Cell{
			ID: fmt.Sprintf("bench-%02d", i), CellType: "code", Metadata: map[string]any{},
			Source: notebook.Text(fmt.Sprintf("import \"github.com/gomlx-course/dlcourse/nnlib\"\n\n%%%%\nfmt.Println(nnlib.ChooseBackend().Config, %d)", i)),
		})
	}
	path := filepath.Join(c.root, "notebooks", ".bench-warm-cell.ipynb")
	if err := nb.Write(path); err != nil {
		return 0, nil, err
	}
	defer os.Remove(path)
	times, err := c.cellTimes(j, path)
	if err != nil {
		return 0, nil, err
	}
	return times[1], slices.Clone(times[2:]), nil
}

// cellTimesScript executes a notebook cell by cell with nbclient, printing
// each cell's wall time in seconds, one per line: what the student waits for.
const cellTimesScript = `
import sys, time, os, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="gonb", timeout=1800,
                        resources={"metadata": {"path": os.path.dirname(path)}})
with client.setup_kernel():
    for i, cell in enumerate(nb.cells):
        start = time.perf_counter()
        client.execute_cell(cell, i)
        print(time.perf_counter() - start, flush=True)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                sys.exit("cell %d failed: %s" % (i + 1, out.get("evalue")))
`

// cellTimes executes the notebook at path and returns each cell's wall time.
func (c *course) cellTimes(j *jupyter, path string) ([]float64, error) {
	python, err := jupyterPython(j)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, "-c", cellTimesScript, path)
	cmd.Env = append(os.Environ(), "NNLIB_CACHE_DIR="+filepath.Join(os.TempDir(), "course-bench-cache"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("timing the cells of %s: %v\n%s", path, err, lastLines([]byte(stderr.String()), 10))
	}
	var times []float64
	for _, f := range strings.Fields(string(out)) {
		t, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("timing the cells: unexpected output %q", f)
		}
		times = append(times, t)
	}
	return times, nil
}

// jupyterPython is the Python interpreter of the Jupyter installation, which
// has nbclient.
func jupyterPython(j *jupyter) (string, error) {
	data, err := os.ReadFile(j.bin)
	if err == nil && strings.HasPrefix(string(data), "#!") {
		line, _, _ := strings.Cut(string(data[2:]), "\n")
		if fields := strings.Fields(line); len(fields) > 0 && !strings.HasSuffix(fields[0], "/env") {
			return fields[0], nil
		}
	}
	return exec.LookPath("python3")
}

// cpuModel is the processor's name, from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// memTotal is the machine's memory, from /proc/meminfo.
func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return fmt.Sprintf("%.0f GiB memory", kb/1024/1024)
		}
	}
	return "memory unknown"
}

// moduleVersion is the version of a module the course requires, from go.mod.
func (c *course) moduleVersion(path string) string {
	b, err := os.ReadFile(filepath.Join(c.root, "go.mod"))
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == path {
			return f[1]
		}
	}
	return "?"
}
