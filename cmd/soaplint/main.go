// Command soaplint lints physical-, occupational- and speech-therapy daily notes
// for the documentation problems that get therapy claims denied.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// env is the process's standard streams, so subcommands can be tested in process.
type env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Rules replaces the rule set (tests); nil means rules.All().
	Rules []*analyzer.Rule
}

// ruleSet is the rules subcommands run and describe.
func (e *env) ruleSet() []*analyzer.Rule {
	if e.Rules != nil {
		return e.Rules
	}
	return rules.All()
}

// knownRules lists the rule IDs a configuration may name: the catalogue plus any
// rule in the set.
func (e *env) knownRules() []string {
	known := append([]string(nil), rules.Catalogue...)
	for _, r := range e.ruleSet() {
		known = append(known, r.ID)
	}
	return known
}

const usage = `usage: soaplint <command> [flags] [args]

commands:
  lint     lint notes (files, folders, - for stdin, --jsonl exports)
  rules    list the rule catalogue
  explain  explain a rule: soaplint explain RULE
  lsp      run the language server (stdio, or --listen 127.0.0.1:PORT)
  report   write a self-contained HTML report over notes
  index    index notes and findings for search
  search   search an index
  data     import CMS's PTP, MUE and PPRRVU files (data import), show the tables in use (data status)
  version  print the version (also --version)
`

// batchMemoryLimit is the soft memory limit of the batch commands (see main).
const batchMemoryLimit = 160 << 20

func main() {
	// soaplint keeps little live data (a bounded window of notes in a batch, the
	// open notes in the server) and allocates briskly, so a larger GC target
	// trades about 10 MB for about 15% more notes/s (26 -> 36 MB max RSS over the
	// 4,999-note corpus). GOGC in the environment still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// One large note (a 20 MB file of pasted visits holds about 130 MB of parsed
	// note and findings) breaks that assumption, and at 400% its heap would grow
	// to several times that. A soft limit makes the GC collect sooner once the
	// heap is that large (it never fails an allocation); the corpus batch stays
	// far below it. Not for the server, whose open notes may legitimately exceed it
	// and which would then collect continuously. GOMEMLIMIT still wins.
	if os.Getenv("GOMEMLIMIT") == "" && (len(os.Args) < 2 || os.Args[1] != "lsp") {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], &env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// version is the module version the binary was built from (go install
// module@v1.2.3 records it), else "devel" (a build from a work tree). SARIF's
// tool.driver.version and the index's content hashes use it.
func version() string {
	return versionFrom(debug.ReadBuildInfo())
}

func versionFrom(bi *debug.BuildInfo, ok bool) string {
	if ok && bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// run dispatches to a subcommand and returns the process exit code:
// 0 clean, 1 findings at or above the fail level, 2 usage or input errors.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 {
		fmt.Fprint(e.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "lint":
		return runLint(ctx, rest, e)
	case "rules":
		return runRules(ctx, rest, e)
	case "explain":
		return runExplain(ctx, rest, e)
	case "lsp":
		return runLSP(ctx, rest, e)
	case "report":
		return runReport(ctx, rest, e)
	case "index":
		return runIndex(ctx, rest, e)
	case "search":
		return runSearch(ctx, rest, e)
	case "data":
		return runData(ctx, rest, e)
	case "accuracy": // hidden: for rule authors
		return runAccuracy(ctx, rest, e)
	case "version", "--version", "-version":
		if len(rest) > 0 {
			return usageError("version", fmt.Errorf("takes no arguments"), e)
		}
		fmt.Fprintf(e.Stdout, "soaplint %s\n", version())
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(e.Stdout, usage)
		return 0
	}
	fmt.Fprintf(e.Stderr, "soaplint: unknown command %q\n\n%s", cmd, usage)
	return 2
}
