package lsp

import (
	"fmt"
	"hash/fnv"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Per-session bounds on what a client may keep open. A therapist has a few
// notes open; an EHR plugin may open a day's worth. The defaults are far above
// both, and stop a client from growing the server without bound.
const (
	DefaultMaxDocuments     = 2000
	DefaultMaxOpenBytes     = 256 << 20 // all open documents of a session together
	DefaultMaxDocumentBytes = 32 << 20  // one document (a 20 MB export still fits)
)

// maxRefused bounds the set of refused documents remembered so that requests
// on them answer an error; beyond it they answer like unopened documents. The
// set keeps a 64-bit hash per URI (a few MB at most), not the URI.
const maxRefused = 1 << 16

// refuseNoticeEvery rate-limits the window/showMessage sent for refused
// documents: a client opening thousands gets one notice, not thousands.
const refuseNoticeEvery = 2 * time.Second

// docLimits is the accounting behind the caps. Its fields are guarded by the
// document store's mutex, like the documents they count.
type docLimits struct {
	maxDocs      int
	maxOpenBytes int64
	maxDocBytes  int64
	bytes        int64               // sum of len(text) of open documents
	refused      map[uint64]struct{} // hashes of the URIs of documents dropped by a cap
	lastNotice   time.Time
}

func (o Options) limitsWithDefaults() Options {
	if o.MaxDocuments <= 0 {
		o.MaxDocuments = DefaultMaxDocuments
	}
	if o.MaxOpenBytes <= 0 {
		o.MaxOpenBytes = DefaultMaxOpenBytes
	}
	if o.MaxDocumentBytes <= 0 {
		o.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	return o
}

// setLimits sets the store's caps (from the session's Options).
func (st *docStore) setLimits(o Options) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.lim.maxDocs, st.lim.maxOpenBytes, st.lim.maxDocBytes = o.MaxDocuments, o.MaxOpenBytes, o.MaxDocumentBytes
}

// admitLocked checks that uri may hold n bytes of text: as a new document
// (d nil) or as the new text of the open document d. It returns "" and
// updates the accounting, or the reason for refusal, in which case d (when
// given) has been dropped from the store. st.mu must be held.
func (st *docStore) admitLocked(uri protocol.DocumentURI, d *document, n int) string {
	var old int64
	if d == nil {
		d = st.docs[uri] // a re-open replaces the document
	}
	if d != nil {
		old = int64(len(d.text))
	}
	count := len(st.docs)
	if d == nil {
		count++
	}
	total := st.lim.bytes - old + int64(n)
	var msg string
	switch {
	case st.lim.maxDocBytes > 0 && int64(n) > st.lim.maxDocBytes:
		msg = fmt.Sprintf("a document of %s is larger than the limit of %s per document", size(int64(n)), size(st.lim.maxDocBytes))
	case st.lim.maxDocs > 0 && count > st.lim.maxDocs:
		msg = fmt.Sprintf("%d documents are open, the limit per session", st.lim.maxDocs)
	case st.lim.maxOpenBytes > 0 && total > st.lim.maxOpenBytes:
		msg = fmt.Sprintf("open documents would take %s, more than the limit of %s per session", size(total), size(st.lim.maxOpenBytes))
	}
	if msg == "" {
		st.lim.bytes = total
		delete(st.lim.refused, uriHash(uri))
		return ""
	}
	if d != nil {
		if d.cancel != nil {
			d.cancel()
		}
		delete(st.docs, uri)
		st.lim.bytes -= old
	}
	if st.lim.refused == nil {
		st.lim.refused = map[uint64]struct{}{}
	}
	if len(st.lim.refused) >= maxRefused {
		for k := range st.lim.refused { // forget any one
			delete(st.lim.refused, k)
			break
		}
	}
	st.lim.refused[uriHash(uri)] = struct{}{}
	return msg
}

// closedLocked accounts for a document leaving the store (d may be nil: a
// close of a document that was refused). st.mu must be held.
func (st *docStore) closedLocked(uri protocol.DocumentURI, d *document) {
	if d != nil {
		st.lim.bytes -= int64(len(d.text))
	}
	delete(st.lim.refused, uriHash(uri))
}

// isRefused reports whether a cap dropped uri.
func (st *docStore) isRefused(uri protocol.DocumentURI) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, refused := st.lim.refused[uriHash(uri)]
	return refused
}

// noticeDue reports whether a refusal notice may go out now (rate limit).
func (st *docStore) noticeDue() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if time.Since(st.lim.lastNotice) < refuseNoticeEvery {
		return false
	}
	st.lim.lastNotice = time.Now()
	return true
}

// refuseDocument tells the client a document is not linted and why, and
// clears any diagnostics it showed for it. The log line carries neither the
// URI nor any text.
func (s *server) refuseDocument(uri protocol.DocumentURI, why string, wasOpen bool) {
	msg := fmt.Sprintf("soaplint: this document is not linted: %s. Close some notes, or raise --max-documents, --max-open-bytes or --max-document-bytes.", why)
	if s.docs.noticeDue() {
		fmt.Fprintf(s.opts.Log, "soaplint lsp: document refused: %s\n", why)
		if s.ctx.Err() == nil {
			_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: msg})
		}
	}
	if wasOpen {
		s.pubMu.Lock()
		defer s.pubMu.Unlock()
		_ = s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: []protocol.Diagnostic{}})
	}
}

// refusedErr is the error for a request on a document a cap refused.
func (s *server) refusedErr(uri protocol.DocumentURI) error {
	if !s.docs.isRefused(uri) {
		return nil
	}
	return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "the document is not linted: it was refused by the server's document limits")
}

// size formats a byte count for messages.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func uriHash(uri protocol.DocumentURI) uint64 {
	h := fnv.New64a()
	h.Write([]byte(uri))
	return h.Sum64()
}
