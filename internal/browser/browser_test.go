package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// The course's folders, seen from this package's folder.
var (
	courseRoot   = filepath.Join("..", "..")
	notebooksDir = filepath.Join(courseRoot, "notebooks")
)

// screenshotDir is where the tests save screenshots: $COURSE_SCREENSHOTS to
// keep them, else a temporary folder.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("COURSE_SCREENSHOTS"); dir != "" {
		return dir
	}
	return t.TempDir()
}

// needBrowser skips the test, saying why, unless Chromium, Jupyter and the
// GoNB kernel are installed; also with -short or COURSE_BROWSER_TESTS=off.
func needBrowser(t *testing.T) Options {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser test runs notebooks for a minute or two; not with -short")
	}
	if os.Getenv("COURSE_BROWSER_TESTS") == "off" {
		t.Skip("COURSE_BROWSER_TESTS=off: the browser tests run elsewhere (course test's browser step)")
	}
	chromium, err := FindChromium()
	if err != nil {
		t.Skipf("skipping the browser test: %v", err)
	}
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		t.Skip("skipping the browser test: no jupyter on PATH (run `go run ./cmd/course setup`)")
	}
	if !hasKernel(jupyter, kernelName) {
		t.Skip("skipping the browser test: the gonb kernel is not registered (run `go run ./cmd/course setup`)")
	}
	return Options{
		Jupyter:       jupyter,
		NotebookDir:   notebooksDir,
		Chromium:      chromium,
		ScreenshotDir: screenshotDir(t),
		Timeout:       3 * time.Minute,
		CellTimeout:   90 * time.Second,
		Log:           t.Logf,
	}
}

// hasKernel says whether one of Jupyter's data folders holds the kernel.
func hasKernel(jupyter, name string) bool {
	out, err := exec.Command(jupyter, "--paths", "--json").Output()
	if err != nil {
		return false
	}
	var paths struct {
		Data []string `json:"data"`
	}
	if json.Unmarshal(out, &paths) != nil {
		return false
	}
	for _, dir := range paths.Data {
		if _, err := os.Stat(filepath.Join(dir, "kernels", name, "kernel.json")); err == nil {
			return true
		}
	}
	return false
}

// TestLesson00InBrowser runs both notebooks of lesson 00 in Chromium and
// requires them to pass every check, with full-page screenshots.
func TestLesson00InBrowser(t *testing.T) {
	opts := needBrowser(t)
	lesson, err := notebook.ReadLesson(filepath.Join(courseRoot, "lessons", "00-getting-started", "lesson.md"))
	if err != nil {
		t.Fatal(err)
	}
	nbs := []Notebook{
		{Path: "00-getting-started.ipynb", Exercises: lesson.Exercises},
		{Path: "solutions/00-getting-started.ipynb", Solution: true, Exercises: lesson.Exercises},
	}
	var checkpoints []string // Notebook 6 would create these beside the notebooks.
	for _, dir := range []string{notebooksDir, filepath.Join(notebooksDir, "solutions")} {
		if _, err := os.Stat(filepath.Join(dir, ".ipynb_checkpoints")); err != nil {
			checkpoints = append(checkpoints, filepath.Join(dir, ".ipynb_checkpoints"))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	results, err := Run(ctx, opts, nbs)
	for _, dir := range checkpoints {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("the browser test created %s", dir)
		}
	}
	t.Logf("Run took %.1f s in all", time.Since(start).Seconds())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(nbs) {
		t.Fatalf("%d results for %d notebooks", len(results), len(nbs))
	}
	for _, r := range results {
		t.Logf("%s: %.1f s, %d code cells, %d figures, screenshot %s", r.Path, r.Duration.Seconds(), r.CodeCells, r.Figures, r.Screenshot)
		if r.Figures < 2 {
			t.Errorf("%s: %d figures on the page, lesson 00 draws 2", r.Path, r.Figures)
		}
		checkScreenshot(t, r.Screenshot)
	}
}

// checkScreenshot requires a PNG taller than the viewport: the whole page.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", path, err)
	}
	if cfg.Width < viewportWidth || cfg.Height < 2*viewportHeight {
		t.Errorf("screenshot %s is %d×%d: not the full page", path, cfg.Width, cfg.Height)
	}
}

