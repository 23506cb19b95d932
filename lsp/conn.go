package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// Flow control: how a client that sends but does not read is kept from
// growing the server.
//
// jsonrpc2 v0.10.0 has no outgoing queue: Conn writes each reply or
// notification straight to the stream under one mutex. What grows is
// everything waiting for that mutex. AsyncHandler starts a goroutine per
// incoming message and releases the next one as soon as a reply is *begun*,
// so with a client that never reads, every request is handled, its result is
// held by a goroutine blocked on the write, and the read loop goes on reading.
// (3,000 documentSymbol requests took the server to 2.7 GB.)
//
// Two bounds, both per connection:
//
//   - Back-pressure on reading (pending): each incoming message holds a slot
//     from the moment it is read until its reply has been written (for a
//     notification: until it has been handled). The read loop waits for a free
//     slot before passing on the next message, so it stops reading from a
//     client whose replies are not being read, and at most MaxPending messages
//     and their results are held. Nothing a handler does waits on a message
//     still to be read (the server's own calls to the client run in goroutines
//     outside the slots, with timeouts), so a full set of slots cannot
//     deadlock: it drains as soon as the client reads.
//   - A write deadline (writeGuard): on a net.Conn, a write that cannot finish
//     within WriteTimeout means the client has stopped reading; the connection
//     is closed with a log line. This also ends what the slots do not cover:
//     the server's own notifications (diagnostics, log messages) and calls.
//
// A bounded queue in front of the stream was the alternative; it would copy
// every message once more and still need a policy for a full queue, which is
// one of these two.

// Defaults for the flow-control and timeout options.
const (
	DefaultMaxPending       = 64
	DefaultMaxPendingBytes  = 64 << 20
	DefaultWriteTimeout     = time.Minute
	DefaultMessageTimeout   = 30 * time.Second
	DefaultHandshakeTimeout = 30 * time.Second
	DefaultMaxClients       = 64
)

