package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
)

// TestAccuracy scores the real rule set against the labelled sets copied into
// testdata/labelled (notes: the first development set; notes2: EHR-export
// styles), on the development half (odd note numbers), the checking half (even)
// and the whole, and fails if a rule's precision is below 0.95 or its recall
// below 0.90 on any of them.
func TestAccuracy(t *testing.T) {
	for _, set := range []struct {
		name string
		// skip lists rule prefixes not asserted on this set.
		skip []string
	}{
		{name: "notes"},
		// The goal/* rules on notes2 belong to the goals work (issue 11 item
		// 1, helper h11goals); they are excluded here until it lands.
		{name: "notes2", skip: []string{"goal/"}},
	} {
		dir := filepath.Join("..", "..", "testdata", "labelled", set.name)
		entries, err := accuracy.LoadLabels(filepath.Join(dir, "labels.json"))
		if err != nil {
			t.Fatalf("labelled notes are required: %v", err)
		}
		var ids []string
		for _, id := range perNoteRules() {
			keep := true
			for _, p := range set.skip {
				keep = keep && !strings.HasPrefix(id, p)
			}
			if keep {
				ids = append(ids, id)
			}
		}
		lines := accuracy.LineRules(entries)
		for _, half := range []string{accuracy.Dev, accuracy.Check, accuracy.All} {
			part, err := accuracy.SplitEntries(entries, half)
			if err != nil {
				t.Fatal(err)
			}
			scores, err := accuracy.EvaluateLines(context.Background(), dir, part, lines, rules.All(), ids)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := accuracy.Print(&buf, scores, true); err != nil {
				t.Fatal(err)
			}
			if below := accuracy.Below(scores, 0.95, 0.90); len(below) > 0 {
				t.Errorf("%s %s: rules below precision 0.95 / recall 0.90:\n  %s\n\n%s", set.name, half, strings.Join(below, "\n  "), buf.String())
			} else {
				t.Logf("%s %s:\n%s", set.name, half, buf.String())
			}
		}
	}
}

func TestAccuracyCommand(t *testing.T) {
	// Outside the repository root the default labels file is not there.
	code, _, stderr := runCLI(t, "", nil, "accuracy")
	if code != 2 || !strings.Contains(stderr, "--labels") {
		t.Errorf("no labels: exit %d, %q", code, stderr)
	}
	// From the repository root the default is the repository's labelled set.
	t.Run("default", func(t *testing.T) {
		t.Chdir(filepath.Join("..", ".."))
		code, stdout, stderr := runCLI(t, "", nil, "accuracy")
		if code != 0 || !strings.HasPrefix(stdout, "RULE") {
			t.Errorf("default labels: exit %d\nstdout:\n%s\nstderr: %s", code, stdout, stderr)
		}
	})
	labels := filepath.Join(labelledNotes, "labels.json")
	code, stdout, stderr := runCLI(t, "", nil, "accuracy", "--labels", labels, "--min", "0.9")
	// The fake rules find next to nothing in the labelled notes: the table is
	// printed and the threshold fails.
	if code != 1 || !strings.HasPrefix(stdout, "RULE") || !strings.Contains(stdout, "doc/invalid-icd10") ||
		!strings.Contains(stderr, "below 0.90") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "", nil, "accuracy", "--labels", labels, "--split", "odd")
	if code != 2 || !strings.Contains(stderr, "--split") {
		t.Errorf("--split odd: exit %d, %q", code, stderr)
	}
}
