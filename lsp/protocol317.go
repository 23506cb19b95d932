package lsp

import (
	"encoding/json"
	"errors"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// LSP 3.17 shapes that go.lsp.dev/protocol v0.12.0 lacks: pull diagnostics
// (textDocument/diagnostic, workspace/diagnostic) and the capabilities that
// negotiate them. The server decodes and encodes them itself, as it does
// didChange; field names follow the 3.17 specification.

const (
	methodTextDocumentDiagnostic     = "textDocument/diagnostic"
	methodWorkspaceDiagnostic        = "workspace/diagnostic"
	methodWorkspaceDiagnosticRefresh = "workspace/diagnostic/refresh"
	methodProgress                   = "$/progress"

	// codeServerCancelled is LSP 3.17's ServerCancelled: the server gave up on
	// the request (its data is a DiagnosticServerCancellationData).
	codeServerCancelled jsonrpc2.Code = -32802
)

// clientCapabilities317 are the parts of the client's capabilities v0.12.0
// does not declare.
type clientCapabilities317 struct {
	TextDocument struct {
		// Diagnostic is DiagnosticClientCapabilities: present when the client
		// pulls diagnostics.
		Diagnostic *struct {
			DynamicRegistration    bool `json:"dynamicRegistration,omitempty"`
			RelatedDocumentSupport bool `json:"relatedDocumentSupport,omitempty"`
		} `json:"diagnostic,omitempty"`
	} `json:"textDocument"`
	Workspace struct {
		// Diagnostics is DiagnosticWorkspaceClientCapabilities.
		Diagnostics *struct {
			RefreshSupport bool `json:"refreshSupport,omitempty"`
		} `json:"diagnostics,omitempty"`
	} `json:"workspace"`
}

// initializeParams317 is InitializeParams as the server reads it: v0.12.0's
// type plus the 3.17 capabilities.
type initializeParams317 struct {
	protocol.InitializeParams
	Capabilities317 clientCapabilities317 `json:"-"`
}

func (p *initializeParams317) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, &p.InitializeParams); err != nil {
		return err
	}
	var caps struct {
		Capabilities clientCapabilities317 `json:"capabilities"`
	}
	if err := json.Unmarshal(data, &caps); err != nil {
		return err
	}
	p.Capabilities317 = caps.Capabilities
	return nil
}

// diagnosticOptions is DiagnosticOptions, the server's diagnosticProvider.
type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

