package lsp

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// openBytes is the server's count of open bytes and the true sum.
func openBytes(h *harness) (counted, actual int64) {
	st := h.srv.docs
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range st.docs {
		actual += int64(len(d.text))
	}
	return st.lim.bytes, actual
}

func TestDocumentLimits(t *testing.T) {
	h := newHarness(t, Options{MaxDocuments: 3, MaxOpenBytes: 100, MaxDocumentBytes: 50})
	h.initialize("", nil, false)
	uri := func(i int) string { return fmt.Sprintf("file:///notes/n%d.txt", i) }
	for i := range 3 {
		h.open(uri(i), "bad note\n") // 9 bytes each
		h.waitPub(uri(i), 1)
	}
	hover := func(u string) error {
		return h.call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": u}, "position": map[string]any{"line": 0, "character": 1}}, nil)
	}

	// The fourth document is refused: a notice, no diagnostics, requests answer an error.
	h.open(uri(3), "bad ZZSECRET\n")
	h.waitFor("a showMessage", func() bool { return len(h.shows) == 1 })
	if m := h.shows[0]; m.Type != protocol.MessageTypeError || !strings.Contains(m.Message, "3 documents are open") || !strings.Contains(m.Message, "--max-documents") || strings.Contains(m.Message, "ZZSECRET") {
		t.Errorf("notice: %+v", m)
	}
	if err := hover(uri(3)); rpcCode(err) != jsonrpc2.InvalidRequest || !strings.Contains(err.Error(), "document limits") {
		t.Errorf("hover on a refused document: %v", err)
	}
	if h.docText(uri(3)) != "<not open>" {
		t.Errorf("refused document stored")
	}
	// Closing one makes room: the same document now opens and is linted.
	h.notify(protocol.MethodTextDocumentDidClose, docParams(uri(0)))
	h.open(uri(3), "bad again\n")
	if p := h.waitPub(uri(3), 1); len(p.Diagnostics) != 1 {
		t.Errorf("reopened: %+v", p.Diagnostics)
	}
	if err := hover(uri(3)); err != nil {
		t.Errorf("hover after the document was admitted: %v", err)
	}

	// One document past its own cap (50 bytes) is dropped, its diagnostics cleared.
	h.change(uri(1), map[string]any{"text": strings.Repeat("bad ", 13)})
	h.waitFor("diagnostics cleared for the oversized document", func() bool {
		p := h.lastPub(uri(1))
		return p != nil && string(p.Raw) == "[]"
	})
	if err := hover(uri(1)); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("hover on a document dropped by its size: %v", err)
	}
	if c, a := openBytes(h); c != a {
		t.Errorf("counted %d open bytes, actual %d", c, a)
	}

	// The session total (100 bytes): two documents of 45 fit, a third edit past it is refused.
	h.change(uri(2), map[string]any{"text": strings.Repeat("x", 45)})
	h.change(uri(3), map[string]any{"text": strings.Repeat("y", 45)})
	h.open(uri(4), strings.Repeat("z", 20))
	// Requests are handled in order: this answer comes after the didOpen.
	if err := hover(uri(4)); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("hover on a document refused by the session total: %v", err)
	}
	if c, a := openBytes(h); c != a || c != 90 {
		t.Errorf("counted %d open bytes, actual %d, want 90", c, a)
	}
	// The session goes on for the admitted documents.
	if err := hover(uri(2)); err != nil {
		t.Errorf("hover on an admitted document: %v", err)
	}
}

// TestManyRefusedDocumentsAnswerErrors: thousands of refused documents are
// all remembered (as hashes), so a request on any of them answers an error.
func TestManyRefusedDocumentsAnswerErrors(t *testing.T) {
	h := newHarness(t, Options{MaxDocuments: 1})
	h.initialize("", nil, false)
	for i := range 3000 {
		h.open(fmt.Sprintf("file:///notes/n%d.txt", i), "bad\n")
	}
	for _, i := range []int{1, 1500, 2999} {
		err := h.call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": fmt.Sprintf("file:///notes/n%d.txt", i)}, "position": map[string]any{"line": 0, "character": 1}}, nil)
		if rpcCode(err) != jsonrpc2.InvalidRequest {
			t.Errorf("hover on refused document %d: %v", i, err)
		}
	}
	h.srv.docs.mu.Lock()
	n := len(h.srv.docs.lim.refused)
	h.srv.docs.mu.Unlock()
	if n != 2999 {
		t.Errorf("%d refused remembered, want 2999", n)
	}
	h.mu.Lock()
	shows := len(h.shows)
	h.mu.Unlock()
	if shows > 2 {
		t.Errorf("%d notices for one burst of refusals, want them rate-limited", shows)
	}
}
