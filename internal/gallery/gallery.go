// Package gallery regenerates the figures of the slide deck ("From linear
// regression to neural networks") that the course reproduces, as PNG and
// SVG files for teachers' slides, with an index README.md.
//
// Every figure is computed from fixed data and fixed seeds, so running
// Generate twice gives byte-identical files. The lessons' figures come from
// the lesson packages themselves, with the values their notebooks use. To
// rewrite the committed gallery, figures/ at the course's root:
//
//	GOTOOLCHAIN=go1.27.3 go run ./cmd/course gallery
package gallery

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	neuralnets "github.com/gomlx-course/dlcourse/lessons/01-from-logistic-regression-to-neural-nets"
	gd "github.com/gomlx-course/dlcourse/lessons/02-cost-and-gradient-descent"
	sgd "github.com/gomlx-course/dlcourse/lessons/04a-stochastic-gradient-descent"
	opt "github.com/gomlx-course/dlcourse/lessons/04b-optimizers-and-learning-rate"
	gen "github.com/gomlx-course/dlcourse/lessons/04c-activations-softmax-and-generalisation"
	conv "github.com/gomlx-course/dlcourse/lessons/05a-image-data-and-convolutions"
	rec "github.com/gomlx-course/dlcourse/lessons/05b-recurrent-networks-and-lstms"
	da "github.com/gomlx-course/dlcourse/lessons/05d-deep-architectures"
	tl "github.com/gomlx-course/dlcourse/lessons/05e-transfer-learning"
	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/plots"
)

// The course's lessons, after the deck's sections.
const (
	lesson01  = "01 · From logistic regression to neural nets"
	lesson02  = "02 · Cost functions and gradient descent"
	lesson04  = "04a · Stochastic gradient descent and momentum"
	lesson04b = "04b · Optimizers and the learning rate"
	lesson04c = "04c · Activations, softmax and generalisation"
	lesson05  = "05a · Image data and convolutions"
	lesson05b = "05b · Recurrent neural networks and LSTMs"
	lesson05c = "05c · Autoencoders"
	lesson05d = "05d · Deep architectures"
	lesson05e = "05e · Transfer learning"
)

// surfaceAbout describes lesson 02's views of the deck's cost of two parameters.
const surfaceAbout = "The deck's 2-sample regression cost J(w₀, w₁, w₂) with w₂ fixed at 0: J(w₀, w₁), minimum 0 at (0.4, 0.7); gradient descent from (−1, 1.3) with η = 0.16, 400 steps."

// momentumRavine is lesson 04a's momentum figure.
func momentumRavine() (*plot.Plot, error) {
	return sgd.RavineFigure(sgd.Ravine{Kappa: 25}, []float64{-4, 1}, 0.05, 0.8, 40)
}

// surfaces returns one of lesson 02's three views of the cost surface.
func surfaces(view int) func() (*plot.Plot, error) {
	return func() (*plot.Plot, error) {
		c, h, s, err := gd.FigureSurfaces()
		return []*plot.Plot{c, h, s}[view], err
	}
}

// Figure is one figure of the deck that the course reproduces.
type Figure struct {
	File   string // Base name of the files, without extension.
	Slide  string // Title of the deck's slide it reproduces.
	Lesson string // The course lesson that uses it, such as "01 What is deep learning".
	About  string // One sentence: what it shows and the choices made.
	Build  func() (*plot.Plot, error)
	Height vg.Length // Height of the files; 0 for plots.Height. The width is always plots.Width.
	// Trained figures cost minutes of training: Generate draws them only
	// when asked to (`course gallery` does), and the tests check the
	// committed files' presence and size instead of drawing them twice.
	Trained bool
}

// size returns the size of the figure's files.
func (f Figure) size() (w, h vg.Length) {
	if f.Height > 0 {
		return plots.Width, f.Height
	}
	return plots.Width, plots.Height
}

