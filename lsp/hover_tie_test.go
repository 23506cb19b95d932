package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestHoverOnTiedCode: where two codes tie on leftover minutes the hover says
// the code supports either count, as time/units-mismatch accepts either.
func TestHoverOnTiedCode(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	text := "PT Daily Note\nPayer: Medicare\n\nO:\nTherAct 97530 (25 min): reaching to shelf.\nManual therapy 97140 (10 min): GH glides.\n\nBilling:\n97530-GP x1\n97140-GP x1\n"
	h.open(docURI, text)
	h.waitPub(docURI, 1)
	line := strings.Count(text[:strings.Index(text, "97140-GP x1")], "\n")
	var hov protocol.Hover
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": line, "character": 2},
	}, &hov)
	if want := "10 min documented → **0 or 1 unit(s)** (it ties with another code on leftover minutes"; !strings.Contains(hov.Contents.Value, want) {
		t.Errorf("hover lacks %q:\n%s", want, hov.Contents.Value)
	}
}
