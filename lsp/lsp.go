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
	"strings"
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
	// MaxDocuments, MaxOpenBytes and MaxDocumentBytes cap a session's open
	// documents: their number, their total size, and one document's size. A
	// didOpen or didChange past a cap drops the document with a
	// window/showMessage, and requests on it answer an error. 0 means
	// DefaultMaxDocuments, DefaultMaxOpenBytes, DefaultMaxDocumentBytes.
	MaxDocuments     int
	MaxOpenBytes     int64
	MaxDocumentBytes int64
	// MaxPending and MaxPendingBytes bound the incoming messages a session
	// holds until their replies are written; past them the server stops
	// reading from the client (back-pressure, see conn.go). 0 means
	// DefaultMaxPending, DefaultMaxPendingBytes.
	MaxPending      int
	MaxPendingBytes int64
	// WriteTimeout disconnects a TCP client that has not read the server's
	// output for that long. MessageTimeout drops a connection whose message
	// (header and body) is not complete that long after its first byte;
	// HandshakeTimeout one that sends no initialize within it; IdleTimeout an
	// initialized one that sends nothing for it (0: never). For the others 0
	// means the Default, negative means none. They apply to connections with
	// deadlines (net.Conn), not to stdio.
	WriteTimeout     time.Duration
	MessageTimeout   time.Duration
	HandshakeTimeout time.Duration
	IdleTimeout      time.Duration
	// MaxClients caps the sessions ServeListener serves at once; further
	// connections are closed at once with a log line. 0 means DefaultMaxClients.
	MaxClients int
	// MaxWorkspaceFiles and MaxWorkspaceBytes bound what one workspace/diagnostic
	// request reads; 0 means DefaultMaxWorkspaceFiles, DefaultMaxWorkspaceBytes.
	MaxWorkspaceFiles int
	MaxWorkspaceBytes int64
}

// hooks instrument a session for tests and benchmarks; production sessions
// (Serve, ServeListener) have none, so nothing a test needs sits in Options.
type hooks struct {
	// trace sees the lint pipeline's events.
	trace func(traceEvent)
	// started receives each new session.
	started func(*server)
	// handling runs before each request or notification is dispatched, with
	// the request's context: a test can hold a request there until it is
	// cancelled.
	handling func(ctx context.Context, method string)
}

// traceEvent is one step of the lint pipeline for a document version.
type traceEvent struct {
	Kind    string // "published", "skipped" (this version already published with these findings), "dropped" (superseded), "panic"
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
	if o.MaxWorkspaceFiles <= 0 {
		o.MaxWorkspaceFiles = DefaultMaxWorkspaceFiles
	}
	if o.MaxWorkspaceBytes <= 0 {
		o.MaxWorkspaceBytes = DefaultMaxWorkspaceBytes
	}
	if o.LoadConfig == nil {
		lex := o.Lexicon
		o.LoadConfig = func(root string, settings []byte) (analyzer.Config, error) {
			return loadConfigFrom(analyzer.Config{Lexicon: lex}, root, settings)
		}
	}
	return o.limitsWithDefaults().flowWithDefaults()
}

// Serve runs one session over rwc until the client disconnects, sends exit,
// or ctx is cancelled. It closes rwc before returning and waits for every
// goroutine of the session.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	return serve(ctx, rwc, opts, hooks{})
}

func serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options, h hooks) error {
	s := newSession(ctx, rwc, opts.withDefaults(), h)
	return s.wait(ctx)
}

// Listen opens a TCP listener for the server. Unless allowRemote is set, addr
// must name a loopback host: notes are PHI and the server has no
// authentication. The name "localhost" (or a name under .localhost) is
// accepted only when every address it resolves to is a loopback address, and
// the listener is bound to one of those addresses, not to the name; any other
// name is refused without being looked up.
func Listen(addr string, allowRemote bool) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", addr, err)
	}
	if !allowRemote {
		refused := fmt.Errorf("listen address %q is not a loopback address; notes are PHI, pass --allow-remote to serve other hosts", addr)
		if ip := net.ParseIP(host); ip != nil {
			if !ip.IsLoopback() {
				return nil, refused
			}
			return net.Listen("tcp", addr)
		}
		name := strings.TrimSuffix(strings.ToLower(host), ".")
		if name != "localhost" && !strings.HasSuffix(name, ".localhost") {
			return nil, refused
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("listen address %q: %w", addr, err)
		}
		ip, err := loopbackOnly(ips)
		if err != nil {
			return nil, fmt.Errorf("listen address %q: %w; pass --allow-remote to serve other hosts", addr, err)
		}
		return net.Listen("tcp", net.JoinHostPort(ip.String(), port))
	}
	return net.Listen("tcp", addr)
}

// loopbackOnly returns the address to bind for a name that resolved to ips:
// an IPv4 loopback address if there is one, else the first. It fails when the
// name resolved to nothing or to any address that is not loopback.
func loopbackOnly(ips []net.IPAddr) (net.IP, error) {
	if len(ips) == 0 {
		return nil, errors.New("the name resolves to no address")
	}
	var pick net.IP
	for _, a := range ips {
		if !a.IP.IsLoopback() {
			return nil, fmt.Errorf("the name resolves to %s, which is not a loopback address", a.IP)
		}
		if pick == nil || (pick.To4() == nil && a.IP.To4() != nil) {
			pick = a.IP
		}
	}
	return pick, nil
}

// ServeListener accepts clients on ln, each with its own session, until ctx is
// cancelled or ln fails. At most opts.MaxClients sessions run at once; a
// connection beyond them is closed at once. Refused and dropped connections
// are logged with their remote address and the reason, never with anything
// they sent. It closes ln and waits for every session to end.
func ServeListener(ctx context.Context, ln net.Listener, opts Options) error {
	return serveListener(ctx, ln, opts, hooks{})
}

func serveListener(ctx context.Context, ln net.Listener, opts Options, h hooks) error {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	go func() { // owned: ends when ctx ends (at the latest when this function returns)
		<-ctx.Done()
		ln.Close()
	}()
	slots := make(chan struct{}, opts.MaxClients)
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		select {
		case slots <- struct{}{}:
		default:
			fmt.Fprintf(opts.Log, "soaplint lsp: refused connection from %s: %d clients connected (--max-clients)\n", c.RemoteAddr(), opts.MaxClients)
			c.Close()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			if err := serve(ctx, c, opts, h); err != nil {
				fmt.Fprintf(opts.Log, "soaplint lsp: session %s: %v\n", c.RemoteAddr(), err)
			}
		}()
	}
}