// Figures lists the gallery, in the deck's order.
func Figures() []Figure {
	return []Figure{
		{
			File: "01-venn-ai-ml-dl", Slide: "What is Deep Learning? (Figure 1.4 of Goodfellow et al.)", Lesson: lesson01,
			About: "Deep learning ⊂ representation learning ⊂ machine learning ⊂ AI, with an example in each region.",
			Build: venn,
		},
		{
			File: "01-linear-vs-nonlinear-boundary", Slide: "Linear vs. nonlinear problems", Lesson: lesson01,
			About: "Lesson 01's concentric circles (make_circles, 200 points, seed 1): logistic regression on x₁, x₂ is right half of the time; adding x₁x₂, x₁², x₂² gives a closed boundary, 100% right.",
			Build: neuralnets.FigureLinearVsCrossed,
		},
		{
			File: "01-mlp-3-3-1", Slide: "MULTILAYER PERCEPTRON (MLP)", Lesson: lesson01,
			About: "The 3-3-1 network of the deck's equations, with bias units (+1) and weight matrices W⁽¹⁾, W⁽²⁾.",
			Build: mlp331,
		},
		{
			File: "02-cost-one-parameter-convex", Slide: "Cost function of one parameter", Lesson: lesson02,
			About: "J(w₁) of the deck's 2-sample regression with w₀ = w₂ = 0: convex, the curve stays below every chord.",
			Build: gd.FigureConvexCost,
		},
		{
			File: "02-gradient-descent-one-parameter", Slide: "Gradient descent with one variable w", Lesson: lesson02,
			About: "Gradient descent on the same J(w₁) from w₁ = 2 with η = 0.08: each step goes against the slope dJ/dw₁.",
			Build: gd.FigureDescentSteps,
		},
		{
			File: "02-cost-surface-contours", Slide: "Gradient descent with two variables", Lesson: lesson02,
			About: surfaceAbout + " Contours with gradient descent's path.",
			Build: surfaces(0),
		},
		{
			File: "02-cost-surface-heatmap", Slide: "Cost function of two parameters", Lesson: lesson02,
			About: surfaceAbout + " Heat map (logarithmic colours) with contours and the path.",
			Build: surfaces(1),
		},
		{
			File: "02-cost-surface-3d", Slide: "Cost function of two parameters", Lesson: lesson02,
			About: surfaceAbout + " 3-D view of w₁ in [0, 1.4], with the path on the surface.",
			Build: surfaces(2),
		},
		{
			File: "02-logistic-cost-mse-vs-cross-entropy", Slide: "Gradient descent with two variables (logistic regression's cost)", Lesson: lesson02,
			About: "Cost of the slope β of h(x) = 1/(1+e^(−βx)) on 6 fixed points: the squared error is not convex, cross-entropy is.",
			Build: gd.FigureLogisticCosts,
		},
		{
			File: "02-learning-rates", Slide: "Gradient descent with one variable w", Lesson: lesson02,
			About: "Gradient descent on J(w) = (w − 2)² from 0 with η = 0.05 (too small), 0.3 (good), 0.9 (oscillates) and 1.05 (diverges).",
			Build: gd.FigureLearningRates,
		},
		{
			File: "02-non-convex-cost", Slide: "Gradient descent in general", Lesson: lesson02,
			About: "J(w) = w⁴ − 3w² + w: starts at −0.3 and 0.3 end in different minima (−1.30 global, 1.13 local).",
			Build: gd.FigureNonConvex,
		},
		{
			File: "04-momentum-ravine", Slide: "MOMENTUM IDEA", Lesson: lesson04,
			About: "J(w) = ½(w₁² + 25w₂²) from (−4, 1), η = 0.05, β = 0.8, 40 steps: gradient descent creeps along the valley, momentum swings through it, Nesterov damps the swing.",
			Build: momentumRavine,
		},
		{
			File: "04-learning-rate-study", Slide: "Stochastic Gradient Descent (the original course's learning-rate study)", Lesson: lesson04b,
			About: "The original course's blobs (1,000 points, 3 centres, std 2), a 2-16-3 network, plain SGD in minibatches of 32 for 400 steps, η from 10 down to 10⁻⁷.",
			Build: opt.FigureLearningRateStudy, Height: 16 * vg.Centimeter,
		},
		{
			File: "04-activations", Slide: "Neural networks: the activation function g (a figure the deck lacks)", Lesson: lesson04c,
			About: "Sigmoid, tanh, ReLU and leaky ReLU (slope 0.01) for z from −5 to 5, and their derivatives: the sigmoid's is at most ¼.",
			Build: gen.ActivationsFigure,
		},
		{
			File: "04-overfitting", Slide: "Small batches ⇒ regularization (overfitting, a figure the deck lacks)", Lesson: lesson04c,
			About: "A 784-256-256-10 ReLU network, softmax, Adam η = 0.001, minibatches of 50, on 1,000 Fashion-MNIST images for 40 epochs: training accuracy reaches 100% while the validation loss (5,000 other images) turns up.",
			Build: gen.FigureOverfitting,
		},
		{
			File: "04-weight-decay", Slide: "Regularization (weight decay, a figure the deck lacks)", Lesson: lesson04c,
			About: "The same network and images with the penalty (λ/2)·Σ w² for λ = 0, 10⁻⁴, 10⁻³, 10⁻²: validation accuracy per epoch.",
			Build: gen.FigureWeightDecay,
		},
		{
			File: "05-image-channels", Slide: "IMAGE DATA", Lesson: lesson05,
			About: "Lesson 05a's photograph (Chelsea the cat, scikit-image, CC0) and its red, green and blue channels, each shown in its own colour.",
			Build: conv.FigurePhotoChannels, Height: conv.PhotoChannelsHeight(),
		},
		{
			File: "05-convolution-example", Slide: "CONVOLUTION EXAMPLES", Lesson: lesson05,
			About: "The deck's 5×5 image and the kernel with a single 1 above its centre: the output at the centre is 42, the pixel above it.",
			Build: conv.FigureConvolutionExample, Height: conv.ConvolutionExampleHeight,
		},
		{
			File: "05-edge-kernels", Slide: "CONVOLUTION EXAMPLES", Lesson: lesson05,
			About: "The deck's edge detection (0 1 0 / 1 −4 1 / 0 1 0) and edge enhance (0 0 0 / −1 1 0 / 0 0 0) kernels on the photograph in grey, padding 1; mid-grey is 0.",
			Build: conv.FigureEdgeKernels, Height: conv.EdgeKernelsHeight(),
		},
		{
			File: "05-stride-padding", Slide: "CONVOLUTIONAL NEURAL NETWORKS", Lesson: lesson05,
			About: "Padding 1 and stride 2: the deck's 5×5 image padded to 7×7, the edge-detection kernel, a 3×3 output, ⌊(5 + 2 − 3)/2⌋ + 1 = 3.",
			Build: conv.FigureStridePadding, Height: conv.StridePaddingHeight,
		},
		{
			File: "05-max-pooling", Slide: "CONVOLUTIONAL NEURAL NETWORKS (subsampling)", Lesson: lesson05,
			About: "Max-pooling 2×2 with stride 2 of a 4×4 grid: each output keeps the largest value of its window.",
			Build: conv.FigurePooling, Height: conv.PoolingHeight,
		},
		{
			File: "05-unrolled-rnn", Slide: "Recurrent Neural Networks (after C. Olah's figure)", Lesson: lesson05b,
			About: "A recurrent cell folded (a loop) and unrolled through four time steps, the same weights W, U, b at every step, from h₋₁ = 0.",
			Build: func() (*plot.Plot, error) {
				return plots.UnrolledRNN("A recurrent network, folded and unrolled through time", 4)
			},
			Height: 9 * vg.Centimeter,
		},
		{
			File: "05-rnn-forgetting", Slide: "Recurrent Neural Networks (why plain RNNs forget, a figure the deck lacks)", Lesson: lesson05b,
			About: "‖∂h(t)/∂h₋₁‖ of a 32-unit tanh RNN over 60 random inputs, log axis, with U rescaled to ‖U‖ = 0.5, 0.9, 1, 1.5, 3: it vanishes exponentially unless ‖U‖ is large.",
			Build: func() (*plot.Plot, error) {
				curves, err := rec.DefaultForgetting.Measure()
				if err != nil {
					return nil, err
				}
				return rec.ForgettingFigure(curves)
			},
		},
		{
			File: "05-lstm-cell", Slide: "Recurrent Neural Networks (LSTM, after C. Olah's figure)", Lesson: lesson05b,
			About:  "The LSTM cell: the cell state along the top, the forget, input and output gates (σ) and the candidate (tanh), with the cell's equations.",
			Build:  func() (*plot.Plot, error) { return plots.LSTMCell("The LSTM cell (after Olah, 2015)") },
			Height: 9 * vg.Centimeter,
		},
		{
			File: "05-cnn-lstm-captioning", Slide: "Applications (CNN + LSTM: describing pictures)", Lesson: lesson05b,
			About: "Encoder–decoder: a CNN turns the picture into a feature vector, the initial state of an LSTM that writes the caption one word at a time.",
			Build: func() (*plot.Plot, error) {
				return plots.EncoderDecoder("Encoder–decoder: a CNN reads the picture, an LSTM writes the caption", []string{"a", "cat", "on", "a", "sofa"})
			},
			Height: 9 * vg.Centimeter,
		},
		{
			File: "05-autoencoder", Slide: "AUTOENCODERS", Lesson: lesson05c,
			About: "An autoencoder: the encoder narrows 784 pixels to a code of 32 numbers, the decoder widens it back to an image, trained to give back its input (lesson 05c's dense autoencoder).",
			Build: func() (*plot.Plot, error) {
				return plots.Autoencoder("An autoencoder: 784 pixels through a code of 32 numbers and back", []int{784, 256, 32, 256, 784})
			},
		},
		{
			File: "05-vgg16", Slide: "Common Architecture tricks (VGG16 Architecture)", Lesson: lesson05d,
			About: "VGG16 from its layer table (Keras's, 138,357,544 parameters): 13 3×3 convolutions in 5 blocks, each ending in a 2×2 pooling, then 3 dense layers; box height for the image's side, width for the channels.",
			Build: func() (*plot.Plot, error) {
				return plots.Architecture("VGG16: 13 convolutions in 5 blocks, then 3 dense layers", cnn.VGG16().ArchLayers())
			},
			Height: 9 * vg.Centimeter,
		},
		{
			File: "05-residual-blocks", Slide: "Common Architecture tricks (Residuals, and their dense version)", Lesson: lesson05d,
			About: "A residual block, ReLU(F(x) + x) with the identity shortcut around two convolutions, and a dense block, where each layer's output is concatenated to its input.",
			Build: func() (*plot.Plot, error) { return plots.ResidualBlocks("A residual block and a dense block") },
		},
		{
			File: "05-depth-study", Slide: "Common Architecture tricks (Residuals: the degradation problem, a figure the deck lacks)", Lesson: lesson05d,
			About: "Plain and residual networks of depth 8, 20 and 44 (batch normalisation, 8/16/32 channels) on 14×14 Fashion-MNIST, 80 minibatches of 128 each: training loss and validation accuracy against depth. Trained by `course gallery` (about 2 minutes).",
			Build: da.FigureDepthStudy, Trained: true,
		},
		{
			File: "05-transfer-study", Slide: "Transfer Learning (both variations, measured: a figure the deck lacks)", Lesson: lesson05e,
			About: "Validation accuracy against labelled images per class (1, 10, 100, 1,000; log axis) for training from scratch, a linear probe on frozen pretrained features and fine-tuning: same domain, different task (Fashion-MNIST 5–9 from a CNN pretrained on classes 0–4) and different domain, same task (printed digits from a residual network pretrained on handwritten MNIST; dashed, the network not adapted). 150 steps of 64 for every network. Trained by `course gallery` (about 2 minutes).",
			Build: tl.FigureBudgetStudy, Trained: true, Height: 11 * vg.Centimeter,
		},
	}
}

