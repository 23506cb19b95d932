package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// TermClass names a term list. Each list is the file data/terms/<class>.txt: one
// term per line, '#' starts a comment, and a "# source:" line names where the list
// comes from. Adding a file adds a class.
type TermClass string

// TermTable holds the term lists and a prebuilt matcher for each.
type TermTable struct {
	lists    map[TermClass][]string
	ctx      *textmatch.Context
	matchers map[TermClass]*textmatch.Matcher
	derived  sync.Map // key → *derivedValue, see Derived (derived.go)
}

// List returns the terms of class c (nil when the class is unknown).
func (t *TermTable) List(c TermClass) []string { return t.lists[c] }

// Matcher returns a matcher over class c; an unknown class matches nothing.
func (t *TermTable) Matcher(c TermClass) *textmatch.Matcher {
	if m, ok := t.matchers[c]; ok {
		return m
	}
	return textmatch.New(nil).WithContext(t.ctx)
}

// Classes lists the known classes, sorted.
func (t *TermTable) Classes() []TermClass {
	var cs []TermClass
	for c := range t.lists {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i] < cs[j] })
	return cs
}

func newTermTable(lists map[TermClass][]string, ctx *textmatch.Context) *TermTable {
	t := &TermTable{lists: lists, ctx: ctx, matchers: make(map[TermClass]*textmatch.Matcher, len(lists))}
	for c, l := range lists {
		t.matchers[c] = textmatch.New(l).WithContext(ctx)
	}
	return t
}

// Context is the negation/history/hypothetical classifier the matchers use.
func (t *TermTable) Context() *textmatch.Context { return t.ctx }

func (t *TermTable) with(extra map[TermClass][]string) *TermTable {
	lists := make(map[TermClass][]string, len(t.lists))
	for k, v := range t.lists {
		lists[k] = v
	}
	for k, v := range extra {
		lists[k] = append(append([]string(nil), lists[k]...), v...)
	}
	return newTermTable(lists, t.ctx)
}

func loadTerms(fsys fs.FS, ctx *textmatch.Context) (*TermTable, error) {
	lists := map[TermClass][]string{}
	files, err := fs.Glob(fsys, "data/terms/*.txt")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		class := TermClass(strings.TrimSuffix(path.Base(f), ".txt"))
		terms, err := parseTermList(f, string(data))
		if err != nil {
			return nil, err
		}
		lists[class] = terms
	}
	return newTermTable(lists, ctx), nil
}

// parseTermList reads one term per line, skipping blanks and '#' comments, and
// requires a "# source:" line so every list names its origin.
func parseTermList(name, data string) ([]string, error) {
	var terms []string
	sourced := false
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[1:])), "source:") {
				sourced = true
			}
			continue
		}
		if line != "" {
			terms = append(terms, line)
		}
	}
	if !sourced {
		return nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	return terms, sc.Err()
}
