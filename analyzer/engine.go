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
	Note    *note.Note
	Profile Profile // the profile the note was linted under
	// Lexicon is the lexicon the note was linted with (its configuration's
	// terms and tables), so a report prices the note with the same tables.
	Lexicon     *lexicon.Lexicon
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
	return run(ctx, text, rules, cfg, workersFor(len(text)))
}

// run is Run with the rules spread over workers goroutines.
func run(ctx context.Context, text string, rules []*Rule, cfg Config, workers int) (*Result, error) {
	lex := cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	n := note.Parse(text, lex)
	res := &Result{Note: n, Profile: EffectiveProfile(n, cfg.Profile), Lexicon: lex}
	sup := newSuppressor(n)
	type job struct {
		r   *Rule
		sev Severity
	}
	var jobs []job
	for _, r := range rules {
		if r.Run == nil || cfg.Disabled[r.ID] || !r.AppliesTo(res.Profile) {
			continue
		}
		sev := r.Severity
		if s, ok := cfg.Severity[r.ID]; ok {
			sev = s
		}
		jobs = append(jobs, job{r, sev})
	}
	// Each rule reports into its own slot, so the rules of a large note can run
	// side by side and the result is the same, in the same order, as one by one.
	found := make([][]Diagnostic, len(jobs))
	run := func(i int) {
		r, sev := jobs[i].r, jobs[i].sev
		pass := &Pass{Note: n, Profile: res.Profile, Lexicon: lex, Rule: r}
		// One disable fix per rule, shared by its findings (fixes are never
		// modified): a note with 100,000 findings does not carry 100,000 copies.
		disable := DisableFix(r.ID)
		pass.report = func(d Diagnostic) {
			// A severity the rule sets is a ceiling (a finding resting on
			// unverified reference data is at most an info).
			d.Rule, d.Severity = r.ID, max(sev, d.Severity)
			d.Start, d.End = clampRange(d.Start, d.End, len(text))
			if sup.suppressed(r.ID, d.Start) {
				return
			}
			d.Fixes = append(d.Fixes, disable)
			found[i] = append(found[i], d)
		}
		r.Run(pass)
	}
	if err := runAll(ctx, len(jobs), workers, run); err != nil {
		return nil, err
	}
	total := 0
	for _, f := range found {
		total += len(f)
	}
	res.Diagnostics = make([]Diagnostic, 0, total)
	for _, f := range found {
		res.Diagnostics = append(res.Diagnostics, f...)
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

// Suppressed reports whether an inline directive of n switches rule off at byte
// offset off: the engine's own test, for passes that report outside Run.
func Suppressed(n *note.Note, rule string, off int) bool {
	if len(n.Directives) == 0 {
		return false
	}
	return newSuppressor(n).suppressed(rule, off)
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
		Kind:  Disable,
		Edits: []TextEdit{{Start: 0, End: 0, NewText: "[soaplint-disable " + rule + "]\n"}},
	}
}

// suppressor applies a note's inline directives. It indexes them once per run,
// so a note with thousands of directives and findings is not checked pairwise.
type suppressor struct {
	m *note.Mapper
	// nextLine[line] lists the rules (nil entry: all rules) disabled on that line
	// by a soaplint-disable-next-line on the line before.
	nextLine map[int][]note.Directive
	// scoped holds the disable/enable directives naming each rule, in text
	// order; scoped[""] those naming every rule.
	scoped map[string][]note.Directive
}

func newSuppressor(n *note.Note) *suppressor {
	s := &suppressor{m: n.Mapper()}
	for _, d := range n.Directives {
		if d.Kind == note.DisableNextLine {
			if s.nextLine == nil {
				s.nextLine = map[int][]note.Directive{}
			}
			l := s.m.Line(d.Range.Start) + 1
			s.nextLine[l] = append(s.nextLine[l], d)
			continue
		}
		if s.scoped == nil {
			s.scoped = map[string][]note.Directive{}
		}
		if len(d.Rules) == 0 {
			s.scoped[""] = append(s.scoped[""], d)
		}
		for _, r := range d.Rules {
			s.scoped[r] = append(s.scoped[r], d)
		}
	}
	return s
}

// suppressed reports whether a finding of rule at byte offset off is switched
// off: by a disable-next-line on the line before, or by the last disable/enable
// before it that names the rule or every rule.
func (s *suppressor) suppressed(rule string, off int) bool {
	if s.nextLine == nil && s.scoped == nil {
		return false
	}
	if ds, ok := s.nextLine[s.m.Line(off)]; ok {
		for _, d := range ds {
			if d.Range.Start <= off && d.Names(rule) {
				return true
			}
		}
	}
	last := func(ds []note.Directive) (note.Directive, bool) {
		k := sort.Search(len(ds), func(i int) bool { return ds[i].Range.Start > off }) - 1
		if k < 0 {
			return note.Directive{}, false
		}
		return ds[k], true
	}
	a, okA := last(s.scoped[rule])
	b, okB := last(s.scoped[""])
	switch {
	case okA && okB:
		if b.Range.Start > a.Range.Start {
			a = b
		}
	case okB:
		a = b
	case !okA:
		return false
	}
	return a.Kind == note.Disable
}
