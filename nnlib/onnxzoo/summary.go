package onnxzoo

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gomlx/onnx-gomlx/onnx"
)

// graphInfo is what the ONNX file says about the network, as written (before
// the edits of edit.go).
type graphInfo struct {
	producer  string            // The program that exported it, with its version.
	graphName string            // The graph's name.
	irVersion int64             // The ONNX format's version.
	opset     int64             // The version of the ONNX operators it uses.
	nodes     []nodeInfo        // The operations, in the file's order.
	weights   map[string]tensor // The initializers, by name.
	params    int               // The number of float values among the initializers.
}

// nodeInfo is one node of the graph.
type nodeInfo struct {
	op, name        string
	inputs, outputs []string
	attrs           []string // "name=value", in the file's order.
}

// describe reads what Summary shows from the serialized model.
func describe(raw []byte) (graphInfo, error) {
	var info graphInfo
	m, err := decode(raw)
	if err != nil {
		return info, err
	}
	info.producer = strings.TrimSpace(m.str(modelProducerName) + " " + m.str(modelProducerVersion))
	info.irVersion = m.int(modelIRVersion)
	opsets, err := m.subs(modelOpsetImport)
	if err != nil {
		return info, err
	}
	for _, o := range opsets {
		info.opset = max(info.opset, o.int(opsetVersion))
	}
	g, err := m.sub(modelGraph)
	if err != nil || g == nil {
		return info, fmt.Errorf("no graph (%v)", err)
	}
	info.graphName = g.str(graphName)
	inits, err := g.subs(graphInitializer)
	if err != nil {
		return info, err
	}
	info.weights = map[string]tensor{}
	for _, in := range inits {
		t, err := readTensor(in)
		if err != nil {
			return info, err
		}
		info.weights[t.name] = t
		if t.dataType == dataTypeFloat {
			info.params += t.size()
		}
	}
	nodes, err := g.subs(graphNode)
	if err != nil {
		return info, err
	}
	for _, n := range nodes {
		ni := nodeInfo{op: n.str(nodeOpType), name: n.str(nodeName), inputs: n.strs(nodeInput), outputs: n.strs(nodeOutput)}
		attrs, err := n.subs(nodeAttribute)
		if err != nil {
			return info, err
		}
		for _, a := range attrs {
			ints, err := a.ints(attrInts)
			if err != nil {
				return info, err
			}
			value := strconv.FormatInt(a.int(attrI), 10)
			switch {
			case len(ints) > 0:
				value = fmt.Sprint(ints)
			case a.str(attrS) != "":
				value = a.str(attrS)
			}
			ni.attrs = append(ni.attrs, a.str(attrName)+"="+value)
		}
		if len(ni.outputs) == 0 {
			return info, fmt.Errorf("node %s has no output", ni.name)
		}
		info.nodes = append(info.nodes, ni)
	}
	return info, nil
}

// summary is the text of Model.Summary: shapes are the shapes GoMLX built
// for one image; the axes of the outputs that depend on the input are
// shown as N, the batch.
func (info graphInfo) summary(path string, om onnx.Model, shapes map[string][]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ONNX model %q (%s), exported by %s: ONNX IR version %d, operators of opset %d\n", info.graphName, path, info.producer, info.irVersion, info.opset)
	inNames, inShapes := om.Inputs()
	for i, name := range inNames {
		fmt.Fprintf(&b, "input  %s: %s %s\n", name, inShapes[i].DType, dimsString(inShapes[i].Dimensions, true))
	}
	outNames, outShapes := om.Outputs()
	for i, name := range outNames {
		fmt.Fprintf(&b, "output %s: %s %s\n", name, outShapes[i].DType, dimsString(outShapes[i].Dimensions, true))
	}
	batched := map[string]bool{} // Outputs that depend on the input, so have a batch axis.
	for _, name := range inNames {
		batched[name] = true
	}
	b.WriteString("\n")
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "#\top\tnode\toutput shape\tweights\tattributes")
	for i, n := range info.nodes {
		var weights []string
		for _, in := range n.inputs {
			if batched[in] {
				batched[n.outputs[0]] = true
			}
			t, ok := info.weights[in]
			switch {
			case !ok:
			case t.dataType == dataTypeFloat:
				weights = append(weights, fmt.Sprintf("%s %v", in, t.dims))
			default:
				weights = append(weights, fmt.Sprintf("%s=%v", in, t.int64s))
			}
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", i+1, n.op, n.name, dimsString(shapes[n.outputs[0]], batched[n.outputs[0]]), strings.Join(weights, ", "), strings.Join(n.attrs, " "))
	}
	w.Flush()
	var names []string
	for name, t := range info.weights {
		if t.dataType == dataTypeFloat {
			names = append(names, fmt.Sprintf("%s %d", name, t.size()))
		}
	}
	slices.Sort(names)
	fmt.Fprintf(&b, "\n%s parameters (%s)\n", thousands(info.params), strings.Join(names, ", "))
	b.WriteString("Shapes are those GoMLX builds, with N the batch; the file fixes N at 1 and pads the convolutions with auto_pad=SAME_UPPER, which MNIST rewrites for onnx-gomlx (see the package documentation).\n")
	return b.String()
}

// dimsString writes dims as [N 8 28 28]: the first axis is N when batched
// or dynamic (-1).
func dimsString(dims []int, batched bool) string {
	if dims == nil {
		return "?"
	}
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = strconv.Itoa(d)
		if i == 0 && (batched || d < 0) {
			parts[i] = batchAxis
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// thousands writes n with commas: 5,994.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
