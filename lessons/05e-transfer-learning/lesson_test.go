package transferlearn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/checktest"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/transfer"
)

func without(layers []string, drop string) []string {
	var out []string
	for _, l := range layers {
		if l != drop {
			out = append(out, l)
		}
	}
	return out
}

func TestProbePlanHints(t *testing.T) {
	if err := ProbePlanError(transfer.ProbePlan); err != nil {
		t.Fatalf("the lesson's probe is refused: %v", err)
	}
	plan := func(load func(layers []string, head string) []string, rates func(layers []string, head string, rate float64) map[string]float64) ProbeFunc {
		return func(layers []string, head string, rate float64) transfer.Plan {
			return transfer.Plan{Load: load(layers, head), Rates: rates(layers, head, rate)}
		}
	}
	allButHead := func(layers []string, head string) []string { return without(layers, head) }
	headOnly := func(_ []string, head string, rate float64) map[string]float64 { return map[string]float64{head: rate} }
	checktest.Hints(t, ProbePlanError, []checktest.Wrong[ProbeFunc]{
		{Name: "blank", Answer: plan(func([]string, string) []string { return nil }, func([]string, string, float64) map[string]float64 { return nil }), Hint: "a probe reuses every pretrained layer"},
		{Name: "loads the head", Answer: plan(func(l []string, _ string) []string { return l }, headOnly), Hint: "loads the old head"},
		{Name: "head too slow", Answer: plan(allButHead, func(_ []string, h string, r float64) map[string]float64 { return map[string]float64{h: r / 10} }), Hint: "give it the rate passed in"},
		{Name: "nothing loaded", Answer: plan(func([]string, string) []string { return nil }, headOnly), Hint: "is not loaded"},
		{Name: "everything trains", Answer: plan(allButHead, func(l []string, _ string, r float64) map[string]float64 {
			m := map[string]float64{}
			for _, x := range l {
				m[x] = r
			}
			return m
		}), Hint: "freezes every pretrained layer"},
		{Name: "a layer the network lacks", Answer: plan(func(l []string, h string) []string { return append(without(l, h), "conv9") }, headOnly), Hint: "does not have"},
		{Name: "panics", Answer: func([]string, string, float64) transfer.Plan { panic("boom") }, Hint: "stopped"},
	})
}

func TestTopPlanHints(t *testing.T) {
	if err := TopPlanError(topPlanOf); err != nil {
		t.Fatalf("the lesson's plan is refused: %v", err)
	}
	bottom := func(layers []string, head string, k int, rate, pre float64) transfer.Plan {
		p := transfer.ProbePlan(layers, head, rate)
		for _, l := range without(layers, head)[:k] {
			p.Rates[l] = pre
		}
		return p
	}
	checktest.Hints(t, TopPlanError, []checktest.Wrong[TopFunc]{
		{Name: "blank", Answer: func(_ []string, head string, _ int, rate, _ float64) transfer.Plan {
			return transfer.Plan{Rates: map[string]float64{head: rate}}
		}, Hint: "is not loaded"},
		{Name: "the first layers instead of the top", Answer: bottom, Hint: "nearest the head"},
		{Name: "top layers at the head's rate", Answer: func(layers []string, head string, k int, rate, pre float64) transfer.Plan {
			return topPlanOf(layers, head, k, rate, rate)
		}, Hint: "smaller rate"},
		{Name: "one layer too few", Answer: func(layers []string, head string, k int, rate, pre float64) transfer.Plan {
			return topPlanOf(layers, head, max(0, k-1), rate, pre)
		}, Hint: "is frozen, but it is among the top"},
		{Name: "loads the head", Answer: func(layers []string, head string, k int, rate, pre float64) transfer.Plan {
			p := topPlanOf(layers, head, k, rate, pre)
			p.Load = append(p.Load, head)
			return p
		}, Hint: "loads the old head"},
	})
}

