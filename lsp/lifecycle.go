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
	mu     sync.Mutex
	state  serverState
	exited chan struct{} // closed by the exit notification
}

func newLifecycle() *lifecycle { return &lifecycle{exited: make(chan struct{})} }

func (l *lifecycle) get() serverState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// initialize moves from created to initialized; it fails on a second initialize.
func (l *lifecycle) initialize() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state != serverCreated {
		return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	}
	l.state = serverInitialized
	return nil
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

func (s *server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	if s.life.get() != serverCreated {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	}
	s.folders.set(params)
	var root string
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
	s.config.initialize(root, debounce, settings, canConfig)
	if err := s.life.initialize(); err != nil {
		return nil, err
	}
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
