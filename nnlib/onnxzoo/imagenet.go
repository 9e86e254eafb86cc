package onnxzoo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/onnx-gomlx/onnx"
	"github.com/gomlx/onnx-gomlx/onnx/parser"
	"golang.org/x/image/draw"

	"github.com/gomlx-course/dlcourse/nnlib"
	"github.com/gomlx-course/dlcourse/nnlib/data"
)

// This file is the lesson's one path to the internet: an ImageNet network
// downloaded by a student who is online. Nothing here runs in the course's
// tests except on the shipped MNIST file (Import) and on a photograph
// (ImageNetInput); no network here serves ImageNet weights.

// ImageNet's input, as the ONNX zoo's classifiers take it: one 224×224
// colour image, NCHW, each channel normalized by ImageNet's mean and
// standard deviation (the torchvision convention the zoo documents).
const imageNetSide = 224

var (
	imageNetMean = [3]float32{0.485, 0.456, 0.406}
	imageNetStd  = [3]float32{0.229, 0.224, 0.225}
)

// CatClasses names ImageNet's five cat classes (281–285), the ones the
// course's photograph of a cat should fall in. The course ships no list of
// all 1,000 class names (none installs offline); the other classes are
// reported by number.
var CatClasses = map[int]string{281: "tabby cat", 282: "tiger cat", 283: "Persian cat", 284: "Siamese cat", 285: "Egyptian cat"}

// Imported is an ONNX network for one input, imported into GoMLX by
// onnx-gomlx: its graph and its weights. It is the general form of what
// MNIST builds for the zoo's digit network, for any file whose operators
// onnx-gomlx knows.
type Imported struct {
	onnx  onnx.Model
	store *model.Store
	input string
	Nodes int // Nodes in the graph.
}

// Import parses a serialized ONNX model for onnx-gomlx, after the edits that
// change how the graph is written and never what it computes at inference:
// initializers are dropped from the graph's inputs (ONNX IR version 3 lists
// them there), Dropout nodes become Identity (dropout is the identity at
// inference, and onnx-gomlx has no Dropout), and auto_pad SAME becomes
// explicit pads where the stride is 1. The batch stays the file's, usually
// one image.
func Import(raw []byte) (g *Imported, err error) {
	defer func() {
		if err != nil {
			g = nil
		}
	}()
	defer nnlib.Failed(&err, "onnx-gomlx failed to import the model")
	edited, nodes, err := editForInference(raw)
	if err != nil {
		return nil, err
	}
	om, err := parser.Parse(edited)
	if err != nil {
		return nil, fmt.Errorf("onnx-gomlx cannot parse the model: %v", err)
	}
	names, _ := om.Inputs()
	if len(names) != 1 {
		return nil, fmt.Errorf("the model has inputs %q; Import runs models with one input", names)
	}
	g = &Imported{onnx: om, store: model.NewStore(), input: names[0], Nodes: nodes}
	if err := om.VariablesToScope(g.store.RootScope()); err != nil {
		return nil, err
	}
	return g, nil
}

// editForInference makes Import's edits and returns the edited model and
// its number of nodes.
func editForInference(raw []byte) ([]byte, int, error) {
	m, err := decode(raw)
	if err != nil {
		return nil, 0, err
	}
	g, err := m.sub(modelGraph)
	if err != nil || g == nil {
		return nil, 0, fmt.Errorf("the model has no graph (%v)", err)
	}
	nodes, err := g.subs(graphNode)
	if err != nil {
		return nil, 0, err
	}
	for i, n := range nodes {
		switch n.str(nodeOpType) {
		case "Dropout":
			nodes[i] = dropoutAsIdentity(n)
		case "Conv", "MaxPool", "AveragePool":
			if nodes[i], err = explicitPads(n); err != nil {
				return nil, 0, err
			}
		}
	}
	inputs, err := dataInputs(g)
	if err != nil {
		return nil, 0, err
	}
	g = g.with(graphNode, nodes...).with(graphInput, inputs...)
	return m.with(modelGraph, g).encode(), len(nodes), nil
}

// dropoutAsIdentity rewrites a Dropout node as an Identity of its first
// input to its first output: the mask output and the ratio are dropped.
func dropoutAsIdentity(n message) message {
	in, out := n.strs(nodeInput), n.strs(nodeOutput)
	var kept message
	for _, f := range n {
		if f.num != nodeInput && f.num != nodeOutput && f.num != nodeOpType && f.num != nodeAttribute {
			kept = append(kept, f)
		}
	}
	if len(in) > 0 {
		kept = append(kept, stringField(nodeInput, in[0]))
	}
	if len(out) > 0 {
		kept = append(kept, stringField(nodeOutput, out[0]))
	}
	return append(kept, stringField(nodeOpType, "Identity"))
}

