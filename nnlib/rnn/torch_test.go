package rnn

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// PyTorch (Debian's python3-torch 1.13) is a test-only reference: the test
// is skipped when it cannot be imported. Its nn.RNN (tanh), nn.GRU and
// nn.LSTM with batch_first=True are given the weights of the cells here:
// weight_ih_l0 stacks each gate's Wᵀ (gate k in rows k·hidden …), in the
// same gate order (LSTM i, f, g, o; GRU r, z, n); bias_ih_l0 holds our
// biases and bias_hh_l0 zeros, except the GRU's n part, which is our b_hn.
// PyTorch computes in float64 (.double()).

// torchScript reads the cases as JSON on stdin and writes, per case, the
// outputs, the loss Σ out·w_out + Σ h_n·w_h (+ Σ c_n·w_c) and its gradients.
const torchScript = `
import json, sys
import torch
torch.set_num_threads(1)
cases = json.load(sys.stdin)
results = []
for c in cases:
    B, T, F, H = c["B"], c["T"], c["F"], c["H"]
    cls = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[c["kind"]]
    kw = {"nonlinearity": "tanh"} if c["kind"] == "rnn" else {}
    m = cls(F, H, num_layers=1, batch_first=True, **kw).double()
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            p = getattr(m, name)
            p.copy_(torch.tensor(c[name], dtype=torch.float64).reshape(p.shape))
    t = lambda k, *shape: torch.tensor(c[k], dtype=torch.float64).reshape(*shape).requires_grad_()
    x, h0 = t("x", B, T, F), t("h0", 1, B, H)
    if c["kind"] == "lstm":
        c0 = t("c0", 1, B, H)
        out, (hn, cn) = m(x, (h0, c0))
    else:
        out, hn = m(x, h0)
    w = lambda k, *shape: torch.tensor(c[k], dtype=torch.float64).reshape(*shape)
    loss = (out * w("w_out", B, T, H)).sum() + (hn * w("w_h", 1, B, H)).sum()
    if c["kind"] == "lstm":
        loss = loss + (cn * w("w_c", 1, B, H)).sum()
    loss.backward()
    flat = lambda v: v.detach().reshape(-1).tolist()
    r = {"out": flat(out), "hn": flat(hn), "loss": loss.item(),
         "params": sum(p.numel() for p in m.parameters()),
         "grad_x": flat(x.grad), "grad_h0": flat(h0.grad)}
    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
        r["grad_" + name] = flat(getattr(m, name).grad)
    if c["kind"] == "lstm":
        r["cn"], r["grad_c0"] = flat(cn), flat(c0.grad)
    results.append(r)
json.dump(results, sys.stdout)
`

// torchResult is PyTorch's answer for a case (read by UnmarshalJSON from
// the script's keys).
type torchResult struct {
	Out, HN, CN      []float64
	Loss             float64
	Params           int
	GradX, GradH0    []float64
	GradC0           []float64
	GradIH, GradHH   []float64
	GradBIH, GradBHH []float64
}

func (r *torchResult) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for key, dst := range map[string]any{"out": &r.Out, "hn": &r.HN, "cn": &r.CN, "loss": &r.Loss, "params": &r.Params,
		"grad_x": &r.GradX, "grad_h0": &r.GradH0, "grad_c0": &r.GradC0,
		"grad_weight_ih_l0": &r.GradIH, "grad_weight_hh_l0": &r.GradHH, "grad_bias_ih_l0": &r.GradBIH, "grad_bias_hh_l0": &r.GradBHH} {
		if raw, ok := m[key]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	return nil
}

// python3 returns Debian's interpreter, or skips the test when PyTorch
// cannot be imported.
func python3(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		if py, err = exec.LookPath("python3"); err != nil {
			t.Skip("skipping the PyTorch comparison: no python3 (install Debian's python3-torch to run it)")
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, py, "-c", "import torch").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		t.Skipf("skipping the PyTorch comparison: %s cannot import torch (%v: %s); install Debian's python3-torch to run it",
			py, err, lines[len(lines)-1])
	}
	return py
}

