package transferlearn

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/transfer"
)

// Run is what the lesson trains: the label budgets, and the budget of
// every adaptation (the same steps of the same minibatches for each plan).
type Run struct {
	Quick          bool
	Budgets        []int // Labelled images per class.
	Fit            cnn.FitConfig
	Rate           float64 // Adam's rate for new layers (and every layer from scratch).
	PretrainedRate float64 // Adam's rate for pretrained layers that fine-tune.
	Val, Test      int     // Validation and test images of each task.
}

// TheRun returns the full run, or the quick one when nnlib.Quick() is set
// (nnlib.QuickEnv=1, as the course's tests do).
func TheRun() Run {
	if nnlib.Quick() {
		return Run{Quick: true, Budgets: []int{1, 10}, Fit: cnn.FitConfig{Steps: 6, BatchSize: 64, Seed: 1},
			Rate: 0.002, PretrainedRate: 0.0002, Val: 300, Test: 500}
	}
	return FullRun()
}

// FullRun is the run of a student's notebook: 1, 10, 100 and 1,000 labels
// per class; every adaptation 150 minibatches of 64.
func FullRun() Run {
	return Run{Budgets: []int{1, 10, 100, 1000}, Fit: cnn.FitConfig{Steps: 150, BatchSize: 64, Seed: 1},
		Rate: 0.002, PretrainedRate: 0.0002, Val: 2000, Test: 5000}
}

// Describe says in a line what the run trains.
func (r Run) Describe() string {
	mode := "full run"
	if r.Quick {
		mode = fmt.Sprintf("QUICK run (%s=1)", nnlib.QuickEnv)
	}
	return fmt.Sprintf("%s: %v labelled images per class; every network %d steps of up to %d images; %d validation and %d test images per task",
		mode, r.Budgets, r.Fit.Steps, r.Fit.BatchSize, r.Val, r.Test)
}

// Task is a target task: a pretrained network and the new task's images —
// a pool to draw the labelled ones from, validation images and test images.
type Task struct {
	Name     string
	Pre      *Pretrained
	Net      cnn.Backbone // The network for the target task.
	Pool     *data.Dataset
	Val      *data.Dataset
	Test     *data.Dataset
	SameTask bool // The target has the source's classes: the pretrained head can be kept.
}

// Labelled returns the first perClass images of each class of the pool,
// in a fixed order: the budgets are nested (the 10 are among the 100).
func (t Task) Labelled(perClass int) (*data.Dataset, error) {
	set, _, err := t.Pool.PerClass(perClass, 1)
	return set, err
}

// Layers lists the task network's layers.
func (t Task) Layers() ([]string, error) { return transfer.Layers(t.Net) }

// Head is the task network's output layer.
func (t Task) Head() string { return t.Net.HeadLayer() }

// FashionTask is section 2's target, same domain, different task: the five
// other classes of Fashion-MNIST (sandal, shirt, sneaker, bag, ankle boot),
// for FashionCNN. The pool and the validation images come from the
// training part, the test images from the test part.
func FashionTask(r Run) (Task, error) {
	train, test, err := fashionParts()
	if err != nil {
		return Task{}, err
	}
	tr, err := train.OnlyClasses(TargetClasses...)
	if err != nil {
		return Task{}, err
	}
	pool, rest, err := tr.PerClass(slices.Max(r.Budgets), 1)
	if err != nil {
		return Task{}, err
	}
	val, err := rest.Head(r.Val)
	if err != nil {
		return Task{}, err
	}
	te, err := test.OnlyClasses(TargetClasses...)
	if err != nil {
		return Task{}, err
	}
	tst, err := te.Head(r.Test)
	if err != nil {
		return Task{}, err
	}
	pool.Name, val.Name, tst.Name = "Fashion-MNIST classes 5–9 (pool)", "Fashion-MNIST classes 5–9 (validation)", "Fashion-MNIST classes 5–9 (test)"
	return Task{Name: "same domain, different task", Pre: &FashionCNN, Net: FashionNet(), Pool: pool, Val: val, Test: tst}, nil
}

