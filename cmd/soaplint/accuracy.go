package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
)

const accuracyUsage = `usage: soaplint accuracy [--labels FILE] [--dir DIR] [-v] [--min 0.9]

Scores the linter against a labels file (the format of
testdata/labelled/notes/labels.json, the default when run from the repository
root) and prints per-rule precision and recall. Notes are read from the labels
file's folder unless --dir says otherwise. Exits 1 when a rule is below --min.

flags:
`

// defaultLabels is the repository's labelled set, relative to its root.
var defaultLabels = filepath.Join("testdata", "labelled", "notes", "labels.json")

// runAccuracy is a hidden subcommand for rule authors.
func runAccuracy(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("accuracy", accuracyUsage, e.Stderr)
	labels := fs.String("labels", "", "labels file (JSON)")
	dir := fs.String("dir", "", "folder of the labelled notes (default: the labels file's folder)")
	verbose := fs.Bool("v", false, "list every missed label and false alarm")
	minScore := fs.Float64("min", 0, "exit 1 if any rule's precision or recall is below this")
	pos, err := parseInterleaved(fs, args)
	if err == nil && *labels == "" {
		if _, serr := os.Stat(defaultLabels); serr == nil {
			*labels = defaultLabels
		}
	}
	if err == nil && (*labels == "" || len(pos) > 0) {
		err = errors.New("name the labels file with --labels FILE (the default, " + defaultLabels + ", is read from the repository root)")
	}
	if err != nil {
		return usageError("accuracy", err, e)
	}
	if *dir == "" {
		*dir = filepath.Dir(*labels)
	}
	entries, err := accuracy.LoadLabels(*labels)
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	scores, err := accuracy.Evaluate(ctx, *dir, entries, e.ruleSet(), rules.Catalogue)
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if err := accuracy.Print(e.Stdout, scores, *verbose); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if *minScore > 0 {
		if below := accuracy.BelowThreshold(scores, *minScore); len(below) > 0 {
			fmt.Fprintf(e.Stderr, "soaplint accuracy: %d rules below %.2f\n", len(below), *minScore)
			return 1
		}
	}
	return 0
}
