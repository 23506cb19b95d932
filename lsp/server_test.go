package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

const docURI = "file:///tmp/soaplint-test/note.txt"

func utf16Len(s string) uint32 { return uint32(len(utf16.Encode([]rune(s)))) }

func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestLifecycleAndDiagnostics(t *testing.T) {
	h := newHarness(t, Options{})
	res := h.initialize("", nil, false)
	sync, _ := json.Marshal(res.Capabilities.TextDocumentSync)
	if !strings.Contains(string(sync), `"change":2`) {
		t.Errorf("text sync = %s, want incremental (2)", sync)
	}
	if res.Capabilities.HoverProvider == nil || res.Capabilities.CompletionProvider == nil || res.Capabilities.CodeActionProvider == nil || res.Capabilities.DocumentSymbolProvider == nil {
		t.Errorf("missing capabilities: %+v", res.Capabilities)
	}

	h.open(docURI, "line one\nthis is bad\n")
	p := h.waitPub(docURI, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(p.Diagnostics))
	}
	d := p.Diagnostics[0]
	want := protocol.Range{Start: protocol.Position{Line: 1, Character: 8}, End: protocol.Position{Line: 1, Character: 11}}
	if d.Range != want {
		t.Errorf("range = %+v, want %+v", d.Range, want)
	}
	if d.Code != "doc/vague-phrase" || d.Severity != protocol.DiagnosticSeverityWarning || d.Source != "soaplint" {
		t.Errorf("code/severity/source = %v/%v/%v", d.Code, d.Severity, d.Source)
	}
	if d.CodeDescription == nil || string(d.CodeDescription.Href) != "soaplint://rules/doc/vague-phrase" {
		t.Errorf("code description = %+v", d.CodeDescription)
	}
	var explain map[string]string
	h.mustCall(methodExplain, map[string]string{"rule": "doc/vague-phrase"}, &explain)
	if !strings.Contains(explain["markdown"], "Boilerplate tells a reviewer") {
		t.Errorf("soaplint/explain = %q", explain["markdown"])
	}

	// A clean text publishes [] (never null); closing publishes [] again.
	h.change(docURI, map[string]any{"text": "all good\n"})
	p = h.waitPub(docURI, 2)
	if string(p.Raw) != "[]" {
		t.Errorf("clean document published %s, want []", p.Raw)
	}
	h.change(docURI, map[string]any{"text": "bad again"})
	h.waitPub(docURI, 3)
	n := len(h.pubs)
	h.notify(protocol.MethodTextDocumentDidClose, map[string]any{"textDocument": map[string]any{"uri": docURI}})
	h.waitFor("clear on close", func() bool { return len(h.pubs) > n })
	h.mu.Lock()
	last := h.pubs[len(h.pubs)-1]
	h.mu.Unlock()
	if last.URI != docURI || string(last.Raw) != "[]" {
		t.Errorf("close published %s for %s, want []", last.Raw, last.URI)
	}

	if err := h.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := h.call(protocol.MethodTextDocumentHover, map[string]any{}, nil); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("request after shutdown: %v, want InvalidRequest", err)
	}
	h.notify(protocol.MethodExit, nil)
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Serve after exit: %v", err)
		}
		h.done <- nil // for the cleanup
	case <-time.After(waitTimeout):
		t.Fatal("server did not end after exit")
	}
}

