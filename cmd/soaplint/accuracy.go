package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
)

const accuracyUsage = `usage: soaplint accuracy [--labels FILE [--dir DIR] | --goals FILE] [--split dev|check|all] [-v] [--min 0.9]
       soaplint accuracy --episodes DIR [-v] [--min 0.9]

Scores the linter against a labels file (the formats of shared/notes and
shared/notes2 labels.json; testdata/labelled/notes/labels.json is the default
when run from the repository root) or a goals file (the format of
shared/goals/goals.jsonl: the goal rules only) and prints per-rule precision and
recall. Notes are read from the labels file's folder unless --dir says
otherwise. --split scores one half: dev (odd-numbered notes and goal ids, for
tuning) or check (even-numbered, for reporting). With --episodes, scores the
episode rules on a folder of courses of care and its labels.json
(shared/episodes). Exits 1 when a rule is below --min.

flags:
`

// defaultLabels is the repository's labelled set, relative to its root.
var defaultLabels = filepath.Join("testdata", "labelled", "notes", "labels.json")

// runAccuracy is a hidden subcommand for rule authors.
func runAccuracy(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("accuracy", accuracyUsage, e.Stderr)
	labels := fs.String("labels", "", "labels file (JSON)")
	goals := fs.String("goals", "", "goals file (JSON Lines): score the goal rules on labelled goal lines")
	dir := fs.String("dir", "", "folder of the labelled notes (default: the labels file's folder)")
	splitFlag := fs.String("split", "all", "dev (odd numbers), check (even numbers) or all")
	verbose := fs.Bool("v", false, "list every missed label and false alarm")
	minScore := fs.Float64("min", 0, "exit 1 if any rule's precision or recall is below this")
	episodes := fs.String("episodes", "", "score the episode rules on a folder of courses of care with its labels.json")
	pos, err := parseInterleaved(fs, args)
	if err == nil && *episodes != "" && *labels == "" && len(pos) == 0 {
		return runEpisodeAccuracy(ctx, *episodes, *verbose, *minScore, e)
	}
	if err == nil && *labels == "" && *goals == "" {
		if _, serr := os.Stat(defaultLabels); serr == nil {
			*labels = defaultLabels
		}
	}
	if err == nil && ((*labels == "") == (*goals == "") || len(pos) > 0) {
		err = errors.New("name the labels file with --labels FILE or the goals file with --goals FILE")
	}
	var split accuracy.Split
	if err == nil {
		split, err = accuracy.ParseSplit(*splitFlag)
	}
	if err != nil {
		return usageError("accuracy", err, e)
	}
	var scores []*accuracy.Score
	if *goals != "" {
		var rows []accuracy.GoalRow
		rows, err = accuracy.LoadGoals(*goals)
		if err == nil {
			scores, err = accuracy.EvaluateGoals(ctx, rows, e.ruleSet(), split)
		}
	} else {
		if *dir == "" {
			*dir = filepath.Dir(*labels)
		}
		var entries []accuracy.Entry
		entries, err = accuracy.LoadLabels(*labels)
		if err == nil {
			var half []accuracy.Entry
			if half, err = accuracy.SplitEntries(entries, string(split)); err == nil {
				scores, err = accuracy.EvaluateLines(ctx, *dir, half, accuracy.LineRules(entries), e.ruleSet(), perNoteRules())
			}
		}
	}
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
