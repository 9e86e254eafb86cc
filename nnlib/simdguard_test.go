//go:build goexperiment.simd && linux && amd64

package nnlib

import (
	"bufio"
	"fmt"
	"os"
	"testing"
	"unsafe"
)

// TestHeapPremapped checks that the heap's mapped memory around a fresh
// allocation extends at least HeapPremap bytes (premapHeap), so that SIMD
// loads past a tensor's end stay inside mapped pages. Without premapHeap the
// heap of a test binary maps a few MiB.
func TestHeapPremapped(t *testing.T) {
	buf := make([]float32, 1<<20)
	addr := uintptr(unsafe.Pointer(&buf[0]))
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	type region struct{ lo, hi uintptr }
	var regions []region
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var lo, hi uintptr
		var perms string
		if _, err := fmt.Sscanf(sc.Text(), "%x-%x %s", &lo, &hi, &perms); err != nil || perms[0] != 'r' {
			continue
		}
		if n := len(regions); n > 0 && regions[n-1].hi == lo {
			regions[n-1].hi = hi // Adjacent readable mappings make one region.
			continue
		}
		regions = append(regions, region{lo, hi})
	}
	for _, r := range regions {
		if addr >= r.lo && addr < r.hi {
			if size := r.hi - r.lo; size < HeapPremap {
				t.Errorf("the readable region holding a fresh allocation is %d MiB, want at least %d MiB", size>>20, HeapPremap>>20)
			}
			return
		}
	}
	t.Fatal("no readable mapping holds a fresh allocation")
}