func TestIncrementalSyncNonASCII(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	line0 := "Knee flex 90° – pain 3/10 😀 "
	h.open(docURI, line0+"ok\nsecond line\n")
	h.waitPub(docURI, 1)

	// Replace "ok" (after the emoji: UTF-16 columns differ from bytes and runes).
	col := utf16Len(line0)
	v := h.change(docURI, map[string]any{"range": rng(0, int(col), 0, int(col)+2), "text": "bad"})
	p := h.waitPub(docURI, v)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(p.Diagnostics), p.Diagnostics)
	}
	if got := p.Diagnostics[0].Range; got.Start.Line != 0 || got.Start.Character != col || got.End.Character != col+3 {
		t.Errorf("range = %+v, want line 0 chars %d-%d", got, col, col+3)
	}

	// Several changes in one notification apply in order; the second is a
	// multi-line range edit, the third is out of range and clamps to the end.
	v = h.change(docURI,
		map[string]any{"range": rng(1, 0, 1, 6), "text": "first"},
		map[string]any{"range": rng(0, 0, 1, 5), "text": "bad 😀 "},
		map[string]any{"range": rng(99, 99, 120, 0), "text": " tail bad"},
	)
	p = h.waitPub(docURI, v)
	if got, want := h.docText(docURI), "bad 😀  line\n tail bad"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	if len(p.Diagnostics) != 2 {
		t.Fatalf("got %d diagnostics, want 2", len(p.Diagnostics))
	}
	if got := p.Diagnostics[1].Range.Start; got.Line != 1 || got.Character != 6 {
		t.Errorf("second finding at %+v, want 1:6", got)
	}

	// A full-content change (no range) replaces the text.
	v = h.change(docURI, map[string]any{"text": "°°° bad"})
	p = h.waitPub(docURI, v)
	if got := p.Diagnostics[0].Range.Start.Character; got != 4 {
		t.Errorf("after full sync: char %d, want 4", got)
	}
}

func TestRapidEditsPublishFinalVersionOnly(t *testing.T) {
	h := newHarness(t, Options{Debounce: 20 * time.Millisecond})
	h.initialize("", nil, false)
	h.open(docURI, "start\n")
	h.waitPub(docURI, 1)
	var v int32
	for i := range 200 {
		// Vary the findings so that the last publication shows the final text's.
		text := strings.Repeat("bad ", i%7+1) + fmt.Sprint(i)
		v = h.change(docURI, map[string]any{"range": rng(0, 0, 99, 0), "text": text})
	}
	p := h.waitPub(docURI, v)
	if want := (199%7 + 1); len(p.Diagnostics) != want {
		t.Errorf("final version has %d diagnostics, want %d", len(p.Diagnostics), want)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	prev := int32(0)
	for _, q := range h.pubs {
		if q.Version <= prev {
			t.Errorf("version %d published after version %d", q.Version, prev)
		}
		prev = q.Version
	}
	if len(h.pubs) > 20 {
		t.Errorf("%d publications for 200 rapid edits: debounce is not coalescing", len(h.pubs))
	}
}

// TestEverySettledVersionPublished: a version whose findings equal the
// previous version's is published all the same (an EHR waits for version N
// before it lets the user sign); only a re-lint of the same version with the
// same findings (a configuration change that altered nothing) is skipped.
func TestEverySettledVersionPublished(t *testing.T) {
	h := newHarness(t, Options{Debounce: -1})
	h.initialize("", nil, false)
	h.open(docURI, "bad\n")
	p1 := h.waitPub(docURI, 1)
	// A line without findings: same diagnostics, new version.
	v2 := h.change(docURI, map[string]any{"range": rng(1, 0, 1, 0), "text": "more words\n"})
	p2 := h.waitPub(docURI, v2)
	if string(p2.Raw) != string(p1.Raw) {
		t.Errorf("version %d diagnostics %s, want the same as version 1's %s", v2, p2.Raw, p1.Raw)
	}
	// An edit that changes nothing at all.
	v3 := h.change(docURI, map[string]any{"range": rng(0, 0, 0, 0), "text": ""})
	if p3 := h.waitPub(docURI, v3); len(p3.Diagnostics) != 1 {
		t.Errorf("version %d: %d diagnostics, want 1", v3, len(p3.Diagnostics))
	}
	// Settings that change no finding re-lint version 3 without a repeat.
	h.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{
		"soaplint": map[string]any{"profile": "medicare"},
	}})
	h.waitEvent("skipped", docURI, v3)
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, p := range h.pubs {
		if p.Version == v3 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("version %d published %d times, want once", v3, n)
	}
}

