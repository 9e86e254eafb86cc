package plots

import "testing"

// TestAutoencoderLayout checks the diagram's structure and that nothing
// overlaps or leaves the drawing at the default size.
func TestAutoencoderLayout(t *testing.T) {
	for _, widths := range [][]int{{784, 256, 32, 256, 784}, {784, 2, 784}, {784, 512, 256, 8, 256, 512, 784}} {
		lay, err := NewAutoencoderLayout(widths)
		if err != nil {
			t.Fatal(err)
		}
		d := &lay.Diagram
		if len(lay.Layers) != len(widths) || lay.Code != lay.Layers[len(widths)/2] || len(d.NodesOf("code")) != 1 {
			t.Errorf("%v: %d layers, code node %d", widths, len(lay.Layers), lay.Code)
		}
		if len(lay.Chain) != len(widths)+1 || d.Arrows[lay.Chain[0]].From != lay.Input || d.Arrows[lay.Chain[len(lay.Chain)-1]].To != lay.Output {
			t.Errorf("%v: the arrows do not run from the input to the output", widths)
		}
		// Taller for wider layers; the code the shortest.
		for _, i := range lay.Layers {
			if i != lay.Code && d.Nodes[i].H <= d.Nodes[lay.Code].H {
				t.Errorf("%v: layer node %d is not taller than the code", widths, i)
			}
		}
		nodes, texts, _ := d.Bounds(Width, Height)
		for i, a := range nodes {
			if !UnitSquare.Contains(a) {
				t.Errorf("%v: node %d leaves the drawing: %+v", widths, i, a)
			}
			for j := i + 1; j < len(nodes); j++ {
				if a.Overlaps(nodes[j]) {
					t.Errorf("%v: nodes %d and %d overlap", widths, i, j)
				}
			}
			for k, b := range texts {
				if a.Overlaps(b) {
					t.Errorf("%v: node %d and text %q overlap", widths, i, d.Texts[k])
				}
			}
		}
		for k, b := range texts {
			if !UnitSquare.Contains(b) {
				t.Errorf("%v: text %q leaves the drawing: %+v", widths, d.Texts[k], b)
			}
			for j := k + 1; j < len(texts); j++ {
				if b.Overlaps(texts[j]) {
					t.Errorf("%v: texts %q and %q overlap", widths, d.Texts[k], d.Texts[j])
				}
			}
		}
	}
	for _, bad := range [][]int{{784, 784}, {784, 900, 784}, {784, 0, 784}, {}} {
		if _, err := NewAutoencoderLayout(bad); err == nil {
			t.Errorf("widths %v accepted", bad)
		}
	}
	if _, err := Autoencoder("An autoencoder", []int{784, 256, 32, 256, 784}); err != nil {
		t.Fatal(err)
	}
}
