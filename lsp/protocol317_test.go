package lsp

import (
	"encoding/json"
	"reflect"
	"testing"
)

// roundTrip decodes wire (an LSP 3.17 JSON shape) into v, encodes v again and
// checks the two documents are the same JSON value.
func roundTrip(t *testing.T, name, wire string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(wire), v); err != nil {
		t.Fatalf("%s: decode: %v", name, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: encode: %v", name, err)
	}
	var a, b any
	_ = json.Unmarshal([]byte(wire), &a)
	_ = json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("%s:\n wire %s\n ours %s", name, wire, out)
	}
}

const diag317 = `{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":14}},"severity":1,"code":"time/units-mismatch","codeDescription":{"href":"soaplint://rules/time/units-mismatch"},"source":"soaplint","message":"2 units billed, 1 supported"}`

func TestProtocol317RoundTrip(t *testing.T) {
	roundTrip(t, "DocumentDiagnosticParams",
		`{"textDocument":{"uri":"file:///notes/a.txt"},"identifier":"soaplint","previousResultId":"r1","workDoneToken":7,"partialResultToken":"p-1"}`,
		&documentDiagnosticParams{})
	roundTrip(t, "DocumentDiagnosticParams, minimal", `{"textDocument":{"uri":"file:///notes/a.txt"}}`, &documentDiagnosticParams{})
	roundTrip(t, "RelatedFullDocumentDiagnosticReport",
		`{"kind":"full","resultId":"r2","items":[`+diag317+`]}`, &documentReport{})
	roundTrip(t, "RelatedFullDocumentDiagnosticReport, empty", `{"kind":"full","items":[]}`, &documentReport{})
	roundTrip(t, "RelatedFullDocumentDiagnosticReport, related",
		`{"kind":"full","resultId":"r2","items":[],"relatedDocuments":{"file:///notes/b.txt":{"kind":"unchanged","resultId":"r0"}}}`, &documentReport{})
	roundTrip(t, "RelatedUnchangedDocumentDiagnosticReport", `{"kind":"unchanged","resultId":"r2"}`, &documentReport{})
	roundTrip(t, "WorkspaceDiagnosticParams",
		`{"identifier":"soaplint","previousResultIds":[{"uri":"file:///notes/a.txt","value":"r1"},{"uri":"file:///notes/b.txt","value":"r9"}],"workDoneToken":"w","partialResultToken":3}`,
		&workspaceDiagnosticParams{})
	roundTrip(t, "WorkspaceDiagnosticParams, no previous", `{"previousResultIds":[]}`, &workspaceDiagnosticParams{})
	roundTrip(t, "WorkspaceDiagnosticReport",
		`{"items":[`+
			`{"uri":"file:///notes/a.txt","version":4,"kind":"full","resultId":"r3","items":[`+diag317+`]},`+
			`{"uri":"file:///notes/b.txt","version":null,"kind":"full","items":[]},`+
			`{"uri":"file:///notes/c.txt","version":null,"kind":"unchanged","resultId":"r9"},`+
			`{"uri":"file:///notes/d.txt","version":2,"kind":"unchanged","resultId":"r8"}]}`,
		&workspaceDiagnosticReport{})
	roundTrip(t, "WorkspaceDiagnosticReportPartialResult", `{"items":[]}`, &workspaceDiagnosticReport{})
	roundTrip(t, "DiagnosticServerCancellationData", `{"retriggerRequest":true}`, &diagnosticServerCancellationData{})
	roundTrip(t, "DiagnosticOptions", `{"identifier":"soaplint","interFileDependencies":false,"workspaceDiagnostics":true}`, &diagnosticOptions{})
}

// TestProtocol317Encoding: what the server must never send — null items, an
// unchanged report without a resultId, a kind the client cannot read — and a
// workspace report's version, which is null (not absent) for a closed note.
func TestProtocol317Encoding(t *testing.T) {
	if out, _ := json.Marshal(documentReport{Kind: reportFull}); string(out) != `{"kind":"full","items":[]}` {
		t.Errorf("empty full report = %s", out)
	}
	if out, _ := json.Marshal(workspaceDocumentReport{URI: "file:///a.txt", Kind: reportFull}); string(out) != `{"uri":"file:///a.txt","version":null,"kind":"full","items":[]}` {
		t.Errorf("closed note's report = %s", out)
	}
	v := int32(3)
	if out, _ := json.Marshal(workspaceDocumentReport{URI: "file:///a.txt", Version: &v, Kind: reportUnchanged, ResultID: "r"}); string(out) != `{"uri":"file:///a.txt","version":3,"kind":"unchanged","resultId":"r"}` {
		t.Errorf("unchanged report = %s", out)
	}
	for _, bad := range []any{documentReport{Kind: reportUnchanged}, documentReport{Kind: "partial"}, workspaceDocumentReport{Kind: reportUnchanged}, workspaceDocumentReport{}} {
		if out, err := json.Marshal(bad); err == nil {
			t.Errorf("%+v encoded as %s, want an error", bad, out)
		}
	}
	e := serverCancelled("busy", true)
	if e.Code != -32802 || e.Data == nil || string(*e.Data) != `{"retriggerRequest":true}` {
		t.Errorf("ServerCancelled = %+v", e)
	}
}

// TestInitializeParams317: the 3.17 capabilities are read beside v0.12.0's fields.
func TestInitializeParams317(t *testing.T) {
	var p initializeParams317
	wire := `{"processId":42,"rootUri":"file:///clinic","workspaceFolders":[{"uri":"file:///clinic","name":"clinic"}],
		"capabilities":{"workspace":{"configuration":true,"diagnostics":{"refreshSupport":true}},
		"textDocument":{"diagnostic":{"dynamicRegistration":true,"relatedDocumentSupport":false},"hover":{"contentFormat":["markdown"]}}}}`
	if err := json.Unmarshal([]byte(wire), &p); err != nil {
		t.Fatal(err)
	}
	if p.ProcessID != 42 || p.RootURI != "file:///clinic" || len(p.WorkspaceFolders) != 1 || p.Capabilities.Workspace == nil || !p.Capabilities.Workspace.Configuration {
		t.Errorf("v0.12.0 fields: %+v", p.InitializeParams)
	}
	c := p.Capabilities317
	if c.TextDocument.Diagnostic == nil || !c.TextDocument.Diagnostic.DynamicRegistration || c.Workspace.Diagnostics == nil || !c.Workspace.Diagnostics.RefreshSupport {
		t.Errorf("3.17 capabilities: %+v", c)
	}
	var none initializeParams317
	if err := json.Unmarshal([]byte(`{"processId":1,"capabilities":{}}`), &none); err != nil || none.Capabilities317.TextDocument.Diagnostic != nil {
		t.Errorf("a push client reads as pulling: %+v, %v", none.Capabilities317, err)
	}
}
