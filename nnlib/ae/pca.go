package ae

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// PCA is principal component analysis fitted to a set of images: their mean
// and the directions of largest variance, the classical (linear, closed
// form) way to compress them, against which autoencoders are measured.
//
// Projecting an image onto the first k components and back is the best
// reconstruction, in mean squared error, that any k-dimensional linear code
// can give (Eckart–Young). A linear autoencoder trained on the squared error
// can therefore do no better, and at its optimum its decoder spans the same
// subspace (Baldi and Hornik, 1989), though not necessarily with the same
// basis.
type PCA struct {
	Dim        int         // Values per image.
	Mean       []float64   // The mean image.
	Components [][]float64 // Unit vectors, by decreasing variance; Components[i] has Dim values.
	Variances  []float64   // The variance of the images along each component (the covariance's eigenvalues).
}

// FitPCA computes the first k principal components of the images x (n rows
// of dim values, flat) with gonum: the eigenvectors of their covariance
// matrix with the k largest eigenvalues.
func FitPCA(x []float32, dim, k int) (*PCA, error) {
	if dim < 1 || len(x) == 0 || len(x)%dim != 0 {
		return nil, fmt.Errorf("ae: %d values are not a whole number of images of %d values", len(x), dim)
	}
	n := len(x) / dim
	if k < 1 || k > dim {
		return nil, fmt.Errorf("ae: %d components of %d-value images: want 1 to %d", k, dim, dim)
	}
	if n < 2 {
		return nil, errors.New("ae: PCA needs at least two images")
	}
	p := &PCA{Dim: dim, Mean: make([]float64, dim)}
	for i := range n {
		for j, v := range x[i*dim : (i+1)*dim] {
			p.Mean[j] += float64(v)
		}
	}
	for j := range p.Mean {
		p.Mean[j] /= float64(n)
	}
	centred := mat.NewDense(n, dim, nil)
	for i := range n {
		row := centred.RawRowView(i)
		for j, v := range x[i*dim : (i+1)*dim] {
			row[j] = float64(v) - p.Mean[j]
		}
	}
	cov := mat.NewSymDense(dim, nil)
	cov.SymOuterK(1/float64(n-1), centred.T())
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, errors.New("ae: the eigendecomposition of the covariance did not converge")
	}
	values := eig.Values(nil) // Ascending.
	var vectors mat.Dense
	eig.VectorsTo(&vectors)
	for c := range k {
		col := dim - 1 - c
		p.Variances = append(p.Variances, math.Max(values[col], 0))
		p.Components = append(p.Components, mat.Col(nil, col, &vectors))
	}
	return p, nil
}

// K is the number of components.
func (p *PCA) K() int { return len(p.Components) }

// Encode returns the codes of the images x (flat): for each image, its
// coordinates along the first k components (k ≤ K()), k values.
func (p *PCA) Encode(x []float32, k int) ([]float32, error) {
	if err := p.check(len(x), p.Dim, k); err != nil {
		return nil, err
	}
	n := len(x) / p.Dim
	out := make([]float32, 0, n*k)
	centred := make([]float64, p.Dim)
	for i := range n {
		for j, v := range x[i*p.Dim : (i+1)*p.Dim] {
			centred[j] = float64(v) - p.Mean[j]
		}
		for c := range k {
			out = append(out, float32(dot(centred, p.Components[c])))
		}
	}
	return out, nil
}

// Decode returns the images of codes of k values each: the mean plus the
// code's combination of the first k components.
func (p *PCA) Decode(codes []float32, k int) ([]float32, error) {
	if err := p.check(len(codes), k, k); err != nil {
		return nil, err
	}
	n := len(codes) / k
	out := make([]float32, n*p.Dim)
	for i := range n {
		img := make([]float64, p.Dim)
		copy(img, p.Mean)
		for c, v := range codes[i*k : (i+1)*k] {
			for j, w := range p.Components[c] {
				img[j] += float64(v) * w
			}
		}
		for j, v := range img {
			out[i*p.Dim+j] = float32(v)
		}
	}
	return out, nil
}

// Reconstruct returns the images x projected onto the first k components
// and back.
func (p *PCA) Reconstruct(x []float32, k int) ([]float32, error) {
	codes, err := p.Encode(x, k)
	if err != nil {
		return nil, err
	}
	return p.Decode(codes, k)
}

func (p *PCA) check(values, per, k int) error {
	if k < 1 || k > p.K() {
		return fmt.Errorf("ae: %d components asked of a PCA with %d", k, p.K())
	}
	if values == 0 || values%per != 0 {
		return fmt.Errorf("ae: %d values are not a whole number of rows of %d", values, per)
	}
	return nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// SubspaceOverlap measures how close the subspaces spanned by two sets of
// vectors (each set's vectors as the columns of a Dim×k matrix, given as
// slices of k vectors of Dim values) are: the mean squared cosine of their
// principal angles, ‖QaᵀQb‖²_F / k with Qa and Qb orthonormal bases of the
// two spans. 1 means the same subspace, whatever the basis; two random
// k-dimensional subspaces of a d-dimensional space overlap about k/d.
func SubspaceOverlap(a, b [][]float64) (float64, error) {
	if len(a) == 0 || len(a) != len(b) {
		return 0, fmt.Errorf("ae: subspaces of %d and %d vectors: want the same number, at least 1", len(a), len(b))
	}
	qa, err := orthonormal(a)
	if err != nil {
		return 0, err
	}
	qb, err := orthonormal(b)
	if err != nil {
		return 0, err
	}
	var m mat.Dense
	m.Mul(qa.T(), qb)
	f := mat.Norm(&m, 2) // Frobenius norm.
	return f * f / float64(len(a)), nil
}

// orthonormal returns an orthonormal basis (QR) of the span of the vectors.
func orthonormal(vs [][]float64) (*mat.Dense, error) {
	d := len(vs[0])
	if d < len(vs) {
		return nil, fmt.Errorf("ae: %d vectors of %d values cannot be independent", len(vs), d)
	}
	m := mat.NewDense(d, len(vs), nil)
	for c, v := range vs {
		if len(v) != d {
			return nil, fmt.Errorf("ae: vectors of %d and %d values", d, len(v))
		}
		m.SetCol(c, v)
	}
	var qr mat.QR
	qr.Factorize(m)
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, d, 0, len(vs))), nil
}

// DecoderColumns returns the directions that a Linear dense autoencoder
// without hidden layers decodes its code units into: the k columns of its
// output layer's weights (each Pixels() values), whose span is compared with
// PCA's by SubspaceOverlap.
func (n Net) DecoderColumns() ([][]float64, error) {
	a := n.Arch
	if a.Kind != Dense || len(a.Hidden) != 0 {
		return nil, errors.New("ae: DecoderColumns is for dense autoencoders without hidden layers (784 → k → 784)")
	}
	for _, p := range n.Params {
		if p.Path != "/decoder/output/dense/weights" {
			continue
		}
		if len(p.Dims) != 2 || p.Dims[0] != a.Code {
			return nil, fmt.Errorf("ae: %s has shape %v, want [%d %d]", p.Path, p.Dims, a.Code, a.Pixels())
		}
		cols := make([][]float64, a.Code)
		for c := range cols {
			cols[c] = make([]float64, p.Dims[1])
			for j := range cols[c] {
				cols[c][j] = float64(p.Values[c*p.Dims[1]+j])
			}
		}
		return cols, nil
	}
	return nil, errors.New("ae: the network has no /decoder/output/dense/weights")
}