// DigitsTask is section 3's target, different domain, same task: digits in
// printed type (data.PrintedDigits) at 14×14, for DigitsResNet trained on
// handwritten ones.
func DigitsTask(r Run) (Task, error) {
	half := func(perClass int, seed uint32, name string) (*data.Dataset, error) {
		h, err := printedHalf(perClass, seed)
		if err != nil {
			return nil, err
		}
		h.Name = name
		return h, nil
	}
	all, err := half(slices.Max(r.Budgets)+(r.Val+9)/10, 11, "printed digits")
	if err != nil {
		return Task{}, err
	}
	pool, rest, err := all.PerClass(slices.Max(r.Budgets), 1)
	if err != nil {
		return Task{}, err
	}
	val, err := rest.Head(r.Val)
	if err != nil {
		return Task{}, err
	}
	tst, err := half((r.Test+9)/10, 12, "printed digits (test)")
	if err != nil {
		return Task{}, err
	}
	if tst, err = tst.Head(r.Test); err != nil {
		return Task{}, err
	}
	pool.Name, val.Name = "printed digits (pool)", "printed digits (validation)"
	return Task{Name: "different domain, same task", Pre: &DigitsResNet, Net: DigitsNet(), Pool: pool, Val: val, Test: tst, SameTask: true}, nil
}

// printedHalf is data.PrintedDigits at 14×14, kept with nnlib.Keep: drawing
// 12,000 digits from the fonts takes some 20 s, and every cell that builds
// the task would draw them again.
func printedHalf(perClass int, seed uint32) (*data.Dataset, error) {
	return nnlib.Keep("05e-printed-digits", struct {
		PerClass int
		Seed     uint32
	}{perClass, seed}, func() (*data.Dataset, error) {
		d, err := data.PrintedDigits(perClass, seed)
		if err != nil {
			return nil, err
		}
		return data.HalfSize(d)
	})
}

// Plans are the three ways to start the target network: from scratch, the
// linear probe given (the lesson's exercise), and fine-tuning everything.
// When the task is the source's (SameTask), the probe still learns a new
// head and fine-tuning starts from the pretrained one.
func (r Run) Plans(t Task, probe transfer.Plan) ([]transfer.Plan, error) {
	layers, err := t.Layers()
	if err != nil {
		return nil, err
	}
	fine := transfer.FineTunePlan(layers, t.Head(), r.Rate, r.PretrainedRate)
	if t.SameTask {
		fine = fine.WithHead(t.Head())
	}
	probe.Name = "linear probe"
	return []transfer.Plan{transfer.ScratchPlan(layers, r.Rate), probe, fine}, nil
}

// Result is one network adapted with one plan on one label budget.
type Result struct {
	Plan     string
	PerClass int
	Accuracy float64 // On the task's validation images.
	Loss     float64 // Mean training loss of the last 20 steps.
	Seconds  float64
}

// Line is the result as a line of the log.
func (r Result) Line() string {
	return fmt.Sprintf("%5d labels/class  %-13s validation %5.1f%%   train loss %.3f   %5.1f s", r.PerClass, r.Plan, 100*r.Accuracy, r.Loss, r.Seconds)
}

// Adapt trains the task's network by plan on perClass labels per class.
func (r Run) Adapt(backend compute.Backend, t Task, plan transfer.Plan, perClass int) (Result, cnn.Fitted, error) {
	set, err := t.Labelled(perClass)
	if err != nil {
		return Result{}, cnn.Fitted{}, err
	}
	dir := ""
	if len(plan.Load) > 0 {
		if dir, err = t.Pre.Dir(); err != nil {
			return Result{}, cnn.Fitted{}, err
		}
	}
	start := time.Now()
	fit, err := transfer.Adapt(backend, t.Net, dir, plan, r.Fit, set, t.Val)
	if err != nil {
		return Result{}, cnn.Fitted{}, err
	}
	return Result{Plan: plan.Name, PerClass: perClass, Accuracy: fit.FinalAccuracy(), Loss: fit.TrainLoss(20),
		Seconds: time.Since(start).Seconds()}, fit, nil
}

// Study adapts the task's network by every plan at every budget of the run,
// printing each result's line as it ends.
func (r Run) Study(backend compute.Backend, t Task, plans []transfer.Plan) ([]Result, error) {
	var results []Result
	for _, k := range r.Budgets {
		for _, p := range plans {
			res, _, err := r.Adapt(backend, t, p, k)
			if err != nil {
				return nil, err
			}
			fmt.Println(res.Line())
			results = append(results, res)
		}
	}
	return results, nil
}

// studyKey is what a kept study depends on.
type studyKey struct {
	Run   Run
	Task  string
	Plans []transfer.Plan
}

// keyOf is the key of a study: the plans' loaded layers sorted, so that a
// student's probe that loads the same layers in another order is the same
// study.
func keyOf(r Run, t Task, plans []transfer.Plan) studyKey {
	var ps []transfer.Plan
	for _, p := range plans {
		p.Load = slices.Sorted(slices.Values(p.Load))
		ps = append(ps, p)
	}
	return studyKey{r, t.Name, ps}
}

