package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

const lintUsage = `usage: soaplint lint [flags] PATH...

Lints therapy notes: files, folders (recursively: .txt .md .note .soap), - for
stdin, or with --jsonl, JSON Lines exports ({"id":..., "text":..., ...} per line).
Exit status: 0 clean, 1 findings at or above --fail-level, 2 usage or input errors.

flags:
`

// lintOptions are the parsed flags of `soaplint lint`.
type lintOptions struct {
	format    string
	profile   analyzer.Profile
	config    string
	failLevel analyzer.Severity
	ncci, mue string
	data      string // --data: a data pack directory
	jobs      int
	jsonl     bool
	fix       bool
	episodes  bool // run the episode pass (default on; --no-episodes)
	progress  bool // overridden for tests; set from the terminal check
}

func parseLintFlags(args []string, e *env) (*lintOptions, []string, error) {
	fs := newFlagSet("lint", lintUsage, e.Stderr)
	formatFlag := fs.String("format", "", "output format: text, json, jsonl, sarif, checkstyle or github (default text; jsonl with --jsonl)")
	profile := fs.String("profile", "", "payer profile when a note has no Payer line: medicare or commercial (default from .soaplint.yaml, else medicare)")
	cfgPath := fs.String("config", "", "configuration file (default: .soaplint.yaml found upward from each note)")
	failLevel := fs.String("fail-level", "error", "lowest severity that makes the exit status 1: error, warning or info")
	ncci := fs.String("ncci", "", "CMS practitioner code-pair edit file (replaces the built-in table)")
	mue := fs.String("mue", "", "CMS MUE file (replaces the built-in table)")
	data := fs.String("data", "", dataFlagUsage)
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "notes linted in parallel")
	jsonl := fs.Bool("jsonl", false, "inputs are JSON Lines exports, one {\"id\",\"text\",...} record per line")
	fix := fs.Bool("fix", false, "apply the safe fixes (modifier, totals, the one right unit count) to the note files (not stdin or JSONL) and report what remains")
	noEpisodes := fs.Bool("no-episodes", false, "skip the episode rules (progress reports, plan of care, KX, cloned notes across a patient's notes)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, err
	}
	o := &lintOptions{format: *formatFlag, config: *cfgPath, ncci: *ncci, mue: *mue, data: *data, jobs: *jobs, jsonl: *jsonl, fix: *fix, episodes: !*noEpisodes}
	if o.format == "" {
		o.format = "text"
		if o.jsonl {
			o.format = "jsonl"
		}
	}
	if err := oneOf("format", o.format, format.Names...); err != nil {
		return nil, nil, err
	}
	if *profile != "" {
		if o.profile, err = analyzer.ParseProfile(*profile); err != nil {
			return nil, nil, fmt.Errorf("--profile: %v", err)
		}
	}
	if err := oneOf("fail-level", *failLevel, "error", "warning", "info"); err != nil {
		return nil, nil, err
	}
	o.failLevel, _ = analyzer.ParseSeverity(*failLevel)
	if o.jobs < 1 {
		return nil, nil, fmt.Errorf("--jobs: want at least 1, got %d", o.jobs)
	}
	if len(pos) == 0 {
		return nil, nil, errors.New("no notes given (name files, folders, or - for stdin)")
	}
	return o, pos, nil
}

func runLint(ctx context.Context, args []string, e *env) int {
	o, paths, err := parseLintFlags(args, e)
	if err != nil {
		return usageError("lint", err, e)
	}
	if f, ok := e.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		o.progress = true
	}
	return lint(ctx, o, paths, e)
}

// linter is one `soaplint lint` run: the shared batch pipeline (loader,
// per-note configuration, rules) plus what --fix needs.
type linter struct {
	opts *lintOptions
	*batch.Linter
	stderr *lockedWriter

	mu    sync.Mutex
	fixed map[string]bool // files --fix rewrote, by resolved absolute path
}

