//go:build !goexperiment.simd

package nnlib

// SIMDBuild reports whether this program was built with GOEXPERIMENT=simd,
// which the pure-Go backend needs for its fast matrix kernels.
const SIMDBuild = false
