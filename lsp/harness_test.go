package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// waitTimeout bounds every wait on the server; tests never sleep. It only
// catches hangs, so it is generous for a loaded CI runner under -race.
const waitTimeout = 30 * time.Second

// publication is one textDocument/publishDiagnostics as received.
type publication struct {
	URI         string
	Version     int32
	Diagnostics []protocol.Diagnostic
	Raw         json.RawMessage // the diagnostics array exactly as sent
}

// harness is an in-process client talking to a server over net.Pipe. It records
// the traffic and prints it only when the test fails.
type harness struct {
	tb      testing.TB
	srv     *server
	conn    jsonrpc2.Conn
	stream  *lockedStream
	traffic *trafficLog
	cancel  context.CancelFunc
	done    chan error

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every recorded event
	pubs     []publication
	logs     []protocol.LogMessageParams
	shows    []protocol.ShowMessageParams
	events   []traceEvent
	settings any // answer to workspace/configuration
	edits    []protocol.ApplyWorkspaceEditParams
	progress []progressParams // $/progress notifications (Value left raw)
	refresh  int              // workspace/diagnostic/refresh requests
	nextVer  map[string]int32
}

type trafficLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *trafficLog) add(dir string, p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, "%s %s\n", dir, p)
}

func (l *trafficLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// recConn records what crosses the client end of the pipe.
type recConn struct {
	net.Conn
	log *trafficLog
}

func (c recConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.log.add("<-", p[:n])
	}
	return n, err
}

func (c recConn) Write(p []byte) (int, error) {
	c.log.add("->", p)
	return c.Conn.Write(p)
}

// lockedStream lets a test write raw bytes between whole messages, and skips
// replies the client cannot decode (the server's parse errors carry id null).
type lockedStream struct {
	jsonrpc2.Stream
	w  io.Writer
	mu sync.Mutex
}

func (s *lockedStream) Write(ctx context.Context, m jsonrpc2.Message) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Stream.Write(ctx, m)
}

func (s *lockedStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		m, n, err := s.Stream.Read(ctx)
		if err != nil && !isTransportError(err) && ctx.Err() == nil {
			continue
		}
		return m, n, err
	}
}

func (s *lockedStream) raw(b string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := io.WriteString(s.w, b)
	return err
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// fakeRules are injected instead of rules.All(): they use catalogue IDs so that
// configuration can address them, and report fixed, easy-to-locate findings.
func fakeRules() []*analyzer.Rule {
	return []*analyzer.Rule{
		{
			ID: "doc/vague-phrase", Severity: analyzer.Warning,
			Doc:    "Flags the word bad. Boilerplate tells a reviewer nothing about skilled care.",
			Source: "test",
			Run: func(p *analyzer.Pass) {
				text := p.Note.Text
				for i := 0; ; {
					j := strings.Index(text[i:], "bad")
					if j < 0 {
						return
					}
					start := i + j
					p.Reportf(note.Range{Start: start, End: start + 3}, []analyzer.Fix{{
						Title: "Replace with good",
						Edits: []analyzer.TextEdit{{Start: start, End: start + 3, NewText: "good"}},
					}}, "vague word %q", "bad")
					i = start + 3
				}
			},
		},
		{
			ID: "goal/impairment-based", Severity: analyzer.Warning,
			Doc:      "A goal stated only as an impairment measure. Payers want function.",
			Learns:   "functional",
			Profiles: []analyzer.Profile{analyzer.Medicare},
			Run: func(p *analyzer.Pass) {
				text := p.Note.Text
				for _, line := range lineRanges(text) {
					l := text[line.Start:line.End]
					if !strings.HasPrefix(l, "STG") || !strings.Contains(l, "ROM") {
						continue
					}
					body := line.Start + strings.Index(l, ":") + 2
					var fixes []analyzer.Fix
					for i, t := range []string{"Pt will ascend/descend 12 stairs with reciprocal pattern", "Pt will walk 300 ft on uneven ground", "Pt will rise from a standard chair without UE support"} {
						fixes = append(fixes, analyzer.Fix{
							Title: fmt.Sprintf("Rewrite as a functional goal (%d): %s", i+1, t),
							Edits: []analyzer.TextEdit{{Start: body, End: line.End, NewText: t}},
						})
					}
					p.Reportf(note.Range{Start: body, End: line.End}, fixes, "goal states only an impairment")
				}
			},
		},
		{
			ID: "doc/missing-section", Severity: analyzer.Info, Doc: "Panics on demand, to test recovery.",
			Run: func(p *analyzer.Pass) {
				if strings.Contains(p.Note.Text, "PANIC") {
					panic("rule failure on " + p.Note.Text) // must never reach a log
				}
			},
		},
	}
}

func lineRanges(text string) []note.Range {
	var out []note.Range
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			out = append(out, note.Range{Start: start, End: i})
			start = i + 1
		}
	}
	return out
}

