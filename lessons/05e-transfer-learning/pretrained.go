package transferlearn

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/compute"

	"github.com/gomlx-course/dlcourse/nnlib/cnn"
	"github.com/gomlx-course/dlcourse/nnlib/data"
	"github.com/gomlx-course/dlcourse/nnlib/transfer"
)

// Pretrained is one of the course's pretrained networks: what it is, the
// recipe that trained it, and the files of its checkpoint in
// data/pretrained/<Name> with their SHA-256.
type Pretrained struct {
	Name   string
	Source string // The source task, in words.
	Net    cnn.Backbone
	// Recipe: the source task's training and check images, and the budget.
	Data   func() (train, check *data.Dataset, err error)
	Config cnn.FitConfig
	Files  map[string]string // File name in the folder → SHA-256.
}

// FashionCNN is lesson 05a's CNN pretrained on the first five classes of
// Fashion-MNIST (T-shirt/top, trouser, pullover, dress, coat): the source
// task of section 2.
var FashionCNN = Pretrained{
	Name:   "fashion-0to4-cnn",
	Source: "Fashion-MNIST's first five classes (T-shirt/top, trouser, pullover, dress, coat), all 30,000 training images",
	Net:    FashionNet(),
	Data: func() (*data.Dataset, *data.Dataset, error) {
		train, test, err := fashionParts()
		if err != nil {
			return nil, nil, err
		}
		tr, err := train.OnlyClasses(SourceClasses...)
		if err != nil {
			return nil, nil, err
		}
		te, err := test.OnlyClasses(SourceClasses...)
		return tr, te, err
	},
	Config: cnn.FitConfig{Steps: 1500, BatchSize: 64, LearningRate: 0.001, Seed: 1},
	Files: map[string]string{
		"checkpoint-n0000000-20261202-231337-initial.bin":  "9582afbcb152f0269bbfe29922f0c8d0fd16db307c82cbb7ed107f11a5ad683f",
		"checkpoint-n0000000-20261202-231337-initial.json": "119466344a2402636edc81e40b735eefc2e9dad08cb5947b626d0769c4f5e43c",
		"recipe.json": "eceb335c4e2839b048eff900dc52ae8af24bee643579d968b68601bd4bca9a94",
	},
}

// DigitsResNet is lesson 05d's residual network (8 layers, batch
// normalisation) pretrained on 8,000 of the course's 10,000 real MNIST
// digits at 14×14: the source task of section 3.
var DigitsResNet = Pretrained{
	Name:   "mnist-resnet8",
	Source: "8,000 handwritten MNIST digits (data/mnist-10k) at 14×14",
	Net:    DigitsNet(),
	Data: func() (*data.Dataset, *data.Dataset, error) {
		m, err := data.MNIST10K()
		if err != nil {
			return nil, nil, err
		}
		// data/mnist-10k is grouped by digit: shuffle before splitting.
		shuffled, err := m.Shuffled(1)
		if err != nil {
			return nil, nil, err
		}
		half, err := data.HalfSize(shuffled)
		if err != nil {
			return nil, nil, err
		}
		train, err := half.Subset(seq(0, 8000))
		if err != nil {
			return nil, nil, err
		}
		check, err := half.Subset(seq(8000, 10000))
		return train, check, err
	},
	Config: cnn.FitConfig{Steps: 1500, BatchSize: 64, LearningRate: 0.001, Seed: 1},
	Files: map[string]string{
		"checkpoint-n0000000-20261202-231510-initial.bin":  "1a36c1c08eb0c189b73013f9f330588bec6ac0567b1339fad876a4b2f5e69a1c",
		"checkpoint-n0000000-20261202-231510-initial.json": "d8ad5428462feadf746e993ad6507dc3dbed62a38a3536763938c5a81b7de6d1",
		"recipe.json": "d347581e0522c3370316d8e307cf5d2df2acc12850a17cb34e7ebcf0b465baf0",
	},
}

// Catalog lists the course's pretrained networks.
func Catalog() []*Pretrained { return []*Pretrained{&FashionCNN, &DigitsResNet} }

// SourceClasses are the Fashion-MNIST classes FashionCNN learnt; TargetClasses
// the five of section 2's new task.
var (
	SourceClasses = []int{0, 1, 2, 3, 4}
	TargetClasses = []int{5, 6, 7, 8, 9}
)

// FashionNet is lesson 05a's CNN with five outputs.
func FashionNet() cnn.Arch {
	a := cnn.Small()
	a.Classes = 5
	return a
}

// DigitsNet is lesson 05d's residual-8 with batch normalisation for 14×14
// digits.
func DigitsNet() cnn.Deep {
	return cnn.Deep{Height: 14, Width: 14, Channels: 1, Join: cnn.Residual, Widths: []int{8, 16, 32}, Blocks: 1, BatchNorm: true, Classes: 10}
}