func (o Options) flowWithDefaults() Options {
	if o.MaxPending <= 0 {
		o.MaxPending = DefaultMaxPending
	}
	if o.MaxPendingBytes <= 0 {
		o.MaxPendingBytes = DefaultMaxPendingBytes
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.MessageTimeout == 0 {
		o.MessageTimeout = DefaultMessageTimeout
	}
	if o.HandshakeTimeout == 0 {
		o.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if o.MaxClients <= 0 {
		o.MaxClients = DefaultMaxClients
	}
	return o
}

// pending counts the incoming messages a session holds (see above).
type pending struct {
	maxN     int
	maxBytes int64

	mu      sync.Mutex
	n       int
	bytes   int64
	changed chan struct{} // closed and replaced on every release
	peakN   int           // highest n seen, for tests
}

func newPending(maxN int, maxBytes int64) *pending {
	return &pending{maxN: maxN, maxBytes: maxBytes, changed: make(chan struct{})}
}

// acquire waits for room for a message of size bytes; one message is always
// admitted when none is held, however large (its size is bounded by
// MaxMessageBytes). It returns false when ctx ends first.
func (p *pending) acquire(ctx context.Context, size int64) bool {
	for {
		p.mu.Lock()
		if p.n == 0 || (p.n < p.maxN && p.bytes+size <= p.maxBytes) {
			p.n++
			p.bytes += size
			p.peakN = max(p.peakN, p.n)
			p.mu.Unlock()
			return true
		}
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (p *pending) release(size int64) {
	p.mu.Lock()
	p.n--
	p.bytes -= size
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
}

func (p *pending) stats() (n, peak int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n, p.peakN
}

// writeDeadliner is a connection with write deadlines (net.Conn, os.File on a pipe).
type writeDeadliner interface {
	SetWriteDeadline(time.Time) error
}

type readDeadliner interface {
	SetReadDeadline(time.Time) error
}

// writeGuard closes the connection when one write cannot finish within
// timeout: the client is not reading. Connections without write deadlines
// (stdio) are passed through.
type writeGuard struct {
	io.ReadWriteCloser
	d       writeDeadliner
	timeout time.Duration
	log     io.Writer
	peer    string
	once    sync.Once
}

func newWriteGuard(rwc io.ReadWriteCloser, timeout time.Duration, log io.Writer) io.ReadWriteCloser {
	d, ok := rwc.(writeDeadliner)
	if !ok || timeout <= 0 {
		return rwc
	}
	return &writeGuard{ReadWriteCloser: rwc, d: d, timeout: timeout, log: log, peer: peerName(rwc)}
}

func (w *writeGuard) Write(p []byte) (int, error) {
	_ = w.d.SetWriteDeadline(time.Now().Add(w.timeout))
	n, err := w.ReadWriteCloser.Write(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		w.once.Do(func() {
			fmt.Fprintf(w.log, "soaplint lsp: client %s has not read the server's messages for %s; disconnected\n", w.peer, w.timeout)
			w.ReadWriteCloser.Close()
		})
	}
	return n, err
}

// peerName names a connection's remote end for log lines.
func peerName(rwc io.ReadWriteCloser) string {
	if c, ok := rwc.(net.Conn); ok && c.RemoteAddr() != nil {
		return c.RemoteAddr().String()
	}
	return "(stdio)"
}

// readTimeouts sets the read deadlines of a connection between and within
// messages: a message begun must be complete (header and body) within
// message, and before the session is initialized the initialize request must
// arrive within handshake of the connection's start. An initialized session
// may be idle for as long as idle (0: forever; an editor left open over lunch
// is not an attack, and --max-clients bounds how many can wait).
type readTimeouts struct {
	d           readDeadliner // nil: no deadlines (stdio)
	message     time.Duration
	handshake   time.Time // deadline for initialize
	handshakeD  time.Duration
	inHandshake bool // the deadline set by between is the handshake's
	idle        time.Duration
	initialized func() bool
}

func newReadTimeouts(rwc io.ReadWriteCloser, o Options, initialized func() bool) *readTimeouts {
	t := &readTimeouts{message: o.MessageTimeout, idle: o.IdleTimeout, initialized: initialized}
	if d, ok := rwc.(readDeadliner); ok {
		t.d = d
	}
	if o.HandshakeTimeout > 0 {
		t.handshake, t.handshakeD = time.Now().Add(o.HandshakeTimeout), o.HandshakeTimeout
	}
	return t
}

// between is called before waiting for the first byte of a message.
func (t *readTimeouts) between() {
	if t == nil || t.d == nil {
		return
	}
	var dl time.Time
	t.inHandshake = false
	switch {
	case !t.initialized() && !t.handshake.IsZero():
		dl, t.inHandshake = t.handshake, true
	case t.idle > 0:
		dl = time.Now().Add(t.idle)
	}
	_ = t.d.SetReadDeadline(dl)
}

// retry reports whether a read that hit the handshake deadline should be
// retried: initialize was read before the deadline but is handled
// asynchronously, so the session may have become initialized since.
func (t *readTimeouts) retry(err error) bool {
	return t != nil && t.inHandshake && errors.Is(err, os.ErrDeadlineExceeded) && t.initialized()
}

// within is called once the first byte of a message has arrived.
func (t *readTimeouts) within() {
	if t == nil || t.d == nil || t.message <= 0 {
		return
	}
	_ = t.d.SetReadDeadline(time.Now().Add(t.message))
}

// readError is the error of a failed read: the reason for the drop when a
// deadline ended it (a log line then says only why, not where the read was),
// else what was being read and the error.
func (t *readTimeouts) readError(what string, err error, inMessage bool) error {
	if e := t.explain(err, inMessage); e != err {
		return e
	}
	return fmt.Errorf("%s: %w", what, err)
}

// explain turns a read deadline into the reason the connection is dropped.
func (t *readTimeouts) explain(err error, inMessage bool) error {
	if t == nil || !errors.Is(err, os.ErrDeadlineExceeded) {
		return err
	}
	switch {
	case inMessage:
		return fmt.Errorf("dropped: a message was not completed within %s", t.message)
	case t.inHandshake:
		return fmt.Errorf("dropped: no initialize request within %s of connecting", t.handshakeD)
	}
	return fmt.Errorf("dropped: idle for %s", t.idle)
}

// flow is a session's flow control state.
type flow struct {
	pending *pending
	publish chan struct{} // one lint result at a time waits to be written
	refetch rerun         // didChangeConfiguration's pull of the settings
}

// rerun runs a job in a session goroutine, at most one at a time: triggers
// that arrive while it runs make it run once more afterwards, not once each.
// A flood of notifications that each start a call to the client (which, when
// the client does not read, blocks) thus costs one goroutine, not one each.
type rerun struct {
	mu      sync.Mutex
	running bool
	again   bool
}

// start reports whether it started the goroutine (false once the session
// is ending, when nothing more runs).
func (r *rerun) trigger(start func(func()) bool, job func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running {
		r.again = true
		return
	}
	r.running = start(func() {
		for {
			job()
			r.mu.Lock()
			if !r.again {
				r.running = false
				r.mu.Unlock()
				return
			}
			r.again = false
			r.mu.Unlock()
		}
	})
}

// wire builds the session's stream over rwc with the bounds above, and its
// flow control state.
func (s *server) wire(rwc io.ReadWriteCloser) *tolerantStream {
	s.flow = &flow{pending: newPending(s.opts.MaxPending, s.opts.MaxPendingBytes), publish: make(chan struct{}, 1)}
	w := newWriteGuard(rwc, s.opts.WriteTimeout, s.opts.Log)
	bs := newBoundedStream(w, s.opts.MaxMessageBytes)
	bs.timeouts = newReadTimeouts(rwc, s.opts, func() bool { return s.life.get() != serverCreated })
	return newTolerantStream(bs, w)
}

// publishTurn waits until no other lint result is being written, or until ctx
// (the run's, cancelled by a newer edit) ends. Lint runs blocked on a client
// that does not read thus end when superseded instead of piling up, one per
// edit, each holding a note's analysis.
func (f *flow) publishTurn(ctx context.Context) bool {
	select {
	case f.publish <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (f *flow) publishDone() { <-f.publish }