func TestCodeActions(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	text := "Goals:\nSTG 1: R knee ROM 0-120° in 2 wks\nPt did bad\n"
	h.open(docURI, text)
	p := h.waitPub(docURI, 1)
	if len(p.Diagnostics) != 2 {
		t.Fatalf("want 2 diagnostics, got %+v", p.Diagnostics)
	}
	goalDiag := p.Diagnostics[0]
	if goalDiag.Code != "goal/impairment-based" {
		t.Fatalf("first diagnostic %v", goalDiag.Code)
	}
	var actions []protocol.CodeAction
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": docURI},
		"range":        goalDiag.Range,
		"context":      map[string]any{"diagnostics": []protocol.Diagnostic{goalDiag}},
	}, &actions)
	var templates []protocol.CodeAction
	var disable *protocol.CodeAction
	for i, a := range actions {
		if a.Kind != protocol.QuickFix {
			t.Errorf("action %q kind %q", a.Title, a.Kind)
		}
		if strings.HasPrefix(a.Title, "Rewrite as a functional goal") {
			templates = append(templates, a)
		}
		if a.Title == "Disable goal/impairment-based for this note" {
			disable = &actions[i]
		}
	}
	if len(templates) != 3 {
		t.Fatalf("got %d template actions, want 3: %+v", len(templates), actions)
	}
	got := applyEdits(text, templates[0].Edit.Changes[docURI])
	if want := "Goals:\nSTG 1: Pt will ascend/descend 12 stairs with reciprocal pattern\nPt did bad\n"; got != want {
		t.Errorf("template applied:\n%q\nwant\n%q", got, want)
	}
	for _, a := range templates {
		if a.IsPreferred { // rewriting a goal is a suggestion, never preferred
			t.Errorf("template %q is preferred", a.Title)
		}
	}
	if disable == nil {
		t.Fatal("no disable action")
	}
	if got := applyEdits(text, disable.Edit.Changes[docURI]); !strings.HasPrefix(got, "[soaplint-disable goal/impairment-based]\n") {
		t.Errorf("disable edit gave %q", got)
	}

	// With no diagnostics in the context, findings overlapping the range count.
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": docURI},
		"range":        rng(2, 8, 2, 8),
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) == 0 || actions[0].Title != "Replace with good" {
		t.Fatalf("actions at cursor: %+v", actions)
	}
	if got := applyEdits(text, actions[0].Edit.Changes[docURI]); !strings.HasSuffix(got, "Pt did good\n") {
		t.Errorf("fix gave %q", got)
	}

	// Only=source excludes quick fixes.
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "range": rng(2, 8, 2, 8),
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"source"}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("only=source gave %d actions", len(actions))
	}
}

