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
	testLabelledGoals(t, "probes.txt", 100)
}

// TestMTSamplesGoals decides the goal lines of the real MTSamples therapy
// evaluations (testdata/mtsamples_goals.txt, labelled from the same definitions).
func TestMTSamplesGoals(t *testing.T) {
	testLabelledGoals(t, "mtsamples_goals.txt", 60)
}

// testLabelledGoals checks each "IMP goal" / "fun goal" line of testdata/name,
// and that the file holds at least min goals.
func testLabelledGoals(t *testing.T, name string, min int) {
	f, err := os.Open(filepath.Join("testdata", name))
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
			t.Fatalf("%s:%d: want IMP or fun, got %q", name, line, want)
		}
		n++
		if got := c.Classify(goal); got.ImpairmentOnly != (want == "IMP") {
			t.Errorf("%s:%d: %q: impairment-only %v, want %v (parts %+v)", name, line, goal, got.ImpairmentOnly, want == "IMP", got.Parts)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < min {
		t.Fatalf("%s: %d goals read, want the whole file", name, n)
	}
}

// TestGoalBanks decides goals in the forms of public goal banks
// (testdata/goalbanks.txt, paraphrased and labelled from the same definitions).
func TestGoalBanks(t *testing.T) {
	testLabelledGoals(t, "goalbanks.txt", 160)
}
