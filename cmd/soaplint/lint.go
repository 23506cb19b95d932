package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
	"github.com/soaplint/soaplint/lexicon"
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
	jobs      int
	jsonl     bool
	fix       bool
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
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "notes linted in parallel")
	jsonl := fs.Bool("jsonl", false, "inputs are JSON Lines exports, one {\"id\",\"text\",...} record per line")
	fix := fs.Bool("fix", false, "apply each finding's first fix to the note files (not stdin or JSONL) and report what remains")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, err
	}
	o := &lintOptions{format: *formatFlag, config: *cfgPath, ncci: *ncci, mue: *mue, jobs: *jobs, jsonl: *jsonl, fix: *fix}
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

// linter holds what every worker shares during one `soaplint lint`.
type linter struct {
	opts     *lintOptions
	rules    []*analyzer.Rule
	resolver *config.Resolver

	mu          sync.Mutex
	reported    map[string]bool // configuration files whose problems were printed
	fixed       map[string]bool // files --fix rewrote, by resolved absolute path
	configError bool
	stderr      *lockedWriter
}

// newLinter loads the tables named by --ncci/--mue (they win over those in
// configuration files) and builds the linter every subcommand that lints notes
// shares. cmd names the subcommand in errors.
func newLinter(cmd string, o *lintOptions, e *env, stderr *lockedWriter) (*linter, bool) {
	var flagExtra lexicon.Extra
	if o.ncci != "" {
		t, warn, err := config.LoadEdits(o.ncci)
		if err != nil {
			fmt.Fprintf(stderr, "soaplint %s: --ncci: %v\n", cmd, err)
			return nil, false
		}
		printWarnings(stderr, warn)
		flagExtra.Edits = t
	}
	if o.mue != "" {
		t, warn, err := config.LoadMUE(o.mue)
		if err != nil {
			fmt.Fprintf(stderr, "soaplint %s: --mue: %v\n", cmd, err)
			return nil, false
		}
		printWarnings(stderr, warn)
		flagExtra.MUE = t
	}
	after := func(c analyzer.Config) analyzer.Config {
		if o.profile != "" {
			c.Profile = o.profile
		}
		if flagExtra.Edits != nil || flagExtra.MUE != nil {
			lex := c.Lexicon
			if lex == nil {
				lex = lexicon.Default()
			}
			c.Lexicon = lex.With(flagExtra)
		}
		return c
	}
	if o.config != "" {
		if _, err := os.Stat(o.config); err != nil {
			fmt.Fprintf(stderr, "soaplint %s: --config: %v\n", cmd, err)
			return nil, false
		}
	}
	return &linter{
		opts:  o,
		rules: e.ruleSet(),
		resolver: config.NewResolver(config.Options{
			Override: o.config, Known: e.knownRules(), After: after,
		}),
		reported: map[string]bool{},
		stderr:   stderr,
	}, true
}

func lint(ctx context.Context, o *lintOptions, paths []string, e *env) int {
	stderr := &lockedWriter{w: e.Stderr}
	l, ok := newLinter("lint", o, e, stderr)
	if !ok {
		return 2
	}

	out := bufio.NewWriterSize(e.Stdout, 1<<16)
	w, err := format.New(o.format, out, l.rules, version())
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
	runErr := batch.Run(ctx, batch.Inputs(paths, o.jsonl, e.Stdin), o.jobs, l.lintOne, emit)
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
	case sum.InputErrors > 0 || l.configError:
		return 2
	case failed:
		return 1
	}
	return 0
}

func printWarnings(w *lockedWriter, warn []error) {
	for _, err := range warn {
		fmt.Fprintf(w, "soaplint: warning: %v\n", err)
	}
}

