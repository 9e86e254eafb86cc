package data

import "fmt"

// OnlyClasses returns the examples of d whose label is one of classes,
// relabelled 0, 1, … in the order classes lists them (ClassNames follow): a
// new task made of some of d's classes, as lesson 05e's five classes of
// Fashion-MNIST for a network pretrained on the other five.
func (d *Dataset) OnlyClasses(classes ...int) (*Dataset, error) {
	if d.Labels == nil {
		return nil, fmt.Errorf("OnlyClasses: %s has no labels", d.describe())
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("OnlyClasses needs at least two classes, got %v", classes)
	}
	relabel := map[int]int{}
	var names []string
	for k, c := range classes {
		if _, twice := relabel[c]; twice {
			return nil, fmt.Errorf("OnlyClasses: class %d is listed twice", c)
		}
		relabel[c] = k
		if c >= 0 && c < len(d.ClassNames) {
			names = append(names, d.ClassNames[c])
		} else {
			names = append(names, fmt.Sprint(c))
		}
	}
	var keep []int
	for i, l := range d.Labels {
		if _, ok := relabel[l]; ok {
			keep = append(keep, i)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("OnlyClasses: %s has no example of the classes %v", d.describe(), classes)
	}
	out, err := d.Subset(keep)
	if err != nil {
		return nil, err
	}
	for i, l := range out.Labels {
		out.Labels[i] = relabel[l]
	}
	out.ClassNames = names
	return out, nil
}

// PerClass returns perClass examples of each class of d, the first ones of
// each class in the order seed shuffles d to, then shuffled together; and
// the remaining examples (in the shuffled order), which do not overlap them.
// It is how a label budget is drawn: "10 labelled images per class".
func (d *Dataset) PerClass(perClass int, seed uint32) (chosen, rest *Dataset, err error) {
	if d.Labels == nil {
		return nil, nil, fmt.Errorf("PerClass: %s has no labels", d.describe())
	}
	counts := d.ClassCounts()
	for c, n := range counts {
		if n < perClass {
			return nil, nil, fmt.Errorf("PerClass(%d): %s has only %d examples of class %d", perClass, d.describe(), n, c)
		}
	}
	if perClass < 1 {
		return nil, nil, fmt.Errorf("PerClass needs at least 1 example per class, got %d", perClass)
	}
	taken := make([]int, len(counts))
	var pick, left []int
	for _, i := range Permutation(d.Len(), seed) {
		if c := d.Labels[i]; taken[c] < perClass {
			taken[c]++
			pick = append(pick, i)
		} else {
			left = append(left, i)
		}
	}
	order := Permutation(len(pick), seed+1)
	shuffled := make([]int, len(pick))
	for k, j := range order {
		shuffled[k] = pick[j]
	}
	if chosen, err = d.Subset(shuffled); err != nil {
		return nil, nil, err
	}
	if rest, err = d.Subset(left); err != nil {
		return nil, nil, err
	}
	return chosen, rest, nil
}
