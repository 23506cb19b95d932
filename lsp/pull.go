package lsp

import (
	"context"

	"go.lsp.dev/protocol"
)

// documentDiagnostic answers textDocument/diagnostic with the findings of the
// document's current text — the version the client last sent, since requests
// and edits are handled in order — linting it now if the debounced run has not.
// A report is "unchanged" when the client's previousResultId names exactly
// these findings. A document that is not open is linted from disk when it lies
// in a workspace folder; otherwise its report is empty.
func (s *server) documentDiagnostic(ctx context.Context, p *documentDiagnosticParams) (*documentReport, error) {
	uri := p.TextDocument.URI
	snap, err := s.current(ctx, uri)
	if err != nil {
		return nil, err
	}
	var diags []protocol.Diagnostic
	var id string
	switch {
	case snap != nil:
		diags, id = snap.diags, snap.resultID
		s.emit("pulled", uri, snap.version)
	default:
		rep, ok, err := s.diskReport(ctx, uri, uriPath(uri), newWorkspaceBudget(s.opts), nil)
		if err != nil {
			return nil, err
		}
		if ok {
			diags, id = rep.Items, rep.ResultID
		} else {
			_, id = encodeDiagnostics([]protocol.Diagnostic{})
		}
	}
	if p.PreviousResultID != "" && p.PreviousResultID == id {
		return &documentReport{Kind: reportUnchanged, ResultID: id}, nil
	}
	return &documentReport{Kind: reportFull, ResultID: id, Items: diags}, nil
}
