package plots

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestResidualBlocks(t *testing.T) {
	lay := NewResidualBlocks()
	d := &lay.Diagram
	node := func(i int) DiagramNode { return d.Nodes[i] }
	top := func(i int) float64 { return node(i).Y + node(i).H/2 }
	rects, _, _ := d.Bounds(Width, Height)

	// The parts, with their roles and names.
	if got, want := symbols(d, "layer"), []string{"3×3 conv, BN, ReLU", "3×3 conv, BN", "BN, ReLU, 3×3 conv", "BN, ReLU, 3×3 conv"}; !slices.Equal(got, want) {
		t.Errorf("layers %q, want %q", got, want)
	}
	if got := d.NodesOf("layer"); !slices.Equal(got, []int{lay.Convs[0], lay.Convs[1], lay.DenseConvs[0], lay.DenseConvs[1]}) {
		t.Errorf("layer nodes %v, want Convs %v then DenseConvs %v", got, lay.Convs, lay.DenseConvs)
	}
	if got, want := symbols(d, "op"), []string{"+", "‖", "‖"}; !slices.Equal(got, want) {
		t.Errorf("operations %q, want %q", got, want)
	}
	if got := d.NodesOf("op"); !slices.Equal(got, []int{lay.Add, lay.Concats[0], lay.Concats[1]}) {
		t.Errorf("op nodes %v, want Add %d then Concats %v", got, lay.Add, lay.Concats)
	}
	if got := d.NodesOf("input"); !slices.Equal(got, []int{lay.Input, lay.DenseInput}) || symbols(d, "input")[0] != "x" || symbols(d, "input")[1] != "x" {
		t.Errorf("inputs %v (%q)", got, symbols(d, "input"))
	}
	if n := node(lay.ReLU); n.Role != "activation" || n.Text.String() != "ReLU" {
		t.Errorf("the residual block's last node is %s %q, want the activation ReLU", n.Role, n.Text)
	}
	if got, want := d.TextsOf("title"), []string{"residual block", "dense block (DenseNet)"}; !slices.Equal(got, want) {
		t.Errorf("row titles %q, want %q", got, want)
	}
	if got, want := d.TextsOf("output"), []string{"ReLU(F(x) + x)", "[x, F₁, F₂]"}; !slices.Equal(got, want) {
		t.Errorf("outputs %q, want %q", got, want)
	}
	if got := d.TextsOf("shortcut"); len(got) != 1 || !strings.Contains(got[0], "identity shortcut") {
		t.Errorf("shortcut labels %q", got)
	}
	if got, want := d.TextsOf("skip"), []string{"x", "[x, F₁(x)]"}; !slices.Equal(got, want) {
		t.Errorf("skip labels %q, want %q", got, want)
	}
	notes := strings.Join(d.TextsOf("note"), " ")
	for _, want := range []string{"ReLU(F(x) + x)", "it only has to learn F = 0", "k channels (the growth rate)", "reads all those before it"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the notes %q do not say %q", notes, want)
		}
	}

	// Each row's main line, left to right: the residual block above the
	// dense block.
	chain := func(name string, arrows []int, nodes []int, out string) {
		t.Helper()
		if len(arrows) != len(nodes) {
			t.Fatalf("%s: %d arrows along the line, want %d", name, len(arrows), len(nodes))
		}
		for k, i := range arrows {
			a, to := d.Arrows[i], -1
			if k+1 < len(nodes) {
				to = nodes[k+1]
			}
			if a.Role != "line" || a.From != nodes[k] || a.To != to {
				t.Errorf("%s: arrow %d (%s) goes from node %d to %d, want %d to %d", name, k, a.Role, a.From, a.To, nodes[k], to)
			}
			if k > 0 && node(nodes[k]).X <= node(nodes[k-1]).X {
				t.Errorf("%s: node %d is not right of the one before", name, k)
			}
			if node(nodes[k]).Y != node(nodes[0]).Y {
				t.Errorf("%s: node %d is off the row", name, k)
			}
		}
		if last := d.Arrows[arrows[len(arrows)-1]]; last.ToText < 0 || d.Texts[last.ToText].String() != out {
			t.Errorf("%s: the line does not end at the output %q", name, out)
		}
	}
	chain("residual", lay.Line, []int{lay.Input, lay.Convs[0], lay.Convs[1], lay.Add, lay.ReLU}, "ReLU(F(x) + x)")
	chain("dense", lay.DenseLine, []int{lay.DenseInput, lay.DenseConvs[0], lay.Concats[0], lay.DenseConvs[1], lay.Concats[1]}, "[x, F₁, F₂]")
	if node(lay.Input).Y <= node(lay.DenseInput).Y {
		t.Errorf("the residual row is not above the dense row")
	}

	// into returns the arrows that end on node n.
	into := func(n int) []int {
		var out []int
		for i, a := range d.Arrows {
			if a.To == n {
				out = append(out, i)
			}
		}
		return out
	}
	// over checks that arrow i leaves its row's line at a junction between
	// the nodes after and before, runs above the nodes under, and comes
	// down into node to from above.
	over := func(name string, i, after, before, to int, under ...int) {
		t.Helper()
		a := d.Arrows[i]
		if a.From != -1 || a.To != to {
			t.Errorf("%s: arrow %d goes from node %d to %d, want from the line to %d", name, i, a.From, a.To, to)
		}
		start := a.Path[0]
		if start.Y != node(to).Y || start.X <= rects[after].MaxX || start.X >= rects[before].MinX {
			t.Errorf("%s: starts at %+v, not on the line between node %d and node %d", name, start, after, before)
		}
		if !slices.Contains(d.Dots, start) {
			t.Errorf("%s: no junction dot where it leaves the line", name)
		}
		for _, n := range under {
			for _, p := range a.Path[1 : len(a.Path)-1] {
				if p.Y <= top(n) {
					t.Errorf("%s: runs at height %.3f, not above node %d (top %.3f)", name, p.Y, n, top(n))
				}
			}
		}
		for _, size := range diagramSizes {
			path := d.Path(i, Width, size[1])
			end, from := path[len(path)-1], path[len(path)-2]
			if math.Abs(end.X-node(to).X) > 1e-9 || from.X != end.X || from.Y <= end.Y || end.Y <= node(to).Y {
				t.Errorf("%s: does not come down into node %d from above: ends %+v after %+v", name, to, end, from)
			}
		}
	}

	// The residual block: the shortcut leaves the line just after x, runs
	// above both layers and enters the "+", which adds it to F(x), the
	// second layer's output.
	if got := d.ArrowsOf("shortcut"); !slices.Equal(got, []int{lay.Shortcut}) {
		t.Errorf("shortcut arrows %v, want [%d]", got, lay.Shortcut)
	}
	over("the shortcut", lay.Shortcut, lay.Input, lay.Convs[0], lay.Add, lay.Convs[0], lay.Convs[1])
	if got := into(lay.Add); !slices.Equal(got, []int{lay.Line[2], lay.Shortcut}) {
		t.Errorf("arrows into the +: %v, want the second layer's %d and the shortcut %d", got, lay.Line[2], lay.Shortcut)
	}
	if got := d.TextsOf("signal"); !slices.Equal(got, []string{"F(x)"}) {
		t.Errorf("the signal into the + is labelled %q, want F(x)", got)
	}

	// The dense block: each concatenation gets its layer's new channels
	// along the line and, from above, everything before that layer.
	if got := d.ArrowsOf("skip"); !slices.Equal(got, lay.Skips[:]) {
		t.Errorf("skip arrows %v, want %v", got, lay.Skips)
	}
	over("skip 0", lay.Skips[0], lay.DenseInput, lay.DenseConvs[0], lay.Concats[0], lay.DenseConvs[0])
	over("skip 1", lay.Skips[1], lay.Concats[0], lay.DenseConvs[1], lay.Concats[1], lay.DenseConvs[1])
	for k, c := range lay.Concats {
		if got := into(c); !slices.Equal(got, []int{lay.DenseLine[2*k+1], lay.Skips[k]}) {
			t.Errorf("arrows into concatenation %d: %v, want layer %d's %d and the skip %d", k, got, k, lay.DenseLine[2*k+1], lay.Skips[k])
		}
	}
	if len(d.Dots) != 3 {
		t.Errorf("%d junction dots, want 3 (the shortcut's and the two skips')", len(d.Dots))
	}

	checkDiagram(t, d, mustPlot(t)(ResidualBlocks("Residual and dense blocks")))
}