func seq(from, to int) []int {
	s := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		s = append(s, i)
	}
	return s
}

// RebuildCommand is the command that trains the pretrained networks again.
const RebuildCommand = "go run ./cmd/course pretrain"

// Dir returns the folder of p's checkpoint, data/pretrained/<Name>, after
// checking each of its files' SHA-256; a missing or damaged file gives one
// line saying how to get it back.
func (p *Pretrained) Dir() (string, error) {
	var tried []string
	for _, d := range data.SearchDirs() {
		dir := filepath.Join(d, "pretrained", p.Name)
		if _, err := os.Stat(dir); err != nil {
			tried = append(tried, dir)
			continue
		}
		if err := p.verify(dir); err != nil {
			return "", err
		}
		return dir, nil
	}
	return "", fmt.Errorf("the pretrained network %s is missing (looked in %s): restore it with `git checkout data/pretrained/%s`, or train it again with `%s %s`",
		p.Name, strings.Join(tried, ", "), p.Name, RebuildCommand, p.Name)
}

func (p *Pretrained) verify(dir string) error {
	if len(p.Files) == 0 {
		return fmt.Errorf("the pretrained network %s has no checksums in the catalog: train it with `%s %s` and copy the lines it prints", p.Name, RebuildCommand, p.Name)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range p.Files {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		sum, err := fileSHA256(filepath.Join(dir, name))
		if err != nil || sum != p.Files[name] {
			return fmt.Errorf("the pretrained network %s is damaged (%s does not match its SHA-256): restore it with `git checkout %s`, or train it again with `%s %s`",
				p.Name, name, filepath.Join("data/pretrained", p.Name), RebuildCommand, p.Name)
		}
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Load reads p's checkpoint, verified, as a trained network.
func (p *Pretrained) Load() (cnn.Fitted, string, error) {
	dir, err := p.Dir()
	if err != nil {
		return cnn.Fitted{}, "", err
	}
	fit, err := transfer.Load(p.Net, dir)
	return fit, dir, err
}

// Recipe is what data/pretrained/<name>/recipe.json records of a training.
type Recipe struct {
	Name, Source, Network, Backend string
	Config                         cnn.FitConfig
	TrainImages, CheckImages       int
	CheckAccuracy                  float64 // On the check images, which it did not train on.
	Seconds                        float64
	Command                        string
	Date                           string
}

// Train runs p's recipe and writes its checkpoint and recipe.json to dir,
// returning the recipe and the SHA-256 of each file (for the catalog).
func (p *Pretrained) Train(backend compute.Backend, dir string, progress io.Writer) (Recipe, map[string]string, error) {
	train, check, err := p.Data()
	if err != nil {
		return Recipe{}, nil, err
	}
	start := time.Now()
	fit, err := cnn.FitNet(backend, p.Net, p.Config, train, check)
	if err != nil {
		return Recipe{}, nil, err
	}
	r := Recipe{Name: p.Name, Source: p.Source, Network: p.Net.Label(), Backend: fit.Backend, Config: p.Config,
		TrainImages: train.Len(), CheckImages: check.Len(), CheckAccuracy: fit.FinalAccuracy(),
		Seconds: time.Since(start).Seconds(), Command: RebuildCommand + " " + p.Name, Date: time.Now().UTC().Format("2006-01-02")}
	fmt.Fprintf(progress, "%s: %d steps in %.0f s, accuracy on %d check images %.2f%%\n", p.Name, p.Config.Steps, r.Seconds, r.CheckImages, 100*r.CheckAccuracy)
	if err := transfer.Save(fit, dir); err != nil {
		return Recipe{}, nil, err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return Recipe{}, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "recipe.json"), append(js, '\n'), 0o644); err != nil {
		return Recipe{}, nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Recipe{}, nil, err
	}
	sums := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			return Recipe{}, nil, errors.New("transferlearn: the checkpoint holds a folder, " + e.Name())
		}
		if sums[e.Name()], err = fileSHA256(filepath.Join(dir, e.Name())); err != nil {
			return Recipe{}, nil, err
		}
	}
	return r, sums, nil
}

// ReadRecipe reads data/pretrained/<name>/recipe.json of p's checkpoint.
func (p *Pretrained) ReadRecipe() (Recipe, error) {
	dir, err := p.Dir()
	if err != nil {
		return Recipe{}, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "recipe.json"))
	if err != nil {
		return Recipe{}, err
	}
	var r Recipe
	return r, json.Unmarshal(b, &r)
}

// Lookup returns the pretrained network called name.
func Lookup(name string) (*Pretrained, error) {
	var names []string
	for _, p := range Catalog() {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return nil, fmt.Errorf("no pretrained network %q: the course has %s", name, strings.Join(names, ", "))
}
