package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// lspRoundTrip sends initialize over rw and returns the first framed reply body.
func lspRoundTrip(t *testing.T, w io.Writer, r io.Reader) string {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(r)
	n := 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading reply header: %v", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		fmt.Sscanf(line, "Content-Length: %d", &n)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(br, buf); err != nil {
		t.Fatal(err)
	}
	return string(buf)
}

func TestLSPStdio(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"lsp", "--stdio"}, &env{Stdin: inR, Stdout: outW, Stderr: &stderr}) }()
	if reply := lspRoundTrip(t, inW, outR); !strings.Contains(reply, `"capabilities"`) {
		t.Errorf("initialize reply: %s", reply)
	}
	inW.Close() // the client goes away: the server ends cleanly
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d, stderr: %s", c, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("soaplint lsp did not end when stdin closed")
	}
}

func TestLSPListen(t *testing.T) {
	stdout, stderr := newLSPBuf(), newLSPBuf()
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"lsp", "--listen", "127.0.0.1:0"}, &env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr})
	}()
	select {
	case <-stdout.wrote:
	case <-time.After(30 * time.Second):
		t.Fatalf("no address printed; stderr: %s", stderr.String())
	}
	addr := strings.TrimSpace(stdout.String())
	if !strings.Contains(stderr.String(), "listening on "+addr) {
		t.Errorf("stderr %q lacks the address", stderr.String())
	}
	for range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if reply := lspRoundTrip(t, c, c); !strings.Contains(reply, `"capabilities"`) {
			t.Errorf("initialize reply: %s", reply)
		}
		defer c.Close()
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit code %d", c)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("soaplint lsp --listen did not stop on cancel")
	}

	var errOut bytes.Buffer
	if c := run(context.Background(), []string{"lsp", "--listen", "0.0.0.0:0"}, &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut}); c != 2 || !strings.Contains(errOut.String(), "--allow-remote") {
		t.Errorf("non-loopback listen: exit %d, stderr %q", c, errOut.String())
	}
}

// lspBuf is a goroutine-safe buffer that signals its first write.
type lspBuf struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
}

func newLSPBuf() *lspBuf { return &lspBuf{wrote: make(chan struct{})} }

func (l *lspBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() == 0 && len(p) > 0 {
		close(l.wrote)
	}
	return l.b.Write(p)
}

func (l *lspBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLSPLimitFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--max-clients", "0"}, {"--max-documents", "-1"}, {"--max-open-bytes", "lots"},
		{"--max-document-bytes", "0"}, {"--message-timeout", "0s"}, {"--write-timeout", "-1s"},
		{"--handshake-timeout", "0"}, {"--idle-timeout", "-1s"},
	} {
		var errOut bytes.Buffer
		c := run(context.Background(), append([]string{"lsp"}, args...), &env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errOut})
		if c != 2 || !strings.Contains(errOut.String(), args[0]) {
			t.Errorf("%v: exit %d, stderr %q", args, c, errOut.String())
		}
	}
	for in, want := range map[string]int64{"1000": 1000, "64KB": 64 << 10, "256mb": 256 << 20, "2 GB": 2 << 30, "10B": 10} {
		var v sizeValue
		if err := v.Set(in); err != nil || int64(v) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, v, err, want)
		}
	}
	for _, in := range []string{"", "MB", "1.5MB", "-1", "9999999999GB"} {
		var v sizeValue
		if err := v.Set(in); err == nil {
			t.Errorf("Set(%q) accepted: %d", in, v)
		}
	}
	if v := sizeValue(256 << 20); v.String() != "256MB" {
		t.Errorf("String = %q", v.String())
	}
}
