package transfer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// tiny is a small residual network with batch normalisation on 14×14 digits.
func tiny(classes int) cnn.Deep {
	return cnn.Deep{Height: 14, Width: 14, Channels: 1, Join: cnn.Residual, Widths: []int{4, 8, 8}, Blocks: 1, BatchNorm: true, Classes: classes}
}

func digits(t *testing.T, perClass int, seed uint32) *data.Dataset {
	t.Helper()
	d, err := data.PrintedDigits(perClass, seed)
	if err != nil {
		t.Fatal(err)
	}
	h, err := data.HalfSize(d)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func params(f cnn.Fitted) map[string][]float32 {
	m := map[string][]float32{}
	for _, p := range f.Params {
		m[p.Path] = p.Values
	}
	return m
}

// TestAdaptPlans pretrains a tiny network, saves it, and adapts it by each
// plan: the probe leaves every pretrained weight and statistic exactly as
// saved and trains a head; fine-tuning moves both; from scratch starts
// elsewhere.
func TestAdaptPlans(t *testing.T) {
	backend, err := nnlib.Backend()
	if err != nil {
		t.Fatal(err)
	}
	set := digits(t, 8, 1)
	net := tiny(10)
	cfg := cnn.FitConfig{Steps: 4, BatchSize: 16, Seed: 3}
	pre, err := cnn.FitNet(backend, net, cfg, set, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pre")
	if err := Save(pre, dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(net, dir)
	if err != nil {
		t.Fatal(err)
	}
	saved := params(pre)
	for path, v := range params(loaded) {
		if !slices.Equal(v, saved[path]) {
			t.Fatalf("%s changed through Save and Load", path)
		}
	}
	layers, err := Layers(net)
	if err != nil {
		t.Fatal(err)
	}
	head := net.HeadLayer()
	if !slices.Contains(layers, head) || !slices.Contains(layers, "conv01") {
		t.Fatalf("Layers = %v, want conv01 … %s", layers, head)
	}
	target := digits(t, 4, 2)
	adapt := func(p Plan) map[string][]float32 {
		f, err := Adapt(backend, net, dir, p, cnn.FitConfig{Steps: 3, BatchSize: 16, Seed: 9}, target, target)
		if err != nil {
			t.Fatal(err)
		}
		if acc := f.FinalAccuracy(); acc < 0 || acc > 1 {
			t.Fatalf("%s: accuracy %g", p.Name, acc)
		}
		return params(f)
	}
	probe := adapt(ProbePlan(layers, head, 0.01))
	fine := adapt(FineTunePlan(layers, head, 0.01, 0.001))
	scratch := adapt(ScratchPlan(layers, 0.01))
	moved := func(got map[string][]float32, under string) (same, differ int) {
		for path, v := range saved {
			if strings.HasPrefix(path, "/"+under) {
				if slices.Equal(got[path], v) {
					same++
				} else {
					differ++
				}
			}
		}
		return same, differ
	}
	for _, l := range layers {
		same, differ := moved(probe, l)
		if l == head && same > 0 {
			t.Errorf("probe: %d variables of the head kept the pretrained values", same)
		}
		if l != head && differ > 0 {
			t.Errorf("probe: %d variables of the frozen layer %s changed (weights or statistics)", differ, l)
		}
	}
	if _, differ := moved(fine, "conv01"); differ == 0 {
		t.Error("fine-tuning left conv01 as pretrained")
	}
	if same, _ := moved(scratch, "conv01/kernel"); same > 0 {
		t.Error("from scratch started from the pretrained kernel")
	}
}

// TestPlanCheck: the mistakes a plan can hold are named.
func TestPlanCheck(t *testing.T) {
	layers := []string{"conv1", "conv2", "dense1", "dense2"}
	for _, c := range []struct {
		plan Plan
		want string
	}{
		{ProbePlan(layers, "dense2", 0.01), ""},
		{FineTunePlan(layers, "dense2", 0.01, 0.001), ""},
		{ScratchPlan(layers, 0.01), ""},
		{Plan{Load: []string{"conv1", "conv2"}, Rates: map[string]float64{"dense2": 0.01}}, "dense1 is frozen but not loaded"},
		{Plan{Load: layers[:3], Rates: map[string]float64{}}, "the head, dense2, is frozen"},
		{Plan{Load: []string{"conv3"}, Rates: map[string]float64{"dense2": 0.01}}, `loads "conv3"`},
		{Plan{Load: layers[:3], Rates: map[string]float64{"dense2": -1}}, "rate -1"},
	} {
		err := c.plan.Check(layers, "dense2")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.plan, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: error %v, want one saying %q", c.plan, err, c.want)
		}
	}
	if got := FineTunePlan(layers, "dense2", 0.01, 0.001).Describe(layers); !strings.Contains(got, "conv1 pretrained, rate 0.001") || !strings.Contains(got, "dense2 random, rate 0.01") {
		t.Errorf("Describe = %q", got)
	}
}
