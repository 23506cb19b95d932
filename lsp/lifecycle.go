package lsp

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// serverState is where a session is in the LSP lifecycle (gopls's
// serverState): initialize, then requests, then shutdown and exit.
type serverState int

const (
	serverCreated     serverState = iota // before initialize
	serverInitialized                    // initialize answered
	serverShutDown                       // shutdown received
)

// lifecycle is the session's place in the LSP lifecycle.
type lifecycle struct {
	mu      sync.Mutex
	state   serverState
	pull    bool          // the client pulls diagnostics (textDocument.diagnostic): no pushes
	refresh bool          // the client accepts workspace/diagnostic/refresh
	exited  chan struct{} // closed by the exit notification
}

func newLifecycle() *lifecycle { return &lifecycle{exited: make(chan struct{})} }

func (l *lifecycle) get() serverState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// initialize moves from created to initialized, recording how the client
// takes diagnostics; it fails on a second initialize.
func (l *lifecycle) initialize(pull, refresh bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state != serverCreated {
		return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	}
	l.state = serverInitialized
	l.pull, l.refresh = pull, refresh
	return nil
}

// pulls reports whether the client pulls diagnostics, and whether it accepts
// workspace/diagnostic/refresh.
func (l *lifecycle) pulls() (pull, refresh bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pull, l.refresh
}

func (l *lifecycle) shutdown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state = serverShutDown
}

func (l *lifecycle) exit() {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.exited:
	default:
		close(l.exited)
	}
}

// initOptions are the initializationOptions the server reads.
type initOptions struct {
	DebounceMs *int            `json:"debounceMs"`
	Settings   json.RawMessage `json:"settings"` // "soaplint" settings for clients without workspace/configuration
}

// Initialize is reached only through the protocol dispatcher's typed path,
// which the handler bypasses (see initialize); it is kept for protocol.Server
// callers, which cannot negotiate pull diagnostics.
func (s *server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	res, err := s.initialize(ctx, &initializeParams317{InitializeParams: *params})
	if err != nil {
		return nil, err
	}
	return &protocol.InitializeResult{Capabilities: res.Capabilities.ServerCapabilities, ServerInfo: res.ServerInfo}, nil
}

// initialize answers the initialize request, decoded by the handler with the
// 3.17 capabilities v0.12.0 lacks. A client that declares textDocument.diagnostic
// pulls diagnostics (diagnosticProvider is advertised and nothing is pushed);
// any other client gets them pushed.
func (s *server) initialize(ctx context.Context, params *initializeParams317) (*initializeResult, error) {
	if s.life.get() != serverCreated {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	}
	s.folders.set(&params.InitializeParams)
	var root string
	var folders []string
	for _, f := range params.WorkspaceFolders {
		if p := uriPath(protocol.DocumentURI(f.URI)); p != "" {
			folders = append(folders, p)
		}
	}
	switch {
	case len(params.WorkspaceFolders) > 0:
		root = uriPath(protocol.DocumentURI(params.WorkspaceFolders[0].URI))
	case params.RootURI != "":
		root = uriPath(params.RootURI)
	case params.RootPath != "":
		root = params.RootPath
	}
	debounce := time.Duration(-1)
	var settings []byte
	if params.InitializationOptions != nil {
		var io initOptions
		if data, err := json.Marshal(params.InitializationOptions); err == nil && json.Unmarshal(data, &io) == nil {
			if io.DebounceMs != nil && *io.DebounceMs >= 0 {
				debounce = time.Duration(*io.DebounceMs) * time.Millisecond
			}
			if len(io.Settings) > 0 && string(io.Settings) != "null" {
				settings = io.Settings
			}
		}
	}
	canConfig := false
	if ws := params.Capabilities.Workspace; ws != nil {
		canConfig = ws.Configuration
	}
	if len(folders) == 0 && root != "" {
		folders = []string{root}
	}
	s.config.initialize(root, folders, debounce, settings, canConfig)
	caps := params.Capabilities317
	pull := caps.TextDocument.Diagnostic != nil
	refresh := caps.Workspace.Diagnostics != nil && caps.Workspace.Diagnostics.RefreshSupport
	if err := s.life.initialize(pull, refresh); err != nil {
		return nil, err
	}
	// Build the template index off the first code action's critical path.
	s.goOwned(func() {
		if err := s.lexicon().Templates.Warm(); err != nil {
			s.logf(protocol.MessageTypeWarning, "goal template index unavailable: %v", err)
		}
	})
	var provider *diagnosticOptions
	if pull {
		provider = &diagnosticOptions{Identifier: "soaplint", InterFileDependencies: false, WorkspaceDiagnostics: true}
	}
	return &initializeResult{
		Capabilities: serverCapabilities{ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{},
			},
			HoverProvider:          true,
			DocumentSymbolProvider: true,
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, kindFixAll},
			},
			CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{"-", " ", ":"}},
			ExecuteCommandProvider: &protocol.ExecuteCommandOptions{
				Commands: []string{cmdAddTerm},
			},
		}, DiagnosticProvider: provider},
		ServerInfo: &protocol.ServerInfo{Name: "soaplint"},
	}, nil
}

func (s *server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	s.goOwned(func() { s.fetchConfig(); s.config.markConfigured() })
	return nil
}

func (s *server) Shutdown(ctx context.Context) error {
	s.life.shutdown()
	s.docs.cancelAll()
	return nil
}

func (s *server) Exit(ctx context.Context) error {
	s.life.exit()
	return nil
}
