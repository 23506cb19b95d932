package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/lexicon"
)

// wireMsg is one message as read off the wire by rawClient.
type wireMsg struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int64           `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
	raw []byte
}

func (m wireMsg) isResponse() bool { return m.Method == "" && len(m.ID) > 0 }

// rawClient speaks framed JSON-RPC byte by byte, so tests control request IDs,
// can send anything, and see every reply (jsonrpc2.Conn drops unmatched ones).
type rawClient struct {
	tb   testing.TB
	c    net.Conn
	wmu  sync.Mutex
	done chan struct{} // closed when the read loop ends

	// answer, when set, gives the result for a request from the server.
	answer func(method string) any

	mu      sync.Mutex
	changed chan struct{}
	msgs    []wireMsg
	readErr error
}

func newRawClient(tb testing.TB, c net.Conn) *rawClient { return newAnsweringClient(tb, c, nil) }

// newAnsweringClient is a rawClient that answers the server's requests with answer.
func newAnsweringClient(tb testing.TB, c net.Conn, answer func(method string) any) *rawClient {
	r := &rawClient{tb: tb, c: c, done: make(chan struct{}), changed: make(chan struct{}), answer: answer}
	go r.readLoop() // owned: ends when c is closed, which cleanup does
	tb.Cleanup(func() {
		c.Close()
		<-r.done
	})
	return r
}

func (r *rawClient) readLoop() {
	defer close(r.done)
	in := bufio.NewReader(r.c)
	for {
		// Read frames ourselves (no decoding into jsonrpc2 types): the server's
		// parse errors carry id null, which jsonrpc2 cannot decode.
		body, err := readFrame(in)
		var reply string
		r.mu.Lock()
		if err != nil {
			r.readErr = err
		} else {
			var m wireMsg
			if json.Unmarshal(body, &m) != nil {
				r.readErr = fmt.Errorf("server sent a frame that is not JSON: %q", body)
			} else {
				m.raw = body
				r.msgs = append(r.msgs, m)
				if r.answer != nil && m.Method != "" && len(m.ID) > 0 {
					b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": r.answer(m.Method)})
					reply = frame(string(b))
				}
			}
		}
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
		if err != nil {
			return
		}
		if reply != "" {
			// The server's read loop never waits on its writes, so this cannot deadlock.
			_ = r.write(reply)
		}
	}
}

// readFrame reads one frame's body.
func readFrame(in *bufio.Reader) ([]byte, error) {
	var length int
	for {
		line, err := in.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
			fmt.Sscan(strings.TrimSpace(v), &length)
		}
	}
	if length <= 0 {
		return nil, errors.New("server frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(in, body)
	return body, err
}

func (r *rawClient) write(b string) error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	_, err := io.WriteString(r.c, b)
	return err
}

// send frames a message with the given id (nil for a notification).
func (r *rawClient) send(id any, method string, params any) {
	r.tb.Helper()
	m := map[string]any{"jsonrpc": "2.0", "method": method}
	if id != nil {
		m["id"] = id
	}
	if params != nil {
		m["params"] = params
	}
	b, err := json.Marshal(m)
	if err != nil {
		r.tb.Fatal(err)
	}
	if err := r.write(frame(string(b))); err != nil {
		r.tb.Fatalf("send %s: %v", method, err)
	}
}

// waitFor waits until cond (called with r.mu held) holds or the connection
// ends; it reports whether cond held.
func (r *rawClient) waitFor(what string, cond func() bool) bool {
	r.tb.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		ok, ch, ended := cond(), r.changed, r.readErr != nil
		r.mu.Unlock()
		if ok {
			return true
		}
		if ended {
			return false
		}
		select {
		case <-ch:
		case <-deadline.C:
			r.tb.Fatalf("timed out waiting for %s", what)
		}
	}
}

// responses returns every response to id (r.mu held).
func (r *rawClient) responsesLocked(id string) []wireMsg {
	var out []wireMsg
	for _, m := range r.msgs {
		if m.isResponse() && string(m.ID) == id {
			out = append(out, m)
		}
	}
	return out
}

// await waits for the response to id (its JSON form, e.g. `7` or `"a"`).
func (r *rawClient) await(id string) wireMsg {
	r.tb.Helper()
	var got wireMsg
	if !r.waitFor("response "+id, func() bool {
		rs := r.responsesLocked(id)
		if len(rs) > 0 {
			got = rs[0]
			return true
		}
		return false
	}) {
		r.tb.Fatalf("connection ended before response %s: %v", id, r.readErr)
	}
	return got
}

func (r *rawClient) initialize() {
	r.tb.Helper()
	r.send("init", protocol.MethodInitialize, map[string]any{"processId": 1, "capabilities": map[string]any{}})
	if m := r.await(`"init"`); m.Error != nil {
		r.tb.Fatalf("initialize: %+v", m.Error)
	}
	r.send(nil, protocol.MethodInitialized, map[string]any{})
}

func openParams(uri, text string) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}
}

func docParams(uri string) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}}
}

func hoverParams(uri string) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 1}}
}

// startListener serves opts on a loopback port through Listen and
// ServeListener, the code path of `soaplint lsp --listen 127.0.0.1:0`.
func startListener(t *testing.T, opts Options) string {
	t.Helper()
	return startListenerHooks(t, opts, hooks{})
}

func startListenerHooks(t *testing.T, opts Options, hk hooks) string {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = fakeRules()
	}
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveListener(ctx, ln, opts, hk) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("ServeListener: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Errorf("ServeListener did not stop on cancel")
		}
	})
	return ln.Addr().String()
}

// settleGoroutines waits until the number of goroutines is at most n.
func settleGoroutines(t *testing.T, n int, what string) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(waitTimeout)
	for {
		if runtime.NumGoroutine() <= n {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			buf := make([]byte, 1<<20)
			t.Fatalf("%s: %d goroutines, want at most %d\n%s", what, runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
	}
}

// warmShared starts the process-wide lazy state (the template index) so that
// goroutine counts taken afterwards are not disturbed by it.
func warmShared(t *testing.T) {
	t.Helper()
	if err := lexicon.Default().Templates.Warm(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentTCPClients connects 50 clients to one listener; each opens and
// edits its own note and must get its own diagnostics, for its own URI only.
func TestConcurrentTCPClients(t *testing.T) {
	addr := startListener(t, Options{Debounce: time.Millisecond})
	const clients = 50
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := editingClient(addr, i); err != nil {
				errs <- fmt.Errorf("client %d: %w", i, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// editingClient opens file:///ws/client-i.txt with i+1 findings, then inserts
// one more finding incrementally, and checks every publication it receives.
func editingClient(addr string, i int) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*waitTimeout)
	defer cancel()
	uri := fmt.Sprintf("file:///ws/client-%d.txt", i)
	var mu sync.Mutex
	var foreign []string
	pubs := make(chan publication, 16)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(c))
	conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p publication
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				return reply(ctx, nil, err)
			}
			if p.URI != uri {
				mu.Lock()
				foreign = append(foreign, p.URI)
				mu.Unlock()
			}
			select {
			case pubs <- p:
			default:
			}
		}
		return reply(ctx, nil, nil)
	})
	defer func() { conn.Close(); <-conn.Done() }()

	if _, err := conn.Call(ctx, protocol.MethodInitialize, map[string]any{"processId": i, "capabilities": map[string]any{}}, nil); err != nil {
		return err
	}
	_ = conn.Notify(ctx, protocol.MethodInitialized, map[string]any{})
	// Line 0 names the client, so a diagnostic range can only fit this note.
	text := fmt.Sprintf("client %d\n%s", i, strings.TrimSpace(strings.Repeat("bad ", i+1)))
	_ = conn.Notify(ctx, protocol.MethodTextDocumentDidOpen, openParams(uri, text))
	if err := waitDiags(ctx, pubs, 1, i+1); err != nil {
		return err
	}
	// Append " bad" at the end of line 1 (UTF-16 column = byte column: ASCII).
	col := len(text) - strings.IndexByte(text, '\n') - 1
	_ = conn.Notify(ctx, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"range": rng(1, col, 1, col), "text": " bad"}},
	})
	if err := waitDiags(ctx, pubs, 2, i+2); err != nil {
		return err
	}
	var syms []json.RawMessage
	if _, err := conn.Call(ctx, protocol.MethodTextDocumentDocumentSymbol, docParams(uri), &syms); err != nil {
		return err
	}
	if _, err := conn.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		return err
	}
	_ = conn.Notify(ctx, protocol.MethodExit, nil)
	mu.Lock()
	defer mu.Unlock()
	if len(foreign) > 0 {
		return fmt.Errorf("received diagnostics for other clients' notes: %v", foreign)
	}
	return nil
}

// waitDiags waits for the publication of version v and checks it holds n
// findings, all on line 1 within its "bad" words.
func waitDiags(ctx context.Context, pubs <-chan publication, v int32, n int) error {
	for {
		select {
		case p := <-pubs:
			if p.Version != v {
				continue
			}
			if len(p.Diagnostics) != n {
				return fmt.Errorf("version %d: %d diagnostics, want %d", v, len(p.Diagnostics), n)
			}
			for k, d := range p.Diagnostics {
				want := protocol.Range{Start: protocol.Position{Line: 1, Character: uint32(4 * k)}, End: protocol.Position{Line: 1, Character: uint32(4*k + 3)}}
				if d.Range != want {
					return fmt.Errorf("version %d: diagnostic %d at %v, want %v", v, k, d.Range, want)
				}
			}
			return nil
		case <-ctx.Done():
			return fmt.Errorf("no diagnostics for version %d", v)
		}
	}
}

// TestExitWithoutShutdown: clients that vanish (no shutdown, no exit, even
// with a server→client request pending) leave no goroutine behind, over a pipe
// (Serve returns) and over the listener (which keeps serving).
func TestExitWithoutShutdown(t *testing.T) {
	warmShared(t)
	t.Run("pipe", func(t *testing.T) {
		base := runtime.NumGoroutine()
		srv, cli := net.Pipe()
		done := make(chan error, 1)
		go func() { done <- Serve(context.Background(), srv, Options{Rules: fakeRules(), Debounce: -1}) }()
		rc := newRawClient(t, cli)
		rc.initialize()
		rc.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad bad"))
		rc.waitFor("diagnostics", func() bool { return hasMethod(rc.msgs, protocol.MethodTextDocumentPublishDiagnostics) })
		cli.Close()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve after the client vanished: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Fatal("Serve did not return after the client vanished")
		}
		<-rc.done
		settleGoroutines(t, base, "after the client vanished")
	})
	t.Run("listener", func(t *testing.T) {
		addr := startListener(t, Options{Debounce: -1})
		// One served client first, so the listener's own goroutines exist.
		c0, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		rc0 := newRawClient(t, c0)
		rc0.initialize()
		base := runtime.NumGoroutine()
		for i := range 5 {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			rc := newRawClient(t, c)
			// The client claims workspace/configuration but never answers it:
			// the session's pending call must end with the session.
			rc.send(1, protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}}})
			rc.await("1")
			rc.send(nil, protocol.MethodInitialized, map[string]any{})
			rc.send(nil, protocol.MethodTextDocumentDidOpen, openParams(fmt.Sprintf("file:///ws/gone-%d.txt", i), "bad"))
			rc.waitFor("workspace/configuration", func() bool { return hasMethod(rc.msgs, protocol.MethodWorkspaceConfiguration) })
			c.Close()
			<-rc.done
		}
		settleGoroutines(t, base, "after 5 clients vanished")
		// The listener still serves, and the first client's session is intact.
		rc0.send(2, protocol.MethodTextDocumentDocumentSymbol, docParams(docURI))
		if m := rc0.await("2"); m.Error != nil {
			t.Errorf("documentSymbol after others vanished: %+v", m.Error)
		}
	})
}

func hasMethod(msgs []wireMsg, method string) bool {
	for _, m := range msgs {
		if m.Method == method {
			return true
		}
	}
	return false
}

// TestDisconnectMidRequest: a client closes its connection while its hover is
// being handled and right after sending a code action; the server stays up,
// serves the other client, accepts new ones, and the session's goroutines end.
func TestDisconnectMidRequest(t *testing.T) {
	warmShared(t)
	entered := make(chan struct{}, 1)
	var blockHover atomic.Bool
	blockHover.Store(true)
	addr := startListenerHooks(t, Options{Debounce: -1}, hooks{handling: func(ctx context.Context, method string) {
		if method == protocol.MethodTextDocumentHover && blockHover.CompareAndSwap(true, false) {
			entered <- struct{}{}
			<-ctx.Done() // held until the session ends
		}
	}})
	dial := func() *rawClient {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		rc := newRawClient(t, c)
		rc.initialize()
		return rc
	}
	other := dial()
	other.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad"))
	other.waitFor("diagnostics", func() bool { return hasMethod(other.msgs, protocol.MethodTextDocumentPublishDiagnostics) })
	base := runtime.NumGoroutine()

	leaving := dial()
	leaving.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad bad"))
	leaving.send(2, protocol.MethodTextDocumentHover, hoverParams(docURI))
	select {
	case <-entered:
	case <-time.After(waitTimeout):
		t.Fatal("hover never reached the handler")
	}
	leaving.send(3, protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": docURI}, "range": rng(0, 0, 0, 3), "context": map[string]any{"diagnostics": []any{}}})
	leaving.c.Close()
	<-leaving.done

	// A client that sends half a request and leaves.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(c, "Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\""); err != nil {
		t.Fatal(err)
	}
	c.Close()

	settleGoroutines(t, base, "after the clients left mid-request")
	other.send(5, protocol.MethodTextDocumentHover, hoverParams(docURI))
	if m := other.await("5"); m.Error != nil {
		t.Errorf("hover for the remaining client: %+v", m.Error)
	}
	other.send(nil, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": docURI, "version": 2}, "contentChanges": []any{map[string]any{"text": "bad bad bad"}},
	})
	other.waitFor("diagnostics for version 2", func() bool {
		for _, m := range other.msgs {
			var p publication
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics && json.Unmarshal(m.Params, &p) == nil && p.Version == 2 {
				return len(p.Diagnostics) == 3
			}
		}
		return false
	})
	fresh := dial()
	fresh.send(9, protocol.MethodShutdown, nil)
	fresh.await("9")
}

// TestCancelRequest: $/cancelRequest gets exactly one reply per request —
// RequestCancelled when the request was still running or queued, its result
// when it had already finished — never two.
func TestCancelRequest(t *testing.T) {
	entered := make(chan string, 4)
	var block atomic.Bool
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, srv, Options{Rules: fakeRules(), Debounce: -1}, hooks{handling: func(ctx context.Context, method string) {
			if method == protocol.MethodTextDocumentHover && block.Load() {
				entered <- method
				<-ctx.Done() // a long-running request, until cancelled
			}
		}})
	}()
	t.Cleanup(func() { cancel(); <-done })
	rc := newRawClient(t, cli)
	rc.initialize()
	rc.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad"))

	waitEntered := func() {
		t.Helper()
		select {
		case <-entered:
		case <-time.After(waitTimeout):
			t.Fatal("request never reached the handler")
		}
	}
	// exactlyOnce waits until every id has a reply, lets a sentinel request
	// make a round trip (time for a duplicate reply to show up), then checks
	// every id got exactly one. The wait comes first because replies are not
	// ordered on the wire: jsonrpc2's AsyncHandler starts the next request
	// before the previous one's reply is written, so the sentinel's answer
	// alone does not prove the earlier ones arrived.
	sentinel := 1000
	exactlyOnce := func(ids ...string) map[string]wireMsg {
		t.Helper()
		rc.waitFor(fmt.Sprintf("replies to %v", ids), func() bool {
			for _, id := range ids {
				if len(rc.responsesLocked(id)) == 0 {
					return false
				}
			}
			return true
		})
		sentinel++
		rc.send(sentinel, protocol.MethodTextDocumentDocumentSymbol, docParams(docURI))
		rc.await(fmt.Sprint(sentinel))
		rc.mu.Lock()
		defer rc.mu.Unlock()
		out := map[string]wireMsg{}
		for _, id := range ids {
			rs := rc.responsesLocked(id)
			if len(rs) != 1 {
				t.Errorf("request %s: %d replies, want exactly 1", id, len(rs))
				continue
			}
			out[id] = rs[0]
		}
		return out
	}
	isCancelled := func(m wireMsg) bool { return m.Error != nil && m.Error.Code == int64(protocol.CodeRequestCancelled) }

	// A running request, numeric and string ids.
	block.Store(true)
	for _, id := range []any{2, "h-3"} {
		rc.send(id, protocol.MethodTextDocumentHover, hoverParams(docURI))
		waitEntered()
		rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": id})
		key, _ := json.Marshal(id)
		if m := exactlyOnce(string(key))[string(key)]; !isCancelled(m) {
			t.Errorf("cancelled running request %s: got %s, want error %d", key, m.raw, protocol.CodeRequestCancelled)
		}
	}

	// A request queued behind a running one is cancelled before it starts.
	rc.send(4, protocol.MethodTextDocumentHover, hoverParams(docURI))
	waitEntered()
	rc.send(5, protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": docURI}, "range": rng(0, 0, 0, 3), "context": map[string]any{"diagnostics": []any{}}})
	rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": 5})
	rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": 4})
	for id, m := range exactlyOnce("4", "5") {
		if !isCancelled(m) {
			t.Errorf("request %s: got %s, want RequestCancelled", id, m.raw)
		}
	}
	block.Store(false)

	// Cancelling a finished request changes nothing: one reply, the result.
	rc.send(6, protocol.MethodTextDocumentHover, hoverParams(docURI))
	if m := rc.await("6"); m.Error != nil || !bytes.Contains(m.Result, []byte("doc/vague-phrase")) {
		t.Errorf("hover: %s", m.raw)
	}
	rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": 6})
	exactlyOnce("6")

	// Racing: cancel right behind each request. Either answer is fine; two are not.
	var ids []string
	for i := 100; i < 140; i++ {
		method := protocol.MethodTextDocumentHover
		if i%2 == 1 {
			method = protocol.MethodTextDocumentCompletion
		}
		rc.send(i, method, hoverParams(docURI))
		rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": i})
		ids = append(ids, fmt.Sprint(i))
	}
	for id, m := range exactlyOnce(ids...) {
		if m.Error != nil && !isCancelled(m) {
			t.Errorf("raced request %s: %s", id, m.raw)
		}
	}
}

// TestBoundedStream checks the framing limits on the stream alone.
func TestBoundedStream(t *testing.T) {
	read := func(max int64, wire string) (jsonrpc2.Message, error) {
		s := newBoundedStream(nopCloser{strings.NewReader(wire)}, max)
		m, _, err := s.Read(context.Background())
		return m, err
	}
	body := `{"jsonrpc":"2.0","id":1,"method":"shutdown"}`
	if m, err := read(int64(len(body)), frame(body)); err != nil || m.(*jsonrpc2.Call).Method() != "shutdown" {
		t.Errorf("message at the limit: %v, %v", m, err)
	}
	if _, err := read(int64(len(body))-1, frame(body)); !errors.Is(err, errMessageTooLarge) || !isTransportError(err) {
		t.Errorf("message over the limit: %v", err)
	}
	if _, err := read(0, "Content-Length: 40\r\nContent-Type: x\r\n\r\n{"); !errors.Is(err, io.ErrUnexpectedEOF) || !isTransportError(err) {
		t.Errorf("short body: %v", err)
	}
	if _, err := read(0, strings.Repeat("x", 5000)+"\r\n\r\n"); !errors.Is(err, errMessageTooLarge) {
		t.Errorf("endless header line: %v", err)
	}
	if _, err := read(0, strings.Repeat("X-Pad: y\r\n", 10000)); !errors.Is(err, errMessageTooLarge) {
		t.Errorf("endless header block: %v", err)
	}
	// Malformed headers stay skippable for tolerantStream, and quote nothing.
	for _, wire := range []string{"ZZSECRET no colon\r\n\r\n", "Content-Length: ZZSECRET\r\n\r\n", "Content-Length: -5\r\n\r\n", "X: y\r\n\r\n"} {
		_, err := read(0, wire)
		if err == nil || isTransportError(err) || strings.Contains(err.Error(), "ZZSECRET") {
			t.Errorf("%q: %v (want a skippable error that quotes nothing)", wire, err)
		}
	}

	// A declared 2 GiB body is refused without allocating it, and a declared
	// 60 MiB body that never arrives allocates only what arrived.
	for _, wire := range []string{"Content-Length: 2147483647\r\n\r\n{", "Content-Length: 62914560\r\n\r\n{\"jsonrpc\""} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := read(0, wire)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%.30q: no error", wire)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
			t.Errorf("%.30q: allocated %d bytes", wire, grew)
		}
	}
}

type nopCloser struct{ io.Reader }

func (nopCloser) Write(p []byte) (int, error) { return len(p), nil }
func (nopCloser) Close() error                { return nil }

// TestOversizedMessageClosesOnlyThatConnection: a client declaring a body over
// the limit is disconnected; another client on the listener is unaffected, and
// a large note under the default limit is served.
func TestOversizedMessageClosesOnlyThatConnection(t *testing.T) {
	addr := startListener(t, Options{Debounce: -1, MaxMessageBytes: 4096})
	dial := func() *rawClient {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		return newRawClient(t, c)
	}
	good := dial()
	good.initialize()
	good.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad"))

	for _, wire := range []string{
		"Content-Length: 2000000000\r\n\r\n{",
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.txt","languageId":"plaintext","version":1,"text":"` + strings.Repeat("bad ", 1100) + `"}}}`),
	} {
		bad := dial()
		bad.initialize()
		if err := bad.write(wire); err != nil {
			t.Fatal(err)
		}
		if bad.waitFor("the connection to close", func() bool { return false }) {
			t.Fatal("unreachable")
		}
		// The server closes with the rest of the message unread, so TCP may reset.
		if !errors.Is(bad.readErr, io.EOF) && !errors.Is(bad.readErr, syscall.ECONNRESET) {
			t.Errorf("oversized message: connection ended with %v, want it closed", bad.readErr)
		}
	}
	good.send(7, protocol.MethodTextDocumentHover, hoverParams(docURI))
	if m := good.await("7"); m.Error != nil || !bytes.Contains(m.Result, []byte("doc/vague-phrase")) {
		t.Errorf("other client after an oversized message: %s", m.raw)
	}

	// The default limit serves a 5 MB note.
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, Options{Rules: fakeRules(), Debounce: -1}) }()
	t.Cleanup(func() { cancel(); <-done })
	big := newRawClient(t, cli)
	big.initialize()
	big.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, strings.Repeat("a long line of fine text\n", 5<<20/25)+"bad"))
	big.send(8, protocol.MethodTextDocumentDocumentSymbol, docParams(docURI))
	if m := big.await("8"); m.Error != nil {
		t.Errorf("documentSymbol on a 5 MB note: %+v", m.Error)
	}
	big.waitFor("diagnostics for the 5 MB note", func() bool {
		for _, m := range big.msgs {
			var p publication
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics && json.Unmarshal(m.Params, &p) == nil {
				return len(p.Diagnostics) == 1 && p.Diagnostics[0].Range.Start.Line == 5<<20/25
			}
		}
		return false
	})
}

// TestWireError: errors that are not the server's own JSON-RPC errors go out
// with a proper code and without their text, which may quote the params.
func TestWireError(t *testing.T) {
	parse := fmt.Errorf("%s: %w", jsonrpc2.ErrParse, errors.New(`cannot unmarshal "ZZSECRET note text"`))
	for _, tc := range []struct {
		err  error
		code jsonrpc2.Code
	}{
		{jsonrpc2.Errorf(jsonrpc2.InvalidParams, "bad rule"), jsonrpc2.InvalidParams},
		{fmt.Errorf("linting: %w", context.Canceled), protocol.CodeRequestCancelled},
		{parse, jsonrpc2.InvalidParams},
		{errors.New("open ZZSECRET: no such file"), jsonrpc2.InternalError},
	} {
		var werr *jsonrpc2.Error
		if !errors.As(wireError("textDocument/hover", tc.err), &werr) || werr.Code != tc.code || strings.Contains(werr.Message, "ZZSECRET") {
			t.Errorf("wireError(%v) = %v, want code %d without the text", tc.err, werr, tc.code)
		}
	}
	if wireError("x", nil) != nil {
		t.Errorf("wireError(nil) is not nil")
	}
}
