package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// handler layers the session's policies over protocol.ServerHandler:
//
//   - cancel (on the read loop): $/cancelRequest cancels an in-flight request's
//     context. protocol.CancelHandler cannot be used: it decodes numeric IDs as
//     float64 and rejects them.
//   - jsonrpc2.AsyncHandler: requests run in order, off the read loop, so the
//     server can wait on its own calls to the client (workspace/configuration).
//   - detach: long requests (workspace/diagnostic) leave the queue once it is
//     their turn.
//   - guard: every request is answered exactly once, panics become internal
//     errors, nothing but initialize/exit is served before initialize, and
//     initialize, didChange and the pull-diagnostic requests are decoded from
//     the raw params (protocol v0.12.0 lacks or mis-declares their types).
func (s *server) handler() jsonrpc2.Handler {
	guarded := s.guard(protocol.ServerHandler(s, nil))
	return s.cancelHandler(s.detach(jsonrpc2.AsyncHandler(guarded), guarded))
}

// detached are requests that may run long (a walk of the workspace).
var detached = map[string]bool{methodWorkspaceDiagnostic: true}

// methodTurn is the internal notification by which a detached request waits
// for its turn in the queue. Like every "$/" notification it is answered at
// once, whatever the session's state.
const methodTurn = "$/soaplint/turn"

// detach runs detached requests outside the request queue: each first takes its
// place in the queue (so it sees every edit sent before it), then leaves it, so
// that edits and other requests go on while it runs. Its reply still comes
// from guard, exactly once.
func (s *server) detach(queue, direct jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if _, isCall := req.(*jsonrpc2.Call); !isCall || !detached[req.Method()] {
			return queue(ctx, reply, req)
		}
		turn := make(chan struct{})
		if n, err := jsonrpc2.NewNotification(methodTurn, nil); err == nil {
			_ = queue(ctx, func(context.Context, any, error) error { close(turn); return nil }, n)
		} else {
			close(turn)
		}
		started := s.goOwned(func() {
			select {
			case <-turn:
			case <-s.ctx.Done():
			}
			_ = direct(ctx, reply, req)
		})
		if !started {
			return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "the session is ending"))
		}
		return nil
	}
}

func (s *server) cancelHandler(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodCancelRequest {
			var p struct {
				ID jsonrpc2.ID `json:"id"`
			}
			if json.Unmarshal(req.Params(), &p) == nil {
				s.inflightMu.Lock()
				cancel := s.inflight[p.ID]
				s.inflightMu.Unlock()
				if cancel != nil {
					cancel()
				}
			}
			return nil // a notification: nothing to answer
		}
		// Back-pressure (conn.go): the read loop waits here while the client
		// leaves too many replies unread.
		size := int64(len(req.Params()))
		if !s.flow.pending.acquire(s.ctx, size) {
			return nil // the session is ending
		}
		release := sync.OnceFunc(func() { s.flow.pending.release(size) })
		call, ok := req.(*jsonrpc2.Call)
		if !ok {
			return next(ctx, func(rctx context.Context, result any, err error) error {
				defer release()
				return reply(rctx, result, err)
			}, req)
		}
		ctx, cancel := context.WithCancel(ctx)
		id := call.ID()
		s.inflightMu.Lock()
		s.inflight[id] = cancel
		s.inflightMu.Unlock()
		return next(ctx, func(rctx context.Context, result any, err error) error {
			s.inflightMu.Lock()
			delete(s.inflight, id)
			s.inflightMu.Unlock()
			// A cancelled request answers RequestCancelled, whether its handler
			// finished anyway or gave up with the context's error.
			if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
				result, err = nil, protocol.ErrRequestCancelled
			}
			cancel()
			defer release() // once the reply is written (or failed)
			// Reply on the session's context: the request's own may be cancelled.
			return reply(s.ctx, result, err)
		}, req)
	}
}

// noParams are methods whose requests carry no params.
var noParams = map[string]bool{protocol.MethodShutdown: true, protocol.MethodExit: true}

