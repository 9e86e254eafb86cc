package plots

import (
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Metric is one measured value at a training step, such as
// Metric{"loss", 0.42} or Metric{"validation accuracy", 0.91}.
type Metric struct {
	Name  string
	Value float64
}

// TrainingView shows a model learning: loss and accuracy curves that update
// in place in the notebook while it trains, with a progress bar and the
// time left. Outside a notebook it prints plain text lines instead.
//
// Metrics whose name contains "acc" (accuracy) share one panel, those with
// "PSNR" (an image's quality, in dB) another, the others (losses) a third;
// names with "val" are drawn dashed.
//
//	view := plots.NewTrainingView("Training the MLP", steps)
//	for step := 1; step <= steps; step++ {
//		loss := train()
//		view.Update(step, plots.Metric{Name: "loss", Value: loss})
//	}
//	view.Done()
type TrainingView struct {
	Title        string
	Total        int           // Steps the training will take, for the progress bar; 0 if unknown.
	Interval     time.Duration // Least time between two redraws in the notebook.
	TextInterval time.Duration // Least time between two text lines outside a notebook.
	Out          io.Writer     // Where text lines go outside a notebook.
	// Smooth, when above 1, draws each loss as the moving average of its
	// last Smooth values (see plots.Smooth), with the raw values faint
	// behind it: a minibatch's loss is noisy, its trend is what one watches.
	// 0 draws the raw values only.
	Smooth int

	mu       sync.Mutex
	names    []string    // Metric names, in order of first appearance.
	steps    [][]float64 // steps[k]: steps at which metric k was measured.
	values   [][]float64 // values[k]: its values.
	start    time.Time   // When the view was made: the training's start.
	last     time.Time   // Last redraw or text line; zero before the first.
	step     int         // Latest step.
	done     bool
	id       string // Display id of the notebook block.
	notebook bool
	now      func() time.Time
	display  func(id, html string)
}

// NewTrainingView returns a view for a training of total steps (0 if not
// known) that starts now. In a notebook it redraws at most every half
// second; elsewhere it prints a line at most every 2 seconds.
func NewTrainingView(title string, total int) *TrainingView {
	return &TrainingView{
		Title: title, Total: total,
		Interval: 500 * time.Millisecond, TextInterval: 2 * time.Second,
		Out:      os.Stdout,
		start:    time.Now(),
		notebook: InNotebook(), now: time.Now, display: gonbui.UpdateHTML,
	}
}

// Update records the metrics measured at step (1 after the first step) and
// redraws if enough time has passed since the last redraw. NaN values are
// skipped.
func (v *TrainingView) Update(step int, metrics ...Metric) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.done {
		return fmt.Errorf("plots: TrainingView.Update after Done: make a new view for a new training")
	}
	for _, m := range metrics {
		if m.Name == "" {
			return fmt.Errorf("plots: a metric needs a name, such as \"loss\"")
		}
		if math.IsInf(m.Value, 0) {
			return fmt.Errorf("plots: metric %q is infinite at step %d: the training diverged; try a lower learning rate", m.Name, step)
		}
	}
	now := v.now()
	v.step = step
	for _, m := range metrics {
		if math.IsNaN(m.Value) {
			continue
		}
		k := v.index(m.Name)
		v.steps[k] = append(v.steps[k], float64(step))
		v.values[k] = append(v.values[k], m.Value)
	}
	interval := v.TextInterval
	if v.notebook {
		interval = v.Interval
	}
	if !v.last.IsZero() && now.Sub(v.last) < interval {
		return nil
	}
	v.last = now
	return v.show(now, false)
}

// Done draws the final state, whatever the time since the last redraw.
// Call it once the training ends.
func (v *TrainingView) Done() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.done {
		return nil
	}
	v.done = true
	if err := v.show(v.now(), true); err != nil {
		return err
	}
	if v.notebook {
		gonbui.Sync() // The final view must reach the notebook before the cell's program exits.
	}
	return nil
}

// index returns the position of metric name, adding it if new.
func (v *TrainingView) index(name string) int {
	for k, n := range v.names {
		if n == name {
			return k
		}
	}
	v.names = append(v.names, name)
	v.steps = append(v.steps, nil)
	v.values = append(v.values, nil)
	return len(v.names) - 1
}

// show draws the figure in the notebook, or prints a line.
func (v *TrainingView) show(now time.Time, final bool) error {
	status := v.status(now, final)
	if !v.notebook {
		fmt.Fprintln(v.Out, v.textLine(status))
		return nil
	}
	var img []byte
	if p, err := v.figure(); err == nil {
		img, err = PNG(p, Width, 8*vg.Centimeter)
		if err != nil {
			return err
		}
	}
	if v.id == "" {
		v.id = "training_" + gonbui.UniqueId()
	}
	v.display(v.id, trainingHTML(img, v.step, v.Total, status))
	return nil
}