// Results reads back the study kept under name ("05e-fashion-study" or
// "05e-digits-study") by the cell that ran it: the study with the lesson's
// own plans (a probe that passes the exercise's check is the lesson's).
func Results(name string, r Run) ([]Result, error) {
	t, plans, err := lessonStudy(name, r)
	if err != nil {
		return nil, err
	}
	res, err := nnlib.Recall[[]Result](name, keyOf(r, t, plans))
	if err != nil {
		return nil, fmt.Errorf("%v (the study of %q, with a linear probe that passes the exercise's check)", err, t.Name)
	}
	return res, nil
}

// lessonStudy is the task of the study kept under name and the lesson's
// own plans for it.
func lessonStudy(name string, r Run) (Task, []transfer.Plan, error) {
	t, err := TaskOf(name, r)
	if err != nil {
		return Task{}, nil, err
	}
	layers, err := t.Layers()
	if err != nil {
		return Task{}, nil, err
	}
	plans, err := r.Plans(t, transfer.ProbePlan(layers, t.Head(), r.Rate))
	return t, plans, err
}

// Gap is the pretrained network of a task as it is, not adapted: its
// accuracy on its own source's check images (Home) and on the task's
// validation images (Target).
type Gap struct{ Home, Target float64 }

// KeepGap measures the task's Gap, kept with nnlib.Keep under name.
func KeepGap(name string, r Run, t Task) (Gap, error) {
	return nnlib.Keep(name, struct {
		Run  Run
		Task string
	}{r, t.Name}, func() (Gap, error) {
		backend, err := nnlib.Backend()
		if err != nil {
			return Gap{}, err
		}
		pre, _, err := t.Pre.Load()
		if err != nil {
			return Gap{}, err
		}
		_, check, err := t.Pre.Data()
		if err != nil {
			return Gap{}, err
		}
		home, err := pre.Accuracy(backend, t.Net, check, 0)
		if err != nil {
			return Gap{}, err
		}
		target, err := pre.Accuracy(backend, t.Net, t.Val, 0)
		return Gap{home, target}, err
	})
}

// KeepStudy is Study kept with nnlib.Keep under name: a later cell reads
// the results back and prints them.
func (r Run) KeepStudy(name string, t Task, plans []transfer.Plan) ([]Result, error) {
	trained := false
	results, err := nnlib.Keep(name, keyOf(r, t, plans), func() ([]Result, error) {
		trained = true
		backend, err := nnlib.Backend()
		if err != nil {
			return nil, err
		}
		return r.Study(backend, t, plans)
	})
	if err == nil && !trained {
		for _, res := range results {
			fmt.Println(res.Line())
		}
	}
	return results, err
}

