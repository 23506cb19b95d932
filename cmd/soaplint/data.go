package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/cmsimport"
)

const dataUsage = `usage: soaplint data import [--dir DIR] [--quarter YYYYQn] FILE...
       soaplint data status [--data DIR] [--config FILE]

import reads CMS's own files as downloaded — the practitioner PTP edit zips
(…-ccipra-v…r0-f1.zip … -f4.zip, or the .txt inside), the MUE practitioner
table (MCR_MUE_PractitionerServices_Eff_MM-DD-YYYY.csv) and the PFS relative
value file (the RVU zip, or its PPRRVU csv; for CY2026 the non-QP and QP
variants) — keeps the therapy codes and writes a data pack to --dir (default:
the user configuration directory, soaplint/data). Tables of the kinds read
replace the pack's; the others stay. Malformed rows are reported by file and
line and skipped.

status lists the code-pair, MUE and RVU tables in use — built-in or from a
pack — with their source files, quarter, row count and unverified rows.

lint, lsp, report and index use the pack given with --data, else
$SOAPLINT_DATA, else a .soaplint.yaml's data: key, else the default directory
when it holds a pack, else the built-in tables.
`

func runData(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		fmt.Fprint(e.Stderr, dataUsage)
		return 2
	}
	switch args[0] {
	case "import":
		return runDataImport(args[1:], e)
	case "status":
		return runDataStatus(args[1:], e)
	case "-h", "--help", "help":
		fmt.Fprint(e.Stdout, dataUsage)
		return 0
	}
	fmt.Fprintf(e.Stderr, "soaplint data: unknown subcommand %q (want import or status)\n", args[0])
	return 2
}

func runDataImport(args []string, e *env) int {
	fs := newFlagSet("data import", dataUsage+"\nflags:\n", e.Stderr)
	dir := fs.String("dir", "", "data pack directory to write (default: the user configuration directory, soaplint/data)")
	quarter := fs.String("quarter", "", "quarter (YYYYQn) for files whose names do not say")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("data import", err, e)
	}
	if len(paths) == 0 {
		return usageError("data import", errors.New("name the CMS files to import"), e)
	}
	if *quarter != "" {
		if _, ok := lexicon.QuarterStart(strings.ToUpper(*quarter)); !ok {
			return usageError("data import", fmt.Errorf("--quarter %q: want YYYYQn, e.g. 2026Q2", *quarter), e)
		}
	}
	if *dir == "" {
		if *dir, err = config.DefaultDataDir(); err != nil {
			fmt.Fprintf(e.Stderr, "soaplint data import: no default data directory (%v); give --dir\n", err)
			return 2
		}
	}
	res, err := cmsimport.Import(paths, cmsimport.Options{Quarter: strings.ToUpper(*quarter)})
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint data import: %v\n", err)
		return 2
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.Stderr, "soaplint: warning: %v (row skipped)\n", w)
	}
	m, err := cmsimport.Write(*dir, res, time.Now())
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint data import: %v\n", err)
		return 2
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "file\tkind\tquarter\trows read\tkept\tmalformed\tsha256\n")
	for _, f := range res.Files {
		name := f.Name
		if f.Member != "" {
			name += ":" + f.Member
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\n", name, f.Kind, f.Quarter, f.Read, f.Kept, f.Skipped, f.SHA256[:16]+"…")
	}
	tw.Flush()
	fmt.Fprintf(e.Stdout, "wrote data pack %s (%d files)\n", *dir, len(m.Files))
	return 0
}