// lintOne reads, checks and lints one input. It never returns nil.
func (l *linter) lintOne(ctx context.Context, in *batch.Input) (n *format.Note) {
	// A note --fix may rewrite is read with what its replacement must check.
	var snap *snapshot
	if l.opts.fix && in.Record == 0 && in.Path != "-" && in.Data == nil && in.Err == nil {
		data, s, err := readSnapshot(in.Path)
		if err != nil {
			return (&format.Note{Path: in.Path}).Fail(0, batchDescribe(err))
		}
		cp := *in
		cp.Data, in, snap = data, &cp, s
	}
	n, text, bom := load(in)
	if snap != nil {
		in.Data = nil // our copy; text holds the note now
	}
	if n.Err != nil {
		return n
	}
	defer recoverInto(n, in)
	cfg, cfgOK := l.configFor(in.Dir)
	res, err := analyzer.Run(ctx, text, l.rules, cfg)
	if err != nil {
		return n.Fail(in.Record, "not linted: "+err.Error())
	}
	if snap != nil {
		run := func(text string) (*analyzer.Result, error) { return analyzer.Run(ctx, text, l.rules, cfg) }
		fr, err := fixAll(text, res, applyFixes, run)
		if err != nil {
			return n.Fail(0, "not linted: "+err.Error())
		}
		n.Diagnostics = fr.diags
		if fr.changed {
			switch err := l.writeFixes(snap, in.Root, fr.text, bom, cfgOK); {
			case isSkip(err):
				fmt.Fprintf(l.stderr, "soaplint: %s: %v\n", format.DisplayPath(in.Path), err)
				// Report the note as it stays; fixAll kept only the fixed one's findings.
				if res, err = run(text); err != nil {
					return n.Fail(0, "not linted: "+err.Error())
				}
				n.Diagnostics = format.Diagnostics(res)
			case err != nil:
				return n.Fail(0, "cannot write fixes: "+batchDescribe(err))
			}
		}
		return n
	}
	n.Diagnostics = format.Diagnostics(res)
	return n
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

// load reads one input's note text — the file, stdin or a JSONL record's text —
// and checks it is text. On failure the returned note carries the input error
// (naming file and line, never the note's content).
func load(in *batch.Input) (n *format.Note, text string, bom bool) {
	n = &format.Note{Path: in.Path, Record: in.Record, Err: in.Err}
	if n.Err != nil {
		return n, "", false
	}
	data := in.Data
	if data == nil {
		var err error
		if data, err = os.ReadFile(in.Path); err != nil {
			return n.Fail(0, batchDescribe(err)), "", false
		}
	}
	if in.Record > 0 {
		rec, err := batch.DecodeRecord(data)
		if err != nil {
			return n.Fail(in.Record, err.Error()), "", false
		}
		n.ID, n.Fields = rec.ID, rec.Fields
		data = []byte(rec.Text)
	}
	text, bom, line, err := batch.Text(data)
	if err != nil {
		if in.Record > 0 {
			line = in.Record
		}
		return n.Fail(line, err.Error()), "", false
	}
	return n, text, bom
}

// recoverInto turns a panic while linting into an input error on n, so a rule bug
// cannot take the batch down. Runtime errors carry no note text; other panic
// values might, so they are not printed. Use as: defer recoverInto(n, in).
func recoverInto(n *format.Note, in *batch.Input) {
	if r := recover(); r != nil {
		msg := "internal error while linting this note (please report it)"
		if re, ok := r.(runtime.Error); ok {
			msg += ": " + re.Error()
		}
		n.Fail(in.Record, msg)
	}
}

// config resolves the configuration for a note in dir, printing a configuration
// file's problems once.
func (l *linter) config(dir string) analyzer.Config {
	cfg, _ := l.configFor(dir)
	return cfg
}

// configFor is config, and whether the configuration loaded without errors.
func (l *linter) configFor(dir string) (analyzer.Config, bool) {
	res := l.resolver.ForDir(dir)
	if res.Err != nil || len(res.Warnings) > 0 {
		l.mu.Lock()
		if !l.reported[res.Path] {
			l.reported[res.Path] = true
			if res.Err != nil {
				l.configError = true
				fmt.Fprintf(l.stderr, "soaplint: %v\n", res.Err)
			}
			printWarnings(l.stderr, res.Warnings)
		}
		l.mu.Unlock()
	}
	return res.Config, res.Err == nil
}

func batchDescribe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// maxFixPasses bounds the passes of fixAll.
const maxFixPasses = 8

// fixed is what fixAll made of a note.
type fixed struct {
	text    string // the fixed text
	changed bool
	diags   []format.Diagnostic // text's findings
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
	return out, nil
}

// applyFixes applies the first fix of each diagnostic, skipping "disable this
// rule" fixes (which would only hide findings) and fixes that overlap one
// already taken. It reports whether anything changed.
func applyFixes(text string, diags []analyzer.Diagnostic) (string, bool) {
	out, n := analyzer.ApplyFixes(text, diags, func(f analyzer.Fix) bool { return f.Kind != analyzer.Disable })
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

// version is the module version the binary was built from, if known.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
