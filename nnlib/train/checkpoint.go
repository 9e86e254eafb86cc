package train

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/checkpoint"

	"github.com/gomlx-course/dlcourse/nnlib"
)

// Save writes the variables of store (weights, and the optimizer's state, so
// that a training can go on) to the folder dir as a GoMLX checkpoint,
// replacing what dir held. The store itself is left as it was.
func Save(store *model.Store, dir string) (err error) {
	defer nnlib.Failed(&err, "train.Save")
	if store == nil {
		return errors.New("train.Save: no store")
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	// GoMLX's handler loads what a folder holds and attaches itself to the
	// store: write a copy of the store to a new folder, then put it in place.
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), ".checkpoint-*")
	if err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	defer os.RemoveAll(tmp)
	clone, err := store.Clone()
	if err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	clone.SetLoader(nil)
	h, err := checkpoint.Build(clone).Dir(tmp).Keep(1).Done()
	if err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	if err := h.Save(); err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("train.Save: %w", err)
	}
	return nil
}

// read loads the checkpoint in dir into a new store, every variable now.
func read(dir string) (store *model.Store, err error) {
	defer nnlib.Failed(&err, "reading the checkpoint")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no checkpoint in %s: save one with train.Save, or run the cell that trains the model", dir)
	}
	store = model.NewStore()
	if _, err := checkpoint.Load(store).Dir(dir).Immediate().Done(); err != nil {
		return nil, fmt.Errorf("the checkpoint in %s cannot be read (%v): delete the folder and save it again", dir, err)
	}
	return store, nil
}

// Load reads the checkpoint in dir (written by Save) into store: every
// variable it holds, created in store or replacing the value there. A model
// built on store then computes what the saved one did.
func Load(store *model.Store, dir string) error {
	_, err := LoadScope(store, dir, "/", "/")
	return err
}

// LoadScope reads from the checkpoint in dir only the variables under the
// scope from (a path such as "/conv1", or "/" for all), and puts them in
// store under the scope to instead: the pretrained layers of one model
// loaded into another. It returns how many variables it loaded; none is an
// error that lists what the checkpoint holds.
func LoadScope(store *model.Store, dir, from, to string) (n int, err error) {
	defer nnlib.Failed(&err, "train.LoadScope")
	if store == nil {
		return 0, errors.New("train.LoadScope: no store")
	}
	saved, err := read(dir)
	if err != nil {
		return 0, fmt.Errorf("train.LoadScope: %w", err)
	}
	from, to = scopePrefix(from), scopePrefix(to)
	var paths []string
	for v := range saved.IterVariables() {
		path := v.Path()
		paths = append(paths, path)
		if !strings.HasPrefix(path, from) {
			continue
		}
		value, err := v.Value()
		if err != nil {
			return n, err
		}
		target := to + strings.TrimPrefix(path, from)
		if dst := store.GetVariable(target); dst != nil {
			if !dst.Shape().Equal(value.Shape()) {
				return n, fmt.Errorf("train.LoadScope: %s has shape %s in the checkpoint but %s has %s in the model: load it into a layer of the same size",
					path, value.Shape(), target, dst.Shape())
			}
			err = dst.SetValue(value)
		} else {
			_, err = store.CreateVariable(target, value)
		}
		if err != nil {
			return n, fmt.Errorf("train.LoadScope: %s: %w", target, err)
		}
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("train.LoadScope: the checkpoint in %s has no variable under %s; it has %s", dir, from, strings.Join(paths, ", "))
	}
	return n, nil
}

// scopePrefix is the scope path with one separator at its end, "/" for the
// root.
func scopePrefix(scope string) string {
	return strings.TrimSuffix("/"+strings.Trim(scope, "/"), "/") + "/"
}

// Freeze stops the optimizer from changing the variables of store under
// scope (a path such as "/conv1"): their gradients are no longer applied,
// which is how a pretrained backbone is kept fixed while a new head
// trains. It returns how many variables it froze.
func Freeze(store *model.Store, scope string) (int, error) {
	return setTrainable(store, scope, false)
}

// Unfreeze undoes Freeze: the variables under scope train again (to
// fine-tune a pretrained backbone after its head has learnt).
func Unfreeze(store *model.Store, scope string) (int, error) {
	return setTrainable(store, scope, true)
}

func setTrainable(store *model.Store, scope string, trainable bool) (int, error) {
	if store == nil {
		return 0, errors.New("train: no store")
	}
	prefix := scopePrefix(scope)
	n := 0
	for v := range store.IterVariables() {
		if strings.HasPrefix(v.Path(), prefix) {
			v.SetTrainable(trainable)
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("train: no variable under %s: build the model (or load it) before freezing its layers", prefix)
	}
	return n, nil
}

// KeepStore is nnlib.Keep for a trained model: the first call runs train,
// which trains a model in the store it is given, and saves that store as a
// checkpoint in nnlib.CacheDir(), under name and a hash of config; later
// calls, in later cells or sessions, load it back without training. It
// prints one line when it reads the model back. nnlib.Forget(name) and
// NNLIB_RECOMPUTE=1 make it train again.
func KeepStore(name string, config any, train func(store *model.Store) error) (*model.Store, error) {
	path, err := nnlib.KeepPath(name, config)
	if err != nil {
		return nil, err
	}
	dir := strings.TrimSuffix(path, filepath.Ext(path)) + ".checkpoint"
	if os.Getenv(nnlib.RecomputeEnv) == "" {
		if _, err := os.Stat(dir); err == nil {
			store := model.NewStore()
			if err := Load(store, dir); err == nil {
				fmt.Printf("(%s: read back from %s, kept by an earlier run; nnlib.Forget(%q) trains it again)\n", name, filepath.Base(dir), name)
				return store, nil
			}
			// Unreadable: train again.
		}
	}
	store := model.NewStore()
	if err := train(store); err != nil {
		return nil, err
	}
	if err := Save(store, dir); err != nil {
		return nil, fmt.Errorf("nnlib.Keep(%q): %w", name, err)
	}
	return store, nil
}
