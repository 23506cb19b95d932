package nlp

import (
	"sync"
	"sync/atomic"

	"github.com/jdkato/prose/v2"
)

// TaggedWord is one word of a sentence with its Penn Treebank part-of-speech tag.
type TaggedWord struct {
	Text string
	Tag  string // VB, VBZ, NN, IN, TO, MD …
}

// Tagger is prose's averaged-perceptron part-of-speech tagger, loaded on first use.
// Loading decodes the model (~330 ms), so a Tagger is created once per Classifier
// and loaded only when a goal cannot be decided from the word lists. Safe for
// concurrent use: prose's tagger only reads its model.
type Tagger struct {
	once   sync.Once
	model  *prose.Model
	err    error
	loaded atomic.Bool
}

func (t *Tagger) load() error {
	t.once.Do(func() {
		// A document with tagging on and extraction off makes prose load only the
		// tagger model; later documents reuse it through UsingModel.
		doc, err := prose.NewDocument("", prose.WithSegmentation(false), prose.WithExtraction(false))
		if err != nil {
			t.err = err
			return
		}
		t.model = doc.Model
		t.loaded.Store(true)
	})
	return t.err
}

// Loaded reports whether the model has been loaded.
func (t *Tagger) Loaded() bool { return t.loaded.Load() }

// Tag tags one sentence (no segmentation, no entity extraction).
func (t *Tagger) Tag(sentence string) ([]TaggedWord, error) {
	if err := t.load(); err != nil {
		return nil, err
	}
	doc, err := prose.NewDocument(sentence,
		prose.WithSegmentation(false), prose.WithExtraction(false), prose.UsingModel(t.model))
	if err != nil {
		return nil, err
	}
	toks := doc.Tokens()
	out := make([]TaggedWord, len(toks))
	for i, tok := range toks {
		out[i] = TaggedWord{Text: tok.Text, Tag: tok.Tag}
	}
	return out, nil
}
