package main

import (
	"context"
	"fmt"

	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
)

// runEpisodeAccuracy is `soaplint accuracy --episodes DIR`.
func runEpisodeAccuracy(ctx context.Context, dir string, verbose bool, minScore float64, e *env) int {
	scores, err := accuracy.EvaluateEpisodes(ctx, dir, e.ruleSet())
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if err := accuracy.PrintEpisodes(e.Stdout, scores, verbose); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if scores.Undated > 0 {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %d episode findings on notes without patient and date\n", scores.Undated)
		return 1
	}
	if minScore > 0 {
		if below := accuracy.BelowThreshold(scores.All, minScore); len(below) > 0 {
			fmt.Fprintf(e.Stderr, "soaplint accuracy: %d rules below %.2f\n", len(below), minScore)
			return 1
		}
	}
	return 0
}

// perNoteRules is the catalogue without the episode rules, which a labels file
// of single notes cannot score (they are scored by --episodes).
func perNoteRules() []string {
	var ids []string
	for _, id := range rules.Catalogue {
		if !episode.IsEpisodeRule(id) {
			ids = append(ids, id)
		}
	}
	return ids
}
