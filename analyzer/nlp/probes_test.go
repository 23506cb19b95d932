package nlp

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProbes decides the goals of testdata/probes.txt: goals written from the
// labelling definitions (not taken from the labelled corpus), each class with
// look-alikes in both directions.
func TestProbes(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "probes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := newTestClassifier(t, 0)
	n := 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		want, goal, _ := strings.Cut(text, " ")
		if want != "IMP" && want != "fun" {
			t.Fatalf("probes.txt:%d: want IMP or fun, got %q", line, want)
		}
		n++
		if got := c.Classify(goal); got.ImpairmentOnly != (want == "IMP") {
			t.Errorf("probes.txt:%d: %q: impairment-only %v, want %v (parts %+v)", line, goal, got.ImpairmentOnly, want == "IMP", got.Parts)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("%d probes read, want the whole file", n)
	}
}
