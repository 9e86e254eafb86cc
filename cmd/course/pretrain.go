package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	transferlearn "github.com/gomlx-course/dlcourse/lessons/05e-transfer-learning"
	"github.com/gomlx-course/dlcourse/nnlib"
)

// pretrain trains the course's pretrained networks again (all, or those
// named) and writes their checkpoints to data/pretrained, printing each
// file's SHA-256 for the catalog in lessons/05e-transfer-learning. Like
// gallery, it trains in a build with the course's Go settings.
func (c *course) pretrain(args []string) error {
	return run(c.goCmd(append([]string{"run", "./cmd/course", "pretrain-write"}, args...)...))
}

// pretrainWrite trains in this process.
func (c *course) pretrainWrite(names []string) error {
	backend, err := nnlib.Backend()
	if err != nil {
		return err
	}
	var todo []*transferlearn.Pretrained
	for _, n := range names {
		p, err := transferlearn.Lookup(n)
		if err != nil {
			return err
		}
		todo = append(todo, p)
	}
	if len(todo) == 0 {
		todo = transferlearn.Catalog()
	}
	for _, p := range todo {
		dir := filepath.Join(c.root, "data", "pretrained", p.Name)
		_, sums, err := p.Train(backend, dir, os.Stdout)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		say("%s written to %s; its files for the catalog (lessons/05e-transfer-learning/pretrained.go):", p.Name, dir)
		for _, name := range slices.Sorted(mapKeys(sums)) {
			fmt.Printf("\t%q: %q,\n", name, sums[name])
		}
	}
	return nil
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
