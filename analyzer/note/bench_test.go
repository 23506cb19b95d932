package note

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

// corpusDir holds the 100 MTSamples notes (a copy of ../shared/corpus/mtsamples).
func corpusDir(t testing.TB) string {
	dir := filepath.Join(repoRoot(t), "testdata", "corpus", "mtsamples")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("corpus missing: %v", err)
	}
	return dir
}

func repoRoot(t testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}

func readDir(t testing.TB, dir, pattern string) []string {
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s in %s", pattern, dir)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// BenchmarkParse parses every MTSamples note once per iteration; ns/op is per note.
func BenchmarkParse(b *testing.B) { benchParse(b, readDir(b, corpusDir(b), "*.txt")) }

// BenchmarkParseShared parses the labelled therapy notes, which are dense in facts.
func BenchmarkParseShared(b *testing.B) {
	benchParse(b, readDir(b, filepath.Join(repoRoot(b), "testdata", "labelled", "notes"), "n*.txt"))
}

// benchParse parses one of texts per iteration, in turn.
func benchParse(b *testing.B, texts []string) {
	lex := lexicon.Default()
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Parse(texts[i%len(texts)], lex)
	}
}
