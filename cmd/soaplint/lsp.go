package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lsp"
)

const lspUsage = `usage: soaplint lsp [--listen 127.0.0.1:PORT [--allow-remote]] [--debounce 100ms] [limits]

Runs the language server on stdin/stdout, or with --listen on a TCP address,
one session per client (port 0 picks a free port; the address is printed).
Only loopback addresses are accepted unless --allow-remote is given: notes are
PHI and the server has no authentication. "localhost" is accepted only when it
resolves to loopback addresses alone.

Each session may keep --max-documents open, --max-open-bytes in total and
--max-document-bytes in one document; a document past a limit is not linted
and the editor is told why. Sizes take a KB, MB or GB suffix (powers of 1024).
On --listen, at most --max-clients sessions run at once; a connection whose
message stalls for --message-timeout, that sends no initialize within
--handshake-timeout, that stays silent for --idle-timeout (when set), or that
does not read the server's output for --write-timeout is dropped and logged.

flags:
`

func runLSP(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("lsp", lspUsage, e.Stderr)
	listen := fs.String("listen", "", "serve TCP clients on `host:port` instead of stdio")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback --listen address")
	debounce := fs.Duration("debounce", lsp.DefaultDebounce, "delay after the last edit before linting (0 for none)")
	fs.Bool("stdio", true, "serve on stdin/stdout (the default; accepted for editor clients that pass it)")
	maxClients := fs.Int("max-clients", lsp.DefaultMaxClients, "with --listen, the most sessions served at once")
	maxDocs := fs.Int("max-documents", lsp.DefaultMaxDocuments, "the most documents one session may keep open")
	maxOpen := sizeFlag(fs, "max-open-bytes", lsp.DefaultMaxOpenBytes, "the most text one session may keep open, in `bytes` (KB, MB, GB suffix)")
	maxDoc := sizeFlag(fs, "max-document-bytes", lsp.DefaultMaxDocumentBytes, "the largest document linted, in `bytes` (KB, MB, GB suffix)")
	msgTimeout := fs.Duration("message-timeout", lsp.DefaultMessageTimeout, "with --listen, drop a client whose message is not complete this long after it began")
	handshake := fs.Duration("handshake-timeout", lsp.DefaultHandshakeTimeout, "with --listen, drop a client that sends no initialize within this")
	idle := fs.Duration("idle-timeout", 0, "with --listen, drop an initialized client silent for this long (0: never)")
	writeTimeout := fs.Duration("write-timeout", lsp.DefaultWriteTimeout, "with --listen, drop a client that does not read the server's output for this long")
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
	for name, v := range map[string]int64{"max-clients": int64(*maxClients), "max-documents": int64(*maxDocs), "max-open-bytes": *maxOpen, "max-document-bytes": *maxDoc} {
		if v <= 0 {
			return usageError("lsp", fmt.Errorf("--%s must be positive", name), e)
		}
	}
	for name, v := range map[string]time.Duration{"message-timeout": *msgTimeout, "handshake-timeout": *handshake, "write-timeout": *writeTimeout} {
		if v <= 0 {
			return usageError("lsp", fmt.Errorf("--%s must be positive", name), e)
		}
	}
	if *idle < 0 {
		return usageError("lsp", fmt.Errorf("--idle-timeout must not be negative"), e)
	}
	opts := lsp.Options{
		Debounce: *debounce, Log: e.Stderr,
		MaxClients: *maxClients, MaxDocuments: *maxDocs, MaxOpenBytes: *maxOpen, MaxDocumentBytes: *maxDoc,
		MessageTimeout: *msgTimeout, HandshakeTimeout: *handshake, IdleTimeout: *idle, WriteTimeout: *writeTimeout,
	}
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

// sizeFlag defines a byte-size flag: a number of bytes, or with a KB, MB or
// GB suffix (powers of 1024, as the server's messages print them).
func sizeFlag(fs *flag.FlagSet, name string, def int64, usage string) *int64 {
	v := sizeValue(def)
	fs.Var(&v, name, usage)
	return (*int64)(&v)
}

type sizeValue int64

func (v *sizeValue) String() string {
	n := int64(*v)
	for _, u := range []struct {
		s string
		m int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if n >= u.m && n%u.m == 0 {
			return strconv.FormatInt(n/u.m, 10) + u.s
		}
	}
	return strconv.FormatInt(n, 10)
}

func (v *sizeValue) Set(s string) error {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		s string
		m int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.s) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.s)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return fmt.Errorf("want a size such as 256MB, 64KB or 1000000")
	}
	*v = sizeValue(n * mult)
	return nil
}
