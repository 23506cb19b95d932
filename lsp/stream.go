package lsp

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
)

// DefaultMaxMessageBytes bounds the body of one framed message. A 10 MB note
// sent as JSON (escaped, in didOpen) stays well under it.
const DefaultMaxMessageBytes = 64 << 20

// Header limits: a well-formed header block is two short lines.
const (
	maxHeaderLine  = 4 << 10
	maxHeaderBytes = 64 << 10
)

// errMessageTooLarge ends the session: jsonrpc2's own stream would allocate
// whatever Content-Length a client declares (up to 2 GiB), so a bounded stream
// refuses the message and the connection is closed. Other sessions on the
// listener are unaffected.
var errMessageTooLarge = errors.New("message too large")

// boundedStream is jsonrpc2's header framing (Content-Length, LSP base
// protocol) with limits on the header block and the body. It reads the body as
// it arrives rather than allocating the declared length up front. Writes use
// jsonrpc2's stream unchanged. Error texts for malformed headers match
// jsonrpc2's, which tolerantStream recognises as skippable.
type boundedStream struct {
	jsonrpc2.Stream // Write and Close
	in              *bufio.Reader
	max             int64
	timeouts        *readTimeouts // read deadlines (conn.go); nil for none
}

func newBoundedStream(rwc io.ReadWriteCloser, max int64) *boundedStream {
	if max <= 0 {
		max = DefaultMaxMessageBytes
	}
	return &boundedStream{Stream: jsonrpc2.NewStream(rwc), in: bufio.NewReaderSize(rwc, maxHeaderLine), max: max}
}

func (s *boundedStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	for {
		s.timeouts.between()
		_, err := s.in.Peek(1)
		if err == nil {
			break
		}
		if !s.timeouts.retry(err) {
			return nil, 0, s.timeouts.readError("failed reading header line", err, false)
		}
	}
	s.timeouts.within()
	var total, length int64
	for {
		line, err := s.in.ReadSlice('\n')
		total += int64(len(line))
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, total, fmt.Errorf("%w: header line longer than %d bytes", errMessageTooLarge, maxHeaderLine)
		}
		if err != nil {
			return nil, total, s.timeouts.readError("failed reading header line", err, true)
		}
		if total > maxHeaderBytes {
			return nil, total, fmt.Errorf("%w: header block longer than %d bytes", errMessageTooLarge, maxHeaderBytes)
		}
		l := strings.TrimSpace(string(line))
		if l == "" {
			break
		}
		colon := strings.IndexByte(l, ':')
		if colon < 0 {
			// Unlike jsonrpc2, never quote the line: it may be a stray piece of a note.
			return nil, total, errors.New("invalid header line")
		}
		name, value := l[:colon], strings.TrimSpace(l[colon+1:])
		if name != jsonrpc2.HdrContentLength {
			continue
		}
		if length, err = strconv.ParseInt(value, 10, 64); err != nil {
			return nil, total, fmt.Errorf("failed parsing %s", jsonrpc2.HdrContentLength)
		}
		if length <= 0 {
			return nil, total, fmt.Errorf("invalid %s: %d", jsonrpc2.HdrContentLength, length)
		}
		if length > s.max {
			return nil, total, fmt.Errorf("%w: %s %d exceeds the limit of %d bytes", errMessageTooLarge, jsonrpc2.HdrContentLength, length, s.max)
		}
	}
	if length == 0 {
		return nil, total, fmt.Errorf("missing %s header", jsonrpc2.HdrContentLength)
	}
	// Grow with the data actually received, not with the declared length.
	var body bytes.Buffer
	n, err := io.Copy(&body, io.LimitReader(s.in, length))
	total += n
	if err == nil && n < length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, total, s.timeouts.readError("read full of data", err, true)
	}
	msg, err := jsonrpc2.DecodeMessage(body.Bytes())
	return msg, total, err
}
