package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/report"
	"github.com/soaplint/soaplint/lexicon"
)

const reportUsage = `usage: soaplint report [flags] PATH... -o report.html

Lints notes (files, folders, or with --jsonl, JSON Lines exports) and writes one
self-contained HTML page for reviewers: findings by rule, provider, CPT code and
week of service, the Medicare dollars they put at risk, and the notes to review
first. The page loads nothing from the network.

flags:
`

// reviewFlags are the input flags report and index share with lint.
type reviewFlags struct {
	profile analyzer.Profile
	config  string
	ncci    string
	mue     string
	data    string
	jsonl   bool
	jobs    int
	cmd     string // the subcommand, for error messages

	noEpisodes bool // skip the episode pass (episodes.go)
}

func (r *reviewFlags) register(fs *flag.FlagSet) (profile *string) {
	profile = fs.String("profile", "", "payer profile when a note has no Payer line: medicare or commercial (default from .soaplint.yaml, else medicare)")
	fs.StringVar(&r.config, "config", "", "configuration file (default: .soaplint.yaml found upward from each note)")
	fs.StringVar(&r.ncci, "ncci", "", "CMS practitioner code-pair edit file (replaces the built-in table)")
	fs.StringVar(&r.mue, "mue", "", "CMS practitioner MUE file (replaces the built-in table)")
	fs.StringVar(&r.data, "data", "", dataFlagUsage)
	fs.BoolVar(&r.jsonl, "jsonl", false, "inputs are JSON Lines exports, one {\"id\",\"text\",...} record per line")
	fs.IntVar(&r.jobs, "jobs", runtime.GOMAXPROCS(0), "notes linted in parallel")
	fs.BoolVar(&r.noEpisodes, "no-episodes", false, "skip the episode rules (progress reports, plan of care, KX, cloned notes across a patient's notes)")
	return profile
}

func (r *reviewFlags) check(profile string, paths []string) error {
	if profile != "" {
		p, err := analyzer.ParseProfile(profile)
		if err != nil {
			return fmt.Errorf("--profile: %v", err)
		}
		r.profile = p
	}
	if r.jobs < 1 {
		return fmt.Errorf("--jobs: want at least 1, got %d", r.jobs)
	}
	if r.config != "" {
		if _, err := os.Stat(r.config); err != nil {
			return fmt.Errorf("--config: %v", err)
		}
	}
	if len(paths) == 0 {
		return errors.New("no notes given (name files or folders)")
	}
	return nil
}

// lintInputs lints paths on the shared batch pipeline (the loader and linter
// of soaplint lint: each note under its own configuration, lexicon and tables)
// and calls emit with each result in input order, printing input errors. skip,
// when set, can spare linting a note (index: unchanged content).
func lintInputs(ctx context.Context, f *reviewFlags, paths []string, e *env,
	skip batch.Skip, emit func(batch.Linted) error) (configError bool, err error) {
	stderr := &lockedWriter{w: e.Stderr}
	l, ok := newLinter(f.cmd, &lintOptions{profile: f.profile, config: f.config, ncci: f.ncci, mue: f.mue, data: f.data}, e, stderr)
	if !ok {
		return true, nil
	}
	lint := func(ctx context.Context, in *batch.Input) batch.Linted { return l.Lint(ctx, in, skip) }
	err = batch.Run(ctx, batch.Inputs(paths, f.jsonl, e.Stdin), f.jobs, lint, func(x batch.Linted) error {
		if x.Note.Err != nil {
			fmt.Fprintf(stderr, "soaplint: %v\n", x.Note.Err)
		}
		return emit(x)
	})
	return l.ConfigError(), err
}

