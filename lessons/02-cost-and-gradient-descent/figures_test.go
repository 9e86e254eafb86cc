package gradientdescent

import (
	"math"
	"testing"

	"gonum.org/v1/plot"

	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

func renders(t *testing.T, name string, p *plot.Plot, err error) {
	t.Helper()
	if err == nil {
		err = plots.CheckRenders(p)
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestFiguresRender(t *testing.T) {
	p, err := ConvexityFigure("t", "w", func(w float64) float64 { return w * w }, -1, 1, -0.5, 0.8)
	renders(t, "convexity", p, err)
	c, h, s, err := SurfaceFigures([]float64{-1, 1.3}, 0.16, 400)
	renders(t, "contours", c, err)
	renders(t, "heat map", h, nil)
	renders(t, "surface", s, nil)
	p, err = LogisticCostsFigure([]float64{-1, 1}, []float64{0, 1}, -5, 5)
	renders(t, "logistic", p, err)
	p, err = LearningRatesFigure(1, 2, 0, []float64{0.05, 0.3, 0.9, 1.05}, 25)
	renders(t, "learning rates", p, err)
	p, err = NonConvexFigure([]float64{-1.9, 1.9}, 0.02)
	renders(t, "non-convex", p, err)
}

// The figures' claims, checked by their data.
func TestFigureFacts(t *testing.T) {
	// The two-parameter view fits both samples exactly at (0.4, 0.7).
	if j := DeckCost2(0.4, 0.7); j > 1e-24 {
		t.Errorf("J(0.4, 0.7) = %g, want 0", j)
	}
	tr, err := Descend(DeckGradient2, []float64{-1, 1.3}, 0.16, 1e-9, 400)
	if err != nil {
		t.Fatal(err)
	}
	if w := tr.Last(); math.Abs(w[0]-0.4) > 0.01 || math.Abs(w[1]-0.7) > 0.01 {
		t.Errorf("the surface's path ends at %v, not near (0.4, 0.7)", w)
	}
	// Learning rates on (w − 2)²: 0.05 is still far after 25 steps, 0.3 and
	// 0.9 converge, 1.05 diverges.
	grad := func(w []float64) []float64 { return []float64{2 * (w[0] - 2)} }
	after := func(eta float64) float64 {
		tr, _ := Descend(grad, []float64{0}, eta, 1e-12, 25)
		return tr.Last()[0]
	}
	if w := after(0.05); math.Abs(w-2) < 0.1 {
		t.Errorf("η = 0.05 should still be far from 2 after 25 steps: %v", w)
	}
	if w := after(0.3); math.Abs(w-2) > 1e-6 {
		t.Errorf("η = 0.3 should have converged: %v", w)
	}
	if w := after(0.9); math.Abs(w-2) > 0.1 {
		t.Errorf("η = 0.9 should oscillate in towards 2: %v", w)
	}
	if w := after(1.05); math.Abs(w-2) < 10 {
		t.Errorf("η = 1.05 should diverge: %v", w)
	}
	// The non-convex cost: nearby starts, different minima, as the lesson says.
	ends := map[float64]float64{}
	for _, s := range []float64{-1.9, -0.3, 0.3, 1.9} {
		tr, err := Descend(NonConvexGradient, []float64{s}, 0.02, 1e-8, 10000)
		if err != nil || !tr.Converged {
			t.Fatalf("from %v: %v", s, err)
		}
		ends[s] = tr.Last()[0]
	}
	if math.Abs(ends[-0.3]+1.30) > 0.01 || math.Abs(ends[0.3]-1.13) > 0.01 || math.Abs(ends[-1.9]-ends[-0.3]) > 1e-4 || math.Abs(ends[1.9]-ends[0.3]) > 1e-4 {
		t.Errorf("minima reached: %v", ends)
	}
	if j := NonConvex(ends[-0.3]); math.Abs(j+3.51) > 0.01 {
		t.Errorf("global minimum J = %v, lesson says −3.51", j)
	}
	if j := NonConvex(ends[0.3]); math.Abs(j+1.07) > 0.01 {
		t.Errorf("local minimum J = %v, lesson says −1.07", j)
	}
}

// The heat map has its colour bar (a figure of two parts, wider than the map
// alone would leave) and the 3-D view the same w₁ range as its siblings.
func TestSurfaceFiguresShareRanges(t *testing.T) {
	c, _, s, err := SurfaceFigures([]float64{-1, 1.3}, 0.16, 400)
	if err != nil {
		t.Fatal(err)
	}
	if c.Y.Min > surfaceW1Min || c.Y.Max < surfaceW1Max {
		t.Errorf("the contours cover w₁ ∈ [%g, %g]", c.Y.Min, c.Y.Max)
	}
	_ = s
	g3, err := surfaceGrid()
	if err != nil {
		t.Fatal(err)
	}
	if g3.Ys[0] != surfaceW1Min || g3.Ys[len(g3.Ys)-1] != surfaceW1Max {
		t.Errorf("the 3-D view covers w₁ ∈ [%g, %g], its siblings [%g, %g]", g3.Ys[0], g3.Ys[len(g3.Ys)-1], surfaceW1Min, surfaceW1Max)
	}
}
