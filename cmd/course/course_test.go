package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx-course/dlcourse/internal/bench"
)

func testCourse(t *testing.T) *course {
	t.Helper()
	c, err := newCourse()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The toolchain is written in three places a user meets: go.mod, the README's
// two commands and CI. They must agree.
func TestToolchainAgreesEverywhere(t *testing.T) {
	c := testCourse(t)
	if !strings.HasPrefix(c.toolchain, "go1.27") {
		t.Errorf("go.mod's go line gives %q; GoMLX v0.28 needs go1.27", c.toolchain)
	}
	for _, f := range []string{"README.md", ".ci/run", "docker/Dockerfile"} {
		data, err := os.ReadFile(filepath.Join(c.root, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "GOTOOLCHAIN="+c.toolchain) {
			t.Errorf("%s does not say GOTOOLCHAIN=%s", f, c.toolchain)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(c.root, "README.md"))
	for _, verb := range []string{"go run ./cmd/course open", "go run ./cmd/course test"} {
		if !strings.Contains(string(readme), verb) {
			t.Errorf("README lacks the set-up command %q", verb)
		}
	}
}

// The image's Go is the toolchain module's zip from the Go proxy, pinned by
// version and SHA-256: both must be go.mod's toolchain, and the SHA-256 that
// of the zip the go command itself downloaded (it checks it against the
// checksum database), where this machine has it.
func TestDockerfilePinsTheToolchain(t *testing.T) {
	c := testCourse(t)
	b, err := os.ReadFile(filepath.Join(c.root, "docker", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	arg := func(name string) string {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "ARG "+name+"="); ok {
				return strings.TrimSpace(v)
			}
		}
		t.Fatalf("docker/Dockerfile has no ARG %s=", name)
		return ""
	}
	if v := arg("GO_VERSION"); v != c.toolchain {
		t.Errorf("docker/Dockerfile installs %s; go.mod needs %s", v, c.toolchain)
	}
	modcache, err := c.goCmd("env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	zip := filepath.Join(strings.TrimSpace(string(modcache)), "cache", "download", "golang.org", "toolchain", "@v",
		"v0.0.1-"+c.toolchain+".linux-amd64.zip")
	data, err := os.ReadFile(zip)
	if err != nil {
		t.Skipf("no %s here to check the SHA-256 against", zip)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != arg("GO_ZIP_SHA256") {
		t.Errorf("docker/Dockerfile pins GO_ZIP_SHA256=%s, but %s has %x", arg("GO_ZIP_SHA256"), zip, sum)
	}
}

func TestGoLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "go.mod")
	if err := os.WriteFile(path, []byte("module x\n\ngo 1.27.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := goLine(path); err != nil || got != "go1.27.3" {
		t.Errorf("goLine = %q, %v", got, err)
	}
	if err := os.WriteFile(path, []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := goLine(path); err == nil {
		t.Error("a go.mod without a go line must be an error")
	}
}

func TestFindRootFromSubfolder(t *testing.T) {
	c := testCourse(t)
	t.Chdir(filepath.Join(c.root, "nnlib", "plots"))
	root, err := findRoot()
	if err != nil || root != c.root {
		t.Errorf("findRoot from nnlib/plots = %q, %v; want %q", root, err, c.root)
	}
	t.Chdir(t.TempDir())
	if _, err := findRoot(); err == nil || !strings.Contains(err.Error(), "course's folder") {
		t.Errorf("outside the course: %v", err)
	}
}

func TestLessonNames(t *testing.T) {
	c := testCourse(t)
	all, err := c.lessonNames(nil)
	if err != nil || len(all) == 0 || all[0] != "00-getting-started" {
		t.Fatalf("lessons = %v, %v", all, err)
	}
	if got, err := c.lessonNames([]string{"00"}); err != nil || len(got) != 1 || got[0] != "00-getting-started" {
		t.Errorf("prefix 00 = %v, %v", got, err)
	}
	if _, err := c.lessonNames([]string{"99"}); err == nil || !strings.Contains(err.Error(), "00-getting-started") {
		t.Errorf("an unknown lesson must list the lessons: %v", err)
	}
}

func TestKernelEnv(t *testing.T) {
	c := testCourse(t)
	env := c.kernelEnv()
	if env["GOTOOLCHAIN"] != c.toolchain || env["GOEXPERIMENT"] != "simd" {
		t.Errorf("kernel env %v lacks the toolchain or the SIMD experiment", env)
	}
	path := filepath.SplitList(env["PATH"])
	if len(path) == 0 || path[0] != c.gobin {
		t.Errorf("GOBIN (%s) must come first on the kernel's PATH, for gonb, goimports and gopls: %v", c.gobin, path)
	}
	if env["GOPROXY"] != "off" {
		t.Errorf("GOPROXY=%q: the kernel's go get before every cell must not ask the network", env["GOPROXY"])
	}
	if env["GOSUMDB"] != "off" {
		t.Errorf("GOSUMDB=%q: offline, the kernel's go get fails on every module its go.sum lacks", env["GOSUMDB"])
	}
	if len(path) < 2 {
		t.Fatalf("the kernel's PATH %v lacks the course's toolchain", path)
	}
	version, err := exec.Command(filepath.Join(path[1], "go"), "version").Output()
	if err != nil || !strings.Contains(string(version), c.toolchain+" ") {
		t.Errorf("second on the kernel's PATH, %s: %q (%v), want the course's %s", path[1], version, err, c.toolchain)
	}
	flags := strings.Fields(env["GOFLAGS"])
	if !slices.Contains(flags, "-ldflags=-w") {
		t.Errorf("GOFLAGS=%q: the kernel's links should leave out DWARF (-ldflags=-w)", env["GOFLAGS"])
	}
	noXLA := slices.Contains(flags, "-tags=noxla")
	if noXLA != (len(xlaPlugins()) == 0) {
		t.Errorf("GOFLAGS=%q but XLA plugins installed: %v", env["GOFLAGS"], xlaPlugins())
	}
}

func TestJupyterPython(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "jupyter")
	if err := os.WriteFile(script, []byte("#!/opt/venv/bin/python3\nimport sys\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := jupyterPython(&jupyter{bin: script}); err != nil || got != "/opt/venv/bin/python3" {
		t.Errorf("jupyterPython = %q, %v", got, err)
	}
}

func TestOrphanNotebooks(t *testing.T) {
	c := testCourse(t)
	names, err := c.lessonNames(nil)
	if err != nil {
		t.Fatal(err)
	}
	lvs, err := c.variants(names)
	if err != nil {
		t.Fatal(err)
	}
	if orphans := c.orphanNotebooks(lvs); len(orphans) != 0 {
		t.Errorf("the committed notebooks all come from lessons, but these do not: %v", orphans)
	}
	if orphans := c.orphanNotebooks(lvs[2:]); len(orphans) != 2 {
		t.Errorf("dropping a lesson should orphan its two notebooks: %v", orphans)
	}
}

func TestBestKeepsEachSidesBest(t *testing.T) {
	a := bench.Result{Framework: "x", ExamplesPerSec: 100, SecondsToTarget: 5, Accuracy: 0.86, Epochs: 2, PeakRSSMiB: 300}
	b := bench.Result{Framework: "x", ExamplesPerSec: 120, SecondsToTarget: 6, Accuracy: 0.85, Epochs: 2, PeakRSSMiB: 310}
	got := best(best(bench.Result{}, a), b)
	if got.ExamplesPerSec != 120 || got.SecondsToTarget != 5 || got.Accuracy != 0.86 || got.PeakRSSMiB != 310 {
		t.Errorf("best = %+v", got)
	}
	never := bench.Result{Framework: "x", ExamplesPerSec: 90}
	if got := best(never, a); got.SecondsToTarget != 5 {
		t.Errorf("a run that reached the target must win over one that did not: %+v", got)
	}
}

// The autoencoder's section says what it trains, from its spec, and best
// keeps the PSNR of the run that reached the target first.
func TestConvAESection(t *testing.T) {
	got := describeConvAE(bench.ConvAE)
	for _, want := range []string{"Lesson 05c", "convolutions 1→16, 16→4 (padding 1", "a 7×7×4 code", "transposed convolutions 4→16, 16→1 (stride 2, padding 1, output padding 1",
		"a sigmoid", "mean squared error per pixel", "first 50000 Fashion-MNIST", "Adam (η = 0.002)", "batches of 128", "2 threads", "2000 training images 50000–51999",
		"every 50 steps", "17.5 dB", "at most 10 epochs", "own initialisation"} {
		if !strings.Contains(got, want) {
			t.Errorf("the description lacks %q:\n%s", want, got)
		}
	}
	keepsFirstToTarget(t, func(r *bench.Result, v float64) { r.PSNR = v }, func(r bench.Result) float64 { return r.PSNR })
}

// keepsFirstToTarget checks that best keeps the measure (set by set, read
// by get) of the run that reached the target first, and the other run's
// higher throughput.
func keepsFirstToTarget(t *testing.T, set func(r *bench.Result, v float64), get func(r bench.Result) float64) {
	t.Helper()
	a := bench.Result{Framework: "x", ExamplesPerSec: 100, SecondsToTarget: 5, Epochs: 1.5}
	b := bench.Result{Framework: "x", ExamplesPerSec: 120, SecondsToTarget: 6, Epochs: 1.5}
	set(&a, 17.6)
	set(&b, 17.7)
	if got := best(best(bench.Result{}, a), b); got.ExamplesPerSec != 120 || got.SecondsToTarget != 5 || get(got) != 17.6 {
		t.Errorf("best = %+v", got)
	}
}

// The residual network's section says what it trains, from its spec, and
// best keeps the accuracy of the run that reached the target first.
func TestResNetSection(t *testing.T) {
	got := describeResNet(bench.ResNet)
	for _, want := range []string{"Lesson 05d", "residual-20 + BN", "a 3×3 convolution to 8 channels", "3 stages of 8, 16, 32 channels (14×14, 7×7, 4×4)", "each of 3 blocks",
		"BN(conv1×1(x, stride 2))", "without bias", "ε = 10⁻⁵", "momentum 0.9", "global average pooling, dense 10, softmax cross-entropy", "68642 trained weights", "He-normal",
		"first 50000 Fashion-MNIST training images halved to 14×14", "Adam (η = 0.001)", "batches of 128", "2 threads", "5000 training images 50000–54999",
		"every 50 steps", "80% or more", "at most 5 epochs"} {
		if !strings.Contains(got, want) {
			t.Errorf("the description lacks %q:\n%s", want, got)
		}
	}
	keepsFirstToTarget(t, func(r *bench.Result, v float64) { r.Accuracy = v }, func(r bench.Result) float64 { return r.Accuracy })
}

// Every model has its row in the report, in the order of bench.Specs'
// names, and bench-worker refuses a name it does not know.
func TestModelRows(t *testing.T) {
	if len(modelRows) != len(bench.Specs) {
		t.Errorf("%d rows for %d models (%s)", len(modelRows), len(bench.Specs), modelNames())
	}
	for _, row := range modelRows {
		if spec, ok := bench.Specs[row.spec.Name]; !ok || !reflect.DeepEqual(spec, row.spec) {
			t.Errorf("row %q is not bench.Specs' %+v", row.spec.Name, spec)
		}
	}
	if err := benchWorker([]string{"--quick", "vgg"}); err == nil || !strings.Contains(err.Error(), "resnet") {
		t.Errorf("bench-worker vgg: %v", err)
	}
}