// TestProbeFallback: the cell after the exercise trains the lesson's probe
// when the student's is blank, and the student's when it is right.
func TestProbeFallback(t *testing.T) {
	layers := []string{"conv1", "conv2", "dense1", "dense2"}
	blank := func([]string, string, float64) transfer.Plan { return transfer.Plan{} }
	if p := Probe(blank, layers, "dense2", 0.002); p.Rates["dense2"] != 0.002 || len(p.Load) != 3 {
		t.Errorf("a blank probe gives %+v, want the lesson's", p)
	}
	mine := func(l []string, h string, r float64) transfer.Plan {
		p := transfer.ProbePlan(l, h, r)
		p.Name = "mine"
		return p
	}
	if p := Probe(mine, layers, "dense2", 0.002); p.Name != "mine" {
		t.Errorf("a right probe is replaced by %+v", p)
	}
}

// TestPretrainedShipped checks every shipped checkpoint's SHA-256 and that
// each loads into its network and still scores its recipe's accuracy.
func TestPretrainedShipped(t *testing.T) {
	backend := nnlib.MustBackend()
	for _, p := range Catalog() {
		r, err := p.ReadRecipe()
		if err != nil {
			t.Fatal(err)
		}
		fit, _, err := p.Load()
		if err != nil {
			t.Fatal(err)
		}
		_, check, err := p.Data()
		if err != nil {
			t.Fatal(err)
		}
		acc, err := fit.Accuracy(backend, p.Net, check, 0)
		if err != nil {
			t.Fatal(err)
		}
		if d := acc - r.CheckAccuracy; d > 0.002 || d < -0.002 {
			t.Errorf("%s: %.4f on its check images, recipe.json says %.4f", p.Name, acc, r.CheckAccuracy)
		}
		if r.Command != RebuildCommand+" "+p.Name {
			t.Errorf("%s: recipe command %q", p.Name, r.Command)
		}
	}
}

// TestPretrainedDamaged copies a checkpoint, damages one byte, and wants one
// line that names the rebuild command; a missing folder too.
func TestPretrainedDamaged(t *testing.T) {
	src, err := FashionCNN.Dir()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dst := filepath.Join(root, "pretrained", FashionCNN.Name)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for name := range FashionCNN.Files {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".bin") {
			b[len(b)/2] ^= 1
		}
		if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(data.DataEnv, root)
	_, err = FashionCNN.Dir()
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), RebuildCommand) {
		t.Errorf("a damaged checkpoint gives %v, want one line saying it is damaged and how to rebuild it", err)
	}
	p := FashionCNN
	p.Name = "no-such-network"
	if _, err := p.Dir(); err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a missing checkpoint gives %v", err)
	}
}

// TestStudySmoke runs one plan of each task for a few steps and checks the
// frozen layers did not move and the results are read back by Results.
func TestStudySmoke(t *testing.T) {
	t.Setenv(nnlib.CacheDirEnv, t.TempDir())
	t.Setenv(nnlib.QuickEnv, "1")
	r := TheRun()
	r.Budgets = []int{1}
	backend := nnlib.MustBackend()
	task, err := DigitsTask(r)
	if err != nil {
		t.Fatal(err)
	}
	pre, _, err := task.Pre.Load()
	if err != nil {
		t.Fatal(err)
	}
	layers, err := task.Layers()
	if err != nil {
		t.Fatal(err)
	}
	probe := transfer.ProbePlan(layers, task.Head(), r.Rate)
	_, fit, err := r.Adapt(backend, task, probe, 1)
	if err != nil {
		t.Fatal(err)
	}
	moved := 0
	for _, q := range fit.Params {
		for _, p := range pre.Params {
			if p.Path == q.Path && !strings.Contains(p.Path, task.Head()) {
				for i := range p.Values {
					if p.Values[i] != q.Values[i] {
						moved++
						break
					}
				}
			}
		}
	}
	if moved > 0 {
		t.Errorf("the probe changed %d frozen variables", moved)
	}
	plans, err := r.Plans(task, probe)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Results("05e-digits-study", r); err == nil {
		t.Error("Results found a study that never ran")
	}
	if _, err := r.KeepStudy("05e-digits-study", task, plans); err != nil {
		t.Fatal(err)
	}
	res, err := Results("05e-digits-study", r)
	if err != nil || len(res) != 3 {
		t.Fatalf("Results = %v, %v; want the 3 plans' results", res, err)
	}
	if _, err := TaskOf("05e-nothing", r); err == nil {
		t.Error("TaskOf accepted an unknown study")
	}
}