func TestAddTermToProjectLexicon(t *testing.T) {
	root := t.TempDir()
	cfg := filepath.Join(root, ".soaplint.yaml")
	if err := os.WriteFile(cfg, []byte("# project settings\nprofile: medicare\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.Join(root, "note.txt")
	h := newHarness(t, Options{})
	h.initialize(root, nil, false)
	text := "STG 1: L shoulder ROM to 150° for gardening\n"
	h.open(uri, text)
	p := h.waitPub(uri, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %+v", p.Diagnostics)
	}
	col := strings.Index(text, "gardening") + 2
	var actions []protocol.CodeAction
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(0, col, 0, col),
		"context": map[string]any{"diagnostics": p.Diagnostics},
	}, &actions)
	var cmd *protocol.Command
	for _, a := range actions {
		if a.Command != nil && a.Command.Command == cmdAddTerm {
			cmd = a.Command
			if !strings.Contains(a.Title, `"gardening"`) {
				t.Errorf("title %q", a.Title)
			}
		}
	}
	if cmd == nil {
		t.Fatalf("no add-term action in %+v", actions)
	}
	var res map[string]string
	h.mustCall(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": cmd.Command, "arguments": cmd.Arguments}, &res)
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{"# project settings", "profile: medicare", "lexicon:", "functional:", "- gardening"} {
		if !strings.Contains(got, want) {
			t.Errorf(".soaplint.yaml lacks %q:\n%s", want, got)
		}
	}
	// Adding it again leaves the file as it is.
	h.mustCall(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": cmd.Command, "arguments": cmd.Arguments}, &res)
	again, _ := os.ReadFile(cfg)
	if string(again) != got {
		t.Errorf("second add changed the file:\n%s", again)
	}
	if err := h.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": "nope"}, nil); rpcCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("unknown command: %v", err)
	}
}

func TestHoverOnDiagnostic(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	h.open(docURI, "Pt did bad today\n")
	h.waitPub(docURI, 1)
	var hov protocol.Hover
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 0, "character": 8},
	}, &hov)
	if !strings.Contains(hov.Contents.Value, "**doc/vague-phrase**") || !strings.Contains(hov.Contents.Value, "Boilerplate tells a reviewer") {
		t.Errorf("hover = %q", hov.Contents.Value)
	}
	// Nothing under the cursor: a null result.
	var raw json.RawMessage
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 0, "character": 1},
	}, &raw)
	if string(raw) != "" && string(raw) != "null" {
		t.Errorf("hover off any finding = %s", raw)
	}
}

