package main

import (
	"os"
	"path/filepath"
	"testing"
)

// labelledNotes is the repository's copy of the labelled notes
// (testdata/labelled/notes, copied from ../shared/notes), so the tests need
// nothing beside the clone.
var labelledNotes = filepath.Join("..", "..", "testdata", "labelled", "notes")

// fullCorpus returns the path of the full 4,999-note MTSamples export, which
// is not kept in the repository: $SOAPLINT_CORPUS, else
// ../shared/corpus/mtsamples_full.csv.gz beside the clone. When it is absent
// the benchmark is skipped with a message saying how to get it.
func fullCorpus(tb testing.TB) string {
	tb.Helper()
	p := corpusPath()
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("full corpus not found (%v): set SOAPLINT_CORPUS to mtsamples_full.csv.gz, "+
			"the 4,999 MTSamples transcriptions (see testdata/corpus/SOURCE.md; "+
			"github.com/terrah27/spider_mtsamples.com) to run this", err)
	}
	return p
}

func corpusPath() string {
	if p := os.Getenv("SOAPLINT_CORPUS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "..", "shared", "corpus", "mtsamples_full.csv.gz")
}

// fullCorpusPath is the full corpus's path, if it is there.
func fullCorpusPath() (string, bool) {
	p := corpusPath()
	_, err := os.Stat(p)
	return p, err == nil
}
