// Package lsp is soaplint's language server: a document store with full and
// incremental sync, debounced diagnostics per document version, code actions
// from the analyzer's fixes, hovers, completion and document symbols, on
// go.lsp.dev/protocol v0.12.0 and go.lsp.dev/jsonrpc2 v0.10.0.
//
// The server holds no rule logic. It calls analyzer.Run over a document's text
// and converts the result to LSP types at the edge: byte offsets become 0-based
// lines and UTF-16 columns through note.Mapper (protocol v0.12.0 cannot
// negotiate UTF-8 positions).
//
// Notes are PHI: nothing of a document's text is ever logged.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/lexicon"
)

// DefaultDebounce is how long the server waits after the last edit of a
// document before linting it.
const DefaultDebounce = 100 * time.Millisecond

// Options configure a server. The zero value is usable.
type Options struct {
	// Rules to run; nil means rules.All(). Tests inject fake rule sets here.
	Rules []*analyzer.Rule
	// Debounce after an edit before linting; 0 means DefaultDebounce, a
	// negative value means no delay. The client can override it with the
	// initializationOptions field "debounceMs".
	Debounce time.Duration
	// Log receives the server's own log lines (never note text); nil discards
	// them. Clients additionally get warnings through window/logMessage.
	Log io.Writer
	// LoadConfig builds the analyzer configuration for a workspace root from
	// the root's .soaplint.yaml and the client's "soaplint" settings (raw JSON,
	// nil when the client has none). nil means the built-in loader.
	LoadConfig func(root string, settings []byte) (analyzer.Config, error)
	// Lexicon is the base lexicon the built-in loader starts from (a data
	// pack's tables); nil means lexicon.Default().
	Lexicon *lexicon.Lexicon
	// MaxMessageBytes bounds one message's body; a client that declares a
	// larger Content-Length is disconnected. 0 means DefaultMaxMessageBytes.
	MaxMessageBytes int64

	// trace, when set (by tests and benchmarks), sees the lint pipeline's events.
	trace func(traceEvent)
	// started, when set (by tests), receives each new session.
	started func(*server)
	// handling, when set (by tests), runs before each request or notification
	// is dispatched, with the request's context: a test can hold a request
	// there until it is cancelled.
	handling func(ctx context.Context, method string)
}

// traceEvent is one step of the lint pipeline for a document version.
type traceEvent struct {
	Kind    string // "published", "skipped" (same as last), "dropped" (superseded), "panic"
	URI     string
	Version int32
}

func (o Options) withDefaults() Options {
	if o.Rules == nil {
		o.Rules = rules.All()
	}
	switch {
	case o.Debounce == 0:
		o.Debounce = DefaultDebounce
	case o.Debounce < 0:
		o.Debounce = 0
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.LoadConfig == nil {
		lex := o.Lexicon
		o.LoadConfig = func(root string, settings []byte) (analyzer.Config, error) {
			return loadConfigFrom(analyzer.Config{Lexicon: lex}, root, settings)
		}
	}
	return o
}

// Serve runs one session over rwc until the client disconnects, sends exit,
// or ctx is cancelled. It closes rwc before returning and waits for every
// goroutine of the session.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	s := newSession(ctx, rwc, opts.withDefaults())
	return s.wait(ctx)
}

// Listen opens a TCP listener for the server. Unless allowRemote is set, addr
// must name a loopback host: notes are PHI and the server has no
// authentication.
func Listen(addr string, allowRemote bool) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if !allowRemote {
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return nil, fmt.Errorf("listen address %q is not a loopback address; notes are PHI, pass --allow-remote to serve other hosts", addr)
		}
	}
	return net.Listen("tcp", addr)
}

// ServeListener accepts clients on ln, each with its own session, until ctx is
// cancelled or ln fails. It closes ln and waits for every session to end.
func ServeListener(ctx context.Context, ln net.Listener, opts Options) error {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	go func() { // owned: ends when ctx ends (at the latest when this function returns)
		<-ctx.Done()
		ln.Close()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Serve(ctx, c, opts); err != nil {
				fmt.Fprintf(opts.Log, "soaplint lsp: session %s: %v\n", c.RemoteAddr(), err)
			}
		}()
	}
}