// status is the progress line: percentage, step, elapsed and left time.
func (v *TrainingView) status(now time.Time, final bool) string {
	elapsed := now.Sub(v.start)
	if final {
		return fmt.Sprintf("done: %d steps in %s", v.step, roundDuration(elapsed))
	}
	var b strings.Builder
	if v.Total > 0 {
		frac := float64(v.step) / float64(v.Total)
		fmt.Fprintf(&b, "%3.0f%% · step %d/%d · %s elapsed", 100*frac, v.step, v.Total, roundDuration(elapsed))
		if v.step > 0 && frac < 1 {
			left := time.Duration(float64(elapsed) * (1 - frac) / frac)
			fmt.Fprintf(&b, " · about %s left", roundDuration(left))
		}
	} else {
		fmt.Fprintf(&b, "step %d · %s elapsed", v.step, roundDuration(elapsed))
	}
	return b.String()
}

// textLine is the status followed by the latest value of each metric.
func (v *TrainingView) textLine(status string) string {
	var b strings.Builder
	b.WriteString(status)
	for k, name := range v.names {
		if n := len(v.values[k]); n > 0 {
			fmt.Fprintf(&b, " · %s %.4g", name, v.values[k][n-1])
		}
	}
	return b.String()
}

// Figure returns the current curves: losses on the left, accuracies on
// the right (when any). Save it at the end of a training for the slides.
func (v *TrainingView) Figure() (*plot.Plot, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.figure()
}

func (v *TrainingView) figure() (*plot.Plot, error) {
	panels, err := v.panels()
	if err != nil {
		return nil, err
	}
	return SideBySide(v.Title, panels...)
}

// panels returns the view's panels, side by side in the figure: losses,
// then accuracies and PSNRs when there are any.
func (v *TrainingView) panels() ([]*plot.Plot, error) {
	var panels []*plot.Plot
	for _, group := range v.groups() {
		if len(group.series) == 0 {
			continue
		}
		p, err := Lines("", "step", group.label, group.series...)
		if err != nil {
			return nil, err
		}
		if group.label == "accuracy" {
			p.Y.Min, p.Y.Max = math.Min(p.Y.Min, 0), math.Max(p.Y.Max, 1)
		}
		if v.Total > 0 {
			p.X.Min, p.X.Max = 0, float64(v.Total)
		}
		panels = append(panels, p)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("plots: no metrics recorded yet")
	}
	return panels, nil
}

// panelGroup is one panel's y label and series.
type panelGroup struct {
	key, label string
	series     []Series
}

// groups sorts the metrics into the panels: each goes to the first panel
// whose key its name contains, the losses to the first panel.
func (v *TrainingView) groups() []panelGroup {
	groups := []panelGroup{{"", "loss", nil}, {"acc", "accuracy", nil}, {"psnr", "PSNR (dB)", nil}}
	for k, name := range v.names {
		if len(v.values[k]) == 0 {
			continue
		}
		lower := strings.ToLower(name)
		g := 0
		for i := 1; i < len(groups); i++ {
			if strings.Contains(lower, groups[i].key) {
				g = i
				break
			}
		}
		s := Series{Name: name, X: v.steps[k], Y: v.values[k], Dashed: strings.Contains(lower, "val"), Color: ClassColor(len(groups[g].series))}
		if g == 0 && v.Smooth > 1 && len(s.Y) > v.Smooth {
			raw := s
			raw.Name, raw.Color = "", Lighter(s.Color, 0.7)
			s.Name = fmt.Sprintf("%s (mean of %d steps)", name, v.Smooth)
			s.Y = Smooth(s.Y, v.Smooth)
			groups[g].series = append(groups[g].series, raw)
		}
		groups[g].series = append(groups[g].series, s)
	}
	return groups
}

// trainingHTML is the notebook block: the figure (if any), a progress bar
// and the status line.
func trainingHTML(png []byte, step, total int, status string) string {
	var b strings.Builder
	b.WriteString(`<div style="font-family: sans-serif">`)
	if png != nil {
		w, _ := PixelSize(Width, Height)
		fmt.Fprintf(&b, `<img src="data:image/png;base64,%s" style="width: %dpx; max-width: 100%%"><br>`,
			base64.StdEncoding.EncodeToString(png), w*96/DPI)
	}
	if total > 0 {
		fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width: 300px; vertical-align: middle"></progress> `, min(step, total), total)
	}
	b.WriteString(html.EscapeString(status))
	b.WriteString(`</div>`)
	return b.String()
}

// roundDuration rounds d for people: 1m05s, 12.3s, 0.4s.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second)
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}