// TestBrokenNotebooksFail runs two broken notebooks, one with a cell that
// does not compile and one whose figure's PNG data is corrupt, and requires
// the error to name each notebook and cell. The notebooks are written to a
// temporary notebooks/ folder outside the course, never into the course's
// own (where a concurrent `git add` could pick them up); their first cell is
// the real notebooks' with the course's folder written out in full.
func TestBrokenNotebooksFail(t *testing.T) {
	opts := needBrowser(t)
	real, err := notebook.Read(filepath.Join(notebooksDir, "00-getting-started.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(courseRoot)
	if err != nil {
		t.Fatal(err)
	}
	// `!*go mod edit -replace=...="${GONB_DIR}/.." ...`, so that the course's module resolves.
	setup := string(real.CodeCells()[0].Source)
	if !strings.Contains(setup, "${GONB_DIR}/..") {
		t.Fatalf("the first cell of the lessons no longer finds the course at ${GONB_DIR}/..:\n%s", setup)
	}
	setup = strings.ReplaceAll(setup, "${GONB_DIR}/..", root)
	opts.NotebookDir = filepath.Join(t.TempDir(), "notebooks")
	if err := os.MkdirAll(opts.NotebookDir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, sources ...string) string {
		nb := &notebook.Notebook{Metadata: real.Metadata, NBFormat: 4, NBFormatMinor: 5}
		for i, src := range append([]string{setup}, sources...) {
			c := notebook.Cell{ID: fmt.Sprintf("broken-%d", i), CellType: "code", Metadata: map[string]any{}, Source: notebook.Text(src)}
			nb.Cells = append(nb.Cells, c)
		}
		if err := nb.Write(filepath.Join(opts.NotebookDir, name)); err != nil {
			t.Fatal(err)
		}
		return name
	}
	compile := write("compile-error.ipynb",
		"%%\nfmt.Println(\"before the error\")",
		"// This cell does not compile.\n%%\nvar n int = \"not a number\"\nfmt.Println(n)",
		"%%\nfmt.Println(\"after the error\")",
	)
	figure := write("broken-figure.ipynb",
		"import \"github.com/janpfeifer/gonb/gonbui\"",
		"// This figure's PNG data is corrupt.\n%%\nfmt.Println(\"a figure follows\")\ngonbui.DisplayPng([]byte(\"this is not a PNG\"))",
		"// This cell's script fails in the page.\n%%\ngonbui.DisplayHtml(\"<script>throw new Error('boom from a cell')</script>\")",
	)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	results, err := Run(ctx, opts, []Notebook{{Path: compile}, {Path: figure}})
	t.Logf("Run took %.1f s in all", time.Since(start).Seconds())
	if err == nil {
		t.Fatal("broken notebooks pass the browser test")
	}
	t.Logf("the error, as the course command would print it:\n%v", err)
	if len(results) != 2 {
		t.Fatalf("%d results, want 2 (the error: %v)", len(results), err)
	}
	for _, want := range []string{
		`notebooks/compile-error.ipynb: code cell 3 ("// This cell does not compile.") ends in GoNB's error: `,
		`cannot use "not a number" (untyped string constant) as int value`,
		`notebooks/broken-figure.ipynb: code cell 3 ("// This figure's PNG data is corrupt."): figure 1 did not render`,
		`notebooks/broken-figure.ipynb: code cell 4 ("// This cell's script fails in the page.") ends in an error: `,
		`boom from a cell`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q", want)
		}
	}
	if strings.Contains(err.Error(), "code cell 2 (") {
		t.Errorf("the error blames a good cell")
	}
	for _, r := range results {
		if r.Screenshot == "" {
			t.Errorf("%s: no screenshot of the broken notebook", r.Path)
		} else {
			checkScreenshotPNG(t, r.Screenshot)
		}
	}
}

// checkScreenshotPNG requires a readable PNG.
func checkScreenshotPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.DecodeConfig(f); err != nil {
		t.Errorf("screenshot %s: %v", path, err)
	}
}