// Run applies the network to one input of the given shape and returns its
// output's values.
func (g *Imported) Run(backend compute.Backend, input []float32, dims ...int) (out []float32, err error) {
	if backend == nil {
		return nil, errors.New("onnxzoo: the backend is nil: pass nnlib.MustBackend()")
	}
	defer nnlib.Failed(&err, "GoMLX failed while running the ONNX model")
	exec, err := model.NewExec(backend, g.store, func(scope *model.Scope, x *Node) *Node {
		return g.onnx.CallGraph(scope, x.Graph(), map[string]*Node{g.input: x})[0]
	})
	if err != nil {
		return nil, err
	}
	res, err := exec.Call1(tensors.FromFlatDataAndDimensions(input, dims...))
	if err != nil {
		return nil, fmt.Errorf("GoMLX failed while running the ONNX model: %v", err)
	}
	return tensors.CopyFlatData[float32](res)
}

// ImageNetInput turns a photograph into an ImageNet classifier's input: the
// shorter side scaled to 256 pixels (Catmull-Rom), the centre 224×224 cut
// out, each channel normalized by ImageNet's mean and standard deviation,
// laid out [1 3 224 224].
func ImageNetInput(p *data.Photo) ([]float32, error) {
	if p == nil || p.Height < 8 || p.Width < 8 {
		return nil, errors.New("onnxzoo: ImageNetInput needs a photograph of at least 8×8 pixels")
	}
	scale := 256 / float64(min(p.Height, p.Width))
	w, h := int(math.Round(float64(p.Width)*scale)), int(math.Round(float64(p.Height)*scale))
	big := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(big, big.Bounds(), p.Image(), p.Image().Bounds(), draw.Src, nil)
	x0, y0 := (w-imageNetSide)/2, (h-imageNetSide)/2
	out := make([]float32, 3*imageNetSide*imageNetSide)
	for c := range 3 {
		for y := range imageNetSide {
			for x := range imageNetSide {
				px := big.NRGBAAt(x0+x, y0+y)
				v := float32([]uint8{px.R, px.G, px.B}[c]) / 255
				out[(c*imageNetSide+y)*imageNetSide+x] = (v - imageNetMean[c]) / imageNetStd[c]
			}
		}
	}
	return out, nil
}

// Guess is one of a classifier's top classes.
type Guess struct {
	Class       int     // ImageNet's class number, 0 to 999.
	Name        string  // Its name where the course knows it (CatClasses), else "".
	Probability float64 // The softmax of the network's output.
}

// TopClasses returns the k classes of highest probability of an output of
// 1,000 values: a softmax is applied unless the values already are
// probabilities (non-negative, summing to 1, as when the file ends in a
// Softmax).
func TopClasses(out []float32, k int) ([]Guess, error) {
	if len(out) != 1000 {
		return nil, fmt.Errorf("onnxzoo: an ImageNet classifier gives 1,000 values, this one %d", len(out))
	}
	probs := make([]float64, len(out))
	sum, hi := 0.0, math.Inf(-1)
	isProb := true
	for _, v := range out {
		sum += float64(v)
		hi = math.Max(hi, float64(v))
		if v < 0 {
			isProb = false
		}
	}
	if !isProb || math.Abs(sum-1) > 1e-3 {
		sum = 0
		for i, v := range out {
			probs[i] = math.Exp(float64(v) - hi)
			sum += probs[i]
		}
		for i := range probs {
			probs[i] /= sum
		}
	} else {
		for i, v := range out {
			probs[i] = float64(v)
		}
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	var top []Guess
	for _, i := range idx[:min(k, len(idx))] {
		top = append(top, Guess{Class: i, Name: CatClasses[i], Probability: probs[i]})
	}
	return top, nil
}

// Download fetches url into nnlib's cache folder (once: a copy already there
// is checked and reused) and refuses the file unless its SHA-256 is sha.
// It is for students who are online; the course's tests never call it.
func Download(url, sha string) (string, error) {
	dir := filepath.Join(nnlib.CacheDir(), "downloads")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, sha[:16]+"-"+filepath.Base(url))
	if got, err := fileSHA256(path); err == nil && got == sha {
		return path, nil
	}
	client := http.Client{Timeout: 5 * time.Minute}
	resp, err := client.Get(url)
	if err != nil {
		return "", fmt.Errorf("cannot download %s (%v): this cell needs the internet", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("cannot download %s: the server says %s", url, resp.Status)
	}
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), resp.Body); err != nil {
		f.Close()
		return "", fmt.Errorf("the download of %s broke off (%v): run the cell again", url, err)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sha {
		os.Remove(tmp)
		return "", fmt.Errorf("refused %s: its SHA-256 is %s…, the pinned one %s… (the file changed, or it is not the one the lesson was written for)", url, got[:12], sha[:12])
	}
	return path, os.Rename(tmp, path)
}

func fileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ClassifyPhoto downloads the ImageNet classifier at url (pinned by sha),
// imports it, and returns its top five classes for the photograph.
func ClassifyPhoto(backend compute.Backend, url, sha string, p *data.Photo) ([]Guess, error) {
	path, err := Download(url, sha)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g, err := Import(raw)
	if err != nil {
		return nil, err
	}
	in, err := ImageNetInput(p)
	if err != nil {
		return nil, err
	}
	out, err := g.Run(backend, in, 1, 3, imageNetSide, imageNetSide)
	if err != nil {
		return nil, err
	}
	return TopClasses(out, 5)
}