// newLinter builds the batch pipeline every subcommand that lints notes
// shares, from the flags; cmd names the subcommand in errors.
func newLinter(cmd string, o *lintOptions, e *env, stderr *lockedWriter) (*linter, bool) {
	data, err := config.ChooseData(o.data, os.Getenv(config.DataEnv))
	if err != nil {
		fmt.Fprintf(stderr, "soaplint %s: %v\n", cmd, err)
		return nil, false
	}
	base, pack := dataBase(data)
	stale := newStaleWarner(stderr)
	bl, err := batch.NewLinter(batch.Options{
		Rules: e.ruleSet(), Known: e.knownRules(),
		Profile: o.profile, Config: o.config, NCCI: o.ncci, MUE: o.mue,
		Base: base, Pack: pack,
		Observe: func(cfg analyzer.Config, res *analyzer.Result) {
			stale.check(cfg.Lexicon, res.Note.Header.DateOfService)
		},
		Stderr: stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "soaplint %s: %v\n", cmd, err)
		return nil, false
	}
	return &linter{opts: o, Linter: bl, stderr: stderr}, true
}

func lint(ctx context.Context, o *lintOptions, paths []string, e *env) int {
	stderr := &lockedWriter{w: e.Stderr}
	l, ok := newLinter("lint", o, e, stderr)
	if !ok {
		return 2
	}

	out := bufio.NewWriterSize(e.Stdout, 1<<16)
	w, err := format.New(o.format, out, l.Rules(), version())
	if err != nil {
		fmt.Fprintf(stderr, "soaplint lint: %v\n", err)
		return 2
	}
	var bar *progressbar.ProgressBar
	if o.progress {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("linting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("notes"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}

	var sum format.Summary
	failed := false
	emit := func(n *format.Note) error {
		sum.Add(n)
		if n.Err != nil {
			fmt.Fprintf(stderr, "soaplint: %v\n", n.Err)
		}
		for i := range n.Diagnostics {
			if n.Diagnostics[i].Sev() <= o.failLevel {
				failed = true
			}
		}
		if bar != nil {
			bar.Add(1)
		}
		return w.Note(n)
	}
	// With episodes on, results wait (as diagnostics and summaries, never
	// texts) for the episode pass, which needs every note of a patient.
	ep := newEpisodeBuffer(o.episodes, emit)
	runErr := batch.Run(ctx, batch.Inputs(paths, o.jsonl, e.Stdin), o.jobs, l.lintEpisodeNote(ep), ep.add)
	if runErr == nil {
		runErr = ep.flush(ctx)
	}
	if bar != nil {
		bar.Finish()
	}
	if runErr == nil {
		runErr = w.Close(&sum)
	}
	if err := out.Flush(); runErr == nil {
		runErr = err
	}
	switch {
	case runErr != nil:
		fmt.Fprintf(stderr, "soaplint lint: %v\n", runErr)
		return 2
	case sum.InputErrors > 0 || l.ConfigError():
		return 2
	case failed:
		return 1
	}
	return 0
}

// lintOne reads, checks and lints one input, and with --fix writes the safe
// fixes and re-lints what it wrote, so the findings (and the exit status) are
// what remains. It never returns nil.
func (l *linter) lintOne(ctx context.Context, in *batch.Input) (n *format.Note) {
	n, _, _ = l.lintResult(ctx, in)
	return n
}

// lintResult is lintOne with the analyzer result (of the fixed text, with
// --fix) and the note's configuration, which the episode pass summarises; the
// result is nil on an input error.
func (l *linter) lintResult(ctx context.Context, in *batch.Input) (n *format.Note, res *analyzer.Result, cfg analyzer.Config) {
	// A note --fix may rewrite is read with what its replacement must check.
	var snap *snapshot
	if l.opts.fix && in.Record == 0 && in.Path != "-" && in.Data == nil && in.Err == nil {
		data, s, err := readSnapshot(in.Path)
		if err != nil {
			return (&format.Note{Path: in.Path}).Fail(0, batch.Describe(err)), nil, cfg
		}
		cp := *in
		cp.Data, in, snap = data, &cp, s
	}
	r := l.Lint(ctx, in, nil)
	n, res, cfg = r.Note, r.Result, r.Config
	if res == nil || snap == nil {
		return n, res, cfg
	}
	defer batch.RecoverInto(n, in)
	run := func(text string) (*analyzer.Result, error) { return analyzer.Run(ctx, text, l.Rules(), cfg) }
	// The batch converted res for output, which drops its fixes (format.Diagnostics
	// consumes them to keep a large note's memory linear): lint again for them.
	res, err := run(r.Text)
	if err != nil {
		return n.Fail(0, "not linted: "+err.Error()), nil, cfg
	}
	fr, err := fixAll(r.Text, res, applyFixes, run)
	if err != nil {
		return n.Fail(0, "not linted: "+err.Error()), nil, cfg
	}
	if !fr.changed {
		return n, fr.res, cfg
	}
	switch err := l.writeFixes(snap, in.Root, fr.text, r.BOM, r.ConfigOK); {
	case isSkip(err):
		fmt.Fprintf(l.stderr, "soaplint: %s: %v\n", format.DisplayPath(in.Path), err)
		// The note stays as it was: report (and summarise) the original.
		return n, r.Result, cfg
	case err != nil:
		return n.Fail(0, "cannot write fixes: "+batch.Describe(err)), nil, cfg
	}
	n.Diagnostics = fr.diags
	return n, fr.res, cfg
}

// writeFixes replaces the note read as snap with fixed, unless its
// configuration had errors (fixes computed under the defaults are not the
// user's), fixwrite.go's checks refuse it, or another name of the same file was
// fixed already in this run.
func (l *linter) writeFixes(snap *snapshot, root, fixed string, bom, cfgOK bool) error {
	if !cfgOK {
		return skip("its configuration has errors, not fixed")
	}
	if err := snap.check(root); err != nil {
		return err
	}
	key, err := filepath.EvalSymlinks(snap.real)
	if err == nil {
		key, err = filepath.Abs(key)
	}
	if err != nil {
		return err
	}
	l.mu.Lock()
	if l.fixed == nil {
		l.fixed = map[string]bool{}
	}
	again := l.fixed[key]
	l.fixed[key] = true
	l.mu.Unlock()
	if again {
		return skip("same file as another note fixed in this run, not fixed twice")
	}
	return snap.write(fixed, bom)
}

// maxFixPasses bounds the passes of fixAll.
const maxFixPasses = 8

// fixed is what fixAll made of a note.
type fixed struct {
	text    string // the fixed text
	changed bool
	diags   []format.Diagnostic // text's findings
	res     *analyzer.Result    // text's analysis (its fixes consumed by diags)
}

// fixAll applies fixes to text with apply, re-linting with run, until a pass
// changes nothing, so that a second --fix has nothing left to do: fixes that
// insert at one point (GP and CQ after one code) or overlap are applied one per
// pass. A pass after the first is kept only if it leaves fewer findings, which
// stops a fix that re-creates its own finding from being applied again. It
// consumes res: each pass's parsed note and findings are dropped before the
// next lint, so a 20 MB note's model is held once, not twice.
func fixAll(text string, res *analyzer.Result, apply func(string, []analyzer.Diagnostic) (string, bool),
	run func(string) (*analyzer.Result, error)) (fixed, error) {
	out := fixed{text: text}
	for pass := 0; pass < maxFixPasses; pass++ {
		next, ok := apply(out.text, res.Diagnostics)
		if !ok {
			break
		}
		had := len(res.Diagnostics)
		res = nil
		nextRes, err := run(next)
		if err != nil {
			return fixed{}, err
		}
		if pass > 0 && len(nextRes.Diagnostics) >= had {
			// No progress: keep the previous text, whose result went above.
			nextRes = nil
			if res, err = run(out.text); err != nil {
				return fixed{}, err
			}
			break
		}
		out.text, out.changed, res = next, true, nextRes
	}
	out.diags = format.Diagnostics(res)
	out.res = res
	return out, nil
}

// applyFixes applies the first safe fix of each diagnostic (never a
// suggestion, which is a billing or clinical decision or leaves a blank, nor a
// "disable this rule" fix, which would only hide findings), skipping fixes that
// overlap one already taken. It reports whether anything changed.
func applyFixes(text string, diags []analyzer.Diagnostic) (string, bool) {
	out, n := analyzer.ApplyFixes(text, diags, analyzer.SafeOnly)
	return out, n > 0 && out != text
}

// lockedWriter serialises writes to stderr from workers and the progress bar.
type lockedWriter struct {
	mu sync.Mutex
	w  interface{ Write([]byte) (int, error) }
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
