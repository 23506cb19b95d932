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

// fullCorpus returns the path of the full 4,999-note MTSamples export:
// $SOAPLINT_CORPUS, else the repository's copy in testdata/corpus. A missing
// file fails the caller (it is part of the repository).
func fullCorpus(tb testing.TB) string {
	tb.Helper()
	p := corpusPath()
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("full corpus not found (%v): testdata/corpus/mtsamples_full.csv.gz is part of the "+
			"repository, or set SOAPLINT_CORPUS (see testdata/corpus/SOURCE.md)", err)
	}
	return p
}

func corpusPath() string {
	if p := os.Getenv("SOAPLINT_CORPUS"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "testdata", "corpus", "mtsamples_full.csv.gz")
}

// fullCorpusPath is the full corpus's path, if it is there.
func fullCorpusPath() (string, bool) {
	p := corpusPath()
	_, err := os.Stat(p)
	return p, err == nil
}