// Generate writes every figure as dir/<file>.png and dir/<file>.svg (16 cm
// wide, 10 cm high unless the figure says otherwise) and the index
// dir/README.md. dir is created if needed.
//
// Trained figures are drawn only if trained is set.
func Generate(dir string, trained bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("gallery: %w", err)
	}
	figures := Figures()
	for _, f := range figures {
		if f.Trained && !trained {
			continue
		}
		p, err := f.Build()
		if err != nil {
			return fmt.Errorf("gallery: figure %s: %w", f.File, err)
		}
		w, h := f.size()
		if _, _, err := plots.SaveSized(p, filepath.Join(dir, f.File), w, h); err != nil {
			return fmt.Errorf("gallery: figure %s: %w", f.File, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(index(figures)), 0o644); err != nil {
		return fmt.Errorf("gallery: %w", err)
	}
	return nil
}

// index is the README.md table of the figures.
func index(figures []Figure) string {
	var b strings.Builder
	b.WriteString("# Figure gallery\n\n")
	b.WriteString("The figures of the slide deck \"From linear regression to neural networks\" that the course\n")
	b.WriteString("reproduces, each as PNG (144 dpi) and SVG, 16 cm wide and 10 cm high unless noted. Regenerate them with\n")
	b.WriteString("`GOTOOLCHAIN=go1.27.3 go run ./cmd/course gallery`; the files come out byte-identical every time.\n\n")
	b.WriteString("| Figure | Deck slide | Lesson | Size | What it shows |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, f := range figures {
		w, h := f.size()
		fmt.Fprintf(&b, "| [%s.png](%s.png) ([svg](%s.svg)) | %s | %s | %.3g×%.3g cm | %s |\n",
			f.File, f.File, f.File, cell(f.Slide), cell(f.Lesson), w.Points()/vg.Centimeter.Points(), h.Points()/vg.Centimeter.Points(), cell(f.About))
	}
	return b.String()
}

// cell escapes text for a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
