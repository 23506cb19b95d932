package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// PHI: notes full of marker strings go through every method the server
// offers, with everything it can log captured (its log writer — stderr under
// `soaplint lsp` — window/logMessage and window/showMessage). A marker may
// appear only in what the server returns about that note to the same client:
// diagnostics, code actions (fixes), completion items and the outline
// (documentSymbol names the goals by their text). Never in logs, hovers,
// errors, server→client requests other than edits, files, or another session.

var lspMarkerRE = regexp.MustCompile(`ZZPHIMARKER(?:-[A-Z]+-[0-9]+)?`)

// lspMarkerNote is a therapy note whose identifiers and every sentence carry a
// unique marker; tag keeps sessions apart.
func lspMarkerNote(tag string, n int) string {
	k := 0
	m := func(kind string) string { k++; return fmt.Sprintf("ZZPHIMARKER-%s-%s%d%02d", kind, tag, n, k) }
	return strings.Join([]string{
		fmt.Sprintf("Patient: %s %s   DOB: 02/11/1951 %s   MRN: %s", m("NAME"), m("NAME"), m("DOB"), m("MRN")),
		"Discipline: PT",
		"Payer: Medicare Part B",
		"Dx: M25.661 Stiffness of R knee; Q99.ZZ " + m("DX"),
		"Time in 11:50 am / Time out 12:35 pm",
		fmt.Sprintf("S: Pt %s reports R knee pain 5/10 walking to the mailbox at %s.", m("NAME"), m("ADDR")),
		"O:",
		fmt.Sprintf("TherEx 97110 (12:01-12:20, 19 min): bike 6 min, quad sets 2x10 %s.", m("FREE")),
		fmt.Sprintf("TherAct 97530 (12:20-12:35, 15 min): squats 3x10, theraband rows %s.", m("FREE")),
		fmt.Sprintf("A: Pt tolerated well %s. Continue per POC.", m("FREE")),
		"Goals:",
		fmt.Sprintf("STG 1: increase R knee flexion ROM to 120 deg %s", m("GOAL")),
		fmt.Sprintf("LTG: improve quad strength to 5/5 %s", m("GOAL")),
		fmt.Sprintf("Charges: 97110 x2, 97530 x3 %s", m("FREE")),
		"Signed: Alicia Brandt, PT",
	}, "\n")
}

// phiSession drives one client through every method over a real session.
type phiSession struct {
	t     *testing.T
	rc    *rawClient
	log   *syncBuffer
	id    int
	kinds map[string]string // request id → method, for the responses
	notes map[string]string // uri → text
}

func startPHISession(t *testing.T, root string) *phiSession {
	t.Helper()
	srv, cli := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, Options{Rules: rules.All(), Debounce: -1, Log: log}) }()
	t.Cleanup(func() { cancel(); <-done })
	rc := newAnsweringClient(t, cli, func(method string) any {
		switch method {
		case protocol.MethodWorkspaceConfiguration:
			return []any{map[string]any{"profile": "medicare", "rules": map[string]any{"goal/no-timeframe": "warning"}}}
		case protocol.MethodWorkspaceApplyEdit:
			return map[string]any{"applied": true}
		}
		return nil
	})
	return &phiSession{t: t, rc: rc, log: log, kinds: map[string]string{}, notes: map[string]string{}}
}

func (p *phiSession) call(method string, params any) wireMsg {
	p.t.Helper()
	p.id++
	p.kinds[fmt.Sprint(p.id)] = method
	p.rc.send(p.id, method, params)
	return p.rc.await(fmt.Sprint(p.id))
}

