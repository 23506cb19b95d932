package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// server is one client session. It implements protocol.Server; the methods it
// does not support fall through to nyi.
type server struct {
	nyi

	opts   Options
	conn   jsonrpc2.Conn
	client protocol.Client

	ctx    context.Context // the session's lifetime
	cancel context.CancelFunc
	wg     sync.WaitGroup // goroutines the session owns: lint runs, config fetches, warm-up
	wgMu   sync.Mutex     // guards ending, so no goroutine starts while wg is waited on
	ending bool
	exited chan struct{} // closed by the exit notification
	exitMu sync.Once

	initialized atomic.Bool // initialize has been answered
	shutdown    atomic.Bool

	inflightMu sync.Mutex
	inflight   map[jsonrpc2.ID]context.CancelFunc // requests $/cancelRequest can cancel

	mu         sync.Mutex // guards the fields below
	gen        uint64     // increases with every edit or config change; unique per lint
	docs       map[protocol.DocumentURI]*document
	root       string // workspace root directory; "" when the client gave none
	debounce   time.Duration
	settings   []byte // the client's "soaplint" settings as JSON; nil when none
	cfgCache   map[string]configEntry
	cfgGen     uint64 // bumped by configChanged; a config loaded under an older one is not cached
	canConfig  bool   // the client answers workspace/configuration
	configured chan struct{}

	pubMu sync.Mutex // serialises publishDiagnostics so versions go out in order

	episodes episodeStore // other notes' episode summaries (episode.go)
}

// document is one open note.
type document struct {
	uri     protocol.DocumentURI
	lang    string
	version int32
	text    string
	gen     uint64
	cancel  context.CancelFunc // cancels the pending lint run
	snap    *snapshot          // analysis of the current text, once computed

	published   []byte // last published diagnostics (JSON), to skip identical republish
	publishedOK bool
}

// snapshot is the analysis of one version of a document.
type snapshot struct {
	uri     protocol.DocumentURI
	version int32
	gen     uint64
	text    string
	cfg     analyzer.Config
	res     *analyzer.Result
	mapper  *note.Mapper
	diags   []protocol.Diagnostic // res.Diagnostics converted, same order
}

// languages are the language IDs the server lints ("text" is Neovim's filetype
// for .txt files, which its client sends as the language ID).
var languages = map[string]bool{"plaintext": true, "markdown": true, "soap-note": true, "text": true, "": true}

var _ protocol.Server = (*server)(nil)

func newSession(ctx context.Context, rwc io.ReadWriteCloser, opts Options) *server {
	ctx, cancel := context.WithCancel(ctx)
	s := &server{
		opts:       opts,
		ctx:        ctx,
		cancel:     cancel,
		exited:     make(chan struct{}),
		inflight:   map[jsonrpc2.ID]context.CancelFunc{},
		docs:       map[protocol.DocumentURI]*document{},
		debounce:   opts.Debounce,
		cfgCache:   map[string]configEntry{},
		configured: make(chan struct{}),
	}
	s.conn = jsonrpc2.NewConn(newTolerantStream(newBoundedStream(rwc, opts.MaxMessageBytes), rwc))
	s.client = protocol.ClientDispatcher(s.conn, zap.NewNop())
	if opts.started != nil {
		opts.started(s)
	}
	s.conn.Go(ctx, s.handler())
	return s
}

// wait blocks until the session ends, then cancels its work, closes the
// connection and waits for every goroutine it owns.
func (s *server) wait(ctx context.Context) error {
	select {
	case <-s.conn.Done():
	case <-s.exited:
	case <-ctx.Done():
	}
	s.cancel()
	s.conn.Close()
	select {
	case <-s.conn.Done():
	case <-time.After(2 * time.Second):
		// A read on a terminal or inherited stdin may not unblock on Close; the
		// read loop then ends with the process.
	}
	s.wgMu.Lock()
	s.ending = true
	s.wgMu.Unlock()
	s.wg.Wait()
	s.mu.Lock()
	for _, d := range s.docs {
		if d.cancel != nil {
			d.cancel()
		}
	}
	s.mu.Unlock()
	if err := s.conn.Err(); err != nil && !isClosed(err) && ctx.Err() == nil {
		select {
		case <-s.exited:
			return nil
		default:
		}
		return err
	}
	return nil
}

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrClosedPipe) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, os.ErrClosed) || errors.Is(err, context.Canceled) ||
		strings.Contains(err.Error(), "connection reset")
}

// logf writes a log line to the server's log and, for warnings and errors, to the
// client's window/logMessage. Callers never pass note text.
func (s *server) logf(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintf(s.opts.Log, "soaplint lsp: %s\n", msg)
	if typ <= protocol.MessageTypeWarning && s.ctx.Err() == nil {
		_ = s.client.LogMessage(s.ctx, &protocol.LogMessageParams{Type: typ, Message: msg})
	}
}