// Table is the study as a table: a row per plan, a column per budget, the
// best of each column marked with ★.
func Table(results []Result) string {
	var plans []string
	var budgets []int
	acc := map[string]map[int]float64{}
	for _, r := range results {
		if !slices.Contains(plans, r.Plan) {
			plans = append(plans, r.Plan)
			acc[r.Plan] = map[int]float64{}
		}
		if !slices.Contains(budgets, r.PerClass) {
			budgets = append(budgets, r.PerClass)
		}
		acc[r.Plan][r.PerClass] = r.Accuracy
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s", "labels/class")
	for _, k := range budgets {
		fmt.Fprintf(&b, "%10d", k)
	}
	b.WriteString("\n")
	for _, p := range plans {
		fmt.Fprintf(&b, "%-14s", p)
		for _, k := range budgets {
			best := true
			for _, q := range plans {
				if acc[q][k] > acc[p][k] {
					best = false
				}
			}
			mark := " "
			if best {
				mark = "★"
			}
			fmt.Fprintf(&b, "%8.1f%%%s", 100*acc[p][k], mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Best is the plan with the highest validation accuracy at perClass.
func Best(results []Result, perClass int) Result {
	var best Result
	for _, r := range results {
		if r.PerClass == perClass && (best.Plan == "" || r.Accuracy > best.Accuracy) {
			best = r
		}
	}
	return best
}

// Gain is how many points of validation accuracy plan a gains over plan b
// at perClass.
func Gain(results []Result, a, b string, perClass int) float64 {
	var x, y float64
	for _, r := range results {
		if r.PerClass == perClass && r.Plan == a {
			x = r.Accuracy
		}
		if r.PerClass == perClass && r.Plan == b {
			y = r.Accuracy
		}
	}
	return 100 * (x - y)
}

// KeepPlans adapts the task's network by each plan at perClass labels per
// class, printing each result's line, kept with nnlib.Keep under name.
func (r Run) KeepPlans(name string, t Task, plans []transfer.Plan, perClass int) ([]Result, error) {
	trained := false
	results, err := nnlib.Keep(name, struct {
		studyKey
		PerClass int
	}{keyOf(r, t, plans), perClass}, func() ([]Result, error) {
		trained = true
		backend, err := nnlib.Backend()
		if err != nil {
			return nil, err
		}
		var results []Result
		for _, p := range plans {
			res, _, err := r.Adapt(backend, t, p, perClass)
			if err != nil {
				return nil, err
			}
			fmt.Println(res.Line())
			results = append(results, res)
		}
		return results, nil
	})
	if err == nil && !trained {
		for _, res := range results {
			fmt.Println(res.Line())
		}
	}
	return results, err
}

// KeepFeatures returns the backbone's features of the task's validation
// images, a row per image: before (the pretrained network as it is) and
// after fine-tuning on perClass labels per class; kept with nnlib.Keep
// under name.
func KeepFeatures(name string, r Run, t Task, perClass int) (before, after [][]float32, err error) {
	type pair struct{ Before, After [][]float32 }
	p, err := nnlib.Keep(name, struct {
		Run      Run
		Task     string
		PerClass int
	}{r, t.Name, perClass}, func() (pair, error) {
		backend, err := nnlib.Backend()
		if err != nil {
			return pair{}, err
		}
		pre, _, err := t.Pre.Load()
		if err != nil {
			return pair{}, err
		}
		b, err := pre.Features(backend, t.Net, t.Val, 0)
		if err != nil {
			return pair{}, err
		}
		layers, err := t.Layers()
		if err != nil {
			return pair{}, err
		}
		plans, err := r.Plans(t, transfer.ProbePlan(layers, t.Head(), r.Rate))
		if err != nil {
			return pair{}, err
		}
		res, fit, err := r.Adapt(backend, t, plans[2], perClass)
		if err != nil {
			return pair{}, err
		}
		fmt.Println(res.Line())
		a, err := fit.Features(backend, t.Net, t.Val, 0)
		return pair{b, a}, err
	})
	return p.Before, p.After, err
}

// TaskOf returns the task of the study kept under name.
func TaskOf(name string, r Run) (Task, error) {
	switch name {
	case "05e-fashion-study":
		return FashionTask(r)
	case "05e-digits-study":
		return DigitsTask(r)
	}
	return Task{}, fmt.Errorf("no study %q: the lesson's are 05e-fashion-study and 05e-digits-study", name)
}

// TestBudget is the label budget of the cells that train one plan (the
// features before and after, the top layers, the test set): 100 per class,
// or the largest of a quick run's budgets below it.
func (r Run) TestBudget() int {
	best := r.Budgets[0]
	for _, k := range r.Budgets {
		if k <= 100 {
			best = k
		}
	}
	return best
}

// KeepTest trains the plan with the best validation accuracy at
// r.TestBudget() once more and measures it on the task's test images, which
// nothing else in the lesson uses; kept with nnlib.Keep under name, it
// returns the line that says so.
func KeepTest(name string, r Run, t Task, results []Result, backend compute.Backend) (string, error) {
	k := r.TestBudget()
	best := Best(results, k)
	if best.Plan == "" {
		return "", fmt.Errorf("the study has no result at %d labels per class: run its cell first", k)
	}
	layers, err := t.Layers()
	if err != nil {
		return "", err
	}
	plans, err := r.Plans(t, transfer.ProbePlan(layers, t.Head(), r.Rate))
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(plans, func(p transfer.Plan) bool { return p.Name == best.Plan })
	if i < 0 {
		return "", fmt.Errorf("the study's best plan %q is none of %s's", best.Plan, t.Name)
	}
	acc, err := nnlib.Keep(name, struct {
		Run  Run
		Task string
		Plan transfer.Plan
		K    int
	}{r, t.Name, plans[i], k}, func() (float64, error) {
		_, fit, err := r.Adapt(backend, t, plans[i], k)
		if err != nil {
			return 0, err
		}
		return fit.Accuracy(backend, t.Net, t.Test, 0)
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %s at %d labels per class, validation %.1f%%, test %.1f%% (%d test images)",
		t.Name, best.Plan, k, 100*best.Accuracy, 100*acc, t.Test.Len()), nil
}