// exercise runs every method on the notes under root.
func (p *phiSession) exercise(root, tag string) {
	t := p.t
	p.rc.send(nil, "$/setTrace", map[string]any{"value": "verbose"})
	if m := p.call(protocol.MethodInitialize, map[string]any{
		"processId": 1, "rootUri": "file://" + root, "trace": "verbose",
		"capabilities":          map[string]any{"workspace": map[string]any{"configuration": true, "applyEdit": true}},
		"initializationOptions": map[string]any{"debounceMs": 0},
	}); m.Error != nil {
		t.Fatalf("initialize: %s", m.raw)
	}
	p.rc.send(nil, protocol.MethodInitialized, map[string]any{})
	p.rc.send(nil, "$/setTrace", map[string]any{"value": "verbose"})

	uris := []string{"file://" + root + "/a.txt", "file://" + root + "/badcfg/b.txt", "untitled:Untitled-" + tag}
	for i, uri := range uris {
		text := lspMarkerNote(tag, i)
		p.notes[uri] = text
		p.rc.send(nil, protocol.MethodTextDocumentDidOpen, map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "soap-note", "version": 1, "text": text}})
	}
	// An incremental edit adding a sentence, a full replacement, a save.
	extra := fmt.Sprintf("\nP: Pt tolerated well ZZPHIMARKER-FREE-%s900, see flowsheet.", tag)
	p.rc.send(nil, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uris[0], "version": 2},
		"contentChanges": []any{map[string]any{"range": rng(14, 25, 14, 25), "text": extra}},
	})
	p.notes[uris[0]] = p.notes[uris[0]] + extra
	p.rc.send(nil, protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uris[1], "version": 2},
		"contentChanges": []any{map[string]any{"text": lspMarkerNote(tag, 7)}},
	})
	p.notes[uris[1]] = lspMarkerNote(tag, 7)
	p.rc.send(nil, protocol.MethodTextDocumentDidSave, map[string]any{"textDocument": map[string]any{"uri": uris[0]}})
	p.rc.send(nil, protocol.MethodTextDocumentDidSave, map[string]any{"textDocument": map[string]any{"uri": "file://" + root + "/.soaplint.yaml"}})
	p.rc.send(nil, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"soaplint": map[string]any{"profile": "commercial"}}})
	p.rc.send(nil, protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": nil})
	p.rc.send(nil, protocol.MethodWorkspaceDidChangeWatchedFiles, map[string]any{"changes": []any{map[string]any{"uri": "file://" + root + "/.soaplint.yaml", "type": 2}}})

	for _, uri := range uris {
		p.call(protocol.MethodTextDocumentDocumentSymbol, docParams(uri))
		lines := strings.Split(p.notes[uri], "\n")
		for l, line := range lines {
			for _, c := range []int{0, 3, 8, 15, 22, 40, len(line)} {
				pos := map[string]any{"line": l, "character": c}
				p.call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
				p.call(protocol.MethodTextDocumentCompletion, map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
			}
			p.call(protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng(l, 0, l, len(line)), "context": map[string]any{"diagnostics": []any{}}})
		}
		// Code actions for each published diagnostic, as editors send them.
		for _, d := range p.lastDiagnostics(uri) {
			p.call(protocol.MethodTextDocumentCodeAction, map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range, "context": map[string]any{"diagnostics": []any{d}}})
		}
	}
	p.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": cmdAddTerm, "arguments": []any{"functional", "pickleball", uris[0]}})
	p.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": cmdAddTerm, "arguments": []any{"functional", "ZZPHIMARKER-FREE-" + tag + "901\nsecond line", uris[0]}})
	p.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": "soaplint.nonsense", "arguments": []any{uris[0]}})
	p.call(methodExplain, map[string]any{"rule": "goal/impairment-based"})
	// Malformed params on a real document.
	p.call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": map[string]any{"uri": uris[0]}, "position": "ZZPHIMARKER"})
	for _, uri := range uris {
		p.rc.send(nil, protocol.MethodTextDocumentDidClose, map[string]any{"textDocument": map[string]any{"uri": uri}})
	}
	p.call(protocol.MethodShutdown, nil)
}

// lastDiagnostics waits until the document has diagnostics (publishes are
// asynchronous: no request's answer implies one was sent) and returns the last
// published (every settled version is published, so after an edit this is the
// latest version's once it arrives).
func (p *phiSession) lastDiagnostics(uri string) []protocol.Diagnostic {
	p.t.Helper()
	var out []protocol.Diagnostic
	p.rc.waitFor("diagnostics for "+uri, func() bool {
		for _, m := range p.rc.msgs {
			var pub protocol.PublishDiagnosticsParams
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics && json.Unmarshal(m.Params, &pub) == nil && string(pub.URI) == uri {
				out = pub.Diagnostics
			}
		}
		return len(out) > 0
	})
	return out
}

