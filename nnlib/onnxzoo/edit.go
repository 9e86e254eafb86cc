package onnxzoo

import (
	"fmt"
	"slices"
)

// batchAxis is the name edit gives the first axis of the graph's input and
// output: a dim_param, ONNX's way of saying "any size".
const batchAxis = "N"

// edit rewrites the serialized model so that onnx-gomlx v0.5.2 can run it
// on batches; it changes how the graph is written, never what it computes:
//
//  1. The exporter (CNTK 2.5.1, ONNX IR version 3) fixed the batch at one
//     image: the input is declared [1 1 28 28], the output [1 10], and the
//     Reshape that flattens the 16×4×4 features before the dense layer
//     targets [1 256]. The first axis becomes "N", and the Reshape's target
//     [-1 256] (-1: whatever size makes the total right).
//  2. IR version 3 also lists every initializer (the weights) among the
//     graph's inputs; onnx-gomlx would then ask for them as inputs. They are
//     dropped from the input list, as later IR versions allow, so that
//     onnx-gomlx reads them from the variables VariablesToScope made.
//  3. The convolutions say auto_pad=SAME_UPPER (pad so that the output is as
//     large as the input), which onnx-gomlx does not implement; with stride
//     1 that is explicit padding of (k-1)/2 on each side for a k×k kernel
//     (the odd pixel, if any, at the end), written as the "pads" attribute.
func edit(raw []byte) ([]byte, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, err
	}
	g, err := m.sub(modelGraph)
	if err != nil || g == nil {
		return nil, fmt.Errorf("the model has no graph (%v)", err)
	}
	g, err = editGraph(g)
	if err != nil {
		return nil, err
	}
	return m.with(modelGraph, g).encode(), nil
}

// editGraph makes the three edits of edit on the graph.
func editGraph(g message) (message, error) {
	inits, err := g.subs(graphInitializer)
	if err != nil {
		return nil, err
	}
	nodes, err := g.subs(graphNode)
	if err != nil {
		return nil, err
	}
	var reshapeShapes []string
	for i, n := range nodes {
		switch n.str(nodeOpType) {
		case "Reshape":
			if in := n.strs(nodeInput); len(in) == 2 {
				reshapeShapes = append(reshapeShapes, in[1])
			}
		case "Conv", "MaxPool", "AveragePool":
			if nodes[i], err = explicitPads(n); err != nil {
				return nil, err
			}
		}
	}
	// 1. A Reshape to [1 ...] keeps the batch of one: make it [-1 ...].
	for i, t := range inits {
		if !slices.Contains(reshapeShapes, t.str(tensorName)) {
			continue
		}
		shape, err := readTensor(t)
		if err != nil {
			return nil, err
		}
		if len(shape.int64s) > 1 && shape.int64s[0] == 1 {
			dims := slices.Clone(shape.int64s)
			dims[0] = -1
			inits[i] = append(t.without(tensorInt64Data).without(tensorRawData), packedInts(tensorInt64Data, dims...))
		}
	}
	// 1 and 2: the inputs that are not weights, and the outputs, get a free first axis.
	inputs, err := dataInputs(g)
	if err != nil {
		return nil, err
	}
	for i := range inputs {
		if inputs[i], err = freeFirstAxis(inputs[i]); err != nil {
			return nil, err
		}
	}
	var outputs []message
	all, err := g.subs(graphOutput)
	if err != nil {
		return nil, err
	}
	for _, v := range all {
		if v, err = freeFirstAxis(v); err != nil {
			return nil, err
		}
		outputs = append(outputs, v)
	}
	return g.with(graphNode, nodes...).with(graphInitializer, inits...).with(graphInput, inputs...).with(graphOutput, outputs...), nil
}

// dataInputs returns the graph's inputs that are not weights: exporters such
// as CNTK list every initializer among the inputs too, and onnx-gomlx would
// then ask the caller to feed the weights.
func dataInputs(g message) ([]message, error) {
	inits, err := g.subs(graphInitializer)
	if err != nil {
		return nil, err
	}
	var initNames []string
	for _, t := range inits {
		initNames = append(initNames, t.str(tensorName))
	}
	all, err := g.subs(graphInput)
	if err != nil {
		return nil, err
	}
	var inputs []message
	for _, v := range all {
		if !slices.Contains(initNames, v.str(valueName)) {
			inputs = append(inputs, v)
		}
	}
	return inputs, nil
}

// freeFirstAxis renames the first axis of a ValueInfoProto's tensor type
// batchAxis when it is declared of size 1.
func freeFirstAxis(v message) (message, error) {
	typ, err := v.sub(valueType)
	if err != nil || typ == nil {
		return v, err
	}
	tt, err := typ.sub(typeTensor)
	if err != nil || tt == nil {
		return v, err
	}
	shape, err := tt.sub(tensorTypeShape)
	if err != nil || shape == nil {
		return v, err
	}
	dims, err := shape.subs(shapeDim)
	if err != nil || len(dims) == 0 {
		return v, err
	}
	if dims[0].int(dimValue) != 1 {
		return v, nil
	}
	dims[0] = message{stringField(dimParam, batchAxis)}
	shape = shape.with(shapeDim, dims...)
	tt = tt.with(tensorTypeShape, shape)
	typ = typ.with(typeTensor, tt)
	return v.with(valueType, typ), nil
}

// explicitPads replaces auto_pad=SAME_UPPER or SAME_LOWER of a Conv or
// pooling node by the "pads" it means, for stride 1 and dilation 1 (the
// only case where they do not depend on the input's size).
func explicitPads(n message) (message, error) {
	attrs, err := n.subs(nodeAttribute)
	if err != nil {
		return nil, err
	}
	byName := map[string]message{}
	for _, a := range attrs {
		byName[a.str(attrName)] = a
	}
	autoPad := byName["auto_pad"].str(attrS)
	if autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" {
		return n, nil
	}
	name := n.str(nodeName)
	kernel, err := byName["kernel_shape"].ints(attrInts)
	if err != nil || len(kernel) == 0 {
		return nil, fmt.Errorf("node %s has auto_pad=%s but no kernel_shape (%v)", name, autoPad, err)
	}
	for _, key := range []string{"strides", "dilations"} {
		vs, err := byName[key].ints(attrInts)
		if err != nil || slices.ContainsFunc(vs, func(v int64) bool { return v != 1 }) {
			return nil, fmt.Errorf("node %s has auto_pad=%s with %s %v: only 1 can be made explicit (%v)", name, autoPad, key, vs, err)
		}
	}
	begin, end := make([]int64, len(kernel)), make([]int64, len(kernel)) // ONNX's pads: all the begins, then all the ends.
	for i, k := range kernel {
		total := k - 1
		begin[i], end[i] = total/2, total-total/2
		if autoPad == "SAME_LOWER" {
			begin[i], end[i] = end[i], begin[i]
		}
	}
	pads := message{stringField(attrName, "pads"), varintField(attrType, attrTypeInts), packedInts(attrInts, append(begin, end...)...)}
	var kept []message
	for _, a := range attrs {
		if an := a.str(attrName); an != "auto_pad" && an != "pads" {
			kept = append(kept, a)
		}
	}
	return n.with(nodeAttribute, append(kept, pads)...), nil
}