// tablesFrom adapts the lexicon's payment, MUE and code tables and the unit
// calculator to what the report prices findings with.
func tablesFrom(lex *lexicon.Lexicon) report.Tables {
	timed := lex.Codes.IsTimed
	rate := func(name string) func(time.Time) (float64, bool) {
		return func(dos time.Time) (float64, bool) {
			r, ok := lex.Payment.Rate(name, dos)
			return r.Value, ok
		}
	}
	return report.Tables{
		Price: func(code string, dos time.Time) (report.Price, bool) {
			amt, year, ok := lex.Payment.UnitPaymentOn(code, dos)
			if !ok {
				return report.Price{}, false
			}
			rvu, _ := lex.Payment.RVU(code, year)
			cf, _ := lex.Payment.ConversionFactor(year)
			return report.Price{Year: year, RVU: rvu.Total, CF: cf, Amount: amt,
				Work: rvu.Work, PE: rvu.PE, MP: rvu.MP, HasParts: rvu.HasParts,
				AlwaysTherapy: rvu.AlwaysTherapy, TherapyKnown: rvu.TherapyKnown,
				Status: rvu.Prov.Status.String(), Unverified: rvu.Prov.Status == lexicon.Unverified}, true
		},
		MUE:       lex.MUE.Value,
		Timed:     timed,
		MPPR:      rate(lexicon.RateMPPR),
		Assistant: rate(lexicon.RateAssistant),
		Supported: func(n *note.Note, p analyzer.Profile) (map[string]int, bool) {
			m := units.EightMinute
			if p == analyzer.Commercial {
				m = units.PerCode
			}
			plan := units.NewPlan(n, m, timed)
			if !plan.Complete {
				return nil, false
			}
			// Under the 8-minute rule codes tied on leftover minutes may take
			// the unit either way: price against the valid assignment nearest
			// the billing, as time/units-mismatch accepts any of them.
			var mins, billed []int
			for _, c := range plan.Codes {
				if c.Timed {
					mins, billed = append(mins, c.Minutes), append(billed, c.Billed)
				}
			}
			var fit []int
			if m == units.EightMinute {
				fit = units.Nearest(mins, billed)
			}
			out := map[string]int{}
			t := 0
			for _, c := range plan.Codes {
				switch {
				case c.Timed && fit != nil:
					out[c.Code] = fit[t]
					t++
				case c.Timed:
					out[c.Code] = c.Expected
				default:
					out[c.Code] = c.Billed // untimed: billed as documented
				}
			}
			return out, true
		},
	}
}

// reportSources names the reference data behind the report's dollars: the
// tables of each lexicon the batch used (a data pack, --mue, --ncci or the
// built-in tables), with their origin and row statuses.
func reportSources(lexes []*lexicon.Lexicon) []report.Source {
	var out []report.Source
	seen := map[string]bool{}
	add := func(name, from string) {
		if !seen[name+from] {
			seen[name+from] = true
			out = append(out, report.Source{Name: name, From: from})
		}
	}
	for _, lex := range lexes {
		for _, t := range lex.Tables() {
			from := "built into soaplint (lexicon/data)"
			if t.Origin.Kind != "built-in" {
				from = t.Origin.String()
				if len(t.Origin.Files) > 0 {
					from += ": " + strings.Join(t.Origin.Files, ", ")
				}
				if t.Origin.Quarter != "" {
					from += " (" + t.Origin.Quarter + ")"
				}
			}
			add(t.Name, fmt.Sprintf("%s; %d rows: %d from CMS files, %d from secondary sources, %d unverified.", from, t.Stats.Rows, t.Stats.CMS, t.Stats.Secondary, t.Stats.Unverified))
		}
		var cfs []string
		for _, f := range lex.Payment.Factors() {
			if f.QP != lex.Payment.QP() {
				continue
			}
			cfs = append(cfs, fmt.Sprintf("CY%d $%.4f (%s)", f.Year, f.Value, f.Prov))
		}
		who := "not a qualifying APM participant (the default)"
		if lex.Payment.QP() {
			who = "qualifying APM participant (apm: qualifying)"
		}
		add("Conversion factors", who+": "+strings.Join(cfs, "; ")+". A code missing from a year uses its most recent earlier RVU.")
		if r, ok := lex.Payment.Rate(lexicon.RateMPPR, time.Time{}); ok {
			add("Therapy MPPR", fmt.Sprintf("%.0f%% of the practice-expense payment off every always-therapy unit of the day but the one with the highest PE (%s).", 100*r.Value, r.Prov))
		}
		if r, ok := lex.Payment.Rate(lexicon.RateAssistant, time.Time{}); ok {
			add("CQ/CO reduction", fmt.Sprintf("lines with CQ or CO paid at %.0f%% (%s).", 100*r.Value, r.Prov))
		}
	}
	add("Unit rules", "Medicare: the 8-minute rule over total timed minutes (Medicare Claims Processing Manual ch. 5 §20.2); commercial: each code on its own, a unit at 8, 23, 38 … minutes.")
	add("Timed codes and names", "lexicon/data/codes.tsv (CPT code descriptors as used in the CMS fee schedule).")
	return out
}

