package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
)

// TestDiagnosticProviderNegotiated: diagnosticProvider is advertised exactly
// when the client declares textDocument.diagnostic.
func TestDiagnosticProviderNegotiated(t *testing.T) {
	for _, pull := range []bool{false, true} {
		h := newHarness(t, Options{})
		caps := map[string]any{}
		if pull {
			caps = pullCapabilities()
		}
		var raw struct {
			Capabilities map[string]json.RawMessage `json:"capabilities"`
		}
		h.mustCall(protocol.MethodInitialize, map[string]any{"processId": 1, "capabilities": caps}, &raw)
		got, ok := raw.Capabilities["diagnosticProvider"]
		if !pull {
			if ok {
				t.Errorf("push client: diagnosticProvider %s advertised", got)
			}
			continue
		}
		if want := `{"identifier":"soaplint","interFileDependencies":false,"workspaceDiagnostics":true}`; string(got) != want {
			t.Errorf("diagnosticProvider = %s, want %s", got, want)
		}
		if _, ok := raw.Capabilities["textDocumentSync"]; !ok {
			t.Errorf("the 3.17 capabilities lost v0.12.0's: %v", raw.Capabilities)
		}
	}
}

// pullDoc asks textDocument/diagnostic for uri.
func (h *harness) pullDoc(uri, previous string) documentReport {
	h.tb.Helper()
	p := map[string]any{"textDocument": map[string]any{"uri": uri}}
	if previous != "" {
		p["previousResultId"] = previous
	}
	var rep documentReport
	h.mustCall(methodTextDocumentDiagnostic, p, &rep)
	return rep
}

// TestDocumentDiagnosticPull: one answer per version, "unchanged" exactly when
// the previous result names the same findings, nothing pushed.
func TestDocumentDiagnosticPull(t *testing.T) {
	h := newHarness(t, Options{Debounce: -1})
	h.initializeCaps("", nil, pullCapabilities())
	h.open(docURI, "bad\n")
	r1 := h.pullDoc(docURI, "")
	if r1.Kind != reportFull || len(r1.Items) != 1 || r1.ResultID == "" {
		t.Fatalf("version 1: %+v, want a full report with one finding and a resultId", r1)
	}
	if r1.Items[0].Code != "doc/vague-phrase" || r1.Items[0].Range.Start != (protocol.Position{Line: 0, Character: 0}) {
		t.Errorf("version 1 finding %+v", r1.Items[0])
	}

	// An edit after the finding changes nothing: unchanged, same resultId.
	h.change(docURI, map[string]any{"range": rng(1, 0, 1, 0), "text": "more words\n"})
	r2 := h.pullDoc(docURI, r1.ResultID)
	if r2.Kind != reportUnchanged || r2.ResultID != r1.ResultID || r2.Items != nil {
		t.Errorf("version 2: %+v, want unchanged %s", r2, r1.ResultID)
	}
	// Without a previous result the answer is full again.
	if r := h.pullDoc(docURI, ""); r.Kind != reportFull || r.ResultID != r1.ResultID {
		t.Errorf("version 2 without previousResultId: %+v", r)
	}

	// An edit before the finding moves it: full, new resultId, new position.
	h.change(docURI, map[string]any{"range": rng(0, 0, 0, 0), "text": "ok "})
	r3 := h.pullDoc(docURI, r1.ResultID)
	if r3.Kind != reportFull || r3.ResultID == r1.ResultID || len(r3.Items) != 1 || r3.Items[0].Range.Start.Character != 3 {
		t.Errorf("version 3: %+v, want the finding at 0:3 under a new resultId", r3)
	}
	// Removing the finding: full and empty (items [], never null).
	h.change(docURI, map[string]any{"text": "fine\n"})
	var raw json.RawMessage
	h.mustCall(methodTextDocumentDiagnostic, map[string]any{"textDocument": map[string]any{"uri": docURI}, "previousResultId": r3.ResultID}, &raw)
	var r4 map[string]json.RawMessage
	_ = json.Unmarshal(raw, &r4)
	if string(r4["kind"]) != `"full"` || string(r4["items"]) != "[]" {
		t.Errorf("version 4 = %s, want a full report with items []", raw)
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.pubs) != 0 {
		t.Errorf("a pulling client got %d publishDiagnostics", len(h.pubs))
	}
}

// TestDocumentDiagnosticPushClient: a client that did not negotiate pull may
// still ask, and keeps getting pushes.
func TestDocumentDiagnosticPushClient(t *testing.T) {
	h := newHarness(t, Options{Debounce: -1})
	h.initialize("", nil, false)
	h.open(docURI, "bad bad\n")
	if r := h.pullDoc(docURI, ""); r.Kind != reportFull || len(r.Items) != 2 {
		t.Errorf("pull from a push client: %+v", r)
	}
	h.waitPub(docURI, 1)
}

