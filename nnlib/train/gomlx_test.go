package train

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

var sharedGo = sync.OnceValues(func() (compute.Backend, error) { return compute.NewWithConfig("go") })

// goBackend returns the tests' Go backend, one for all.
func goBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := sharedGo()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// line is 32 points of y = 3x − 0.5 plus a fixed wobble, so that least
// squares has a non-trivial answer.
func line() *data.Dataset {
	d := &data.Dataset{Name: "line", Shape: []int{1}, TargetShape: []int{1}}
	for i := range 32 {
		x := float32(i)/16 - 1
		d.X = append(d.X, x)
		d.Targets = append(d.Targets, 3*x-0.5+0.1*float32(math.Sin(float64(7*i))))
	}
	return d
}

// leastSquares is the closed-form fit of y = w·x + b.
func leastSquares(d *data.Dataset) (w, b float64) {
	var sx, sy, sxx, sxy float64
	n := float64(d.Len())
	for i, x := range d.X {
		y := float64(d.Targets[i])
		sx, sy, sxx, sxy = sx+float64(x), sy+y, sxx+float64(x)*float64(x), sxy+float64(x)*y
	}
	w = (n*sxy - sx*sy) / (n*sxx - sx*sx)
	return w, (sy - w*sx) / n
}

// twoLayers is y = w₂·(w₁·x + b₁) + b₂, the first layer in scope "base",
// the second in "head": a backbone and a head to load and freeze apart.
func twoLayers(scope *model.Scope, x *graph.Node) *graph.Node {
	base, head := scope.In("base"), scope.In("head")
	h := graph.Add(graph.Mul(x, base.VariableWithValue("w", float32(0.5)).NodeValue(x.Graph())),
		base.VariableWithValue("b", float32(0)).NodeValue(x.Graph()))
	return graph.Add(graph.Mul(h, head.VariableWithValue("w", float32(1)).NodeValue(x.Graph())),
		head.VariableWithValue("b", float32(0)).NodeValue(x.Graph()))
}

// predict runs twoLayers on store for the points of d.
func predict(t *testing.T, store *model.Store, d *data.Dataset) []float32 {
	t.Helper()
	exec, err := model.NewExec(goBackend(t), store, twoLayers)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(d.X, d.Len(), 1))
	if err != nil {
		t.Fatal(err)
	}
	values, err := tensors.CopyFlatData[float32](out[0])
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// value reads a scalar variable of store.
func value(t *testing.T, store *model.Store, path string) float64 {
	t.Helper()
	v := store.GetVariable(path)
	if v == nil {
		t.Fatalf("no variable %s", path)
	}
	tv, err := v.Value()
	if err != nil {
		t.Fatal(err)
	}
	return float64(tv.Value().(float32))
}

