package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// startSession serves one session over net.Pipe and returns the client end,
// the session (once started) and a channel closed when Serve returns.
func startSession(t *testing.T, opts Options) (net.Conn, func() *server, <-chan struct{}, *syncBuffer) {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = fakeRules()
	}
	var log syncBuffer
	opts.Log = &log
	started := make(chan *server, 1)
	h := hooks{started: func(s *server) { started <- s }}
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { // owned: ends with the session, which cleanup ends
		defer close(done)
		_ = serve(ctx, srv, opts, h)
	}()
	var s *server
	get := func() *server {
		if s == nil {
			s = <-started
		}
		return s
	}
	t.Cleanup(func() {
		cancel()
		cli.Close()
		select {
		case <-done:
		case <-time.After(waitTimeout):
			t.Errorf("session did not end")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return cli, get, done, &log
}

// waitUntil polls cond until it holds or waitTimeout passes.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // polling interval, not an assertion
	}
}

func rawFrame(id any, method string, params string) string {
	idPart := ""
	if id != nil {
		idPart = fmt.Sprintf(`"id":%v,`, id)
	}
	return frame(fmt.Sprintf(`{"jsonrpc":"2.0",%s"method":%q,"params":%s}`, idPart, method, params))
}

// TestBackPressureStopsReadingFromAClientThatDoesNotRead: a client sends
// hundreds of requests without reading a reply. The server holds at most
// MaxPending of them and stops reading; once the client reads, every request
// is answered.
func TestBackPressureStopsReadingFromAClientThatDoesNotRead(t *testing.T) {
	const maxPending, requests = 4, 300
	cli, srv, _, _ := startSession(t, Options{MaxPending: maxPending, WriteTimeout: -1, Debounce: -1})
	in := bufio.NewReader(cli)
	if _, err := io.WriteString(cli, rawFrame(1, "initialize", `{"capabilities":{}}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := readFrame(in); err != nil {
		t.Fatal(err)
	}
	doc := `{"uri":"file:///n.txt","languageId":"plaintext","version":1,"text":"bad bad bad\n"}`
	if _, err := io.WriteString(cli, rawFrame(nil, "initialized", `{}`)+rawFrame(nil, "textDocument/didOpen", `{"textDocument":`+doc+`}`)); err != nil {
		t.Fatal(err)
	}
	// Each request is padded to 1 KB so the server's 4 KB read buffer holds
	// only a few beyond the pending ones.
	pad := strings.Repeat("p", 1000)
	var sent atomic.Int64
	writeErr := make(chan error, 1)
	_ = cli.SetWriteDeadline(time.Now().Add(time.Second)) // the stall detector
	go func() {
		for i := range requests {
			params := fmt.Sprintf(`{"textDocument":{"uri":"file:///n.txt"},"pad":%q}`, pad)
			if _, err := io.WriteString(cli, rawFrame(100+i, "textDocument/documentSymbol", params)); err != nil {
				writeErr <- err
				return
			}
			sent.Add(1)
		}
		writeErr <- nil
	}()
	// The client reads nothing: its writes must stall.
	select {
	case err := <-writeErr:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("the client wrote %d requests without reading, then %v; want the server to stop reading", sent.Load(), err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("write did not stall or time out")
	}
	n, peak := srv().flow.pending.stats()
	if peak > maxPending || n != maxPending {
		t.Errorf("pending %d (peak %d), want %d held and never more", n, peak, maxPending)
	}
	if s := sent.Load(); s > maxPending+8 {
		t.Errorf("the server read %d requests while holding %d: reading was not paused", s, maxPending)
	}

	// The client starts reading: everything it sent is answered, then the rest.
	_ = cli.SetWriteDeadline(time.Time{})
	answered := map[string]bool{}
	readDone := make(chan error, 1)
	go func() {
		for len(answered) < requests {
			body, err := readFrame(in)
			if err != nil {
				readDone <- err
				return
			}
			var m wireMsg
			if json.Unmarshal(body, &m) == nil && m.isResponse() {
				answered[string(m.ID)] = true
			}
		}
		readDone <- nil
	}()
	for i := sent.Load(); i < requests; i++ {
		if _, err := io.WriteString(cli, rawFrame(100+i, "textDocument/documentSymbol", `{"textDocument":{"uri":"file:///n.txt"}}`)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-readDone:
		if err != nil {
			t.Fatalf("after %d answers: %v", len(answered), err)
		}
	case <-time.After(waitTimeout):
		t.Fatalf("only %d of %d requests answered", len(answered), requests)
	}
	if _, peak := srv().flow.pending.stats(); peak > maxPending {
		t.Errorf("peak pending %d > %d", peak, maxPending)
	}
}

// TestWriteTimeoutDisconnects: a client that never reads is disconnected
// after WriteTimeout, with a log line that quotes nothing it sent.
func TestWriteTimeoutDisconnects(t *testing.T) {
	cli, _, done, log := startSession(t, Options{WriteTimeout: 100 * time.Millisecond})
	go func() { // owned: ends when the pipe closes
		_, _ = io.WriteString(cli, rawFrame(1, "initialize", `{"capabilities":{},"rootPath":"/ZZSECRET"}`))
	}()
	select {
	case <-done:
	case <-time.After(waitTimeout):
		t.Fatal("the session was not ended")
	}
	if l := log.String(); !strings.Contains(l, "has not read the server's messages for 100ms; disconnected") || strings.Contains(l, "ZZSECRET") {
		t.Errorf("log: %q", l)
	}
}

// dialServer connects to a listener and returns the connection with a reader.
func dialServer(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

// closedByServer waits until the server closes c (a read returns EOF or a reset).
func closedByServer(t *testing.T, c net.Conn, in *bufio.Reader, what string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(waitTimeout))
	for {
		if _, err := in.ReadByte(); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("%s: the server kept the connection open", what)
			}
			return
		}
	}
}

func startLoggedListener(t *testing.T, opts Options) (string, *syncBuffer) {
	t.Helper()
	var log syncBuffer
	opts.Log = &log
	addr := startListener(t, opts)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return addr, &log
}

func initializeOver(t *testing.T, c net.Conn, in *bufio.Reader) error {
	t.Helper()
	if _, err := io.WriteString(c, rawFrame(1, "initialize", `{"capabilities":{}}`)); err != nil {
		return err
	}
	_ = c.SetReadDeadline(time.Now().Add(waitTimeout))
	defer c.SetReadDeadline(time.Time{})
	_, err := readFrame(in)
	return err
}

// TestHeldConnectionsAreDropped: half a header, a connection that never
// initializes, and a body that never completes are each dropped after their
// timeout and logged; an initialized session may stay idle.
func TestHeldConnectionsAreDropped(t *testing.T) {
	addr, log := startLoggedListener(t, Options{MessageTimeout: 150 * time.Millisecond, HandshakeTimeout: 300 * time.Millisecond})

	live, liveIn := dialServer(t, addr)
	if err := initializeOver(t, live, liveIn); err != nil {
		t.Fatal(err)
	}
	half, halfIn := dialServer(t, addr)
	if _, err := io.WriteString(half, "Content-Length: 10"); err != nil {
		t.Fatal(err)
	}
	body, bodyIn := dialServer(t, addr)
	if _, err := io.WriteString(body, "Content-Length: 100\r\n\r\n{\"ZZSECRET"); err != nil {
		t.Fatal(err)
	}
	silent, silentIn := dialServer(t, addr)

	closedByServer(t, half, halfIn, "half a header")
	closedByServer(t, body, bodyIn, "half a body")
	closedByServer(t, silent, silentIn, "no initialize")
	waitUntil(t, "three drops logged", func() bool {
		return strings.Count(log.String(), "a message was not completed within 150ms") == 2 &&
			strings.Contains(log.String(), "no initialize request within 300ms")
	})
	if strings.Contains(log.String(), "ZZSECRET") {
		t.Errorf("log quotes what the client sent:\n%s", log)
	}
	if l := log.String(); strings.Contains(l, "failed reading header line") || strings.Contains(l, "read full of data") {
		t.Errorf("a drop's log line names where the read was instead of only why:\n%s", l)
	}
	// The initialized session outlived the handshake timeout and still answers.
	if _, err := io.WriteString(live, rawFrame(2, "soaplint/explain", `{"rule":"doc/vague-phrase"}`)); err != nil {
		t.Fatal(err)
	}
	_ = live.SetReadDeadline(time.Now().Add(waitTimeout))
	if b, err := readFrame(liveIn); err != nil || !strings.Contains(string(b), `"id":2`) {
		t.Fatalf("initialized session: %s, %v", b, err)
	}
}

// TestMaxClients: the connection past the cap is closed at once and logged;
// a slot freed by a leaving client is used again.
func TestMaxClients(t *testing.T) {
	addr, log := startLoggedListener(t, Options{MaxClients: 2})
	a, aIn := dialServer(t, addr)
	b, bIn := dialServer(t, addr)
	for _, c := range []struct {
		c  net.Conn
		in *bufio.Reader
	}{{a, aIn}, {b, bIn}} {
		if err := initializeOver(t, c.c, c.in); err != nil {
			t.Fatal(err)
		}
	}
	third, thirdIn := dialServer(t, addr)
	closedByServer(t, third, thirdIn, "third client")
	waitUntil(t, "the refusal logged", func() bool {
		return strings.Contains(log.String(), "refused connection from 127.0.0.1:") && strings.Contains(log.String(), "2 clients connected (--max-clients)")
	})
	// A second initialize answers an error, but answers: a is still served.
	if err := initializeOver(t, a, aIn); err != nil {
		t.Fatalf("first client lost its session: %v", err)
	}
	a.Close()
	// The server notices a's departure asynchronously: retry until a new client is served.
	waitUntil(t, "a new client served after one left", func() bool {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return false
		}
		defer c.Close()
		return initializeOver(t, c, bufio.NewReader(c)) == nil
	})
}

func TestListenLocalhost(t *testing.T) {
	ln, err := Listen("localhost:0", false)
	if err != nil {
		t.Fatalf("localhost: %v", err)
	}
	defer ln.Close()
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		t.Errorf("bound to %v", ip)
	}
	for _, addr := range []string{"example.com:0", "localhost.example.com:0", ":0", "[::]:0"} {
		if _, err := Listen(addr, false); err == nil || !strings.Contains(err.Error(), "--allow-remote") {
			t.Errorf("Listen(%q) = %v, want a refusal", addr, err)
		}
	}
	ip := func(s string) net.IPAddr { return net.IPAddr{IP: net.ParseIP(s)} }
	if got, err := loopbackOnly([]net.IPAddr{ip("::1"), ip("127.0.0.1")}); err != nil || !got.Equal(net.ParseIP("127.0.0.1")) {
		t.Errorf("loopback pair: %v, %v", got, err)
	}
	for _, ips := range [][]net.IPAddr{nil, {ip("127.0.0.1"), ip("192.0.2.7")}, {ip("10.0.0.1")}} {
		if _, err := loopbackOnly(ips); err == nil {
			t.Errorf("loopbackOnly(%v) accepted", ips)
		}
	}
}

func TestDocumentLimitsOverTheWire(t *testing.T) {
	// A single didOpen past MaxDocumentBytes is refused; the session goes on.
	h := newHarness(t, Options{MaxDocumentBytes: 1 << 10})
	h.initialize("", nil, false)
	h.open("file:///big.txt", strings.Repeat("x", 2<<10))
	h.open("file:///small.txt", "bad\n")
	h.waitPub("file:///small.txt", 1)
	h.waitFor("a notice", func() bool { return len(h.shows) > 0 })
	if m := h.shows[0].Message; !strings.Contains(m, "larger than the limit of 1.0 KB per document") {
		t.Errorf("notice %q", m)
	}
	var syms []protocol.DocumentSymbol
	if err := h.call(protocol.MethodTextDocumentDocumentSymbol, docParams("file:///big.txt"), &syms); err == nil {
		t.Errorf("documentSymbol on a refused document succeeded")
	}
}

func TestPendingBounds(t *testing.T) {
	p := newPending(3, 100)
	ctx := context.Background()
	// One message is admitted alone however large; then nothing until it goes.
	if !p.acquire(ctx, 500) {
		t.Fatal("a lone large message was not admitted")
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if p.acquire(short, 1) {
		t.Fatal("admitted past the byte bound")
	}
	p.release(500)
	for range 2 {
		if !p.acquire(ctx, 40) {
			t.Fatal("not admitted within bounds")
		}
	}
	short2, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	if p.acquire(short2, 40) { // 120 > 100 bytes
		t.Fatal("admitted past the byte bound")
	}
	got := make(chan bool, 1)
	go func() { got <- p.acquire(ctx, 40) }()
	p.release(40) // makes room: the waiter gets in
	if !<-got {
		t.Fatal("waiter not admitted after a release")
	}
	if n, peak := p.stats(); n != 2 || peak != 2 {
		t.Errorf("n %d peak %d", n, peak)
	}
}

func TestRerunCoalesces(t *testing.T) {
	var r rerun
	var runs atomic.Int32
	release := make(chan struct{})
	done := make(chan struct{})
	start := func(f func()) bool { go func() { defer close(done); f() }(); return true }
	r.trigger(start, func() {
		if runs.Add(1) == 1 {
			<-release
		}
	})
	for range 100 {
		r.trigger(func(func()) bool { t.Error("a second goroutine was started"); return true }, func() {})
	}
	close(release)
	<-done
	if n := runs.Load(); n != 2 {
		t.Errorf("%d runs, want the first plus one for the 100 triggers during it", n)
	}
}

// TestSupersededLintsDoNotPileUp: a client that stops reading and keeps
// editing. The first publish blocks on the write; every later lint result is
// superseded by the next edit and must end instead of waiting to be written.
func TestSupersededLintsDoNotPileUp(t *testing.T) {
	warmShared(t)
	cli, srv, _, _ := startSession(t, Options{WriteTimeout: -1, Debounce: -1})
	in := bufio.NewReader(cli)
	if _, err := io.WriteString(cli, rawFrame(1, "initialize", `{"capabilities":{}}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := readFrame(in); err != nil {
		t.Fatal(err)
	}
	base := runtime.NumGoroutine()
	doc := `{"uri":"file:///n.txt","languageId":"plaintext","version":1,"text":"bad\n"}`
	if _, err := io.WriteString(cli, rawFrame(nil, "initialized", `{}`)+rawFrame(nil, "textDocument/didOpen", `{"textDocument":`+doc+`}`)); err != nil {
		t.Fatal(err)
	}
	const edits = 400
	for v := 2; v < 2+edits; v++ {
		p := fmt.Sprintf(`{"textDocument":{"uri":"file:///n.txt","version":%d},"contentChanges":[{"text":"bad %d\n"}]}`, v, v)
		if _, err := io.WriteString(cli, rawFrame(nil, "textDocument/didChange", p)); err != nil {
			t.Fatal(err)
		}
	}
	// Every edit has been read (the writes above returned: net.Pipe has no
	// buffer); once the last is applied, the lint runs for the others are
	// superseded and must end.
	waitUntil(t, "the last edit applied", func() bool {
		st := srv().docs
		st.mu.Lock()
		defer st.mu.Unlock()
		d := st.docs["file:///n.txt"]
		return d != nil && d.version == 1+edits
	})
	settleGoroutines(t, base+16, "lint runs after 400 edits to a client that does not read")
}