// newHarness starts a server with opts (fake rules unless set) and connects a client.
func newHarness(tb testing.TB, opts Options) *harness {
	tb.Helper()
	return newHarnessHooks(tb, opts, hooks{})
}

// newHarnessHooks is newHarness with test hooks (hk.started is the harness's).
func newHarnessHooks(tb testing.TB, opts Options, hk hooks) *harness {
	tb.Helper()
	if opts.Rules == nil {
		opts.Rules = fakeRules()
	}
	if opts.Debounce == 0 {
		opts.Debounce = 5 * time.Millisecond
	}
	h := &harness{tb: tb, traffic: &trafficLog{}, changed: make(chan struct{}), done: make(chan error, 1), nextVer: map[string]int32{}}
	userTrace := hk.trace
	hk.trace = func(e traceEvent) {
		if userTrace != nil {
			userTrace(e)
		}
		h.record(func() { h.events = append(h.events, e) })
	}
	var logBuf syncBuffer
	opts.Log = &logBuf
	hk.started = func(s *server) { h.srv = s }
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- serve(ctx, srv, opts, hk) }()

	rc := recConn{Conn: cli, log: h.traffic}
	h.stream = &lockedStream{Stream: jsonrpc2.NewStream(rc), w: rc}
	h.conn = jsonrpc2.NewConn(h.stream)
	h.conn.Go(ctx, h.handle)
	tb.Cleanup(func() {
		cancel()
		h.conn.Close()
		select {
		case <-h.done:
		case <-time.After(waitTimeout):
			tb.Errorf("server did not stop after its context was cancelled")
		}
		if tb.Failed() {
			tb.Logf("LSP traffic:\n%s\nserver log:\n%s", h.traffic, logBuf.String())
		}
	})
	return h
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (h *harness) record(f func()) {
	h.mu.Lock()
	f()
	close(h.changed)
	h.changed = make(chan struct{})
	h.mu.Unlock()
}

// handle answers the server's requests and records its notifications.
func (h *harness) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p struct {
			URI         string          `json:"uri"`
			Version     int32           `json:"version"`
			Diagnostics json.RawMessage `json:"diagnostics"`
		}
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			h.tb.Errorf("bad publishDiagnostics: %v", err)
		}
		var ds []protocol.Diagnostic
		_ = json.Unmarshal(p.Diagnostics, &ds)
		h.record(func() { h.pubs = append(h.pubs, publication{p.URI, p.Version, ds, p.Diagnostics}) })
		return reply(ctx, nil, nil)
	case protocol.MethodWindowLogMessage:
		var p protocol.LogMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		h.record(func() { h.logs = append(h.logs, p) })
		return reply(ctx, nil, nil)
	case protocol.MethodWindowShowMessage:
		var p protocol.ShowMessageParams
		_ = json.Unmarshal(req.Params(), &p)
		h.record(func() { h.shows = append(h.shows, p) })
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceConfiguration:
		h.mu.Lock()
		v := h.settings
		h.mu.Unlock()
		return reply(ctx, []any{v}, nil)
	case methodProgress:
		var p struct {
			Token json.RawMessage `json:"token"`
			Value json.RawMessage `json:"value"`
		}
		_ = json.Unmarshal(req.Params(), &p)
		h.record(func() { h.progress = append(h.progress, progressParams{Token: p.Token, Value: p.Value}) })
		return reply(ctx, nil, nil)
	case methodWorkspaceDiagnosticRefresh:
		h.record(func() { h.refresh++ })
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceApplyEdit:
		var p protocol.ApplyWorkspaceEditParams
		_ = json.Unmarshal(req.Params(), &p)
		h.record(func() { h.edits = append(h.edits, p) })
		return reply(ctx, protocol.ApplyWorkspaceEditResponse{Applied: true}, nil)
	}
	return reply(ctx, nil, jsonrpc2.ErrMethodNotFound)
}

// docText returns the server's text of an open document.
func (h *harness) docText(uri string) string {
	if text, ok := h.srv.docs.text(protocol.DocumentURI(uri)); ok {
		return text
	}
	return "<not open>"
}

