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
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "notes linted in parallel")
	jsonl := fs.Bool("jsonl", false, "inputs are JSON Lines exports, one {\"id\",\"text\",...} record per line")
	fix := fs.Bool("fix", false, "apply each finding's first fix to the note files (not stdin or JSONL) and report what remains")
	noEpisodes := fs.Bool("no-episodes", false, "skip the episode rules (progress reports, plan of care, KX, cloned notes across a patient's notes)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, err
	}
	o := &lintOptions{format: *formatFlag, config: *cfgPath, ncci: *ncci, mue: *mue, jobs: *jobs, jsonl: *jsonl, fix: *fix, episodes: !*noEpisodes}
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
	// With episodes on, results wait (as diagnostics and summaries, never
	// texts) for the episode pass, which needs every note of a patient.
	ep := newEpisodeBuffer(o.episodes, emit)
	defer ep.close()
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
	n, _, _ = l.lintResult(ctx, in)
	return n
}

// lintResult is lintOne with the analyzer result and configuration (nil
// result on an input error).
func (l *linter) lintResult(ctx context.Context, in *batch.Input) (n *format.Note, res *analyzer.Result, cfg analyzer.Config) {
	n, text, bom := load(in)
	if n.Err != nil {
		return n, nil, cfg
	}
	defer recoverInto(n, in)
	cfg = l.config(in.Dir)
	res, err := analyzer.Run(ctx, text, l.rules, cfg)
	if err != nil {
		return n.Fail(in.Record, "not linted: "+err.Error()), nil, cfg
	}
	if l.opts.fix && in.Record == 0 && in.Path != "-" {
		if fixed, ok := applyFixes(text, res.Diagnostics); ok {
			if err := writeFile(in.Path, fixed, bom); err != nil {
				return n.Fail(0, "cannot write fixes: "+batchDescribe(err)), nil, cfg
			}
			if res, err = analyzer.Run(ctx, fixed, l.rules, cfg); err != nil {
				return n.Fail(0, "not linted: "+err.Error()), nil, cfg
			}
		}
	}
	n.Diagnostics = format.Diagnostics(res)
	return n, res, cfg
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
	return res.Config
}

func batchDescribe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// applyFixes applies the first fix of each diagnostic, skipping "disable this
// rule" fixes (which would only hide findings) and fixes that overlap one
// already taken. It reports whether anything changed.
func applyFixes(text string, diags []analyzer.Diagnostic) (string, bool) {
	out, n := analyzer.ApplyFixes(text, diags, func(f analyzer.Fix) bool { return f.Kind != analyzer.Disable })
	return out, n > 0 && out != text
}

// writeFile replaces path's contents atomically, keeping its mode and BOM.
func writeFile(path, text string, bom bool) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".soaplint-fix-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if bom {
		tmp.WriteString("\xef\xbb\xbf")
	}
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
