// Package data gives the course's lessons their data, as plain Go slices that
// both the from-scratch code of the early lessons and GoMLX training can use.
//
// It has three parts:
//
//   - Synthetic problems, seeded and deterministic: linear data (Line, Linear),
//     the deck's two-sample example (DeckExample), 2-D classification problems
//     (Blobs, CourseBlobs, Circles, CourseCircles, Moons, XOR, Spirals) and
//     series for recurrent nets (SineSeries, RandomWalk, SineWaves, Windows).
//     Their random numbers are NumPy's legacy generator, so each equals what
//     the recipe in its comment gives in NumPy or scikit-learn with the same
//     seed: CourseBlobs is the original course's make_blobs data, number for
//     number.
//   - Real data sets: Fashion-MNIST and MNIST (FashionMNIST, MNIST, MNIST10K,
//     and Digits, MNIST10K as rows for the from-scratch networks), colour
//     photographs (LoadPhoto), a public-domain text (DevilsDictionary, with
//     CharVocab for character-level models) and a daily series (USBirths,
//     the births in the United States 2000–2014). Each
//     belongs to a Source whose files are found in a fixed order (SearchDirs)
//     and verified by SHA-256 before use; Sources, Source.Check and
//     Source.Install serve the course's set-up command. data/README.md tables
//     their origins, licenses and checksums.
//   - Preparation: Dataset.Split, Dataset.Shuffled, Dataset.Batches, Batcher,
//     Standardizer and OneHot.
//
// A Dataset holds its examples row-major in X []float32 with the shape of one
// example, and its answers in Labels []int (classes) or Targets []float32
// (numbers). Nothing here imports GoMLX: a batch becomes a tensor with
// tensors.FromFlatDataAndDimensions(batch.X, batch.Shape...).
//
// Errors meant for students are one plain sentence that says what to do, such
// as the command that installs a missing data set; nothing here panics on bad
// input. Notebooks wrap a loader in Must to print that sentence and stop.
package data