// serverCapabilities are v0.12.0's ServerCapabilities plus diagnosticProvider.
type serverCapabilities struct {
	protocol.ServerCapabilities
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

// initializeResult is InitializeResult with the 3.17 capabilities.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// documentDiagnosticParams is DocumentDiagnosticParams. Progress tokens are
// integer | string; they are kept raw and echoed in $/progress.
type documentDiagnosticParams struct {
	WorkDoneToken      json.RawMessage                 `json:"workDoneToken,omitempty"`
	PartialResultToken json.RawMessage                 `json:"partialResultToken,omitempty"`
	TextDocument       protocol.TextDocumentIdentifier `json:"textDocument"`
	Identifier         string                          `json:"identifier,omitempty"`
	PreviousResultID   string                          `json:"previousResultId,omitempty"`
}

// Document diagnostic report kinds.
const (
	reportFull      = "full"
	reportUnchanged = "unchanged"
)

// documentReport is a RelatedFullDocumentDiagnosticReport (kind "full", items)
// or a RelatedUnchangedDocumentDiagnosticReport (kind "unchanged", resultId).
// The server relates no other documents (interFileDependencies is false).
type documentReport struct {
	Kind             string                                   `json:"kind"`
	ResultID         string                                   `json:"resultId,omitempty"`
	Items            []protocol.Diagnostic                    `json:"items"`
	RelatedDocuments map[protocol.DocumentURI]*documentReport `json:"relatedDocuments,omitempty"`
}

func (r documentReport) MarshalJSON() ([]byte, error) {
	switch r.Kind {
	case reportFull:
		items := r.Items
		if items == nil {
			items = []protocol.Diagnostic{} // required: never null
		}
		return json.Marshal(struct {
			Kind             string                                   `json:"kind"`
			ResultID         string                                   `json:"resultId,omitempty"`
			Items            []protocol.Diagnostic                    `json:"items"`
			RelatedDocuments map[protocol.DocumentURI]*documentReport `json:"relatedDocuments,omitempty"`
		}{r.Kind, r.ResultID, items, r.RelatedDocuments})
	case reportUnchanged:
		if r.ResultID == "" {
			return nil, errors.New("an unchanged report needs a resultId")
		}
		return json.Marshal(struct {
			Kind             string                                   `json:"kind"`
			ResultID         string                                   `json:"resultId"`
			RelatedDocuments map[protocol.DocumentURI]*documentReport `json:"relatedDocuments,omitempty"`
		}{r.Kind, r.ResultID, r.RelatedDocuments})
	}
	return nil, errors.New("document diagnostic report kind must be full or unchanged")
}

// previousResultID is PreviousResultId.
type previousResultID struct {
	URI   protocol.DocumentURI `json:"uri"`
	Value string               `json:"value"`
}

// workspaceDiagnosticParams is WorkspaceDiagnosticParams.
type workspaceDiagnosticParams struct {
	WorkDoneToken      json.RawMessage    `json:"workDoneToken,omitempty"`
	PartialResultToken json.RawMessage    `json:"partialResultToken,omitempty"`
	Identifier         string             `json:"identifier,omitempty"`
	PreviousResultIDs  []previousResultID `json:"previousResultIds"`
}

// workspaceDocumentReport is a WorkspaceFullDocumentDiagnosticReport or a
// WorkspaceUnchangedDocumentDiagnosticReport: a document report plus the
// document's uri and version (null for a document that is not open).
type workspaceDocumentReport struct {
	URI      protocol.DocumentURI  `json:"uri"`
	Version  *int32                `json:"version"`
	Kind     string                `json:"kind"`
	ResultID string                `json:"resultId,omitempty"`
	Items    []protocol.Diagnostic `json:"items,omitempty"`
}

func (r workspaceDocumentReport) MarshalJSON() ([]byte, error) {
	switch r.Kind {
	case reportFull:
		items := r.Items
		if items == nil {
			items = []protocol.Diagnostic{}
		}
		return json.Marshal(struct {
			URI      protocol.DocumentURI  `json:"uri"`
			Version  *int32                `json:"version"`
			Kind     string                `json:"kind"`
			ResultID string                `json:"resultId,omitempty"`
			Items    []protocol.Diagnostic `json:"items"`
		}{r.URI, r.Version, r.Kind, r.ResultID, items})
	case reportUnchanged:
		if r.ResultID == "" {
			return nil, errors.New("an unchanged report needs a resultId")
		}
		return json.Marshal(struct {
			URI      protocol.DocumentURI `json:"uri"`
			Version  *int32               `json:"version"`
			Kind     string               `json:"kind"`
			ResultID string               `json:"resultId"`
		}{r.URI, r.Version, r.Kind, r.ResultID})
	}
	return nil, errors.New("workspace document diagnostic report kind must be full or unchanged")
}

// workspaceDiagnosticReport is WorkspaceDiagnosticReport; the same shape is a
// WorkspaceDiagnosticReportPartialResult, the value of each $/progress.
type workspaceDiagnosticReport struct {
	Items []workspaceDocumentReport `json:"items"`
}

// progressParams is ProgressParams for partial results.
type progressParams struct {
	Token json.RawMessage `json:"token"`
	Value any             `json:"value"`
}

// diagnosticServerCancellationData is DiagnosticServerCancellationData, the
// data of a ServerCancelled error of a diagnostic request.
type diagnosticServerCancellationData struct {
	RetriggerRequest bool `json:"retriggerRequest"`
}

// serverCancelled is the ServerCancelled error of a diagnostic request.
func serverCancelled(msg string, retrigger bool) *jsonrpc2.Error {
	data, _ := json.Marshal(diagnosticServerCancellationData{RetriggerRequest: retrigger})
	raw := json.RawMessage(data)
	return &jsonrpc2.Error{Code: codeServerCancelled, Message: msg, Data: &raw}
}
