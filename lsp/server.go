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
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/soaplint/soaplint/analyzer"
)

// server is one client session. It implements protocol.Server; the methods it
// does not support fall through to nyi. Its state lives in stores with their
// own locks: life (lifecycle.go), docs (documents.go), config
// (configstore.go); the LSP features are one file each.
type server struct {
	nyi

	opts   Options
	hooks  hooks
	conn   jsonrpc2.Conn
	client protocol.Client

	ctx    context.Context // the session's lifetime
	cancel context.CancelFunc
	wg     sync.WaitGroup // goroutines the session owns: lint runs, config fetches, warm-up
	wgMu   sync.Mutex     // guards ending, so no goroutine starts while wg is waited on
	ending bool

	life   *lifecycle
	docs   *docStore
	config *configStore
	files  fileCache     // findings of workspace notes read from disk
	walks  chan struct{} // workspace/diagnostic walks running (maxWorkspaceWalks)

	inflightMu sync.Mutex
	inflight   map[jsonrpc2.ID]context.CancelFunc // requests $/cancelRequest can cancel

	pubMu sync.Mutex // serialises publishDiagnostics so versions go out in order

	folders workspaceFolders // where the add-term command may write (addterm.go)
	flow    *flow            // back-pressure and write bounds (conn.go)

	episodes episodeStore // other notes' episode summaries (episode.go)
}

// languages are the language IDs the server lints ("text" is Neovim's filetype
// for .txt files, which its client sends as the language ID).
var languages = map[string]bool{"plaintext": true, "markdown": true, "soap-note": true, "text": true, "": true}

var _ protocol.Server = (*server)(nil)

func newSession(ctx context.Context, rwc io.ReadWriteCloser, opts Options, h hooks) *server {
	ctx, cancel := context.WithCancel(ctx)
	s := &server{
		opts:     opts,
		hooks:    h,
		ctx:      ctx,
		cancel:   cancel,
		life:     newLifecycle(),
		docs:     newDocStore(ctx),
		config:   newConfigStore(opts.LoadConfig, opts.Debounce),
		inflight: map[jsonrpc2.ID]context.CancelFunc{},
		walks:    make(chan struct{}, maxWorkspaceWalks),
	}
	s.docs.setLimits(opts)
	s.conn = jsonrpc2.NewConn(s.wire(rwc)) // bounds and timeouts: conn.go
	s.client = protocol.ClientDispatcher(s.conn, zap.NewNop())
	if h.started != nil {
		h.started(s)
	}
	s.conn.Go(ctx, s.handler())
	return s
}

// wait blocks until the session ends, then cancels its work, closes the
// connection and waits for every goroutine it owns.
func (s *server) wait(ctx context.Context) error {
	select {
	case <-s.conn.Done():
	case <-s.life.exited:
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
	s.docs.cancelAll()
	if err := s.conn.Err(); err != nil && !isClosed(err) && ctx.Err() == nil {
		select {
		case <-s.life.exited:
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
// ending, f is not started and goOwned reports false.
func (s *server) goOwned(f func()) bool {
	s.wgMu.Lock()
	defer s.wgMu.Unlock()
	if s.ending {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
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
