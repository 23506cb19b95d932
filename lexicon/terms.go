package lexicon

import "io/fs"

// TermClass names a term list.
type TermClass string

// TermTable holds term lists by class.
type TermTable struct {
	lists map[TermClass][]string
}

func (t *TermTable) with(extra map[TermClass][]string) *TermTable {
	c := &TermTable{lists: map[TermClass][]string{}}
	for k, v := range t.lists {
		c.lists[k] = v
	}
	for k, v := range extra {
		c.lists[k] = append(append([]string(nil), c.lists[k]...), v...)
	}
	return c
}

func loadTerms(fsys fs.FS) (*TermTable, error) {
	return &TermTable{lists: map[TermClass][]string{}}, nil
}