// waitFor blocks until cond (called with h.mu held) holds.
func (h *harness) waitFor(what string, cond func() bool) {
	h.tb.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		h.mu.Lock()
		ok, ch := cond(), h.changed
		h.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			h.tb.Fatalf("timed out waiting for %s", what)
		}
	}
}

// call sends a request and decodes its result into result.
func (h *harness) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	_, err := h.conn.Call(ctx, method, params, result)
	return err
}

func (h *harness) mustCall(method string, params, result any) {
	h.tb.Helper()
	if err := h.call(method, params, result); err != nil {
		h.tb.Fatalf("%s: %v", method, err)
	}
}

func (h *harness) notify(method string, params any) {
	h.tb.Helper()
	if err := h.conn.Notify(context.Background(), method, params); err != nil {
		h.tb.Fatalf("%s: %v", method, err)
	}
}

// initialize runs the handshake; root may be "".
func (h *harness) initialize(root string, initOpts any, withConfig bool) *protocol.InitializeResult {
	h.tb.Helper()
	return h.initializeCaps(root, initOpts, map[string]any{
		"workspace": map[string]any{"configuration": withConfig, "applyEdit": true},
	})
}

// pullCapabilities are those of a client that pulls diagnostics (LSP 3.17).
func pullCapabilities() map[string]any {
	return map[string]any{
		"workspace":    map[string]any{"configuration": false, "applyEdit": true, "diagnostics": map[string]any{"refreshSupport": true}},
		"textDocument": map[string]any{"diagnostic": map[string]any{"dynamicRegistration": false, "relatedDocumentSupport": false}},
	}
}

// initializeCaps runs the handshake with the given client capabilities.
func (h *harness) initializeCaps(root string, initOpts any, caps map[string]any) *protocol.InitializeResult {
	h.tb.Helper()
	p := map[string]any{"processId": 1, "capabilities": caps}
	if root != "" {
		p["rootUri"] = "file://" + root
	}
	if initOpts != nil {
		p["initializationOptions"] = initOpts
	}
	var res protocol.InitializeResult
	h.mustCall(protocol.MethodInitialize, p, &res)
	h.notify(protocol.MethodInitialized, map[string]any{})
	return &res
}

func (h *harness) open(uri, text string) {
	h.tb.Helper()
	h.mu.Lock()
	h.nextVer[uri] = 1
	h.mu.Unlock()
	h.notify(protocol.MethodTextDocumentDidOpen, map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "plaintext", "version": 1, "text": text},
	})
}

// change sends content changes (each a map with optional "range" and "text")
// and returns the new version.
func (h *harness) change(uri string, changes ...map[string]any) int32 {
	h.tb.Helper()
	h.mu.Lock()
	h.nextVer[uri]++
	v := h.nextVer[uri]
	h.mu.Unlock()
	h.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": changes,
	})
	return v
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

// lastPub returns the latest publication for uri (h.mu held).
func (h *harness) lastPub(uri string) *publication {
	for i := len(h.pubs) - 1; i >= 0; i-- {
		if h.pubs[i].URI == uri {
			return &h.pubs[i]
		}
	}
	return nil
}

// waitPub waits for a publication of uri at version v and returns it.
func (h *harness) waitPub(uri string, v int32) publication {
	h.tb.Helper()
	var out publication
	h.waitFor(fmt.Sprintf("diagnostics for %s version %d", uri, v), func() bool {
		for _, p := range h.pubs {
			if p.URI == uri && p.Version == v {
				out = p
				return true
			}
		}
		return false
	})
	return out
}

// waitEvent waits for a trace event of kind for uri at version v.
func (h *harness) waitEvent(kind, uri string, v int32) {
	h.tb.Helper()
	h.waitFor(fmt.Sprintf("%s event for %s version %d", kind, uri, v), func() bool {
		for _, e := range h.events {
			if e.Kind == kind && e.URI == uri && e.Version == v {
				return true
			}
		}
		return false
	})
}

// applyEdits applies LSP text edits to text (positions in UTF-16), last first.
func applyEdits(text string, edits []protocol.TextEdit) string {
	type off struct {
		s, e int
		t    string
	}
	m := note.NewMapper(text)
	var offs []off
	for _, e := range edits {
		offs = append(offs, off{m.Offset(int(e.Range.Start.Line), int(e.Range.Start.Character)), m.Offset(int(e.Range.End.Line), int(e.Range.End.Character)), e.NewText})
	}
	for i := len(offs) - 1; i >= 0; i-- {
		o := offs[i]
		text = text[:o.s] + o.t + text[o.e:]
	}
	return text
}
