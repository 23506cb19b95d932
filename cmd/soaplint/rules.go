package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

const rulesUsage = `usage: soaplint rules [--format text|json]

Lists every rule: ID, default severity and a one-line summary.
Run soaplint explain RULE for the full rationale.

flags:
`

// ruleInfo is a rule's description for `rules --format json`.
type ruleInfo struct {
	ID       string   `json:"id"`
	Severity string   `json:"severity"`
	Summary  string   `json:"summary"`
	Doc      string   `json:"doc"`
	Source   string   `json:"source,omitempty"`
	Profiles []string `json:"profiles"`
}

func describeRule(r *analyzer.Rule) ruleInfo {
	return ruleInfo{
		ID:       r.ID,
		Severity: r.Severity.String(),
		Summary:  format.FirstSentence(r.Doc),
		Doc:      r.Doc,
		Source:   r.Source,
		Profiles: profiles(r),
	}
}

// profiles lists the payer profiles a rule runs under.
func profiles(r *analyzer.Rule) []string {
	var out []string
	for _, p := range []analyzer.Profile{analyzer.Medicare, analyzer.Commercial} {
		if r.AppliesTo(p) {
			out = append(out, string(p))
		}
	}
	return out
}

func runRules(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("rules", rulesUsage, e.Stderr)
	formatFlag := fs.String("format", "text", "output format: text or json")
	pos, err := parseInterleaved(fs, args)
	if err == nil {
		err = oneOf("format", *formatFlag, "text", "json")
	}
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError("rules", err, e)
	}
	all := e.ruleSet()
	if *formatFlag == "json" {
		infos := make([]ruleInfo, 0, len(all))
		for _, r := range all {
			infos = append(infos, describeRule(r))
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(infos); err != nil {
			fmt.Fprintf(e.Stderr, "soaplint rules: %v\n", err)
			return 2
		}
		return 0
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, format.FirstSentence(r.Doc))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint rules: %v\n", err)
		return 2
	}
	return 0
}
