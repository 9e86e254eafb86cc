package plots

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
	"time"
)

// fakeView returns a view with a clock the test moves and a record of what
// it displayed or printed.
func fakeView(notebook bool, total int) (v *TrainingView, clock *time.Time, shown *[]string, out *bytes.Buffer) {
	clock = new(time.Time)
	*clock = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	shown = new([]string)
	out = new(bytes.Buffer)
	v = NewTrainingView("Training", total)
	v.Out, v.notebook = out, notebook
	v.now = func() time.Time { return *clock }
	v.start = *clock
	v.display = func(id, html string) {
		if !strings.HasPrefix(id, "training_") {
			panic("display id " + id)
		}
		*shown = append(*shown, html)
	}
	return v, clock, shown, out
}

func TestTrainingViewThrottlesRedraws(t *testing.T) {
	v, clock, shown, out := fakeView(true, 100)
	for step := 1; step <= 100; step++ {
		*clock = clock.Add(20 * time.Millisecond) // 2 s in all.
		if err := v.Update(step, Metric{"loss", 1 / float64(step)}, Metric{"accuracy", 1 - 1/float64(step)}); err != nil {
			t.Fatal(err)
		}
	}
	// The first update, then one every 0.5 s of the 2 s.
	if n := len(*shown); n < 4 || n > 5 {
		t.Errorf("%d redraws in 2 s, want 4 or 5 (one every 0.5 s)", n)
	}
	if err := v.Done(); err != nil {
		t.Fatal(err)
	}
	last := (*shown)[len(*shown)-1]
	for _, want := range []string{`<img src="data:image/png;base64,`, `<progress value="100" max="100"`, "done: 100 steps"} {
		if !strings.Contains(last, want) {
			t.Errorf("the final view lacks %q", want)
		}
	}
	if out.Len() != 0 {
		t.Errorf("a notebook view printed %q", out.String())
	}
	if err := v.Update(101, Metric{"loss", 0}); err == nil {
		t.Errorf("Update after Done must fail")
	}
}

func TestTrainingViewTimeLeft(t *testing.T) {
	v, clock, shown, _ := fakeView(true, 200)
	*clock = clock.Add(200 * time.Millisecond)
	if err := v.Update(1, Metric{"loss", 1}); err != nil {
		t.Fatal(err)
	}
	*clock = clock.Add(9800 * time.Millisecond)
	if err := v.Update(50, Metric{"loss", 0.5}); err != nil {
		t.Fatal(err)
	}
	// 50 of 200 steps in 10 s: 30 s left.
	if last := (*shown)[len(*shown)-1]; !strings.Contains(last, "25% · step 50/200 · 10s elapsed · about 30s left") {
		t.Errorf("status line in %q", last[strings.LastIndex(last, ">")+1:])
	}
}

func TestTrainingViewText(t *testing.T) {
	v, clock, shown, out := fakeView(false, 10)
	for step := 1; step <= 10; step++ {
		*clock = clock.Add(time.Second)
		if err := v.Update(step, Metric{"loss", 0.5}, Metric{"validation loss", nanIf(step%2 == 1)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Done(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// Steps 1, 3, 5, 7, 9 (every 2 s) and the final line.
	if len(lines) != 6 {
		t.Errorf("%d text lines, want 6:\n%s", len(lines), out.String())
	}
	if !strings.Contains(lines[0], "10% · step 1/10") || !strings.Contains(lines[0], "loss 0.5") {
		t.Errorf("first line %q", lines[0])
	}
	if !strings.HasPrefix(lines[len(lines)-1], "done: 10 steps in 10s") || !strings.Contains(lines[len(lines)-1], "validation loss 0.5") {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
	if len(*shown) != 0 {
		t.Errorf("outside a notebook nothing is displayed")
	}
	p := mustPlot(t)(v.Figure())
	checkPNG(t, p, Width, Height)
}

func TestTrainingViewErrors(t *testing.T) {
	v, _, _, _ := fakeView(false, 0)
	wantError(t, "nameless metric", v.Update(1, Metric{"", 1}))
	wantError(t, "infinite loss", v.Update(1, Metric{"loss", inf()}))
	if _, err := v.Figure(); err == nil {
		t.Errorf("Figure with no metrics must fail")
	}
	if err := v.Done(); err != nil {
		t.Errorf("Done with no metrics: %v", err)
	}
}

func nanIf(b bool) float64 {
	if b {
		return nan()
	}
	return 0.5
}

func inf() float64 { return 1 / zero }

var zero float64

// TestTrainingViewPanels: losses, accuracies and PSNRs (in dB, on another
// scale than a loss) each get their own panel, in that order.
func TestTrainingViewPanels(t *testing.T) {
	v := NewTrainingView("t", 10)
	v.Out = io.Discard
	for step := 1; step <= 3; step++ {
		_ = v.Update(step, Metric{Name: "loss", Value: 0.01}, Metric{Name: "validation PSNR (dB)", Value: 18}, Metric{Name: "validation accuracy", Value: 0.9})
	}
	panels, err := v.panels()
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, p := range panels {
		labels = append(labels, p.Y.Label.Text)
	}
	if strings.Join(labels, ", ") != "loss, accuracy, PSNR (dB)" {
		t.Errorf("panels %v, want loss, accuracy, PSNR (dB)", labels)
	}
}

func TestTrainingViewSmoothsLosses(t *testing.T) {
	v := NewTrainingView("t", 100)
	v.Out, v.Smooth = io.Discard, 10
	for step := 1; step <= 40; step++ {
		_ = v.Update(step, Metric{Name: "training loss", Value: float64(step % 2)}, Metric{Name: "validation accuracy", Value: 0.5})
	}
	groups := v.groups()
	loss := groups[0].series
	if len(loss) != 2 || loss[0].Name != "" || loss[1].Name != "training loss (mean of 10 steps)" {
		t.Fatalf("loss series %+v, want the raw values unnamed, then the mean of 10 steps", loss)
	}
	if loss[0].Y[39] != 0 || math.Abs(loss[1].Y[39]-0.5) > 1e-12 || math.Abs(loss[1].Y[0]-1) > 1e-12 {
		t.Errorf("raw last %v, smoothed first %v and last %v; want 0, 1 (the mean of one value) and 0.5", loss[0].Y[39], loss[1].Y[0], loss[1].Y[39])
	}
	if acc := groups[1].series; len(acc) != 1 || acc[0].Name != "validation accuracy" {
		t.Errorf("accuracy series %+v, want one, not smoothed", acc)
	}
	if _, err := v.panels(); err != nil {
		t.Error(err)
	}
}
