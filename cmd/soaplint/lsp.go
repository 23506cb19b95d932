package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lsp"
)

const lspUsage = `usage: soaplint lsp [--listen 127.0.0.1:PORT [--allow-remote]] [--debounce 100ms]

Runs the language server on stdin/stdout, or with --listen on a TCP address,
one session per client (port 0 picks a free port; the address is printed).
Only loopback addresses are accepted unless --allow-remote is given: notes are
PHI and the server has no authentication.

flags:
`

func runLSP(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("lsp", lspUsage, e.Stderr)
	listen := fs.String("listen", "", "serve TCP clients on `host:port` instead of stdio")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback --listen address")
	debounce := fs.Duration("debounce", lsp.DefaultDebounce, "delay after the last edit before linting (0 for none)")
	fs.Bool("stdio", true, "serve on stdin/stdout (the default; accepted for editor clients that pass it)")
	data := fs.String("data", "", dataFlagUsage)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("lsp", err, e)
	}
	if len(pos) > 0 {
		return usageError("lsp", fmt.Errorf("unexpected argument %q", pos[0]), e)
	}
	if *debounce < 0 {
		return usageError("lsp", fmt.Errorf("--debounce must not be negative"), e)
	}
	choice, err := config.ChooseData(*data, os.Getenv(config.DataEnv))
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint lsp: %v\n", err)
		return 2
	}
	opts := lsp.Options{Debounce: *debounce, Log: e.Stderr}
	if choice.Pack != nil {
		// In the server a pack is the base: a workspace's .soaplint.yaml data: wins.
		opts.Lexicon = lexicon.Default().With(choice.Pack.Extra)
	}
	if *debounce == 0 {
		opts.Debounce = -1 // lsp.Options: negative means no delay
	}
	if *listen != "" {
		ln, err := lsp.Listen(*listen, *allowRemote)
		if err != nil {
			fmt.Fprintf(e.Stderr, "soaplint lsp: %v\n", err)
			return 2
		}
		fmt.Fprintf(e.Stderr, "soaplint lsp: listening on %s\n", ln.Addr())
		fmt.Fprintln(e.Stdout, ln.Addr())
		if err := lsp.ServeListener(ctx, ln, opts); err != nil {
			fmt.Fprintf(e.Stderr, "soaplint lsp: %v\n", err)
			return 1
		}
		return 0
	}
	rwc := &stdio{r: e.Stdin, w: e.Stdout}
	if err := lsp.Serve(ctx, rwc, opts); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint lsp: %v\n", err)
		return 1
	}
	return 0
}

// stdio joins the process's standard input and output into one connection.
// Close closes stdin when it can be closed, so a blocked read ends.
type stdio struct {
	r io.Reader
	w io.Writer
}

func (s *stdio) Read(p []byte) (int, error)  { return s.r.Read(p) }
func (s *stdio) Write(p []byte) (int, error) { return s.w.Write(p) }
func (s *stdio) Close() error {
	if c, ok := s.r.(io.Closer); ok {
		if d, ok := s.r.(interface{ SetReadDeadline(time.Time) error }); ok {
			_ = d.SetReadDeadline(time.Now()) // unblock a pending read where supported
		}
		return c.Close()
	}
	return nil
}