// toTorch lays c's weights out as PyTorch's parameters.
func toTorch(c sequenceCase, h0, c0 [][]float64, lw lossWeights) map[string]any {
	p := c.p
	gates := testGates[p.kind]
	H, F := p.hidden, p.in
	wih := make([]float64, len(gates)*H*F)
	whh := make([]float64, len(gates)*H*H)
	bih := make([]float64, len(gates)*H)
	bhh := make([]float64, len(gates)*H)
	for k, g := range gates {
		for j := range H {
			for i := range F {
				wih[(k*H+j)*F+i] = p.v[g+"/wx"][i*H+j]
			}
			for l := range H {
				whh[(k*H+j)*H+l] = p.v[g+"/wh"][l*H+j]
			}
			bih[k*H+j] = p.v[g+"/b"][j]
			if p.kind == GRU && g == "new" {
				bhh[k*H+j] = p.v["new/bhn"][j]
			}
		}
	}
	return map[string]any{"kind": string(p.kind), "B": tb, "T": tt, "F": F, "H": H,
		"weight_ih_l0": wih, "weight_hh_l0": whh, "bias_ih_l0": bih, "bias_hh_l0": bhh,
		"x": flatten3(c.x), "h0": flatten2(h0), "c0": flatten2(c0),
		"w_out": lw.hs, "w_h": lw.h, "w_c": lw.c}
}

// fromTorch maps PyTorch's gradients of the parameters onto ours, by
// cellParams name.
func fromTorch(p cellParams, r torchResult) map[string][]float64 {
	H, F := p.hidden, p.in
	out := map[string][]float64{}
	for k, g := range testGates[p.kind] {
		wx, wh, b := make([]float64, F*H), make([]float64, H*H), make([]float64, H)
		for j := range H {
			for i := range F {
				wx[i*H+j] = r.GradIH[(k*H+j)*F+i]
			}
			for l := range H {
				wh[l*H+j] = r.GradHH[(k*H+j)*H+l]
			}
			b[j] = r.GradBIH[k*H+j]
		}
		out[g+"/wx"], out[g+"/wh"], out[g+"/b"] = wx, wh, b
		if p.kind == GRU && g == "new" {
			out["new/bhn"] = r.GradBHH[k*H : (k+1)*H]
		}
	}
	return out
}

// TestSequenceMatchesPyTorch runs Sequence in float64 and in float32 and
// PyTorch's layers in float64 on the same weights, input and initial
// state (random, and zeros), and compares the outputs, the last state, the
// loss and its gradients with respect to x, every weight and the initial
// state: to 1e-10 in float64, and to 1e-5 (relative to the largest value)
// in float32. It also compares the parameter counts (see TestKindParams).
func TestSequenceMatchesPyTorch(t *testing.T) {
	py := python3(t)
	rng := rand.New(rand.NewPCG(77, 5))
	cases := sequenceCases()
	var inputs []map[string]any
	var lws []lossWeights
	zeros := func() [][]float64 { return randMat(rng, tb, th, 0) }
	for _, c := range cases {
		lw := newLossWeights(rng)
		lws = append(lws, lw)
		h0, c0 := c.h0, c.c0
		if h0 == nil {
			h0 = zeros()
		}
		if c0 == nil {
			c0 = zeros()
		}
		inputs = append(inputs, toTorch(c, h0, c0, lw))
	}
	stdin, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", torchScript)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("PyTorch failed: %v\n%s", err, stderr.String())
	}
	var results []torchResult
	if err := json.Unmarshal(stdout, &results); err != nil || len(results) != len(cases) {
		t.Fatalf("PyTorch's answer: %v (%d results for %d cases)", err, len(results), len(cases))
	}
	worst := map[dtypes.DType]float64{}
	for ci, c := range cases {
		r := results[ci]
		want := r.Params - len(testGates[c.p.kind])*th // PyTorch's count less the b_hh biases…
		if c.p.kind == GRU {
			want += th // …but the GRU's b_hn, which we have.
		}
		if c.p.kind.Params(tf, th) != want {
			t.Errorf("%s: Kind.Params = %d, want PyTorch's %d less the b_hh biases we lack = %d", c.name(), c.p.kind.Params(tf, th), r.Params, want)
		}
		grads := fromTorch(c.p, r)
		for _, dtype := range []dtypes.DType{dtypes.Float64, dtypes.Float32} {
			got := ourOutputs(t, c, lws[ci], dtype)
			tol := 1e-10
			if dtype == dtypes.Float32 {
				tol = 1e-5
			}
			check := func(what string, ours, theirs []float64) {
				t.Helper()
				d := maxDiff(ours, theirs) / math.Max(1, maxAbs(theirs))
				worst[dtype] = math.Max(worst[dtype], d)
				if d > tol {
					t.Errorf("%s, %s: %s differs from PyTorch's by %.3g (relative to max(1, its largest value))", c.name(), dtype, what, d)
				}
			}
			check("the output", got.out, r.Out)
			check("h_n", got.h, r.HN)
			if c.p.kind == LSTM {
				check("c_n", got.c, r.CN)
			}
			check("the loss", []float64{got.loss}, []float64{r.Loss})
			check("∂x", got.grads["x"], r.GradX)
			for _, name := range c.p.names() {
				check("∂"+name, got.grads[name], grads[name])
			}
			check("∂h0", got.grads["h0"], r.GradH0)
			if c.p.kind == LSTM {
				check("∂c0", got.grads["c0"], r.GradC0)
			}
		}
	}
	t.Logf("largest difference from PyTorch (float64 there): %.2g in float64, %.2g in float32", worst[dtypes.Float64], worst[dtypes.Float32])
}