// TestCheck tests the page checks on a made-up page, without a browser.
func TestCheck(t *testing.T) {
	saved := &notebook.Notebook{Cells: []notebook.Cell{
		{CellType: "code", Outputs: []notebook.Output{{OutputType: "stream", Name: "stdout", Text: "hi\n"}}},
		{CellType: "code", Outputs: []notebook.Output{{OutputType: "display_data", Data: map[string]any{"image/png": "iVBOR"}}}},
		{CellType: "code"},
		{CellType: "code"},
		{CellType: "code"},
	}}
	img := func(w int) []Image {
		return []Image{{Complete: true, NaturalWidth: w, Src: "data:image/png;base64,xyz"}}
	}
	st := &PageState{KernelIdle: true, Cells: []Cell{
		{Code: false, Source: "# Title"},
		{Code: true, Source: "%%\nfmt.Println(\"hi\")", Prompt: "1"},
		{Code: true, Source: "\n// Draw it.\n%%\nplots.Show(p)", Prompt: "2", Outputs: []Output{{Kind: KindImage, Images: img(0)}}},
		{Code: true, Source: "%%\nnnlib.Check(x)", Prompt: "3", Outputs: []Output{{Kind: KindText, Text: "✅ Correct: x\n"}}},
		{Code: true, Source: "// Broken.\n%%\nx := ", Prompt: "4", Outputs: []Output{{Kind: KindHTML, GoNBError: true, Text: "expected operand"}}},
		{Code: true, Source: "%%\nfmt.Println(2)", Prompt: ""},
	}}
	problems := check("notebooks/x.ipynb", Notebook{Path: "x.ipynb", Exercises: 1}, st, saved, nil, []string{"boom"})
	all := strings.Join(problems, "\n")
	for _, want := range []string{
		`notebooks/x.ipynb: code cell 1 ("%%") shows no text output`,
		`notebooks/x.ipynb: code cell 2 ("// Draw it."): figure 1 did not render`,
		`notebooks/x.ipynb: code cell 3 ("%%"): the blank answers "✅ Correct: x"`,
		`notebooks/x.ipynb: code cell 4 ("// Broken.") ends in GoNB's error: expected operand`,
		`notebooks/x.ipynb: code cell 5 ("%%") was not executed: Run All stopped at code cell 4's error`,
		`JavaScript exception: boom`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if len(problems) != 6 {
		t.Errorf("%d problems, want 6:\n%s", len(problems), all)
	}

	stalled := check("n", Notebook{}, &PageState{Cells: []Cell{{Code: true, Source: "%%\nfor {}", Prompt: "*"}}}, nil, errors.Join(errStalled), nil)
	if len(stalled) == 0 || !strings.Contains(stalled[0], `code cell 1 ("%%") was still running`) {
		t.Errorf("stalled run: %q", stalled)
	}
}

// TestRestoreSaved puts back a notebook that the server's log says it saved,
// and only that one.
func TestRestoreSaved(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "solutions"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"a.ipynb": []byte("a"), "solutions/b.ipynb": []byte("b")}
	for path := range files {
		if err := os.WriteFile(filepath.Join(dir, path), []byte("changed"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	log := "[I 07:18:31.262 NotebookApp] Saving file at /solutions/b.ipynb\n"
	err := restoreSaved(dir, files, log)
	if err == nil || !strings.Contains(err.Error(), "b.ipynb during the browser test; its content was restored") {
		t.Errorf("error %v", err)
	}
	for path, want := range map[string]string{"a.ipynb": "changed", "solutions/b.ipynb": "b"} {
		if got, _ := os.ReadFile(filepath.Join(dir, path)); string(got) != want {
			t.Errorf("%s holds %q, want %q", path, got, want)
		}
	}
	if err := restoreSaved(dir, files, "[I NotebookApp] Kernel started\n"); err != nil {
		t.Errorf("nothing saved: %v", err)
	}
}

// TestPrintedOwnText: the lines nnlib prints by the kernel's history (the
// backend's line, Keep's read-back note) do not make a saved cell one that
// must print text again; any other line does.
func TestPrintedOwnText(t *testing.T) {
	for _, c := range []struct {
		out  string
		want bool
	}{
		{"", false},
		{"Backend: pure Go, SIMD kernels on — no XLA plugin\n", false},
		{"(cnn-fashion: read back from cnn-fashion-9c05663c0738.gob, kept by an earlier run; nnlib.Forget(\"cnn-fashion\") recomputes it)\nBackend: pure Go\n", false},
		{"(line: read back from line.gob, kept by an earlier run)\nloss 0.12\n", true},
		{"x = 1\n", true},
		{"(a remark in brackets)\n", true},
	} {
		if got := printedOwnText(c.out); got != c.want {
			t.Errorf("printedOwnText(%q) = %v, want %v", c.out, got, c.want)
		}
	}
}