func TestConfiguration(t *testing.T) {
	root := t.TempDir()
	uri := "file://" + filepath.Join(root, "note.txt")
	h := newHarness(t, Options{})
	h.settings = map[string]any{"rules": map[string]any{"doc/vague-phrase": "off"}}
	h.initialize(root, nil, true)
	text := "STG 1: R knee ROM 0-120°\nbad\n"
	h.open(uri, text)
	p := h.waitPub(uri, 1)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "goal/impairment-based" {
		t.Fatalf("with doc/vague-phrase off: %+v", p.Diagnostics)
	}

	// Pushed settings: severity override and the commercial profile (the fake
	// goal rule applies to medicare only).
	h.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{
		"soaplint": map[string]any{"profile": "commercial", "rules": map[string]any{"doc/vague-phrase": "error"}},
	}})
	h.waitFor("re-lint with new settings", func() bool {
		q := h.lastPub(uri)
		return len(q.Diagnostics) == 1 && q.Diagnostics[0].Code == "doc/vague-phrase" && q.Diagnostics[0].Severity == protocol.DiagnosticSeverityError
	})

	// The project's .soaplint.yaml wins over editor settings; a null
	// didChangeConfiguration makes the server pull settings again.
	if err := os.WriteFile(filepath.Join(root, ".soaplint.yaml"), []byte("rules:\n  doc/vague-phrase: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	h.settings = map[string]any{"profile": "medicare"}
	h.mu.Unlock()
	h.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	h.waitFor("re-lint with project file", func() bool {
		q := h.lastPub(uri)
		return len(q.Diagnostics) == 1 && q.Diagnostics[0].Code == "goal/impairment-based"
	})

	// A broken file is reported through window/logMessage, naming the file only.
	if err := os.WriteFile(filepath.Join(root, ".soaplint.yaml"), []byte("rules: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, map[string]any{"changes": []any{map[string]any{"uri": "file://" + filepath.Join(root, ".soaplint.yaml"), "type": 2}}})
	h.waitFor("configuration warning", func() bool {
		for _, l := range h.logs {
			if strings.Contains(l.Message, ".soaplint.yaml") && l.Type == protocol.MessageTypeWarning {
				return true
			}
		}
		return false
	})
}

func TestDebounceFromInitializationOptions(t *testing.T) {
	h := newHarness(t, Options{Debounce: time.Hour})
	h.initialize("", map[string]any{"debounceMs": 0}, false)
	h.open(docURI, "bad")
	h.waitPub(docURI, 1) // an hour's debounce would time out
}

func TestGarbageOnTheWire(t *testing.T) {
	h := newHarness(t, Options{})
	// Requests before initialize get ServerNotInitialized; notifications are dropped.
	err := h.call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 0, "character": 0}}, nil)
	if rpcCode(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("hover before initialize: %v", err)
	}
	h.open(docURI, "bad")

	// Bad JSON in a well-framed message: a parse error, and the session goes on.
	if err := h.stream.raw(frame(`{"jsonrpc":"2.0","id":7,"method":`)); err != nil {
		t.Fatal(err)
	}
	if err := h.stream.raw("Bogus-Header\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	h.initialize("", nil, false)
	if !strings.Contains(h.traffic.String(), `"code":-32700`) {
		t.Errorf("no parse error reply for bad JSON")
	}
	// The didOpen sent before initialize was dropped: edits to it are ignored.
	h.change(docURI, map[string]any{"range": rng(0, 0, 0, 0), "text": "x"})

	// Unknown request: MethodNotFound; unknown notifications are ignored.
	if err := h.call("soaplint/nonsense", map[string]any{"a": 1}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	if err := h.call("soaplint/noparams", nil, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method without params: %v", err)
	}
	h.notify("$/unknownNotification", map[string]any{})
	h.notify("custom/notification", map[string]any{})
	// Unsupported LSP method: an error, not silence.
	if err := h.call(protocol.MethodTextDocumentFormatting, map[string]any{"textDocument": map[string]any{"uri": docURI}}, nil); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("formatting: %v", err)
	}
	// Wrong param types: a parse error.
	if err := h.call(protocol.MethodTextDocumentHover, map[string]any{"position": "nowhere"}, nil); err == nil {
		t.Errorf("hover with bad params succeeded")
	}
	// Requests on documents that are not open: empty results.
	var actions []protocol.CodeAction
	h.mustCall(protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": "file:///nope.txt"}, "range": rng(0, 0, 0, 0), "context": map[string]any{}}, &actions)
	if len(actions) != 0 {
		t.Errorf("actions for unopened doc: %+v", actions)
	}
	// Initialize twice: an error.
	if err := h.call(protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{}}, nil); err == nil {
		t.Errorf("second initialize succeeded")
	}

	// Out-of-range positions clamp.
	h.open(docURI, "one\ntwo")
	h.waitPub(docURI, 1)
	v := h.change(docURI, map[string]any{"range": rng(5000, 5000, 1<<30, 1<<30), "text": " bad"})
	p := h.waitPub(docURI, v)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start != (protocol.Position{Line: 1, Character: 4}) {
		t.Errorf("after out-of-range edit: %+v", p.Diagnostics)
	}
	var hov json.RawMessage
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 1 << 30, "character": 1 << 30}}, &hov)

	// A panicking rule costs the note its diagnostics, not the session.
	v = h.change(docURI, map[string]any{"text": "PANIC bad"})
	h.waitEvent("panic", docURI, v)
	v = h.change(docURI, map[string]any{"text": "fine bad"})
	h.waitPub(docURI, v)
	for _, l := range h.logs {
		if strings.Contains(l.Message, "PANIC") || strings.Contains(l.Message, "rule failure") {
			t.Errorf("log message leaks note text: %q", l.Message)
		}
	}

	// $/cancelRequest for an unknown id is harmless.
	h.notify(protocol.MethodCancelRequest, map[string]any{"id": 12345})
	var syms []json.RawMessage
	h.mustCall(protocol.MethodTextDocumentDocumentSymbol, map[string]any{"textDocument": map[string]any{"uri": docURI}}, &syms)
}

