package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
	"github.com/soaplint/soaplint/lexicon"
)

// Options configure a Linter from the flags lint, report and index share.
type Options struct {
	Rules []*analyzer.Rule
	Known []string // rule IDs a configuration may name
	// Profile (--profile) wins over configuration files; a note's own payer
	// line wins over it.
	Profile analyzer.Profile
	Config  string // --config: one file for every note instead of the nearest .soaplint.yaml
	NCCI    string // --ncci: code-pair edit file replacing every note's table
	MUE     string // --mue: MUE file replacing every note's table
	// Base is the configuration every note starts from (a data pack's tables
	// when one is in use, below any .soaplint.yaml); Pack, when set (--data or
	// $SOAPLINT_DATA), replaces every note's tables, over a configuration's own
	// data: key and under --ncci/--mue.
	Base analyzer.Config
	Pack *lexicon.Extra
	// Observe, when set, sees each linted note's configuration and result (the
	// stale-data-pack warning).
	Observe func(analyzer.Config, *analyzer.Result)
	// Stderr receives configuration warnings and problems, once per file. It
	// must be safe for concurrent use: workers report through it.
	Stderr io.Writer
}

// Linter is the one pipeline lint, report and index run: it loads an input,
// checks that it is text, resolves the note's own configuration (the nearest
// .soaplint.yaml, its lexicon and tables, then the command-line overrides) and
// lints it. It is safe for concurrent use by Run's workers.
type Linter struct {
	rules    []*analyzer.Rule
	resolver *config.Resolver
	stderr   io.Writer
	observe  func(analyzer.Config, *analyzer.Result)

	mu          sync.Mutex
	reported    map[string]bool // configuration files whose problems were printed
	configError bool
}

// NewLinter loads the tables named by --ncci/--mue (they win over those in
// configuration files) and checks --config. Warnings about the tables go to
// o.Stderr; the error names the flag.
func NewLinter(o Options) (*Linter, error) {
	var flagExtra lexicon.Extra
	if o.NCCI != "" {
		t, warn, err := config.LoadEdits(o.NCCI)
		if err != nil {
			return nil, fmt.Errorf("--ncci: %v", err)
		}
		printWarnings(o.Stderr, warn)
		flagExtra.Edits = t
	}
	if o.MUE != "" {
		t, warn, err := config.LoadMUE(o.MUE)
		if err != nil {
			return nil, fmt.Errorf("--mue: %v", err)
		}
		printWarnings(o.Stderr, warn)
		flagExtra.MUE = t
	}
	if o.Config != "" {
		if _, err := os.Stat(o.Config); err != nil {
			return nil, fmt.Errorf("--config: %v", err)
		}
	}
	after := func(c analyzer.Config) analyzer.Config {
		if o.Profile != "" {
			c.Profile = o.Profile
		}
		if o.Pack != nil || flagExtra.Edits != nil || flagExtra.MUE != nil {
			lex := c.Lexicon
			if lex == nil {
				lex = lexicon.Default()
			}
			if o.Pack != nil {
				lex = lex.With(*o.Pack)
			}
			c.Lexicon = lex.With(flagExtra)
		}
		return c
	}
	return &Linter{
		rules:    o.Rules,
		resolver: config.NewResolver(config.Options{Base: o.Base, Override: o.Config, Known: o.Known, After: after}),
		stderr:   o.Stderr,
		observe:  o.Observe,
		reported: map[string]bool{},
	}, nil
}

func printWarnings(w io.Writer, warn []error) {
	for _, err := range warn {
		fmt.Fprintf(w, "soaplint: warning: %v\n", err)
	}
}

// Rules are the rules the linter runs.
func (l *Linter) Rules() []*analyzer.Rule { return l.rules }

// ConfigError reports whether a configuration file could not be used (the
// run's exit status is then 2).
func (l *Linter) ConfigError() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.configError
}

// Linted is one input's outcome.
type Linted struct {
	// Note is the note as the output formats see it: path, record, id and
	// fields, the diagnostics, or the input error.
	Note   *format.Note
	Text   string // the note text (without a BOM)
	BOM    bool   // the file started with a UTF-8 BOM
	Config analyzer.Config
	// ConfigOK is false when the note's configuration file had errors (it
	// was linted under the defaults; --fix then writes nothing).
	ConfigOK bool
	// Result is the analyzer's; nil on an input error or when skipped.
	Result *analyzer.Result
	Hash   string // what the skip hook returned (index: the content hash)
}

// Skip is asked before a readable note is linted; skipping spares the work
// (the note is returned with a nil Result and no error). hash rides along in
// Linted.Hash.
type Skip func(in *Input, n *format.Note, text string, cfg analyzer.Config) (hash string, skip bool)

// Lint loads, checks and lints one input under the note's own configuration.
// A panic in a rule becomes an input error on the note, so one bad note cannot
// take the batch down.
func (l *Linter) Lint(ctx context.Context, in *Input, skip Skip) (out Linted) {
	n, text, bom := Load(in)
	out = Linted{Note: n, Text: text, BOM: bom}
	if n.Err != nil {
		return out
	}
	defer RecoverInto(n, in)
	out.Config, out.ConfigOK = l.configFor(in.Dir)
	if skip != nil {
		var skipped bool
		if out.Hash, skipped = skip(in, n, text, out.Config); skipped {
			return out
		}
	}
	res, err := analyzer.Run(ctx, text, l.rules, out.Config)
	if err != nil {
		n.Fail(in.Record, "not linted: "+err.Error())
		return out
	}
	if l.observe != nil {
		l.observe(out.Config, res)
	}
	n.Diagnostics = format.Diagnostics(res)
	out.Result = res
	return out
}

// Load reads one input's note text — the file, stdin or a JSONL record's text —
// and checks it is text. On failure the returned note carries the input error
// (naming file and line, never the note's content).
func Load(in *Input) (n *format.Note, text string, bom bool) {
	n = &format.Note{Path: in.Path, Record: in.Record, Err: in.Err}
	if n.Err != nil {
		return n, "", false
	}
	data := in.Data
	if data == nil {
		var err error
		if data, err = os.ReadFile(in.Path); err != nil {
			return n.Fail(0, Describe(err)), "", false
		}
	}
	if in.Record > 0 {
		rec, err := DecodeRecord(data)
		if err != nil {
			return n.Fail(in.Record, err.Error()), "", false
		}
		n.ID, n.Fields = rec.ID, rec.Fields
		data = []byte(rec.Text)
	}
	text, bom, line, err := Text(data)
	if err != nil {
		if in.Record > 0 {
			line = in.Record
		}
		return n.Fail(line, err.Error()), "", false
	}
	return n, text, bom
}

// RecoverInto turns a panic while linting into an input error on n. Runtime
// errors carry no note text; other panic values might, so they are not
// printed. Use as: defer RecoverInto(n, in).
func RecoverInto(n *format.Note, in *Input) {
	if r := recover(); r != nil {
		msg := "internal error while linting this note (please report it)"
		if re, ok := r.(runtime.Error); ok {
			msg += ": " + re.Error()
		}
		n.Fail(in.Record, msg)
	}
}

// ConfigFor resolves the configuration for a note in dir, printing a
// configuration file's problems once.
func (l *Linter) ConfigFor(dir string) analyzer.Config {
	cfg, _ := l.configFor(dir)
	return cfg
}

// configFor is ConfigFor, and whether the configuration loaded without errors.
func (l *Linter) configFor(dir string) (analyzer.Config, bool) {
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

// Describe is a file-system error without the path (which the input error
// names already).
func Describe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
