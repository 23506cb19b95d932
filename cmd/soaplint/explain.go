package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/lexicon"
)

const explainUsage = `usage: soaplint explain [--data DIR] RULE

Prints a rule's rationale, default severity, the payer profiles it applies to
and its source; for a rule that rests on reference tables (code-pair edits,
MUEs), the table in use and the status of its rows. Run soaplint rules for the
list of rules.
`

func runExplain(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("explain", explainUsage, e.Stderr)
	data := fs.String("data", "", dataFlagUsage)
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
	if lines := referenceLines(r.ID, *data); len(lines) > 0 {
		b.WriteString(strings.Join(lines, "\n") + "\n")
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

// referenceLines describe the reference table a rule's findings rest on: its
// origin, its rows by status and, for a small table, each row that is not
// unverified with its source. The table is the one lint would use with the
// same --data / $SOAPLINT_DATA / default data directory.
func referenceLines(rule, dataFlag string) []string {
	var name string
	switch rule {
	case "modifier/59-needed":
		name = "code-pair edits (PTP)"
	case "units/exceeds-mue":
		name = "medically unlikely edits (MUE)"
	default:
		return nil
	}
	lex := lexicon.Default()
	if c, err := config.ChooseData(dataFlag, os.Getenv(config.DataEnv)); err != nil {
		return []string{"reference data:   " + err.Error()}
	} else if c.Pack != nil {
		lex = lex.With(c.Pack.Extra)
	}
	var out []string
	for _, t := range lex.Tables() {
		if t.Name != name {
			continue
		}
		q := ""
		if t.Origin.Quarter != "" {
			q = ", " + t.Origin.Quarter
		}
		out = append(out, fmt.Sprintf("reference data:   %s, %s%s: %d rows — %d cms, %d secondary, %d unverified (findings on unverified rows are info only)",
			t.Name, t.Origin, q, t.Stats.Rows, t.Stats.CMS, t.Stats.Secondary, t.Stats.Unverified))
	}
	if rule != "modifier/59-needed" || lex.Edits.Len() > 40 {
		return out
	}
	for _, ed := range lex.Edits.Edits() {
		if ed.Prov.Status == lexicon.Unverified {
			continue
		}
		src := ed.Prov.ShortSource()
		if strings.Contains(strings.ToLower(ed.Prov.Source), "column order") {
			src += " (column order unconfirmed)"
		}
		if ed.Prov.Status == lexicon.CMS {
			src = ed.Prov.Source + " " + ed.Prov.Quarter
		}
		del := ""
		if !ed.Deleted.IsZero() {
			del = ", deleted " + ed.Deleted.Format("2006-01-02")
		}
		out = append(out, fmt.Sprintf("                  %s/%s modifier indicator %d%s — %s: %s", ed.Column1, ed.Column2, ed.Modifier, del, ed.Prov.Status, src))
	}
	return out
}