// fitLine trains twoLayers on the line by full-batch gradient descent.
func fitLine(t *testing.T, store *model.Store, steps int, lr float64) History {
	t.Helper()
	step := NewSupervised(goBackend(t), store, twoLayers, loss.MeanSquaredError,
		optimizer.StochasticGradientDescent().WithLearningRate(lr).WithDecay(false).Done(), FlatAndTargets)
	h, err := Loop{Data: line(), Steps: steps}.Run(step.Step)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Supervised trains through GoMLX's Trainer: gradient descent on the MSE
// reaches the least-squares line, computed in closed form.
func TestSupervisedFindsLeastSquares(t *testing.T) {
	store := model.NewStore()
	h := fitLine(t, store, 2000, 0.2)
	d := line()
	w, b := leastSquares(d)
	pred := predict(t, store, d)
	for i, x := range d.X {
		if want := w*float64(x) + b; math.Abs(float64(pred[i])-want) > 1e-3 {
			t.Fatalf("at x = %.3f the model says %.5f, least squares %.5f", x, pred[i], want)
		}
	}
	if h.Loss[len(h.Loss)-1] >= h.Loss[0] {
		t.Errorf("the loss went from %g to %g", h.Loss[0], h.Loss[len(h.Loss)-1])
	}
}

// A graph step with two optimizers, each on its own sub-scope, moves each
// player by its own loss only. The first Adam step is −η·g/(|g|+ε): the
// sign of the gradient, times η.
func TestGraphStepTwoOptimizers(t *testing.T) {
	store := model.NewStore()
	const lr = 0.01
	step, err := NewGraphStep(goBackend(t), store, func(scope *model.Scope, x, _ *graph.Node) *graph.Node {
		g := x.Graph()
		sa, sb := scope.In("a"), scope.In("b")
		a := sa.VariableWithValue("v", float32(1)).NodeValue(g)
		b := sb.VariableWithValue("v", float32(0)).NodeValue(g)
		lossA := graph.Square(graph.Sub(a, b))                             // a chases b: its gradient pushes a down.
		lossB := graph.Square(graph.Sub(b, graph.Scalar(g, b.DType(), 3))) // b goes to 3: up.
		optimizer.Adam().LearningRate(lr).Scope("adam_a").Done().UpdateGraph(sa, g, graph.Add(lossA, lossB))
		optimizer.Adam().LearningRate(lr).Scope("adam_b").Done().UpdateGraph(sb, g, lossB)
		return lossA
	}, FlatAndTargets)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := step(1, data.Batch{X: []float32{0}, Targets: []float32{0}, Indexes: []int{0}, Shape: []int{1, 1}}); err != nil {
		t.Fatal(err)
	}
	if a, b := value(t, store, "/a/v"), value(t, store, "/b/v"); math.Abs(a-(1-lr)) > 1e-5 || math.Abs(b-lr) > 1e-5 {
		t.Errorf("after one step a = %.6f, b = %.6f; want %.6f and %.6f", a, b, 1-lr, lr)
	}
	d := points(1)
	d.Targets, d.TargetShape = []float32{0}, []int{1}
	if _, err := (Loop{Data: d, Steps: 3000}).Run(step); err != nil {
		t.Fatal(err)
	}
	if a, b := value(t, store, "/a/v"), value(t, store, "/b/v"); math.Abs(b-3) > 0.05 || math.Abs(a-3) > 0.1 {
		t.Errorf("after 3,000 steps a = %.3f and b = %.3f, want both near 3", a, b)
	}
}

// A model saved by Save and loaded by Load into a new store predicts
// exactly what it did; the optimizer's state comes with it.
func TestCheckpointRoundTrip(t *testing.T) {
	store := model.NewStore()
	fitLine(t, store, 50, 0.1)
	dir := filepath.Join(t.TempDir(), "line")
	if err := Save(store, dir); err != nil {
		t.Fatal(err)
	}
	if err := Save(store, dir); err != nil { // Again, over the first.
		t.Fatalf("saving over a checkpoint: %v", err)
	}
	loaded := model.NewStore()
	if err := Load(loaded, dir); err != nil {
		t.Fatal(err)
	}
	d := line()
	want, got := predict(t, store, d), predict(t, loaded, d)
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("example %d: the loaded model says %v, the saved one %v", i, got[i], want[i])
		}
	}
	if optimizer.GetGlobalStep(loaded) != 50 {
		t.Errorf("the loaded global step is %d, want 50", optimizer.GetGlobalStep(loaded))
	}

	for _, c := range []struct{ dir, want string }{
		{filepath.Join(t.TempDir(), "nothing"), "no checkpoint"},
		{corrupt(t, dir), "cannot be read"},
	} {
		err := Load(model.NewStore(), c.dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s): %v, want an error saying %q", c.dir, err, c.want)
		}
	}
}

