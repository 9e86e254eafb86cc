package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gomlx-course/dlcourse/internal/notebook"
)

// pollInterval is how often the page is read while cells run.
const pollInterval = 500 * time.Millisecond

// runNotebook opens one notebook in a new tab, runs all its cells, checks the
// page and saves its screenshot. An error means the page could not be driven
// at all; what is wrong with the notebook goes to the Result's Problems.
func runNotebook(bctx context.Context, opts Options, srv *server, nb Notebook) (Result, error) {
	res := Result{Path: nb.Path}
	name := displayPath(opts, nb.Path)
	// The outputs of the notebook's saved run say which cells print text
	// and draw figures; a notebook saved without outputs expects nothing.
	saved, err := notebook.Read(filepath.Join(opts.NotebookDir, filepath.FromSlash(nb.Path)))
	if err != nil {
		return res, err
	}

	tab, closeTab := chromedp.NewContext(bctx)
	defer closeTab()
	var mu sync.Mutex
	var exceptions []string
	chromedp.ListenTarget(tab, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok && e.ExceptionDetails != nil {
			mu.Lock()
			exceptions = append(exceptions, exceptionText(e.ExceptionDetails))
			mu.Unlock()
		}
	})
	if err := chromedp.Run(tab); err != nil { // Opens the tab, tied to tab's context.
		return res, fmt.Errorf("opening a browser tab: %w", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = srv.shutdownSessions(ctx, nb.Path)
	}()

	if err := srv.clearCache(); err != nil {
		return res, err
	}
	fe := opts.FrontEnd
	start := time.Now()
	ctx, cancel := context.WithTimeout(tab, opts.Timeout+time.Minute)
	defer cancel()
	if err := fe.Open(ctx, fe.URL(srv.base, srv.token, nb.Path)); err != nil {
		return res, fmt.Errorf("%w\n%s", err, lastLines(srv.log.String(), 10))
	}
	if err := fe.RunAll(ctx); err != nil {
		return res, fmt.Errorf("running all cells: %w", err)
	}
	st, runErr := waitDone(ctx, fe, opts, start)
	res.Duration = time.Since(start)
	if st == nil {
		return res, runErr
	}
	if runErr == nil {
		st = waitImages(ctx, fe, st)
	}
	mu.Lock()
	pageExceptions := append([]string(nil), exceptions...)
	mu.Unlock()
	res.Problems = check(name, nb, st, saved, runErr, pageExceptions)
	for _, c := range st.Cells {
		if c.Code {
			res.CodeCells++
			for _, o := range c.Outputs {
				res.Figures += len(o.Images)
			}
		}
	}

	if opts.ScreenshotDir != "" {
		shot, err := screenshot(ctx, fe, opts.ScreenshotDir, nb.Path)
		if err != nil {
			return res, fmt.Errorf("screenshot: %w", err)
		}
		res.Screenshot = shot
	}
	return res, nil
}

// errStalled and errTooLong end a run that did not finish in time.
var (
	errStalled = errors.New("stalled")
	errTooLong = errors.New("too long")
	errDied    = errors.New("the kernel died")
)

// waitDone reads the page until no cell is queued or running and the kernel
// has been idle for three readings in a row. It gives up, returning the last
// state and an error, when the kernel dies, when no cell finishes for
// opts.CellTimeout or when the notebook takes longer than opts.Timeout.
func waitDone(ctx context.Context, fe FrontEnd, opts Options, start time.Time) (*PageState, error) {
	var (
		last         *PageState
		lastKey      string
		lastProgress = time.Now()
		idle, dead   int
	)
	for {
		st, err := fe.State(ctx)
		if err != nil {
			if last != nil && ctx.Err() != nil {
				return last, fmt.Errorf("%w: %v", errTooLong, ctx.Err())
			}
			return last, fmt.Errorf("reading the page: %w", err)
		}
		last = st
		if runningCell(st) < 0 && st.KernelIdle {
			idle++
			if idle >= 3 {
				return st, nil
			}
		} else {
			idle = 0
		}
		if st.KernelDead {
			// Seen three times in a row: a reconnection takes less.
			if dead++; dead >= 3 {
				return st, fmt.Errorf("%w: the page shows it dead or disconnected", errDied)
			}
		} else {
			dead = 0
		}
		if key := progressKey(st); key != lastKey {
			lastKey, lastProgress = key, time.Now()
		}
		switch {
		case time.Since(lastProgress) > opts.CellTimeout:
			return st, fmt.Errorf("%w: no cell finished in %v", errStalled, opts.CellTimeout)
		case time.Since(start) > opts.Timeout:
			return st, fmt.Errorf("%w: the notebook did not finish in %v", errTooLong, opts.Timeout)
		}
		select {
		case <-ctx.Done():
			return st, fmt.Errorf("%w: %v", errTooLong, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// runningCell returns the index of the first cell queued or running, or -1.
func runningCell(st *PageState) int {
	for i, c := range st.Cells {
		if c.Code && c.Prompt == "*" {
			return i
		}
	}
	return -1
}

// progressKey changes whenever a cell finishes or an output appears or grows.
func progressKey(st *PageState) string {
	var b strings.Builder
	for _, c := range st.Cells {
		fmt.Fprintf(&b, "%s/%d", c.Prompt, len(c.Outputs))
		for _, o := range c.Outputs {
			fmt.Fprintf(&b, ",%d,%d", len(o.Text), len(o.Images))
		}
		b.WriteByte(';')
	}
	return b.String()
}

// waitImages gives the page up to 10 seconds to finish loading its images.
func waitImages(ctx context.Context, fe FrontEnd, st *PageState) *PageState {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		pending := false
		for _, c := range st.Cells {
			for _, o := range c.Outputs {
				for _, img := range o.Images {
					pending = pending || !img.Complete
				}
			}
		}
		if !pending {
			return st
		}
		select {
		case <-ctx.Done():
			return st
		case <-time.After(200 * time.Millisecond):
		}
		if next, err := fe.State(ctx); err == nil {
			st = next
		}
	}
	return st
}

// screenshot saves a full-page PNG of the tab as <dir>/<path with / as ->.png.
func screenshot(ctx context.Context, fe FrontEnd, dir, path string) (string, error) {
	if err := fe.PrepareScreenshot(ctx); err != nil {
		return "", err
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		return "", err
	}
	base := strings.TrimLeft(strings.ReplaceAll(strings.TrimSuffix(path, ".ipynb"), "/", "-"), ".")
	file := filepath.Join(dir, base+".png")
	return file, os.WriteFile(file, png, 0o644)
}

// poll calls f every pollInterval until it returns true or an error, or
// until timeout, when it returns errPollTimeout.
func poll(ctx context.Context, timeout time.Duration, f func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := f()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errPollTimeout
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}

var errPollTimeout = errors.New("timed out")

// exceptionText is the first line of an exception's description, e.g.
// "Error: boom", without the stack.
func exceptionText(d *runtime.ExceptionDetails) string {
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		text, _, _ = strings.Cut(d.Exception.Description, "\n")
	}
	return text
}
