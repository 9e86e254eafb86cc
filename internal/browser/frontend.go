package browser

import "context"

// FrontEnd drives one Jupyter front end: how its server starts, where a
// notebook's page is, and how to run the page and read it back. Its page
// methods run on a chromedp context (one browser tab). Classic implements
// it for Notebook 6; a JupyterLab driver would be another implementation,
// and the checks on the PageState it reports stay the same.
type FrontEnd interface {
	// Name names the front end in messages, e.g. "classic Notebook".
	Name() string
	// ServerArgs are the arguments after the jupyter launcher that start
	// this front end's server on 127.0.0.1:port, with the token, rooted at
	// root, opening no browser, and writing nothing under root: scratch is
	// an empty temporary folder for what it must write (checkpoints).
	ServerArgs(port int, token, root, scratch string) []string
	// URL is the page that opens the notebook at path (slash-separated,
	// relative to the server's root) on the server at base.
	URL(base, token, path string) string
	// Open navigates the tab to url and returns once the notebook is
	// shown, its kernel connected and idle, and saving turned off.
	Open(ctx context.Context, url string) error
	// RunAll clears every output and execution count, then runs all cells.
	RunAll(ctx context.Context) error
	// State reads the page as it is now.
	State(ctx context.Context) (*PageState, error)
	// PrepareScreenshot lays the page out so that a full-page screenshot
	// shows the whole notebook rather than one screenful.
	PrepareScreenshot(ctx context.Context) error
}

// PageState is what a notebook's page shows at one moment.
type PageState struct {
	// KernelIdle says the kernel indicator shows an idle, connected kernel.
	KernelIdle bool `json:"kernelIdle"`
	// KernelDead says the page shows the kernel dead or disconnected.
	KernelDead bool `json:"kernelDead"`
	// Cells are the notebook's cells in order, Markdown ones included.
	Cells []Cell `json:"cells"`
}

// Cell is one cell as the page shows it.
type Cell struct {
	// Code tells a code cell from a Markdown or raw one.
	Code bool `json:"code"`
	// Source is the cell's text.
	Source string `json:"source"`
	// Prompt is what the cell's prompt holds: "" (not run), "*" (queued or
	// running) or the execution count.
	Prompt string `json:"prompt"`
	// Outputs are the cell's outputs in order.
	Outputs []Output `json:"outputs"`
}

// OutputKind classifies an output as the front end renders it.
type OutputKind string

// The kinds of output a FrontEnd reports.
const (
	KindText   OutputKind = "text"   // stdout or a plain-text display
	KindStderr OutputKind = "stderr" // the program's standard error
	KindError  OutputKind = "error"  // an error message (traceback) from the kernel
	KindHTML   OutputKind = "html"   // rendered HTML (GoNB's errors and live plots among others)
	KindImage  OutputKind = "image"  // an image display (PNG, JPEG, SVG)
	KindOther  OutputKind = "other"  // Markdown, LaTeX, JavaScript, widgets...
)

// Output is one output area of a cell.
type Output struct {
	// Kind is the output's kind.
	Kind OutputKind `json:"kind"`
	// Text is the output's visible text, possibly shortened.
	Text string `json:"text"`
	// GoNBError says the output holds GoNB's error HTML (classes gonb-err-*),
	// as it shows compile errors and failed programs.
	GoNBError bool `json:"gonbError"`
	// Images are the <img> elements in the output.
	Images []Image `json:"images"`
}

// Image is one <img> element of an output.
type Image struct {
	// Complete is the element's complete property: loading has ended,
	// successfully or not.
	Complete bool `json:"complete"`
	// NaturalWidth and NaturalHeight are the decoded image's size: 0 when it
	// failed to decode.
	NaturalWidth  int `json:"naturalWidth"`
	NaturalHeight int `json:"naturalHeight"`
	// Src is the start of the element's src, for messages.
	Src string `json:"src"`
}
