package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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
	j, err := c.setupJupyter(setupOptions{data: true})
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
	nb := &notebook.Notebook{Metadata: src.Metadata, NBFormat: 4, NBFormatMinor: 5, Cells: []notebook.Cell{setupCell}}
	for i := range warmCells + 1 {
		// Each cell differs, as a student's edits do, so no build result is reused whole.
		nb.Cells = append(nb.Cells, notebook.Cell{
			ID: fmt.Sprintf("bench-%02d", i), CellType: "code", Metadata: map[string]any{},
			Source: notebook.Text(fmt.Sprintf("import \"github.com/gomlx-course/dlcourse/nnlib\"\n\n%%%%\nfmt.Println(nnlib.ChooseBackend().Config, %d)", i)),
		})
	}
	rel := filepath.Join("notebooks", ".bench-warm-cell.ipynb")
	path := filepath.Join(c.root, rel)
	if err := nb.Write(path); err != nil {
		return err
	}
	defer os.Remove(path)
	times, err := c.cellTimes(j, path)
	if err != nil {
		return err
	}
	fmt.Printf("first cell with nnlib (cold for this kernel): %5.2f s\n", times[1])
	lat := slices.Clone(times[2:])
	slices.Sort(lat)
	fmt.Printf("warm cell (compile + run, nnlib imported), median of %d: %5.2f s (min %.2f, max %.2f); goal < 2 s\n",
		len(lat), lat[len(lat)/2], lat[0], lat[len(lat)-1])
	return nil
}

// cellTimesScript executes a notebook cell by cell with nbclient, printing
// each cell's wall time in seconds, one per line: what the student waits for.
const cellTimesScript = `
import sys, time, os, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="gonb", timeout=1800,
                        resources={"metadata": {"path": os.path.dirname(path)}})
with client.setup_kernel():
    for i, cell in enumerate(nb.cells):
        start = time.perf_counter()
        client.execute_cell(cell, i)
        print(time.perf_counter() - start, flush=True)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                sys.exit("cell %d failed: %s" % (i + 1, out.get("evalue")))
`

// cellTimes executes the notebook at path and returns each cell's wall time.
func (c *course) cellTimes(j *jupyter, path string) ([]float64, error) {
	python, err := jupyterPython(j)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, "-c", cellTimesScript, path)
	cmd.Env = append(os.Environ(), "NNLIB_CACHE_DIR="+filepath.Join(os.TempDir(), "course-bench-cache"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("timing the cells of %s: %v\n%s", path, err, lastLines([]byte(stderr.String()), 10))
	}
	var times []float64
	for _, f := range strings.Fields(string(out)) {
		t, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("timing the cells: unexpected output %q", f)
		}
		times = append(times, t)
	}
	return times, nil
}

// jupyterPython is the Python interpreter of the Jupyter installation, which
// has nbclient.
func jupyterPython(j *jupyter) (string, error) {
	data, err := os.ReadFile(j.bin)
	if err == nil && strings.HasPrefix(string(data), "#!") {
		line, _, _ := strings.Cut(string(data[2:]), "\n")
		if fields := strings.Fields(line); len(fields) > 0 && !strings.HasSuffix(fields[0], "/env") {
			return fields[0], nil
		}
	}
	return exec.LookPath("python3")
}