// goOwned runs f in a goroutine owned by the session; once the session is
// ending, f is not started.
func (s *server) goOwned(f func()) {
	s.wgMu.Lock()
	defer s.wgMu.Unlock()
	if s.ending {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

// initOptions are the initializationOptions the server reads.
type initOptions struct {
	DebounceMs *int            `json:"debounceMs"`
	Settings   json.RawMessage `json:"settings"` // "soaplint" settings for clients without workspace/configuration
}

func (s *server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	if s.initialized.Load() {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	}
	s.mu.Lock()
	switch {
	case len(params.WorkspaceFolders) > 0:
		s.root = uriPath(protocol.DocumentURI(params.WorkspaceFolders[0].URI))
	case params.RootURI != "":
		s.root = uriPath(params.RootURI)
	case params.RootPath != "":
		s.root = params.RootPath
	}
	if params.InitializationOptions != nil {
		var io initOptions
		if data, err := json.Marshal(params.InitializationOptions); err == nil && json.Unmarshal(data, &io) == nil {
			if io.DebounceMs != nil && *io.DebounceMs >= 0 {
				s.debounce = time.Duration(*io.DebounceMs) * time.Millisecond
			}
			if len(io.Settings) > 0 && string(io.Settings) != "null" {
				s.settings = io.Settings
			}
		}
	}
	if ws := params.Capabilities.Workspace; ws != nil {
		s.canConfig = ws.Configuration
	}
	s.mu.Unlock()
	s.initialized.Store(true)
	// Build the template index off the first code action's critical path.
	s.goOwned(func() {
		if err := s.lexicon().Templates.Warm(); err != nil {
			s.logf(protocol.MessageTypeWarning, "goal template index unavailable: %v", err)
		}
	})
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			HoverProvider:          true,
			DocumentSymbolProvider: true,
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix},
			},
			CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{"-", " ", ":"}},
			ExecuteCommandProvider: &protocol.ExecuteCommandOptions{
				Commands: []string{cmdAddTerm},
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "soaplint"},
	}, nil
}

func (s *server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	s.goOwned(func() { s.fetchConfig(); s.closeConfigured() })
	return nil
}

func (s *server) closeConfigured() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.configured:
	default:
		close(s.configured)
	}
}

func (s *server) Shutdown(ctx context.Context) error {
	s.shutdown.Store(true)
	s.mu.Lock()
	for _, d := range s.docs {
		if d.cancel != nil {
			d.cancel()
		}
	}
	s.mu.Unlock()
	return nil
}

func (s *server) Exit(ctx context.Context) error {
	s.exitMu.Do(func() { close(s.exited) })
	return nil
}

func (s *server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	if !languages[string(td.LanguageID)] {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[td.URI]; old != nil && old.cancel != nil {
		old.cancel()
	}
	d := &document{uri: td.URI, lang: string(td.LanguageID), version: td.Version, text: td.Text}
	s.docs[td.URI] = d
	s.scheduleLocked(d)
	return nil
}

// change is one content change as sent; Range is nil for a full-content change
// (protocol v0.12.0 declares it as a value, which cannot tell the two apart).
type change struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []change                                 `json:"contentChanges"`
}

// didChange applies edits to an open document; edits for documents that are
// not open are ignored.
func (s *server) didChange(p *didChangeParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return
	}
	d.text = applyChanges(d.text, p.ContentChanges)
	d.version = p.TextDocument.Version
	s.scheduleLocked(d)
}

// DidChange is reached only through the protocol dispatcher's typed path, which
// the handler bypasses (see didChange); it is kept for protocol.Server callers.
func (s *server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	p := &didChangeParams{TextDocument: params.TextDocument}
	for _, c := range params.ContentChanges {
		r := c.Range
		p.ContentChanges = append(p.ContentChanges, change{Range: &r, Text: c.Text})
	}
	s.didChange(p)
	return nil
}

// applyChanges applies content changes in order. Positions are 0-based lines and
// UTF-16 columns; out-of-range positions clamp to the end of their line or of
// the text, and a reversed range is treated as empty at its start.
func applyChanges(text string, changes []change) string {
	for _, c := range changes {
		if c.Range == nil {
			text = c.Text
			continue
		}
		m := note.NewMapper(text)
		start := m.Offset(int(c.Range.Start.Line), int(c.Range.Start.Character))
		end := m.Offset(int(c.Range.End.Line), int(c.Range.End.Character))
		if end < start {
			end = start
		}
		text = text[:start] + c.Text + text[end:]
	}
	return text
}

func (s *server) DidSave(ctx context.Context, params *protocol.DidSaveTextDocumentParams) error {
	if strings.HasSuffix(string(params.TextDocument.URI), "/"+configFileName) {
		s.configChanged()
	}
	return nil
}

func (s *server) DidChangeWatchedFiles(ctx context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.episodes.changed(params.Changes)
	for _, c := range params.Changes {
		if strings.HasSuffix(string(c.URI), "/"+configFileName) {
			s.configChanged()
			break
		}
	}
	return nil
}

func (s *server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[params.TextDocument.URI]
	if d == nil {
		s.mu.Unlock()
		return nil
	}
	if d.cancel != nil {
		d.cancel()
	}
	delete(s.docs, params.TextDocument.URI)
	s.mu.Unlock()
	// Clear the editor's diagnostics with an empty array, never null.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	return s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{
		URI: params.TextDocument.URI, Diagnostics: []protocol.Diagnostic{},
	})
}

// Request answers methods the protocol package does not know.
func (s *server) Request(ctx context.Context, method string, params any) (any, error) {
	if method == methodExplain {
		var p struct {
			Rule string `json:"rule"`
		}
		if data, err := json.Marshal(params); err == nil {
			_ = json.Unmarshal(data, &p)
		}
		r := s.rule(p.Rule)
		if r == nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown rule %q", p.Rule)
		}
		return map[string]string{"rule": r.ID, "markdown": explainMarkdown(r)}, nil
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
}

// methodExplain returns a rule's explanation as Markdown, for clients that
// resolve the soaplint://rules/<id> link of a diagnostic's code description.
const methodExplain = "soaplint/explain"

func (s *server) rule(id string) *analyzer.Rule {
	for _, r := range s.opts.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// uriPath returns the file path of a file: URI, or "" for other schemes.
func uriPath(u protocol.DocumentURI) string {
	if !strings.HasPrefix(string(u), "file:") {
		return ""
	}
	defer func() { _ = recover() }() // uri.Filename panics on malformed URIs
	return uri.URI(u).Filename()
}