func runDataStatus(args []string, e *env) int {
	fs := newFlagSet("data status", dataUsage+"\nflags:\n", e.Stderr)
	data := fs.String("data", "", dataFlagUsage)
	cfgPath := fs.String("config", "", "configuration file (default: .soaplint.yaml found upward from the working directory)")
	pos, err := parseInterleaved(fs, args)
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	if err != nil {
		return usageError("data status", err, e)
	}
	choice, err := config.ChooseData(*data, os.Getenv(config.DataEnv))
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint data status: %v\n", err)
		return 2
	}
	base, packExtra := dataBase(choice)
	cfg := base
	path := *cfgPath
	if path == "" {
		path, _ = config.Find(".")
	}
	if path != "" {
		f, err := config.Load(path, e.knownRules())
		if err != nil {
			fmt.Fprintf(e.Stderr, "soaplint data status: %v\n", err)
			return 2
		}
		if cfg, err = f.Apply(base); err != nil {
			fmt.Fprintf(e.Stderr, "soaplint data status: %v\n", err)
			return 2
		}
	}
	lex := cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	if packExtra != nil {
		lex = lex.With(*packExtra)
	}
	switch {
	case choice.Pack != nil:
		fmt.Fprintf(e.Stdout, "data pack: %s (from %s)\n", choice.Pack.Dir, choice.From)
	case path != "" && lex.Edits.Origin().Kind != "built-in":
		fmt.Fprintf(e.Stdout, "data: as %s names\n", path)
	default:
		fmt.Fprintln(e.Stdout, "data pack: none (built-in tables; import CMS's files with soaplint data import)")
	}
	if path != "" {
		fmt.Fprintf(e.Stdout, "configuration: %s\n", path)
	}
	fmt.Fprintln(e.Stdout)
	writeTableStatus(e.Stdout, lex)
	return 0
}

// writeTableStatus lists each table in use with its origin and row statuses,
// then the conversion factors and KX thresholds.
func writeTableStatus(w io.Writer, lex *lexicon.Lexicon) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "table\torigin\tsource files\tquarter\trows\tcms\tsecondary\tunverified")
	for _, t := range lex.Tables() {
		files := strings.Join(t.Origin.Files, ", ")
		if files == "" {
			files = "lexicon/data (built in)"
		}
		q := t.Origin.Quarter
		if q == "" {
			q = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n", t.Name, t.Origin, files, q, t.Stats.Rows, t.Stats.CMS, t.Stats.Secondary, t.Stats.Unverified)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, f := range lex.Payment.Factors() {
		use := ""
		if f.QP == lex.Payment.QP() {
			use = " (in use)"
		}
		who := "default: not a qualifying APM participant"
		if f.QP {
			who = "qualifying APM participant (.soaplint.yaml apm: qualifying)"
		}
		fmt.Fprintf(w, "conversion factor CY%d $%.4f, %s%s — %s\n", f.Year, f.Value, who, use, f.Prov)
	}
	for _, k := range lex.Payment.KXThresholds() {
		fmt.Fprintf(w, "KX threshold CY%d $%.0f PT+SLP combined, $%.0f OT — %s\n", k.Year, k.PTSLP, k.OT, k.Prov)
	}
}

// dataBase is the base configuration a chosen pack gives: a pack from the
// default directory is the base lexicon (a .soaplint.yaml's data: wins over
// it); one from --data or $SOAPLINT_DATA is returned as an extra to apply
// after the configuration files.
func dataBase(c config.DataChoice) (analyzer.Config, *lexicon.Extra) {
	if c.Pack == nil {
		return analyzer.Config{}, nil
	}
	if c.Override {
		x := c.Pack.Extra
		return analyzer.Config{}, &x
	}
	return analyzer.Config{Lexicon: lexicon.Default().With(c.Pack.Extra)}, nil
}

// staleWarner warns once per run for each data pack older than a note's date
// of service by more than a quarter.
type staleWarner struct {
	mu     sync.Mutex
	warned map[string]bool
	w      io.Writer
}

func newStaleWarner(w io.Writer) *staleWarner {
	return &staleWarner{warned: map[string]bool{}, w: w}
}

func (s *staleWarner) check(lex *lexicon.Lexicon, dos time.Time) {
	if lex == nil || dos.IsZero() {
		return
	}
	for _, t := range lex.Tables() {
		o := t.Origin
		if o.Kind != "pack" || o.Quarter == "" {
			continue
		}
		stale := lexicon.Stale(o.Quarter, dos)
		if strings.HasPrefix(t.Name, "RVU") { // a PFS file is for its calendar year
			stale = o.Quarter[:4] < fmt.Sprint(dos.Year())
		}
		if !stale {
			continue
		}
		s.mu.Lock()
		if !s.warned[o.Path] {
			s.warned[o.Path] = true
			fmt.Fprintf(s.w, "soaplint: warning: data pack %s holds %s for %s, more than a quarter older than notes dated %s: import the current quarter's CMS files (soaplint data import)\n",
				filepath.Clean(o.Path), t.Name, o.Quarter, dos.Format("2006-01-02"))
		}
		s.mu.Unlock()
	}
}