func runReport(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("report", reportUsage, e.Stderr)
	f := reviewFlags{cmd: "report"}
	profile := f.register(fs)
	out := fs.String("o", "", "output file (required; - for standard output)")
	title := fs.String("title", "soaplint report", "page title")
	worst := fs.Int("worst", 25, "notes listed in the notes-to-review table")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("report", err, e)
	}
	if err := f.check(*profile, paths); err != nil {
		return usageError("report", err, e)
	}
	if *out == "" {
		return usageError("report", errors.New("-o FILE is required (the HTML report to write)"), e)
	}

	var entries []report.Entry
	var sums []*episode.Summary
	inputErrors := 0
	tables := map[*lexicon.Lexicon]*report.Tables{} // one per configuration's lexicon
	var lexes []*lexicon.Lexicon
	configError, err := lintInputs(ctx, &f, paths, e, nil, func(x batch.Linted) error {
		en := report.Entry{Path: x.Note.Path, ID: x.Note.IDString(), Line: x.Note.Record, Result: x.Result}
		if x.Result != nil {
			// Price each note with the tables its configuration uses (a data
			// pack, --mue, --ncci), not the built-in ones.
			lex := x.Config.Lexicon
			if lex == nil {
				lex = lexicon.Default()
			}
			if tables[lex] == nil {
				t := tablesFrom(lex)
				tables[lex] = &t
				lexes = append(lexes, lex)
			}
			en.Tables = tables[lex]
		}
		if x.Note.Err != nil {
			en.Err = x.Note.Err.Error()
			inputErrors++
		}
		entries = append(entries, en)
		sums = append(sums, summaryOf(x, !f.noEpisodes))
		return nil
	})
	var episodes *report.Episodes
	if err == nil && !f.noEpisodes {
		episodes, err = reportEpisodes(ctx, entries, sums)
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint report: %v\n", err)
		return 2
	}
	if len(lexes) == 0 {
		lexes = []*lexicon.Lexicon{lexicon.Default()}
	}
	r := report.Build(entries, report.Options{
		Title:     *title,
		Generated: time.Now(),
		Profile:   f.profile,
		Tables:    tablesFrom(lexes[0]),
		Rules:     reportRules(e.ruleSet(), !f.noEpisodes),
		Worst:     *worst,
		Sources:   reportSources(lexes),
	})
	r.Episodes = episodes
	if err := writeReport(*out, e, r); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint report: %v\n", err)
		return 2
	}
	if *out != "-" {
		fmt.Fprintf(e.Stderr, "soaplint report: %s, %s, %s at risk; wrote %s\n",
			countOf(r.Notes, "note", "notes"), countOf(r.Findings, "finding", "findings"), fmt.Sprintf("$%.2f", r.AtRisk), *out)
	}
	if inputErrors > 0 || configError {
		return 2
	}
	return 0
}

// writeReport writes the page atomically (the report names patients' notes, so
// it is created owner-readable only).
func writeReport(path string, e *env, r *report.Report) error {
	if path == "-" {
		return r.WriteHTML(e.Stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".soaplint-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := r.WriteHTML(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// countOf is "1 note", "2 notes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// reportRules are the rules whose method the report lists: the episode rules
// only when the episode pass ran.
func reportRules(all []*analyzer.Rule, episodes bool) []*analyzer.Rule {
	if episodes {
		return all
	}
	out := make([]*analyzer.Rule, 0, len(all))
	for _, r := range all {
		if !episode.IsEpisodeRule(r.ID) {
			out = append(out, r)
		}
	}
	return out
}
