// Command course sets up, opens, tests and rebuilds the course's notebooks.
//
// Run it from the course's folder, with the Go toolchain the course needs:
//
//	GOTOOLCHAIN=go1.27.3 go run ./cmd/course open    # install what is missing, start Jupyter
//	GOTOOLCHAIN=go1.27.3 go run ./cmd/course test    # vet, unit tests, every notebook headless
//
// Other verbs:
//
//	setup    install what is missing (Go tools, Jupyter, the GoNB kernel, XLA plugin, data) and stop
//	build    render notebooks/ from lessons/*/lesson.md and execute them, saving their outputs
//	         (--text: after a Markdown-only change, render again and keep the saved outputs)
//	bench    time every notebook, a warm cell, and the models against PyTorch (BENCHMARKS.md)
//	gallery  rewrite figures/, the deck's figures as PNG and SVG for slides
//	pretrain train lesson 05e's pretrained networks again (data/pretrained)
//	image    build docker/Dockerfile with podman and run lesson 00 in it (as root)
//	workshop serve the course to a class from this machine with JupyterHub (as root);
//	         workshop check: its load and fault test (BENCHMARKS.md)
//	help     this text
package main

import (
	"fmt"
	"os"
	"strings"
)

const usage = `course: set up, open and test the course's notebooks.

  go run ./cmd/course open [jupyter args]   install what is missing, then start Jupyter on notebooks/
  go run ./cmd/course test [lesson ...]     go vet, go test, then run every notebook headless
  go run ./cmd/course setup                 install what is missing and stop
  go run ./cmd/course build [lesson ...]    render notebooks/ from lessons/ and execute them (commits' outputs)
  go run ./cmd/course build --text [lesson ...]  render again after a Markdown-only change, keeping the outputs
  go run ./cmd/course bench [lesson ...]     notebook times, a warm cell, models vs PyTorch → BENCHMARKS.md
  go run ./cmd/course bench --models        the models vs PyTorch only (keeps the notebook timings)
  go run ./cmd/course bench --models [--quick] model ...  those rows only (mlp, cnn, lstm, convae, resnet),
                                            --quick: a smoke run of a few steps; printed, not recorded
  go run ./cmd/course gallery               rewrite figures/: the deck's figures as PNG and SVG
  go run ./cmd/course pretrain [name ...]   train lesson 05e's pretrained networks again into data/pretrained
  go run ./cmd/course image [--keep-base]   build docker/Dockerfile with podman, run lesson 00 in it, remove it
  go run ./cmd/course workshop --teacher NAME [--port 8000] [--dir /srv/dlcourse] [--disk 3G]
                                            [--cpus N] [--cell-cpu 30m] students.txt
                                            serve the course to a class with JupyterHub, as root
  go run ./cmd/course workshop check [--students 5] [--record]
                                            N students run lesson 00 at once through the hub,
                                            with faults; --record writes BENCHMARKS.md's rows

Every command needs GOTOOLCHAIN=go1.27.3 in its environment (GoMLX needs Go 1.27).
`

func main() {
	if len(os.Args) < 2 {
		fmt.Print(usage)
		os.Exit(2)
	}
	verb, args := os.Args[1], os.Args[2:]
	c, err := newCourse()
	if err != nil {
		fail(err)
	}
	switch verb {
	case "open":
		err = c.open(args)
	case "setup":
		err = c.setup(setupOptions{xla: true, data: true})
	case "test":
		err = c.test(args)
	case "build":
		err = c.build(args)
	case "bench":
		err = c.bench(args)
	case "gallery":
		err = c.gallery()
	case "gallery-write": // Internal: gallery, in a build with the course's Go settings.
		err = c.galleryWrite()
	case "pretrain":
		err = c.pretrain(args)
	case "image":
		err = c.image(args)
	case "workshop":
		err = c.workshopCmd(args)
	case "pretrain-write": // Internal: pretrain, in a build with the course's Go settings.
		err = c.pretrainWrite(args)
	case "bench-worker": // Internal: one model's benchmark, started by bench.
		err = benchWorker(args)
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "course: unknown verb %q\n\n%s", verb, usage)
		os.Exit(2)
	}
	if err != nil {
		fail(err)
	}
}

// fail prints err as the one line a user reads, and exits.
func fail(err error) {
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintf(os.Stderr, "course: %s\n", msg)
	os.Exit(1)
}
