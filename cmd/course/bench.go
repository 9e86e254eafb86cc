package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// warmCells is how many identical small cells the latency benchmark runs
// after a first, cold one.
const warmCells = 7

// bench prints how long lesson 00 takes headless and how long a student waits
// for a small cell that uses nnlib once the build cache is warm: GoNB
// compiles and runs every cell as a new program, so this is the latency of
// every cell of the course.
func (c *course) bench() error {
	j, err := c.setupJupyter(setupOptions{})
	if err != nil {
		return err
	}
	names, err := c.lessonNames([]string{"00"})
	if err != nil {
		return err
	}
	lvs, err := c.variants(names)
	if err != nil {
		return err
	}
	for _, lv := range lvs {
		ex, err := c.execute(j, lv.path(), false)
		if err != nil {
			return err
		}
		fmt.Printf("lesson 00 %-8s executed headless in %6.1f s (%d code cells)\n", lv.variant, ex.elapsed.Seconds(), len(ex.nb.CodeCells()))
	}

	// A notebook of identical small cells, next to the lessons so that it
	// finds the course's module as they do.
	src := lvs[0].lesson.Render(notebook.Student)
	var setupCell notebook.Cell
	for _, cell := range src.Cells {
		if cell.CellType == "code" {
			setupCell = cell
			break
		}
	}
	small := notebook.Cell{CellType: "code", Metadata: map[string]any{},
		Source: "import \"github.com/gomlx-course/dlcourse/nnlib\"\n\n%%\nfmt.Println(nnlib.ChooseBackend().Config)"}
	nb := &notebook.Notebook{Metadata: src.Metadata, NBFormat: 4, NBFormatMinor: 5, Cells: []notebook.Cell{setupCell}}
	for i := range warmCells + 1 {
		cell := small
		cell.ID = fmt.Sprintf("bench-%02d", i)
		nb.Cells = append(nb.Cells, cell)
	}
	rel := filepath.Join("notebooks", ".bench-warm-cell.ipynb")
	path := filepath.Join(c.root, rel)
	if err := nb.Write(path); err != nil {
		return err
	}
	defer os.Remove(path)
	ex, err := c.execute(j, rel, true)
	if err != nil {
		return err
	}
	var lat []float64
	for i, cell := range ex.nb.CodeCells()[1:] {
		d, err := cellDuration(cell)
		if err != nil {
			return err
		}
		if i == 0 {
			fmt.Printf("first cell with nnlib (cold for this kernel): %5.2f s\n", d.Seconds())
			continue
		}
		lat = append(lat, d.Seconds())
	}
	slices.Sort(lat)
	fmt.Printf("warm cell (compile + run, nnlib imported), median of %d: %5.2f s (min %.2f, max %.2f); goal < 2 s\n",
		len(lat), lat[len(lat)/2], lat[0], lat[len(lat)-1])
	return nil
}

// cellDuration reads how long a cell took from nbclient's timing metadata:
// from the kernel receiving the code to its reply.
func cellDuration(cell *notebook.Cell) (time.Duration, error) {
	exec, ok := cell.Metadata["execution"].(map[string]any)
	if !ok {
		return 0, fmt.Errorf("a cell has no timing metadata: nbclient too old?")
	}
	parse := func(key string) (time.Time, error) {
		s, _ := exec[key].(string)
		return time.Parse(time.RFC3339Nano, s)
	}
	start, err := parse("iopub.execute_input")
	if err != nil {
		return 0, err
	}
	end, err := parse("shell.execute_reply")
	if err != nil {
		return 0, err
	}
	return end.Sub(start), nil
}
