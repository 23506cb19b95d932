package lexicon

import "sync"

type derivedValue struct {
	once sync.Once
	v    any
}

// Derived returns the value that build computes from t, building it once per
// table and key. Packages that derive expensive structures from the term lists
// (the goal classifier with its sentence cache) hang them here, so they live
// exactly as long as the lists they come from: a lexicon extended with extra terms
// gets a new table and so a fresh value, one extended only with templates shares
// it. key should be a value of an unexported type of the calling package.
func (t *TermTable) Derived(key any, build func(*TermTable) any) any {
	e, _ := t.derived.LoadOrStore(key, &derivedValue{})
	d := e.(*derivedValue)
	d.once.Do(func() { d.v = build(t) })
	return d.v
}
