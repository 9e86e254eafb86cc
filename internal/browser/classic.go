package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Classic is the FrontEnd of Jupyter's classic Notebook (version 6: `jupyter
// notebook`, the tree at /tree, a notebook at /notebooks/<path>). It drives the
// page through the Jupyter.notebook object that Notebook 6 exposes, and reads
// outputs from the DOM, where Notebook 6 marks them with classes such as
// output_stdout, output_stderr, output_error and output_png (and shows an
// output whose JavaScript failed with "js-error" elements).
type Classic struct{}

// Name implements FrontEnd.
func (Classic) Name() string { return "classic Notebook" }

// ServerArgs implements FrontEnd: `jupyter notebook` with Notebook 6's options.
// Checkpoints go to scratch (Notebook 6 creates .ipynb_checkpoints/ beside a
// notebook as soon as it opens it); hidden files are allowed so that a test
// can run a notebook named ".x.ipynb"; root may run it (containers, CI).
func (Classic) ServerArgs(port int, token, root, scratch string) []string {
	args := []string{"notebook",
		"--no-browser",
		"--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port),
		"--port-retries=0",
		"--NotebookApp.token=" + token,
		"--NotebookApp.notebook_dir=" + root,
		"--FileCheckpoints.checkpoint_dir=" + filepath.Join(scratch, "checkpoints"),
		"--ContentsManager.allow_hidden=True",
		"--MappingKernelManager.default_kernel_name=gonb",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--allow-root")
	}
	return args
}

// URL implements FrontEnd.
func (Classic) URL(base, token, path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + "/notebooks/" + strings.Join(segs, "/") + "?token=" + url.QueryEscape(token)
}

// classicReady says whether the notebook is loaded and its kernel connected
// and idle; it also reports a modal dialog (e.g. "Kernel not found").
const classicReady = `(() => {
	const dialog = document.querySelector('.modal.in .modal-body');
	const nb = window.Jupyter && Jupyter.notebook;
	const icon = document.getElementById('kernel_indicator_icon');
	if (nb && nb._fully_loaded && nb.autosave_interval) {
		nb.set_autosave_interval(0);  // never save the course's files from the test
	}
	const ready = !!(nb && nb._fully_loaded && nb.kernel && nb.kernel.is_connected() &&
		icon && icon.classList.contains('kernel_idle_icon'));
	return {ready: ready, dialog: dialog ? dialog.innerText.trim() : ''};
})()`

// Open implements FrontEnd.
func (Classic) Open(ctx context.Context, pageURL string) error {
	if err := chromedp.Run(ctx, chromedp.Navigate(pageURL)); err != nil {
		return fmt.Errorf("opening the page: %w", err)
	}
	var last struct {
		Ready  bool   `json:"ready"`
		Dialog string `json:"dialog"`
	}
	err := poll(ctx, 2*time.Minute, func() (bool, error) {
		if err := chromedp.Run(ctx, chromedp.Evaluate(classicReady, &last)); err != nil {
			return false, err
		}
		if last.Dialog != "" && !last.Ready {
			return false, fmt.Errorf("the page shows a dialog: %s", oneLine(last.Dialog))
		}
		return last.Ready, nil
	})
	if errors.Is(err, errPollTimeout) {
		return errors.New("the notebook's kernel was not ready (connected and idle) within 2 minutes")
	}
	return err
}

// classicRunAll clears outputs and prompts, so that what the page shows
// afterwards comes from this run only, then runs all cells, as the menu's
// Cell → Run All does.
const classicRunAll = `(() => {
	const nb = Jupyter.notebook;
	nb.set_autosave_interval(0);
	// An output's own JavaScript (a <script> in HTML) that throws is an
	// uncaught page error: note it on the cell's output area, to name the cell.
	if (!window.__browsertestHooked) {
		window.__browsertestHooked = true;
		const oa = require('notebook/js/outputarea').OutputArea.prototype;
		const append = oa.append_output;
		oa.append_output = function () {
			const previous = window.__browsertestArea;
			window.__browsertestArea = this.element && this.element[0];
			try {
				return append.apply(this, arguments);
			} finally {
				window.__browsertestArea = previous;
			}
		};
		window.addEventListener('error', e => {
			const area = window.__browsertestArea;
			if (area) {
				const prior = area.getAttribute('data-browsertest-error');
				area.setAttribute('data-browsertest-error', (prior ? prior + '\n' : '') + (e.message || String(e.error)));
			}
		});
	}
	document.querySelectorAll('[data-browsertest-error]').forEach(el => el.removeAttribute('data-browsertest-error'));
	nb.clear_all_output();
	nb.get_cells().forEach(c => { if (c.cell_type === 'code') c.set_input_prompt(); });
	nb.execute_all_cells();
	return true;
})()`

