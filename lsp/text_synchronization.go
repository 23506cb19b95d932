package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/note"
)

func (s *server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	if !languages[string(td.LanguageID)] {
		return nil
	}
	job, refused := s.docs.open(td.URI, string(td.LanguageID), td.Version, td.Text)
	if refused != "" {
		s.refuseDocument(td.URI, refused, true)
		return nil
	}
	s.schedule(job)
	return nil
}

// change is one content change as sent; Range is nil for a full-content change
// (protocol v0.12.0 declares it as a value, which cannot tell the two apart).
type change struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []change                                 `json:"contentChanges"`
}

// didChange applies edits to an open document; edits for documents that are
// not open are ignored.
func (s *server) didChange(p *didChangeParams) {
	job, ok, refused := s.docs.change(p.TextDocument.URI, p.TextDocument.Version, p.ContentChanges)
	switch {
	case refused != "":
		s.refuseDocument(p.TextDocument.URI, refused, true)
	case ok:
		s.schedule(job)
	}
}

// DidChange is reached only through the protocol dispatcher's typed path, which
// the handler bypasses (see didChange); it is kept for protocol.Server callers.
func (s *server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	p := &didChangeParams{TextDocument: params.TextDocument}
	for _, c := range params.ContentChanges {
		r := c.Range
		p.ContentChanges = append(p.ContentChanges, change{Range: &r, Text: c.Text})
	}
	s.didChange(p)
	return nil
}

// applyChanges applies content changes in order. Positions are 0-based lines and
// UTF-16 columns; out-of-range positions clamp to the end of their line or of
// the text, and a reversed range is treated as empty at its start.
func applyChanges(text string, changes []change) string {
	for _, c := range changes {
		if c.Range == nil {
			text = c.Text
			continue
		}
		m := note.NewMapper(text)
		start := m.Offset(int(c.Range.Start.Line), int(c.Range.Start.Character))
		end := m.Offset(int(c.Range.End.Line), int(c.Range.End.Character))
		if end < start {
			end = start
		}
		text = text[:start] + c.Text + text[end:]
	}
	return text
}

func (s *server) DidSave(ctx context.Context, params *protocol.DidSaveTextDocumentParams) error {
	if strings.HasSuffix(string(params.TextDocument.URI), "/"+configFileName) {
		s.configChanged()
	}
	return nil
}

func (s *server) DidChangeWatchedFiles(ctx context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.episodes.changed(params.Changes)
	for _, c := range params.Changes {
		if strings.HasSuffix(string(c.URI), "/"+configFileName) {
			s.configChanged()
			break
		}
	}
	return nil
}

func (s *server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	if !s.docs.close(params.TextDocument.URI) {
		return nil
	}
	if pull, _ := s.life.pulls(); pull {
		return nil // a pulling client drops a closed document's findings itself
	}
	// Clear the editor's diagnostics with an empty array, never null.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	return s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{
		URI: params.TextDocument.URI, Diagnostics: []protocol.Diagnostic{},
	})
}