func TestListenerServesManyClients(t *testing.T) {
	if _, err := Listen("0.0.0.0:0", false); err == nil {
		t.Errorf("Listen accepted a non-loopback address without allowRemote")
	}
	if _, err := Listen("192.0.2.1:0", false); err == nil || !strings.Contains(err.Error(), "--allow-remote") {
		t.Errorf("non-loopback error = %v", err)
	}
	ln, err := Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- ServeListener(ctx, ln, Options{Rules: fakeRules(), Debounce: -1})
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- tcpClient(ln.Addr().String(), i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ServeListener: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("ServeListener did not stop on cancel")
	}
}

// tcpClient opens the same URI as every other client with its own text and
// checks that it gets its own diagnostics: sessions share nothing.
func tcpClient(addr string, i int) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	got := make(chan []protocol.Diagnostic, 4)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(c))
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			_ = json.Unmarshal(req.Params(), &p)
			got <- p.Diagnostics
		}
		return reply(ctx, nil, nil)
	})
	if _, err := conn.Call(ctx, protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		return err
	}
	_ = conn.Notify(ctx, protocol.MethodInitialized, map[string]any{})
	_ = conn.Notify(ctx, protocol.MethodTextDocumentDidOpen, map[string]any{"textDocument": map[string]any{
		"uri": docURI, "languageId": "soap-note", "version": 1, "text": strings.Repeat("bad ", i+1),
	}})
	select {
	case ds := <-got:
		if len(ds) != i+1 {
			return fmt.Errorf("client %d got %d diagnostics, want %d", i, len(ds), i+1)
		}
	case <-ctx.Done():
		return fmt.Errorf("client %d: no diagnostics", i)
	}
	return nil
}

func TestContextCancelEndsSession(t *testing.T) {
	srv, cli := net.Pipe()
	defer cli.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, Options{Rules: fakeRules()}) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestApplyChangesClamps(t *testing.T) {
	r := func(l1, c1, l2, c2 uint32) *protocol.Range {
		return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
	}
	for _, tc := range []struct {
		name, text string
		c          change
		want       string
	}{
		{"insert after emoji", "a😀b", change{r(0, 3, 0, 3), "X"}, "a😀Xb"},
		{"inside surrogate pair stays before it", "a😀b", change{r(0, 2, 0, 2), "X"}, "aX😀b"},
		{"reversed range is empty", "abcdef", change{r(0, 4, 0, 1), "X"}, "abcdXef"},
		{"past line end clamps to it", "ab\ncd", change{r(0, 50, 0, 60), "X"}, "abX\ncd"},
		{"past text end", "ab\ncd", change{r(9, 0, 9, 9), "X"}, "ab\ncdX"},
		{"crlf", "ab\r\ncd", change{r(1, 0, 1, 1), "X"}, "ab\r\nXd"},
		{"full", "ab", change{nil, "new"}, "new"},
	} {
		if got := applyChanges(tc.text, []change{tc.c}); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAddTermYAML(t *testing.T) {
	got, err := addTermYAML([]byte("lexicon:\n  functional: [stairs]\n  exercise: [bike]\n"), "functional", "gardening")
	if err != nil {
		t.Fatal(err)
	}
	if s := string(got); !strings.Contains(s, "- stairs\n") || !strings.Contains(s, "- gardening\n") || !strings.Contains(s, "exercise:") {
		t.Errorf("got:\n%s", s)
	}
	if _, err := addTermYAML([]byte("- a list\n"), "functional", "x"); err == nil {
		t.Errorf("non-mapping file accepted")
	}
	if _, err := addTermYAML([]byte("lexicon: 3\n"), "functional", "x"); err == nil {
		t.Errorf("scalar lexicon accepted")
	}
	got, err = addTermYAML(nil, "functional", "car transfer")
	if err != nil || string(got) != "lexicon:\n  functional:\n    - car transfer\n" {
		t.Errorf("new file: %q, %v", got, err)
	}
}

const billedNote = `Physical Therapy Daily Note
Discipline: PT
Payer: Medicare
S: Pt reports stairs are hard.
O:
TherAct 97530 (25 min): sit-to-stand and stair training with verbal cues
Goals:
STG 1: R knee ROM 0-120° in 2 wks
LTG: Pt will walk 500 ft in 6 wks
Billing:
97530 x2 units (25 min) GP
`

func TestHoverOnCode(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	h.open(docURI, billedNote)
	h.waitPub(docURI, 1)
	line := strings.Count(billedNote[:strings.Index(billedNote, "97530 x2")], "\n")
	var hov protocol.Hover
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": line, "character": 2},
	}, &hov)
	for _, want := range []string{"**97530**", "Timed code", "25 min documented → **2 unit(s)**", "medicare", "CY2025", "$34.61", "CY2026", "GP"} {
		if !strings.Contains(hov.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, hov.Contents.Value)
		}
	}
	if hov.Range == nil || hov.Range.Start.Line != uint32(line) || hov.Range.Start.Character != 0 || hov.Range.End.Character != 5 {
		t.Errorf("hover range %+v", hov.Range)
	}
}