// strs collects every string value in a JSON document.
func strs(raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}

// check scans everything the server sent and logged. It returns every marker
// the session was shown (to check sessions against each other) and how many
// were shown in allowed places.
func (p *phiSession) check() (seen map[string]bool, allowedShown int) {
	t := p.t
	seen = map[string]bool{}
	p.rc.mu.Lock()
	msgs := append([]wireMsg(nil), p.rc.msgs...)
	p.rc.mu.Unlock()
	counts := map[string]int{}
	for _, m := range msgs {
		for _, mk := range lspMarkerRE.FindAllString(string(m.raw), -1) {
			seen[mk] = true
		}
		var allowed []string
		switch {
		case m.Method == protocol.MethodTextDocumentPublishDiagnostics:
			var pub protocol.PublishDiagnosticsParams
			_ = json.Unmarshal(m.Params, &pub)
			for _, d := range pub.Diagnostics {
				allowed = append(allowed, d.Message)
			}
			counts["diagnostics"] += len(pub.Diagnostics)
		case m.Method == protocol.MethodWorkspaceApplyEdit:
			allowed = strs(m.Params)
		case m.isResponse() && m.Error == nil:
			switch k := p.kinds[strings.Trim(string(m.ID), `"`)]; k {
			case protocol.MethodTextDocumentCodeAction, protocol.MethodTextDocumentCompletion, protocol.MethodTextDocumentDocumentSymbol:
				allowed = strs(m.Result)
				if len(allowed) > 0 {
					counts[k]++
				}
			case protocol.MethodTextDocumentHover:
				if string(m.Result) != "null" {
					counts[k]++
				}
			}
		case m.Method == protocol.MethodWindowLogMessage || m.Method == protocol.MethodWindowShowMessage:
			counts["log"]++
		}
		rest := string(m.raw)
		for _, a := range allowed {
			if lspMarkerRE.MatchString(a) {
				allowedShown++
				b, _ := json.Marshal(a)
				rest = strings.ReplaceAll(rest, string(b[1:len(b)-1]), "")
			}
		}
		if l := lspMarkerRE.FindAllString(rest, -1); len(l) > 0 {
			t.Errorf("server message leaks %v:\n%.2000s", l, m.raw)
		}
	}
	if l := lspMarkerRE.FindAllString(p.log.String(), -1); len(l) > 0 {
		t.Errorf("server log (stderr) leaks %v:\n%s", l, p.log.String())
	}
	for _, k := range []string{"diagnostics", protocol.MethodTextDocumentCodeAction, protocol.MethodTextDocumentCompletion, protocol.MethodTextDocumentDocumentSymbol, protocol.MethodTextDocumentHover, "log"} {
		if counts[k] == 0 {
			t.Errorf("no %s from the server: the check would prove nothing", k)
		}
	}
	t.Logf("checked %d messages (%v) and %d bytes of log", len(msgs), counts, len(p.log.String()))
	return seen, allowedShown
}

func TestPHIServer(t *testing.T) {
	root := t.TempDir()
	for name, data := range map[string]string{
		".soaplint.yaml":        "profile: medicare\n",
		"badcfg/.soaplint.yaml": "profile: [medicare\nrules: {\n",
	} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, b := startPHISession(t, root), startPHISession(t, root)
	a.exercise(root, "A")
	b.exercise(root, "B")
	seenA, shownA := a.check()
	seenB, _ := b.check()
	if shownA == 0 {
		t.Errorf("no marker in any result: the allowed-set logic is untested")
	}
	// Markers end in -<session tag><digits>: no session is shown another's.
	for _, x := range []struct {
		name  string
		seen  map[string]bool
		other string
	}{{"A", seenA, "B"}, {"B", seenB, "A"}} {
		for mk := range x.seen {
			if i := strings.LastIndexByte(mk, '-'); i >= 0 && strings.HasPrefix(mk[i+1:], x.other) {
				t.Errorf("session %s was shown session %s's %s", x.name, x.other, mk)
			}
		}
	}
	// Files the server wrote (the project lexicon) hold no note text.
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if l := lspMarkerRE.FindAllString(string(data), -1); len(l) > 0 {
			t.Errorf("%s holds %v", path, l)
		}
		return nil
	})
}
