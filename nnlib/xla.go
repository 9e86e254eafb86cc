//go:build !noxla

package nnlib

import "github.com/gomlx/go-xla/compute/xla" // The XLA backend, used when its PJRT plugin is installed.

// XLALinked reports whether this program includes GoMLX's XLA backend. The
// course's kernel builds with the tag noxla when no XLA plugin is installed:
// without XLA's C code, cells link in half the time.
const XLALinked = true

// xlaPlugins lists the installed PJRT plugins, without trying to download any.
var xlaPlugins = func() []string {
	xla.EnableAutoInstall(false)
	return xla.GetAvailablePlugins()
}
