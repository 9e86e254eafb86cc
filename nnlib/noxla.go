//go:build noxla

package nnlib

// XLALinked reports whether this program includes GoMLX's XLA backend. The
// course's kernel builds with the tag noxla when no XLA plugin is installed:
// without XLA's C code, cells link in half the time.
const XLALinked = false

// xlaPlugins: without XLA linked in, no plugin can be used.
var xlaPlugins = func() []string { return nil }
