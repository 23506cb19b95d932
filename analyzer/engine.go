package analyzer

import (
	"context"
	"sort"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// Config is what a run needs beyond the note: the payer profile to assume when the
// note has no payer line, which rules are on, severity overrides and the lexicon.
type Config struct {
	Profile  Profile             // default profile; "" means Medicare
	Disabled map[string]bool     // rule IDs switched off
	Severity map[string]Severity // per-rule severity overrides
	Lexicon  *lexicon.Lexicon    // nil means lexicon.Default()
}

// Result is the outcome of linting one note.
type Result struct {
	Note        *note.Note
	Profile     Profile // the profile the note was linted under
	Diagnostics []Diagnostic
}

// EffectiveProfile is the note's own payer profile when it states one, else the
// configured default, else Medicare.
func EffectiveProfile(n *note.Note, def Profile) Profile {
	switch n.Header.Profile {
	case string(Medicare):
		return Medicare
	case string(Commercial):
		return Commercial
	}
	if def == "" {
		return Medicare
	}
	return def
}

// Run parses text and runs rules over it. Diagnostics come back sorted by position
// then rule ID, with inline soaplint-disable directives applied and a
// "disable RULE for this note" fix appended to each. Run returns ctx.Err() if the
// context is cancelled between rules.
func Run(ctx context.Context, text string, rules []*Rule, cfg Config) (*Result, error) {
	lex := cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	n := note.Parse(text, lex)
	res := &Result{Note: n, Profile: EffectiveProfile(n, cfg.Profile)}
	for _, r := range rules {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if cfg.Disabled[r.ID] || !r.AppliesTo(res.Profile) {
			continue
		}
		sev := r.Severity
		if s, ok := cfg.Severity[r.ID]; ok {
			sev = s
		}
		pass := &Pass{Note: n, Profile: res.Profile, Lexicon: lex, Rule: r}
		pass.report = func(d Diagnostic) {
			d.Rule, d.Severity = r.ID, sev
			d.Start, d.End = clampRange(d.Start, d.End, len(text))
			if suppressed(n, r.ID, d.Start) {
				return
			}
			d.Fixes = append(d.Fixes, DisableFix(r.ID))
			res.Diagnostics = append(res.Diagnostics, d)
		}
		r.Run(pass)
	}
	sort.SliceStable(res.Diagnostics, func(i, j int) bool {
		a, b := res.Diagnostics[i], res.Diagnostics[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Rule < b.Rule
	})
	return res, nil
}

func clampRange(start, end, n int) (int, int) {
	start = max(0, min(start, n))
	end = max(start, min(end, n))
	return start, end
}

// DisableFix inserts a directive at the top of the note that switches rule off for
// the whole note.
func DisableFix(rule string) Fix {
	return Fix{
		Title: "Disable " + rule + " for this note",
		Edits: []TextEdit{{Start: 0, End: 0, NewText: "[soaplint-disable " + rule + "]\n"}},
	}
}

// suppressed applies the note's inline directives to a finding of rule at offset off.
func suppressed(n *note.Note, rule string, off int) bool {
	off = max(0, min(off, len(n.Text)))
	m := n.Mapper()
	line := m.Line(off)
	off_ := false
	for _, d := range n.Directives {
		if d.Range.Start > off || !d.Names(rule) {
			continue
		}
		switch d.Kind {
		case note.Disable:
			off_ = true
		case note.Enable:
			off_ = false
		case note.DisableNextLine:
			if m.Line(d.Range.Start)+1 == line {
				return true
			}
		}
	}
	return off_
}
