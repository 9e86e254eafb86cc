package plots

import "testing"

func TestNetworkLayout(t *testing.T) {
	for _, c := range []struct {
		net                       Network
		neurons, bias, edges, top int
	}{
		// The deck's 3-3-1 MLP: (3+1)×3 + (3+1)×1 weights.
		{Network{Layers: []int{3, 3, 1}, Bias: true}, 7, 2, 16, 4},
		{Network{Layers: []int{3, 3, 1}}, 7, 0, 12, 3},
		{Network{Layers: []int{4, 5, 5, 3}, Bias: true}, 17, 3, 5*5 + 6*5 + 6*3, 6},
	} {
		lay, err := c.net.Layout()
		if err != nil {
			t.Fatal(err)
		}
		neurons, bias, edges := lay.Counts()
		if neurons != c.neurons || bias != c.bias || edges != c.edges {
			t.Errorf("%v: %d neurons, %d bias units, %d connections; want %d, %d, %d",
				c.net.Layers, neurons, bias, edges, c.neurons, c.bias, c.edges)
		}
		for _, e := range lay.Edges {
			from, to := lay.Nodes[e.From], lay.Nodes[e.To]
			if to.Layer != from.Layer+1 || to.Bias {
				t.Errorf("connection %+v → %+v: must go to a neuron of the next layer", from, to)
			}
		}
		for _, n := range lay.Nodes {
			if n.X < 0 || n.X > 1 || n.Y < 0 || n.Y > 1 {
				t.Errorf("node %+v outside the unit square", n)
			}
		}
		checkPNG(t, mustPlot(t)(NetworkDiagram("MLP", c.net)), Width, Height)
	}
}

func TestNetworkNames(t *testing.T) {
	lay, err := Network{Layers: []int{3, 3, 1}, Bias: true}.Layout()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range lay.Nodes {
		names = append(names, n.Symbol.String())
	}
	want := []string{"+1", "x_1", "x_2", "x_3", "+1", "a_1^(2)", "a_2^(2)", "a_3^(2)", "a_1^(3)"}
	if len(names) != len(want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("node %d is %q, want %q", i, names[i], want[i])
		}
	}
	if !lay.Nodes[0].Bias || lay.Nodes[0].Y <= lay.Nodes[1].Y {
		t.Errorf("the bias unit comes first, on top")
	}
}

func TestNetworkErrors(t *testing.T) {
	for name, n := range map[string]Network{
		"one layer":      {Layers: []int{3}},
		"empty layer":    {Layers: []int{3, 0, 1}},
		"names ≠ layers": {Layers: []int{3, 1}, LayerNames: []string{"in"}},
	} {
		_, err := NetworkDiagram(name, n)
		wantError(t, name, err)
	}
}

func TestVenn(t *testing.T) {
	sets := VennSets()
	if len(sets) != 4 || sets[0].Name != "Artificial intelligence" || sets[3].Name != "Deep learning" {
		t.Fatalf("VennSets: %+v", sets)
	}
	examples := []string{"knowledge bases", "logistic regression", "shallow autoencoders", "MLPs"}
	for i, s := range sets {
		if s.Example != "Example: "+examples[i] {
			t.Errorf("set %q has example %q", s.Name, s.Example)
		}
	}
	v := &Venn{Sets: sets}
	for k := 1; k < len(sets); k++ {
		cx, cy, rx, ry := v.Ellipse(k)
		px, py, prx, pry := v.Ellipse(k - 1)
		// Inside its parent: the four extreme points lie in the parent ellipse.
		for _, pt := range [][2]float64{{cx - rx, cy}, {cx + rx, cy}, {cx, cy + ry}, {cx, cy - ry + 1e-9}} {
			dx, dy := (pt[0]-px)/prx, (pt[1]-py)/pry
			if dx*dx+dy*dy > 1+1e-9 {
				t.Errorf("set %d pokes out of set %d at %v", k, k-1, pt)
			}
		}
		// Its top leaves its parent a band for the parent's name and example.
		if (py+pry)-(cy+ry) < 0.15 {
			t.Errorf("set %d leaves only %g of the height above it", k, (py+pry)-(cy+ry))
		}
	}
	checkPNG(t, mustPlot(t)(VennDiagram("What is deep learning?", sets...)), Width, Height)
	_, err := VennDiagram("empty")
	wantError(t, "no sets", err)
}

// TestNetworkCaptionsNotClipped: the layer captions' second line, "(784)",
// lost its bottom at the figure's edge (issue 19): the bottom rows of the
// image must be blank, with the captions' ink just above them.
func TestNetworkCaptionsNotClipped(t *testing.T) {
	p := mustPlot(t)(NetworkDiagram("", Network{Layers: []int{6, 4, 4}, Bias: true, LayerNames: []string{"pixels\n(784)", "hidden\n(32)", "one per class\n(4)"}}))
	img := renderImage(t, p, Width, Height)
	b := img.Bounds()
	inked := func(y int) bool {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r>>8 < 200 || g>>8 < 200 || bl>>8 < 200 {
				return true
			}
		}
		return false
	}
	for y := b.Max.Y - 3; y < b.Max.Y; y++ {
		if inked(y) {
			t.Errorf("row %d of %d has ink: the captions are clipped at the bottom", y, b.Max.Y)
		}
	}
	ink := false
	for y := b.Max.Y - 20; y < b.Max.Y-3; y++ {
		ink = ink || inked(y)
	}
	if !ink {
		t.Errorf("no caption in the bottom 20 rows")
	}
}