// TestDocumentDiagnosticNotOpen: a note in the workspace that is not open is
// read from disk; a URI outside it gets an empty report.
func TestDocumentDiagnosticNotOpen(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "visit.txt")
	if err := os.WriteFile(path, []byte("bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "other.txt")
	if err := os.WriteFile(outside, []byte("bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Debounce: -1})
	h.initializeCaps(root, nil, pullCapabilities())
	if r := h.pullDoc("file://"+path, ""); r.Kind != reportFull || len(r.Items) != 1 {
		t.Errorf("closed note in the workspace: %+v", r)
	}
	if r := h.pullDoc("file://"+outside, ""); r.Kind != reportFull || len(r.Items) != 0 {
		t.Errorf("note outside the workspace: %+v, want an empty report", r)
	}
}

// writeNotes writes files (name → text) under root.
func writeNotes(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// wsReport is a workspace document report as decoded by a client.
type wsReport struct {
	URI      string                `json:"uri"`
	Version  *int32                `json:"version"`
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId"`
	Items    []protocol.Diagnostic `json:"items"`
}

func (h *harness) pullWorkspace(params map[string]any) []wsReport {
	h.tb.Helper()
	var res struct {
		Items []wsReport `json:"items"`
	}
	if params == nil {
		params = map[string]any{"previousResultIds": []any{}}
	}
	h.mustCall(methodWorkspaceDiagnostic, params, &res)
	return res.Items
}

func byURI(reps []wsReport) map[string]wsReport {
	out := map[string]wsReport{}
	for _, r := range reps {
		out[r.URI] = r
	}
	return out
}

// TestWorkspaceDiagnostic: every note of the folder (not hidden folders, other
// extensions or symbolic links), open ones at their version, the others with
// version null; previousResultIds turn unchanged files into unchanged reports.
func TestWorkspaceDiagnostic(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeNotes(t, root, map[string]string{
		"a.txt":              "bad\n",
		"sub/b.soap":         "fine\n",
		"sub/c.md":           "bad bad\n",
		".git/x.txt":         "bad\n",
		"node_modules/y.txt": "bad\n",
		"notes.csv":          "bad\n",
		"binary.txt":         "bad\x00\n",
	})
	writeNotes(t, outside, map[string]string{"secret.txt": "bad\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Debounce: -1})
	h.initializeCaps(root, nil, pullCapabilities())
	a := "file://" + filepath.Join(root, "a.txt")
	h.open(a, "bad\n")
	v := h.change(a, map[string]any{"text": "bad bad bad\n"}) // the open text wins over the file

	reps := h.pullWorkspace(nil)
	got := byURI(reps)
	want := []string{a, "file://" + filepath.Join(root, "sub/b.soap"), "file://" + filepath.Join(root, "sub/c.md")}
	var uris []string
	for u := range got {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	if fmt.Sprint(uris) != fmt.Sprint(want) || len(reps) != 3 {
		t.Fatalf("reports for %v, want %v", uris, want)
	}
	if r := got[a]; r.Kind != reportFull || r.Version == nil || *r.Version != v || len(r.Items) != 3 {
		t.Errorf("open note: %+v, want version %d with 3 findings", r, v)
	}
	c := got[want[2]]
	if c.Kind != reportFull || c.Version != nil || len(c.Items) != 2 || c.ResultID == "" {
		t.Errorf("closed note: %+v, want version null with 2 findings", c)
	}
	if r := got[want[1]]; len(r.Items) != 0 || r.Kind != reportFull {
		t.Errorf("clean note: %+v", r)
	}

	// The same request with the result IDs: everything unchanged.
	var prev []any
	for _, r := range reps {
		prev = append(prev, map[string]any{"uri": r.URI, "value": r.ResultID})
	}
	again := byURI(h.pullWorkspace(map[string]any{"previousResultIds": prev}))
	for _, u := range want {
		if r := again[u]; r.Kind != reportUnchanged || r.ResultID != got[u].ResultID || r.Items != nil {
			t.Errorf("%s second time: %+v, want unchanged", u, r)
		}
	}
	// A file edited on disk is full again.
	writeNotes(t, root, map[string]string{"sub/c.md": "bad\n\n"})
	third := byURI(h.pullWorkspace(map[string]any{"previousResultIds": prev}))
	if r := third[want[2]]; r.Kind != reportFull || len(r.Items) != 1 {
		t.Errorf("edited file: %+v, want a full report with 1 finding", r)
	}
	if r := third[want[1]]; r.Kind != reportUnchanged {
		t.Errorf("untouched file: %+v, want unchanged", r)
	}
}

// TestWorkspaceDiagnosticPartialResults: with a partialResultToken the reports
// come in $/progress batches under that token and the response is empty.
func TestWorkspaceDiagnosticPartialResults(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	const n = 250
	for i := range n {
		files[fmt.Sprintf("n%03d.txt", i)] = strings.Repeat("bad ", i%3)
	}
	writeNotes(t, root, files)
	h := newHarness(t, Options{Debounce: -1})
	h.initializeCaps(root, nil, pullCapabilities())
	final := h.pullWorkspace(map[string]any{"previousResultIds": []any{}, "partialResultToken": "ws-1"})
	if len(final) != 0 {
		t.Errorf("final response has %d items, want 0 (all streamed)", len(final))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[string]int{}
	for _, p := range h.progress {
		if string(p.Token) != `"ws-1"` {
			t.Errorf("progress token %s", p.Token)
		}
		var v struct {
			Items []wsReport `json:"items"`
		}
		if err := json.Unmarshal(p.Value.(json.RawMessage), &v); err != nil {
			t.Fatal(err)
		}
		if len(v.Items) > progressBatch {
			t.Errorf("a batch of %d", len(v.Items))
		}
		for _, r := range v.Items {
			seen[r.URI]++
			name := filepath.Base(r.URI)
			var i int
			fmt.Sscanf(name, "n%03d.txt", &i)
			if len(r.Items) != i%3 {
				t.Errorf("%s: %d findings, want %d", name, len(r.Items), i%3)
			}
		}
	}
	if len(seen) != n || len(h.progress) < n/progressBatch {
		t.Errorf("%d notes in %d batches, want %d notes", len(seen), len(h.progress), n)
	}
	for u, c := range seen {
		if c != 1 {
			t.Errorf("%s reported %d times", u, c)
		}
	}
}

// TestWorkspaceDiagnosticBounds: the walk stops at the file bound and says so
// in a warning; the byte bound likewise.
func TestWorkspaceDiagnosticBounds(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{}
	for i := range 10 {
		files[fmt.Sprintf("n%d.txt", i)] = "bad\n" // 4 bytes
	}
	writeNotes(t, root, files)
	for _, tc := range []struct {
		opts Options
		want int
	}{
		{Options{Debounce: -1, MaxWorkspaceFiles: 4}, 4},
		{Options{Debounce: -1, MaxWorkspaceBytes: 4*6 + 3}, 6},
	} {
		h := newHarness(t, tc.opts)
		h.initializeCaps(root, nil, pullCapabilities())
		if got := len(h.pullWorkspace(nil)); got != tc.want {
			t.Errorf("%+v: %d reports, want %d", tc.opts, got, tc.want)
		}
		h.waitFor("a warning about the bound", func() bool {
			for _, l := range h.logs {
				if l.Type == protocol.MessageTypeWarning && strings.Contains(l.Message, "workspace/diagnostic: stopped after") {
					return !strings.Contains(l.Message, root) // names no path
				}
			}
			return false
		})
	}
}

// blockingRules report "bad" like fakeRules and hold the lint of a note that
// says BLOCK until release is closed, telling entered first.
func blockingRules(entered chan<- string, release <-chan struct{}) []*analyzer.Rule {
	rs := fakeRules()
	rs = append(rs, &analyzer.Rule{
		ID: "doc/missing-signature", Severity: analyzer.Warning, Doc: "Blocks on demand.",
		Run: func(p *analyzer.Pass) {
			if strings.Contains(p.Note.Text, "BLOCK") {
				entered <- p.Note.Text
				<-release
			}
		},
	})
	return rs
}

// TestWorkspaceDiagnosticCancel: while a workspace walk runs, edits and other
// requests are served; $/cancelRequest ends it with RequestCancelled, one reply.
func TestWorkspaceDiagnosticCancel(t *testing.T) {
	root := t.TempDir()
	writeNotes(t, root, map[string]string{"a.txt": "BLOCK\n", "b.txt": "bad\n"})
	entered := make(chan string, 4)
	release := make(chan struct{})
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, srv, Options{Rules: blockingRules(entered, release), Debounce: -1}, hooks{})
	}()
	t.Cleanup(func() { cancel(); <-done })
	rc := newRawClient(t, cli)
	rc.send("init", protocol.MethodInitialize, map[string]any{"processId": 1, "rootUri": "file://" + root, "capabilities": pullCapabilities()})
	rc.await(`"init"`)
	rc.send(nil, protocol.MethodInitialized, map[string]any{})

	rc.send(1, methodWorkspaceDiagnostic, map[string]any{"previousResultIds": []any{}})
	<-entered // the walk is linting a.txt
	// The queue is free: a note opens and its diagnostics are pulled meanwhile.
	rc.send(nil, protocol.MethodTextDocumentDidOpen, openParams(docURI, "bad"))
	rc.send(2, methodTextDocumentDiagnostic, docParams(docURI))
	if m := rc.await("2"); m.Error != nil || !strings.Contains(string(m.Result), `"kind":"full"`) {
		t.Fatalf("textDocument/diagnostic during the walk: %s", m.raw)
	}
	rc.send(nil, protocol.MethodCancelRequest, map[string]any{"id": 1})
	// The read loop handles the cancel before it dispatches the next request.
	rc.send(4, protocol.MethodTextDocumentHover, hoverParams(docURI))
	rc.await("4")
	close(release)
	m := rc.await("1")
	if m.Error == nil || m.Error.Code != int64(protocol.CodeRequestCancelled) {
		t.Errorf("cancelled workspace/diagnostic answered %s", m.raw)
	}
	rc.send(3, protocol.MethodShutdown, nil)
	rc.await("3")
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if n := len(rc.responsesLocked("1")); n != 1 {
		t.Errorf("%d replies to the workspace request", n)
	}
}

// TestWorkspaceDiagnosticShutdown: shutdown during a walk answers it with
// ServerCancelled and DiagnosticServerCancellationData.
func TestWorkspaceDiagnosticShutdown(t *testing.T) {
	root := t.TempDir()
	writeNotes(t, root, map[string]string{"a.txt": "BLOCK\n", "b.txt": "bad\n"})
	entered := make(chan string, 4)
	release := make(chan struct{})
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, srv, Options{Rules: blockingRules(entered, release), Debounce: -1}, hooks{})
	}()
	t.Cleanup(func() { cancel(); <-done })
	rc := newRawClient(t, cli)
	rc.send("init", protocol.MethodInitialize, map[string]any{"processId": 1, "rootUri": "file://" + root, "capabilities": pullCapabilities()})
	rc.await(`"init"`)
	rc.send(1, methodWorkspaceDiagnostic, map[string]any{"previousResultIds": []any{}})
	<-entered
	rc.send(2, protocol.MethodShutdown, nil)
	rc.await("2")
	close(release)
	m := rc.await("1")
	if m.Error == nil || m.Error.Code != int64(codeServerCancelled) || string(m.Error.Data) != `{"retriggerRequest":false}` {
		t.Errorf("workspace/diagnostic during shutdown answered %s", m.raw)
	}
}

// TestPullRefreshOnConfigChange: a pulling client that supports refresh is
// asked to pull again when the configuration changes.
func TestPullRefreshOnConfigChange(t *testing.T) {
	h := newHarness(t, Options{Debounce: -1})
	h.initializeCaps("", nil, pullCapabilities())
	h.open(docURI, "bad\n")
	r1 := h.pullDoc(docURI, "")
	h.notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{
		"soaplint": map[string]any{"rules": map[string]any{"doc/vague-phrase": "off"}},
	}})
	h.waitFor("workspace/diagnostic/refresh", func() bool { return h.refresh > 0 })
	if r := h.pullDoc(docURI, r1.ResultID); r.Kind != reportFull || len(r.Items) != 0 {
		t.Errorf("after turning the rule off: %+v", r)
	}
}

// TestWorkspaceDiagnosticBoundedWalks: beyond maxWorkspaceWalks concurrent
// requests, one is answered ServerCancelled with retriggerRequest at once.
func TestWorkspaceDiagnosticBoundedWalks(t *testing.T) {
	root := t.TempDir()
	writeNotes(t, root, map[string]string{"a.txt": "BLOCK\n", "b.txt": "bad\n"})
	entered := make(chan string, 8)
	release := make(chan struct{})
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, srv, Options{Rules: blockingRules(entered, release), Debounce: -1}, hooks{})
	}()
	t.Cleanup(func() { cancel(); <-done })
	rc := newRawClient(t, cli)
	rc.send("init", protocol.MethodInitialize, map[string]any{"processId": 1, "rootUri": "file://" + root, "capabilities": pullCapabilities()})
	rc.await(`"init"`)
	for i := range maxWorkspaceWalks {
		rc.send(i+1, methodWorkspaceDiagnostic, map[string]any{"previousResultIds": []any{}})
		<-entered // walk i holds a.txt
	}
	rc.send(99, methodWorkspaceDiagnostic, map[string]any{"previousResultIds": []any{}})
	m := rc.await("99")
	if m.Error == nil || m.Error.Code != int64(codeServerCancelled) || string(m.Error.Data) != `{"retriggerRequest":true}` {
		t.Errorf("a walk beyond the bound answered %s", m.raw)
	}
	close(release)
	for i := range maxWorkspaceWalks {
		if m := rc.await(fmt.Sprint(i + 1)); m.Error != nil || !strings.Contains(string(m.Result), "b.txt") {
			t.Errorf("walk %d answered %s", i+1, m.raw)
		}
	}
}
