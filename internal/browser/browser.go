// Package browser runs the course's notebooks the way students meet them: in
// a web browser, on a local Jupyter server with the course's GoNB kernel.
//
// Run starts a Jupyter server on loopback (a free port, a random token,
// --no-browser, the notebooks folder as its root, a configuration and
// runtime folder of its own), starts a headless Chromium with a fresh profile,
// driven through the DevTools protocol (chromedp), and for every notebook
// opens its page, waits until the kernel is connected and idle, runs all
// cells, waits until the kernel is idle and no cell is queued or running, and
// then checks what the page (the DOM) shows:
//
//   - every code cell executed (an execution count in its prompt);
//   - no error output: kernel errors, standard error, GoNB's error HTML
//     (classes gonb-err-*), an output whose JavaScript failed, and no
//     uncaught JavaScript exception in the page;
//   - no Go tool noise or panic in any output;
//   - every <img> in an output decoded (complete, naturalWidth > 0);
//   - text output and as many figures as the saved notebook's run has, cell
//     by cell (when the notebook is stored with outputs);
//   - the exercise checks: "✅ Correct" in solution notebooks, "❌ Not yet"
//     in student notebooks, as many as the notebook has exercises.
//
// Each problem names the notebook and the code cell (its number, counted from
// 1 among code cells, and the first line of its source). Run also saves a
// full-page PNG screenshot of every notebook and the server's log.
//
// GoNB does not honour Run All's stop-on-error: after a cell that fails, the
// following cells still run, so their problems are reported too.
//
// Front ends: the page logic sits behind the FrontEnd interface. The one
// implemented and tested is Jupyter's classic Notebook 6 (Classic; tested with
// Debian 12's Notebook 6.4.12 and Chromium 156), which is what the course
// installs when pip cannot reach an index. JupyterLab (and Notebook 7, built
// on it) is not tested here: it needs a FrontEnd of its own (its server
// command, URL, DOM and commands); the checks on the PageState it reports stay
// the same.
//
// Run leaves no process behind, also on failure or cancellation (Ctrl-C
// included): the server and the browser run in their own process groups,
// every process they start (kernels, compiled cells, gopls, Chromium's
// helpers) carries a marker in its environment, and whatever carries it at
// the end is killed; a later Run also stops what a killed run left. The page
// never saves a notebook (autosave is turned off; a save the server logs is
// undone). Linux only.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// Notebook is one notebook to run in the browser.
type Notebook struct {
	// Path is the notebook's path relative to Options.NotebookDir, with
	// slashes, e.g. "solutions/00-getting-started.ipynb".
	Path string
	// Solution says the exercises are solved: every check must answer
	// "✅ Correct". Otherwise every check must answer "❌ Not yet".
	Solution bool
	// Exercises is how many exercise checks the notebook must answer.
	Exercises int
}

// Options configure Run. Only NotebookDir is required.
type Options struct {
	// Jupyter is the `jupyter` launcher; default: the one on PATH. Its
	// kernels must include "gonb" (registered by `course setup`).
	Jupyter string
	// NotebookDir is the server's root, the course's notebooks/ folder.
	NotebookDir string
	// Chromium is the browser's executable; default: FindChromium.
	Chromium string
	// ScreenshotDir receives one full-page PNG per notebook, created if
	// missing; no screenshots when empty.
	ScreenshotDir string
	// Timeout bounds one notebook, from opening its page to the end of its
	// last cell; default 10 minutes.
	Timeout time.Duration
	// CellTimeout bounds how long a run may go without a cell finishing;
	// default 2 minutes (a cell takes up to a minute on 2 cores).
	CellTimeout time.Duration
	// FrontEnd drives the page; default Classic (Notebook 6).
	FrontEnd FrontEnd
	// Log receives one line per step when not nil, e.g. t.Logf.
	Log func(format string, args ...any)
}

// Result is what the browser showed for one notebook.
type Result struct {
	// Path is Notebook.Path.
	Path string
	// Duration is the time from opening the page to the end of the last cell.
	Duration time.Duration
	// Screenshot is the full-page PNG saved, empty if none was.
	Screenshot string
	// CodeCells and Figures count the code cells and the <img> figures on the page.
	CodeCells, Figures int
	// Problems lists what is wrong, each naming the notebook and the cell;
	// empty when the notebook ran as it must.
	Problems []string
}

