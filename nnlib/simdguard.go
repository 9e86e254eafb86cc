//go:build goexperiment.simd && linux && amd64

package nnlib

import (
	"os"
	"runtime"
	"strings"
)

// HeapPremap is how much address space the heap maps at start-up
// (premapHeap): 2 GiB, more than any lesson holds at once.
const HeapPremap = 2 << 30

// premapHeap works around a fault in Go 1.27's SIMD package that GoMLX's
// pure-Go backend runs into. archsimd.LoadFloat32x16Part, which the backend
// uses for the last, partial vector of an element-wise operation or of a
// scatter, loads all 64 bytes and masks them afterwards, so it reads past the
// end of the slice. When the slice ends at the last mapped page of the heap
// the program dies with "unexpected fault address" (seen in lesson 05c, in a
// ScatterSum of rows of 8 values). The Go heap maps its memory in 4 MiB
// chunks as it grows, so a large tensor can end at such a page.
//
// Allocating and freeing one block of HeapPremap bytes at start-up makes the
// heap map that much address space once; Go never unmaps heap memory, and
// later allocations reuse those pages before the heap grows again, so no
// tensor ends at the edge of the mapped heap unless the program holds more
// than HeapPremap. It costs no memory: the pages are never written, so the
// system gives them no RAM, and their mapping stays when Go returns them.
func premapHeap() {
	if mode, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err == nil && strings.TrimSpace(string(mode)) == "2" {
		return // Strict accounting would count the block against the system's limit.
	}
	block := make([]byte, HeapPremap)
	runtime.KeepAlive(block) // Allocated for real, then garbage.
	runtime.GC()
}

func init() { premapHeap() }