func (s *server) guard(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
		var replied atomic.Bool
		method := req.Method()
		once := func(ctx context.Context, result any, err error) error {
			if replied.Swap(true) {
				return nil
			}
			return reply(ctx, result, wireError(method, err))
		}
		_, isCall := req.(*jsonrpc2.Call)
		defer func() {
			if r := recover(); r != nil {
				// The panic value may quote note text; log only where it happened.
				s.logf(protocol.MessageTypeError, "internal error handling %s: %s", method, panicSite())
				err = nil
			}
			if !replied.Load() {
				// AsyncHandler holds the next request until this one replies.
				var rerr error
				if isCall {
					rerr = jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error handling %s", method)
				}
				_ = once(ctx, nil, rerr)
			}
		}()

		if s.hooks.handling != nil {
			s.hooks.handling(ctx, method)
		}
		switch {
		case method == protocol.MethodExit:
			_ = s.Exit(ctx)
			return once(ctx, nil, nil)
		case method == protocol.MethodInitialize:
			// Decoded here: v0.12.0's InitializeParams and InitializeResult lack
			// the 3.17 diagnostic capabilities.
			var p initializeParams317
			if !decodeParams(req.Params(), &p) {
				return once(ctx, nil, invalidParams(method))
			}
			res, err := s.initialize(ctx, &p)
			if err != nil {
				return once(ctx, nil, err)
			}
			return once(ctx, res, nil)
		case s.life.get() == serverCreated:
			if isCall {
				return once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "the first request must be initialize, not %s", method))
			}
			return once(ctx, nil, nil) // notifications before initialize are dropped
		case method == protocol.MethodShutdown:
			return once(ctx, nil, s.Shutdown(ctx))
		case s.life.get() == serverShutDown:
			if isCall {
				return once(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "the server is shutting down"))
			}
			return once(ctx, nil, nil)
		case method == protocol.MethodTextDocumentDidChange:
			var p didChangeParams
			if err := json.Unmarshal(req.Params(), &p); err == nil {
				s.didChange(&p)
			}
			return once(ctx, nil, nil)
		case method == methodTextDocumentDiagnostic && isCall:
			var p documentDiagnosticParams
			if !decodeParams(req.Params(), &p) {
				return once(ctx, nil, invalidParams(method))
			}
			res, err := s.documentDiagnostic(ctx, &p)
			return once(ctx, res, err)
		case method == methodWorkspaceDiagnostic && isCall:
			var p workspaceDiagnosticParams
			if !decodeParams(req.Params(), &p) {
				return once(ctx, nil, invalidParams(method))
			}
			res, err := s.workspaceDiagnostic(ctx, &p)
			return once(ctx, res, err)
		case strings.HasPrefix(method, "$/") && !isCall:
			return once(ctx, nil, nil) // optional notifications ($/setTrace …) are ignorable
		}
		if len(req.Params()) == 0 && !noParams[method] {
			// The dispatcher cannot decode absent params; give it null so unknown
			// methods reach Server.Request and answer MethodNotFound.
			if call, ok := req.(*jsonrpc2.Call); ok {
				if c, err := jsonrpc2.NewCall(call.ID(), method, nil); err == nil {
					req = c
				}
			} else if n, err := jsonrpc2.NewNotification(method, nil); err == nil {
				req = n
			}
		}
		return next(ctx, once, req)
	}
}

// decodeParams decodes params the server reads itself; absent params decode as
// null (the zero value).
func decodeParams(raw json.RawMessage, v any) bool {
	if len(raw) == 0 {
		return true
	}
	return json.Unmarshal(raw, v) == nil
}

// invalidParams names the method only: a decoding error may quote note text.
func invalidParams(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params for %s", method)
}

// wireError is the error a request is answered with. Errors the server made
// (*jsonrpc2.Error) go out as they are. Others come from decoding or from
// libraries and may quote the request's params — note text — so they are
// replaced by a code and a message naming only the method: the protocol
// package's parse errors (which it sends with code 0 and a piece of the raw
// params) become InvalidParams.
func wireError(method string, err error) error {
	var werr *jsonrpc2.Error
	switch {
	case err == nil || errors.As(err, &werr):
		return err
	case errors.Is(err, context.Canceled):
		return protocol.ErrRequestCancelled
	case strings.HasPrefix(err.Error(), jsonrpc2.ErrParse.Error()):
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params for %s", method)
	}
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error handling %s", method)
}

// panicSite names the function that panicked, for the log.
func panicSite() string {
	pc := make([]uintptr, 16)
	n := runtime.Callers(4, pc)
	frames := runtime.CallersFrames(pc[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s:%d", f.Function, f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}

// tolerantStream keeps a session alive through garbage on the wire: a framed
// message whose body is not a JSON-RPC message is answered with a parse error
// (id null) and skipped, as is a malformed header block. Only read failures of
// the underlying connection end the session.
type tolerantStream struct {
	jsonrpc2.Stream
	w  io.Writer
	mu sync.Mutex // serialises writes of the raw error and of messages
}

func newTolerantStream(s jsonrpc2.Stream, w io.Writer) *tolerantStream {
	return &tolerantStream{Stream: s, w: w}
}

func (t *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		msg, n, err := t.Stream.Read(ctx)
		if err == nil || ctx.Err() != nil || isTransportError(err) {
			return msg, n, err
		}
		t.mu.Lock()
		const body = `{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"JSON-RPC parse error: the message is not valid JSON-RPC"}}`
		_, werr := fmt.Fprintf(t.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
		t.mu.Unlock()
		if werr != nil {
			return nil, n, werr
		}
	}
}

func (t *tolerantStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Stream.Write(ctx, msg)
}

// isTransportError tells read failures of the connection (the session is over)
// from malformed content that jsonrpc2's stream reports after consuming it
// (skip it and read on).
func isTransportError(err error) bool {
	if errors.Is(err, jsonrpc2.ErrInvalidRequest) {
		return false
	}
	msg := err.Error()
	for _, p := range []string{"unmarshaling jsonrpc message", "invalid header line", "failed parsing Content-Length", "invalid Content-Length", "missing Content-Length"} {
		if strings.HasPrefix(msg, p) {
			return false
		}
	}
	return true
}
