package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
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

// linted is one input's outcome: the note as the output formats see it, plus the
// analyzer result (nil on an input error, or when skipped).
type linted struct {
	note *format.Note
	res  *analyzer.Result
	text string
	cfg  analyzer.Config
	hash string // what the skip hook computed for the note (index: its content hash)
}

// lintInputs lints paths on the batch engine and calls emit with each result in
// input order. skip, when set, is asked before linting a readable note (with its
// text and configuration) and can spare the work; the note is then emitted with
// res == nil and no input error. The hash skip returns rides along in linted.
func lintInputs(ctx context.Context, f *reviewFlags, paths []string, e *env,
	skip func(in *batch.Input, n *format.Note, text string, cfg analyzer.Config) (hash string, skip bool),
	emit func(linted) error) (configError bool, err error) {
	stderr := &lockedWriter{w: e.Stderr}
	l, ok := newLinter(f.cmd, &lintOptions{profile: f.profile, config: f.config, ncci: f.ncci, mue: f.mue}, e, stderr)
	if !ok {
		return true, nil
	}
	lint := func(ctx context.Context, in *batch.Input) linted {
		n, text, _ := load(in)
		if n.Err != nil {
			return linted{note: n}
		}
		defer recoverInto(n, in)
		cfg := l.config(in.Dir)
		var hash string
		if skip != nil {
			var skipped bool
			if hash, skipped = skip(in, n, text, cfg); skipped {
				return linted{note: n}
			}
		}
		res, err := analyzer.Run(ctx, text, l.rules, cfg)
		if err != nil {
			return linted{note: n.Fail(in.Record, "not linted: "+err.Error())}
		}
		n.Diagnostics = format.Diagnostics(res)
		return linted{note: n, res: res, text: text, cfg: cfg, hash: hash}
	}
	err = batch.Run(ctx, batch.Inputs(paths, f.jsonl, e.Stdin), f.jobs, lint, func(x linted) error {
		if x.note.Err != nil {
			fmt.Fprintf(stderr, "soaplint: %v\n", x.note.Err)
		}
		return emit(x)
	})
	return l.configError, err
}

// tablesFrom adapts the lexicon's payment, MUE and code tables and the unit
// calculator to what the report prices findings with.
func tablesFrom(lex *lexicon.Lexicon) report.Tables {
	timed := lex.Codes.IsTimed
	return report.Tables{
		Price: func(code string, dos time.Time) (report.Price, bool) {
			amt, year, ok := lex.Payment.UnitPaymentOn(code, dos)
			if !ok {
				return report.Price{}, false
			}
			rvu, _ := lex.Payment.RVU(code, year)
			cf, _ := lex.Payment.ConversionFactor(year)
			return report.Price{Year: year, RVU: rvu.Total, CF: cf, Amount: amt, Unverified: rvu.Unverified}, true
		},
		MUE:   lex.MUE.Value,
		Timed: timed,
		Supported: func(n *note.Note, p analyzer.Profile) (map[string]int, bool) {
			m := units.EightMinute
			if p == analyzer.Commercial {
				m = units.PerCode
			}
			plan := units.NewPlan(n, m, timed)
			if !plan.Complete {
				return nil, false
			}
			out := map[string]int{}
			for _, c := range plan.Codes {
				if c.Timed {
					out[c.Code] = c.Expected
				} else {
					out[c.Code] = c.Billed // untimed: billed as documented
				}
			}
			return out, true
		},
	}
}

// reportSources names the reference data behind the report's dollars.
func reportSources(lex *lexicon.Lexicon) []report.Source {
	cfs := ""
	for _, y := range lex.Payment.Years() {
		cf, _ := lex.Payment.ConversionFactor(y)
		if cfs != "" {
			cfs += ", "
		}
		cfs += fmt.Sprintf("CY%d $%.4f", y, cf)
	}
	return []report.Source{
		{Name: "Medicare Physician Fee Schedule", From: "national non-facility total RVUs per code and the conversion factor per calendar year (" + cfs + "), from the CMS PFS final rules and their relative value files; built into soaplint (lexicon/data/rvu.tsv). A code missing from a year uses its most recent earlier RVU."},
		{Name: "Medically unlikely edits", From: "CMS Medicare NCCI practitioner MUE table (lexicon/data/mue.tsv, or the file given with --mue to soaplint lint)."},
		{Name: "Code-pair edits", From: "CMS Medicare NCCI practitioner procedure-to-procedure edits (lexicon/data/ncci.tsv, or --ncci)."},
		{Name: "Unit rules", From: "Medicare: the 8-minute rule over total timed minutes (Medicare Claims Processing Manual ch. 5 §20.2); commercial: each code on its own, a unit at 8, 23, 38 … minutes."},
		{Name: "Timed codes and names", From: "lexicon/data/codes.tsv (CPT code descriptors as used in the CMS fee schedule)."},
	}
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
	configError, err := lintInputs(ctx, &f, paths, e, nil, func(x linted) error {
		en := report.Entry{Path: x.note.Path, ID: x.note.IDString(), Line: x.note.Record, Result: x.res}
		if x.note.Err != nil {
			en.Err = x.note.Err.Error()
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
	lex := lexicon.Default()
	r := report.Build(entries, report.Options{
		Title:     *title,
		Generated: time.Now(),
		Profile:   f.profile,
		Tables:    tablesFrom(lex),
		Rules:     e.ruleSet(),
		Worst:     *worst,
		Sources:   reportSources(lex),
	})
	r.Episodes = episodes
	if err := writeReport(*out, e, r); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint report: %v\n", err)
		return 2
	}
	if *out != "-" {
		fmt.Fprintf(e.Stderr, "soaplint report: %d notes, %d findings, %s at risk; wrote %s\n",
			r.Notes, r.Findings, fmt.Sprintf("$%.2f", r.AtRisk), *out)
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