// RunAll implements FrontEnd.
func (Classic) RunAll(ctx context.Context) error {
	var ok bool
	return chromedp.Run(ctx, chromedp.Evaluate(classicRunAll, &ok))
}

// classicState reads the cells from the model (sources) and the DOM
// (prompts, outputs, images).
const classicState = `(() => {
	const nb = window.Jupyter && Jupyter.notebook;
	const icon = document.getElementById('kernel_indicator_icon');
	const st = {
		kernelIdle: !!(nb && nb.kernel && nb.kernel.is_connected() && icon && icon.classList.contains('kernel_idle_icon')),
		kernelDead: !!icon && (icon.classList.contains('kernel_dead_icon') || icon.classList.contains('kernel_disconnected_icon')),
		cells: [],
	};
	const short = s => s.length > 4000 ? s.slice(0, 4000) + '…' : s;
	(nb ? nb.get_cells() : []).forEach(cell => {
		const el = cell.element[0];
		const c = {code: cell.cell_type === 'code', source: cell.get_text(), prompt: '', outputs: []};
		if (c.code) {
			const p = el.querySelector('.input_prompt');
			const m = p ? /\[([^\]]*)\]/.exec(p.textContent) : null;
			c.prompt = m ? m[1].replace(/\u00a0/g, ' ').trim() : '';
			el.querySelectorAll('.output_area .output_subarea').forEach(sub => {
				const cl = sub.classList;
				let kind = 'other';
				if (cl.contains('output_error') || sub.querySelector('.js-error')) kind = 'error';
				else if (cl.contains('output_stderr')) kind = 'stderr';
				else if (cl.contains('output_text')) kind = 'text';
				else if (cl.contains('output_png') || cl.contains('output_jpeg') || cl.contains('output_svg')) kind = 'image';
				else if (cl.contains('output_html')) kind = 'html';
				c.outputs.push({
					kind: kind,
					text: short(sub.innerText || ''),
					gonbError: !!sub.querySelector('[class*="gonb-err"]'),
					images: Array.from(sub.querySelectorAll('img')).map(img => ({
						complete: img.complete,
						naturalWidth: img.naturalWidth,
						naturalHeight: img.naturalHeight,
						src: (img.getAttribute('src') || '').slice(0, 60),
					})),
				});
			});
			el.querySelectorAll('[data-browsertest-error]').forEach(area => {
				c.outputs.push({kind: 'error', text: 'JavaScript error while showing an output: ' + area.getAttribute('data-browsertest-error'), gonbError: false, images: []});
			});
		}
		st.cells.push(c);
	});
	return st;
})()`

// State implements FrontEnd.
func (Classic) State(ctx context.Context) (*PageState, error) {
	var st PageState
	if err := chromedp.Run(ctx, chromedp.Evaluate(classicState, &st)); err != nil {
		return nil, err
	}
	return &st, nil
}

// classicFullPage undoes Notebook 6's fixed layout, in which the notebook
// scrolls inside #site below a fixed header, so that the document is as tall
// as the notebook; it also drops the cell selection's highlight.
const classicFullPage = `(() => {
	const style = document.createElement('style');
	style.textContent = 'html, body { height: auto !important; overflow: visible !important; position: static !important; }' +
		' #site { height: auto !important; overflow: visible !important; }' +
		' .cell.selected { border-color: transparent !important; background: none !important; }' +
		' .cell.selected:before { display: none !important; }';
	document.head.appendChild(style);
	if (document.activeElement) document.activeElement.blur();
	window.scrollTo(0, 0);
	return document.documentElement.scrollHeight;
})()`

// PrepareScreenshot implements FrontEnd.
func (Classic) PrepareScreenshot(ctx context.Context) error {
	var height int
	return chromedp.Run(ctx, chromedp.Evaluate(classicFullPage, &height))
}