// corrupt copies the checkpoint in dir with its metadata cut short.
func corrupt(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "corrupt")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".json") {
			b = b[:len(b)/2]
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// LoadScope takes one scope's variables into another model, under another
// scope if asked; Freeze keeps them fixed while the rest trains.
func TestLoadScopeAndFreeze(t *testing.T) {
	pre := model.NewStore()
	fitLine(t, pre, 100, 0.1)
	dir := filepath.Join(t.TempDir(), "pre")
	if err := Save(pre, dir); err != nil {
		t.Fatal(err)
	}

	other := model.NewStore()
	n, err := LoadScope(other, dir, "/base", "/pretrained")
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || value(t, other, "/pretrained/w") != value(t, pre, "/base/w") || other.GetVariable("/head/w") != nil {
		t.Errorf("loaded %d variables; want /base's two, as /pretrained, and nothing of /head", n)
	}
	if _, err := LoadScope(other, dir, "/nothing", "/x"); err == nil || !strings.Contains(err.Error(), "/base/w") {
		t.Errorf("a scope the checkpoint lacks: %v, want an error listing what it has", err)
	}

	student := model.NewStore()
	if _, err := LoadScope(student, dir, "/base", "/base"); err != nil {
		t.Fatal(err)
	}
	if _, err := Freeze(student, "/nothing"); err == nil {
		t.Error("freezing a scope without variables gave no error")
	}
	if n, err := Freeze(student, "base"); err != nil || n != 2 {
		t.Fatalf("Freeze: %d variables, %v; want 2", n, err)
	}
	w0 := value(t, student, "/base/w")
	fitLine(t, student, 100, 0.1)
	if value(t, student, "/base/w") != w0 {
		t.Errorf("a frozen weight changed from %g to %g", w0, value(t, student, "/base/w"))
	}
	if value(t, student, "/head/w") == 1 {
		t.Error("the head did not train")
	}
	if _, err := Unfreeze(student, "/base"); err != nil {
		t.Fatal(err)
	}
	fitLine(t, student, 10, 0.1)
	if value(t, student, "/base/w") == w0 {
		t.Error("an unfrozen weight did not train")
	}
}

// KeepStore trains once and reads the model back afterwards, as a later
// cell does; Forget makes it train again.
func TestKeepStore(t *testing.T) {
	t.Setenv(nnlib.CacheDirEnv, t.TempDir())
	t.Setenv(nnlib.RecomputeEnv, "")
	trainings := 0
	keep := func() *model.Store {
		store, err := KeepStore("line", map[string]int{"steps": 30}, func(store *model.Store) error {
			trainings++
			fitLine(t, store, 30, 0.1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return store
	}
	first, second := keep(), keep()
	if trainings != 1 {
		t.Fatalf("trained %d times, want once", trainings)
	}
	d := line()
	a, b := predict(t, first, d), predict(t, second, d)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("example %d: %v kept, %v trained", i, b[i], a[i])
		}
	}
	if err := nnlib.Forget("line"); err != nil {
		t.Fatal(err)
	}
	keep()
	if trainings != 2 {
		t.Errorf("after Forget, trained %d times in all, want 2", trainings)
	}
}

// With EarlyStopping.Restore, the model that comes back is the one of the
// best evaluation, not the last.
func TestEarlyStoppingRestoresTheBest(t *testing.T) {
	store := model.NewStore()
	step := NewSupervised(goBackend(t), store, twoLayers, loss.MeanSquaredError,
		optimizer.StochasticGradientDescent().WithLearningRate(0.05).WithDecay(false).Done(), FlatAndTargets)
	scores := []float64{0.1, 0.9, 0.5, 0.4, 0.3}
	var seen []float64 // /head/b at each evaluation.
	h, err := Loop{Data: line(), BatchSize: 8, Epochs: 5, EarlyStopping: EarlyStopping{Patience: 5, Restore: store},
		Evaluate: func(int) (Score, error) {
			seen = append(seen, value(t, store, "/head/b"))
			return Score{Metric: scores[len(seen)-1], Loss: math.NaN()}, nil
		}}.Run(step.Step)
	if err != nil {
		t.Fatal(err)
	}
	if h.Best != 1 || len(seen) != 5 {
		t.Fatalf("best %d of %d evaluations, want 1 of 5", h.Best, len(seen))
	}
	if got := value(t, store, "/head/b"); got != seen[1] || got == seen[4] {
		t.Errorf("after the run /head/b = %g; at the best evaluation it was %g, at the last %g", got, seen[1], seen[4])
	}
}

// childEnv marks the test binary run as a "notebook cell" by
// TestKeepStoreAcrossProcesses.
const childEnv = "NNLIB_TRAIN_TEST_CELL"

// Under GoNB every cell is a new process: a model kept by KeepStore in one
// process is read back by the next, which predicts exactly the same.
func TestKeepStoreAcrossProcesses(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		trained := false
		store, err := KeepStore("cells", 1, func(store *model.Store) error {
			trained = true
			fitLine(t, store, 40, 0.1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("trained=%v predictions=%v\n", trained, predict(t, store, line()))
		return
	}
	cache := t.TempDir()
	cell := func() string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKeepStoreAcrossProcesses$", "-test.v")
		cmd.Env = append(os.Environ(), childEnv+"=1", nnlib.CacheDirEnv+"="+cache, nnlib.RecomputeEnv+"=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("cell: %v\n%s", err, out)
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "trained=") {
				return l
			}
		}
		t.Fatalf("the cell printed no result:\n%s", out)
		return ""
	}
	first, second := cell(), cell()
	if !strings.HasPrefix(first, "trained=true ") || !strings.HasPrefix(second, "trained=false ") {
		t.Fatalf("first cell %q, second %q: want the first to train and the second to read back", first, second)
	}
	if p1, p2 := strings.TrimPrefix(first, "trained=true "), strings.TrimPrefix(second, "trained=false "); p1 != p2 {
		t.Errorf("the second cell predicts %s, the first %s", p2, p1)
	}
}
