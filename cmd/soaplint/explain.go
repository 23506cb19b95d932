package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
)

const explainUsage = `usage: soaplint explain RULE

Prints a rule's rationale, default severity, the payer profiles it applies to
and its source. Run soaplint rules for the list of rules.
`

func runExplain(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("explain", explainUsage, e.Stderr)
	pos, err := parseInterleaved(fs, args)
	if err == nil && len(pos) != 1 {
		err = errors.New("name one rule, e.g. soaplint explain time/units-mismatch")
	}
	if err != nil {
		return usageError("explain", err, e)
	}
	id := pos[0]
	var r *analyzer.Rule
	for _, x := range e.ruleSet() {
		if x.ID == id {
			r = x
		}
	}
	if r == nil {
		msg := fmt.Sprintf("soaplint explain: unknown rule %q; run `soaplint rules` for the list", id)
		var near []string
		for _, r := range e.ruleSet() {
			if strings.Contains(r.ID, strings.ToLower(id)) {
				near = append(near, r.ID)
			}
		}
		if len(near) > 0 {
			msg += "\n  did you mean: " + strings.Join(near, ", ")
		}
		fmt.Fprintln(e.Stderr, msg)
		return 2
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", r.ID)
	fmt.Fprintf(&b, "default severity: %s\n", r.Severity)
	fmt.Fprintf(&b, "profiles:         %s\n", strings.Join(profiles(r), ", "))
	if r.Source != "" {
		fmt.Fprintf(&b, "source:           %s\n", r.Source)
	}
	b.WriteString("\n")
	b.WriteString(wrap(r.Doc, 80))
	b.WriteString("\n\nDisable it for one note with a line [soaplint-disable " + r.ID + "],\n")
	b.WriteString("or for a folder in .soaplint.yaml under rules: (" + r.ID + ": off).\n")
	fmt.Fprint(e.Stdout, b.String())
	return 0
}

// wrap reflows text to lines of at most width characters, keeping paragraphs.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		var lines []string
		line := ""
		for _, w := range strings.Fields(para) {
			if line != "" && len(line)+1+len(w) > width {
				lines = append(lines, line)
				line = w
				continue
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		if line != "" {
			lines = append(lines, line)
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n")
}