// ours is Sequence's side of a PyTorch comparison, as float64 slices.
type ours struct {
	out, h, c []float64
	loss      float64
	grads     map[string][]float64
}

// ourOutputs runs Sequence on c in dtype, from c's initial state (zeros
// when it has none, given explicitly so that its gradient exists), and
// differentiates the loss of lw.
func ourOutputs(t *testing.T, c sequenceCase, lw lossWeights, dtype dtypes.DType) ours {
	t.Helper()
	store := storeWith(t, c.p, "/cell", dtype)
	h0, c0 := make([]float64, tb*th), make([]float64, tb*th)
	if c.h0 != nil {
		h0 = flatten2(c.h0)
	}
	if c.c0 != nil {
		c0 = flatten2(c.c0)
	}
	names := c.p.names()
	out, err := model.CallOnceN(goBackend(t), store, func(scope *model.Scope, in []*graph.Node) []*graph.Node {
		g := in[0].Graph()
		init := &State{H: in[4]}
		if c.p.kind == LSTM {
			init.C = in[5]
		}
		hs, last := Sequence(scope.At("cell"), c.p.kind, in[0], th, init)
		all := graph.Stack(hs, 1) // [batch, steps, hidden], as PyTorch's batch_first output.
		loss := graph.Add(graph.ReduceAllSum(graph.Mul(all, in[1])), graph.ReduceAllSum(graph.Mul(last.H, in[2])))
		if last.C != nil {
			loss = graph.Add(loss, graph.ReduceAllSum(graph.Mul(last.C, in[3])))
		}
		wrt := []*graph.Node{in[0], in[4]}
		if c.p.kind == LSTM {
			wrt = append(wrt, in[5])
		}
		for _, name := range names {
			wrt = append(wrt, store.GetVariable("/cell/"+name).NodeValue(g))
		}
		return append([]*graph.Node{all, last.H, cOrH(last), loss}, graph.Gradient(loss, wrt...)...)
	}, toTensor(flatten3(c.x), dtype, tb, tt, tf), toTensor(lw.hs, dtype, tb, tt, th), toTensor(lw.h, dtype, tb, th),
		toTensor(lw.c, dtype, tb, th), toTensor(h0, dtype, tb, th), toTensor(c0, dtype, tb, th))
	if err != nil {
		t.Fatalf("%s, %s: %v", c.name(), dtype, err)
	}
	o := ours{out: flat64(out[0]), h: flat64(out[1]), c: flat64(out[2]), loss: flat64(out[3])[0], grads: map[string][]float64{}}
	o.grads["x"], o.grads["h0"] = flat64(out[4]), flat64(out[5])
	rest := out[6:]
	if c.p.kind == LSTM {
		o.grads["c0"] = flat64(out[6])
		rest = out[7:]
	}
	for i, name := range names {
		o.grads[name] = flat64(rest[i])
	}
	return o
}