// Run opens each notebook in a headless Chromium on a local Jupyter server,
// runs all its cells and checks what the page shows. It returns one Result
// per notebook it got to, and an error when a notebook has problems (the
// message lists them all) or when the server or the browser fails. All the
// processes it starts are gone when it returns.
func Run(ctx context.Context, opts Options, nbs []Notebook) (results []Result, err error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	if err := checkPlatform(); err != nil {
		return nil, err
	}
	logf := opts.Log
	// Processes left by a run that was killed (its own cleanup never ran).
	for _, m := range orphans() {
		if left := sweep(m); len(left) > 0 {
			return nil, fmt.Errorf("processes left by an earlier browser test cannot be stopped: %s", strings.Join(left, "; "))
		}
		logf("stopped the processes left by an earlier browser test (%s)", m)
	}
	// Ctrl-C or SIGTERM while running stops the run and cleans up: the
	// caller sees ctx's error.
	ctx, stopSignals := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	originals := map[string][]byte{}
	for _, nb := range nbs {
		data, err := os.ReadFile(filepath.Join(opts.NotebookDir, filepath.FromSlash(nb.Path)))
		if err != nil {
			return nil, err
		}
		originals[nb.Path] = data
	}

	tmp, err := os.MkdirTemp("", "course-browser-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	marker := newMarker()
	defer func() {
		if left := sweep(marker); len(left) > 0 {
			err = errors.Join(err, fmt.Errorf("processes still running after the browser test: %s", strings.Join(left, "; ")))
		}
	}()

	srv, err := startServer(ctx, opts, tmp, marker)
	if err != nil {
		return nil, err
	}
	serverLog := ""
	if opts.ScreenshotDir != "" {
		// The server's and the kernels' messages (GoNB logs to stderr), kept
		// with the screenshots.
		serverLog = filepath.Join(opts.ScreenshotDir, "jupyter-server.log")
	}
	defer func() {
		if stopErr := srv.stop(); stopErr != nil {
			err = errors.Join(err, stopErr)
		}
		log := srv.log.String()
		if serverLog != "" {
			_ = os.WriteFile(serverLog, []byte(log), 0o644)
		}
		err = errors.Join(err, restoreSaved(opts.NotebookDir, originals, log))
	}()
	logf("Jupyter %s server on %s (pid %d)", opts.FrontEnd.Name(), srv.base, srv.cmd.Process.Pid)

	br, err := startBrowser(ctx, opts, tmp, marker)
	if err != nil {
		return nil, err
	}
	defer br.stop()
	logf("Chromium %s", br.version)

	var problems []string
	for _, nb := range nbs {
		res, err := runNotebook(br.ctx, opts, srv, nb)
		if err != nil {
			return results, fmt.Errorf("%s: %v", displayPath(opts, nb.Path), err)
		}
		logf("%s: %d code cells, %d figures in %.1f s, %d problems", displayPath(opts, nb.Path), res.CodeCells, res.Figures, res.Duration.Seconds(), len(res.Problems))
		results = append(results, res)
		problems = append(problems, res.Problems...)
		if ctx.Err() != nil {
			return results, ctx.Err()
		}
	}
	if len(problems) > 0 {
		msg := fmt.Sprintf("in the browser (%s):\n  - %s", opts.FrontEnd.Name(), strings.Join(problems, "\n  - "))
		if serverLog != "" {
			msg += "\n(screenshots and the Jupyter server's log are in " + opts.ScreenshotDir + ")"
		}
		return results, errors.New(msg)
	}
	return results, nil
}

// fill checks the options and sets the defaults.
func (o *Options) fill() error {
	if o.NotebookDir == "" {
		return errors.New("browser: Options.NotebookDir is required")
	}
	dir, err := filepath.Abs(o.NotebookDir)
	if err != nil {
		return err
	}
	o.NotebookDir = dir
	if o.Jupyter == "" {
		if o.Jupyter, err = exec.LookPath("jupyter"); err != nil {
			return errors.New("no jupyter found: run `go run ./cmd/course setup` (or apt-get install jupyter-notebook)")
		}
	}
	if o.Chromium == "" {
		if o.Chromium, err = FindChromium(); err != nil {
			return err
		}
	}
	if o.ScreenshotDir != "" {
		if o.ScreenshotDir, err = filepath.Abs(o.ScreenshotDir); err != nil {
			return err
		}
		if err := os.MkdirAll(o.ScreenshotDir, 0o755); err != nil {
			return err
		}
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.CellTimeout <= 0 {
		o.CellTimeout = 2 * time.Minute
	}
	if o.FrontEnd == nil {
		o.FrontEnd = Classic{}
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	return nil
}

// chromiumNames are the names Chromium's executable has on Linux
// distributions, Debian's first.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// FindChromium returns the path of Chromium (or Chrome) on PATH, or a
// one-line error that says how to install it.
func FindChromium() (string, error) {
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found for the browser test: install it with `apt-get install chromium`")
}

// displayPath names a notebook as the course does, e.g.
// "notebooks/solutions/00-getting-started.ipynb".
func displayPath(opts Options, path string) string {
	return filepath.Base(opts.NotebookDir) + "/" + path
}

// restoreSaved puts back the notebooks that the server's log says it saved
// (the front end turns saving off; this is the safety net), and says so.
func restoreSaved(dir string, originals map[string][]byte, serverLog string) error {
	var errs []error
	for path, data := range originals {
		if !strings.Contains(serverLog, "Saving file at /"+path+"\n") {
			continue
		}
		file := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.WriteFile(file, data, 0o644); err != nil {
			errs = append(errs, fmt.Errorf("the page saved %s during the browser test, and it could not be restored: %v", file, err))
		} else {
			errs = append(errs, fmt.Errorf("the page saved %s during the browser test; its content was restored", file))
		}
	}
	return errors.Join(errs...)
}

// verdicts are the two answers of an exercise check (nnlib.Check).
var verdicts = [2]string{notebook.VerdictCorrect, notebook.VerdictNotYet}
