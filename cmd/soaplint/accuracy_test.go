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

// TestAccuracy scores the real rule set against the labelled notes in
// testdata/labelled/notes and fails if any rule's precision or recall is below
// 0.9. It fails (does not skip) when the labelled notes are missing.
func TestAccuracy(t *testing.T) {
	dir := labelledNotes
	entries, err := accuracy.LoadLabels(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatalf("labelled notes are required: %v", err)
	}
	scores, err := accuracy.Evaluate(context.Background(), dir, entries, rules.All(), perNoteRules())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := accuracy.Print(&buf, scores, true); err != nil {
		t.Fatal(err)
	}
	if below := accuracy.BelowThreshold(scores, 0.9); len(below) > 0 {
		t.Errorf("rules below 0.9 precision or recall:\n  %s\n\n%s", strings.Join(below, "\n  "), buf.String())
	} else {
		t.Logf("\n%s", buf.String())
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