func TestCompletion(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	text := "Discipline: PT\nGoals:\nSTG 2: L knee \nBilling:\nCPT 975\n97530-\n97530-G\n"
	h.open(docURI, text)
	h.waitPub(docURI, 1)
	complete := func(line, char int) []protocol.CompletionItem {
		var list protocol.CompletionList
		h.mustCall(protocol.MethodTextDocumentCompletion, map[string]any{
			"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": line, "character": char},
		}, &list)
		return list.Items
	}
	goals := complete(2, len("STG 2: L knee "))
	if len(goals) < 3 {
		t.Fatalf("goal line: %d templates, want >= 3", len(goals))
	}
	for _, it := range goals[:3] {
		if !strings.Contains(it.Detail, "functional goal template") || it.TextEdit == nil || it.TextEdit.Range.Start.Character != uint32(len("STG 2: ")) {
			t.Errorf("goal item %+v", it)
		}
	}
	codes := complete(4, len("CPT 975"))
	found := false
	for _, it := range codes {
		if it.Label == "97530" && strings.Contains(strings.ToLower(it.Detail), "therapeutic activities") {
			found = true
		}
		if !strings.HasPrefix(it.Label, "975") {
			t.Errorf("code item %q does not match the typed prefix", it.Label)
		}
	}
	if !found {
		t.Errorf("no 97530 in %+v", codes)
	}
	labels := func(items []protocol.CompletionItem) string {
		var l []string
		for _, it := range items {
			l = append(l, it.Label)
		}
		return strings.Join(l, " ")
	}
	if got := labels(complete(5, 6)); got != "GP GO GN 59 XE XS XP XU CQ CO KX" {
		t.Errorf("modifiers after 97530-: %q", got)
	}
	if got := labels(complete(6, 7)); got != "GP GO GN" {
		t.Errorf("modifiers after 97530-G: %q", got)
	}
}

func TestDocumentSymbols(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	h.open(docURI, billedNote)
	h.waitPub(docURI, 1)
	var syms []protocol.DocumentSymbol
	h.mustCall(protocol.MethodTextDocumentDocumentSymbol, map[string]any{"textDocument": map[string]any{"uri": docURI}}, &syms)
	var names []string
	var goals []string
	for _, s := range syms {
		names = append(names, s.Name)
		for _, c := range s.Children {
			if c.Kind == protocol.SymbolKindEvent {
				goals = append(goals, c.Name)
			}
		}
	}
	got := strings.Join(names, "|")
	for _, want := range []string{"Goals", "Billing"} {
		if !strings.Contains(got, want) {
			t.Errorf("sections %q lack %q", got, want)
		}
	}
	if len(goals) != 2 || !strings.HasPrefix(goals[0], "STG: R knee ROM") || !strings.HasPrefix(goals[1], "LTG: Pt will walk") {
		t.Errorf("goals %q", goals)
	}
}
