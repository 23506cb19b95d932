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
//   - guard: every request is answered exactly once, panics become internal
//     errors, nothing but initialize/exit is served before initialize, and
//     didChange is decoded from the raw params.
func (s *server) handler() jsonrpc2.Handler {
	inner := protocol.ServerHandler(s, nil)
	return s.cancelHandler(jsonrpc2.AsyncHandler(s.guard(inner)))
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
