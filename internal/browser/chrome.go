package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Viewport of the headless browser: a laptop's screen.
const viewportWidth, viewportHeight = 1280, 900

// chromium is the headless browser of a run.
type chromium struct {
	ctx         context.Context // The browser's chromedp context; tabs derive from it.
	cancel      context.CancelFunc
	cancelAlloc context.CancelFunc
	version     string
	log         *tail
}

// startBrowser starts a headless Chromium with a fresh profile under tmp, in
// its own process group, with the marker in its environment.
func startBrowser(ctx context.Context, opts Options, tmp, marker string) (*chromium, error) {
	profile := filepath.Join(tmp, "chromium-profile")
	if err := os.MkdirAll(profile, 0o700); err != nil {
		return nil, err
	}
	log := &tail{max: 32 << 10}
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(opts.Chromium),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(viewportWidth, viewportHeight),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Env(marker),
		chromedp.ModifyCmdFunc(newProcessGroup),
		chromedp.CombinedOutput(log),
		chromedp.WSURLReadTimeout(60*time.Second),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b := &chromium{ctx: bctx, cancel: cancel, cancelAlloc: cancelAlloc, log: log}
	err := chromedp.Run(bctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, product, _, _, _, err := cdpbrowser.GetVersion().Do(ctx)
		b.version = product
		return err
	}))
	if err != nil {
		b.stop()
		return nil, fmt.Errorf("cannot start %s headless: %v\n%s", opts.Chromium, err, lastLines(log.String(), 10))
	}
	return b, nil
}

// stop closes the browser, gracefully for up to 10 seconds, then kills it;
// its helpers are left to the marker's sweep.
func (b *chromium) stop() {
	done := make(chan struct{})
	go func() {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(12 * time.Second):
	}
	b.cancel()
	b.cancelAlloc() // Kills the process if it is still there and waits for it.
}
