package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path/filepath"
	"time"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// schedule runs job, a debounced lint of a document's new text (the store
// has cancelled the run for its previous text).
func (s *server) schedule(job lintJob) {
	ctx, cancel, gen, uri := job.ctx, job.cancel, job.gen, job.uri
	if pull, _ := s.life.pulls(); pull {
		cancel() // the client asks for diagnostics when it wants them
		return
	}
	delay := s.config.debounceDelay()
	started := s.goOwned(func() {
		defer cancel()
		// The first lint waits (briefly) for the client's settings.
		select {
		case <-s.config.configured:
		case <-ctx.Done():
			return
		case <-time.After(2 * time.Second):
		}
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		snap, err := s.analyze(ctx, uri, gen)
		if err != nil || snap == nil {
			return // cancelled, superseded or closed
		}
		if !s.flow.publishTurn(ctx) {
			return // superseded while an earlier result was being written
		}
		defer s.flow.publishDone()
		s.publish(snap)
	})
	if !started {
		cancel()
	}
}

// analyze lints the document at uri if its text is still generation gen (0
// means whatever is current) and caches the result on the document.
func (s *server) analyze(ctx context.Context, uri protocol.DocumentURI, gen uint64) (*snapshot, error) {
	st, ok := s.docs.state(uri, gen)
	if !ok {
		return nil, nil
	}
	if st.snap != nil {
		return st.snap, nil
	}
	cfg := s.configFor(uri)
	res, err := s.run(ctx, st.text, cfg)
	if err != nil {
		s.emit("panic", uri, st.version)
		return nil, err
	}
	if res == nil {
		return nil, ctx.Err()
	}
	m := res.Note.Mapper()
	snap := &snapshot{uri: uri, version: st.version, gen: st.gen, text: st.text, cfg: cfg, res: res, mapper: m,
		diags: toDiagnostics(res.Diagnostics, m)}
	s.addEpisodes(ctx, snap) // episode.go: before encoding, so pulls see them too
	snap.diagsJSON, snap.resultID = encodeDiagnostics(snap.diags)
	s.docs.cache(snap)
	return snap, nil
}

// run lints text. A panicking rule must not take the session down: the note
// gets no diagnostics and the log names where it happened (never the text).
func (s *server) run(ctx context.Context, text string, cfg analyzer.Config) (res *analyzer.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logf(protocol.MessageTypeError, "internal error linting a note: %s", panicSite())
			res, err = nil, errLintPanic
		}
	}()
	res, err = analyzer.Run(ctx, text, s.opts.Rules, cfg)
	if err != nil {
		return nil, nil // cancelled
	}
	return res, nil
}

var errLintPanic = errors.New("internal error linting the note")

func (s *server) emit(kind string, uri protocol.DocumentURI, version int32) {
	if s.hooks.trace != nil {
		s.hooks.trace(traceEvent{Kind: kind, URI: string(uri), Version: version})
	}
}

// current returns the analysis of the document's current text, computing it if
// the debounced run has not yet. It returns nil for documents that are not open.
func (s *server) current(ctx context.Context, uri protocol.DocumentURI) (*snapshot, error) {
	if err := s.refusedErr(uri); err != nil {
		return nil, err
	}
	for range 3 { // an edit between reading and caching makes us retry
		snap, err := s.analyze(ctx, uri, 0)
		if err != nil || snap == nil {
			return snap, err
		}
		if s.docs.current(uri, snap.gen) {
			return snap, nil
		}
	}
	return s.analyze(ctx, uri, 0)
}

// publish sends snap's diagnostics unless the document has moved on since (a
// newer version will publish), was closed, or this version already went out
// with the same findings.
func (s *server) publish(snap *snapshot) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if pull, _ := s.life.pulls(); pull {
		return // the client asks (textDocument/diagnostic); pushing too would show findings twice
	}
	switch s.docs.markPublished(snap, snap.diagsJSON) {
	case publishStale:
		s.emit("dropped", snap.uri, snap.version)
		return
	case publishRepeat:
		s.emit("skipped", snap.uri, snap.version)
		return
	}
	version := snap.version
	if version < 0 {
		version = 0
	}
	_ = s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{
		URI: snap.uri, Version: uint32(version), Diagnostics: snap.diags,
	})
	s.emit("published", snap.uri, snap.version)
}

// relintAll re-lints every open document (after a configuration change).
func (s *server) relintAll() {
	for _, job := range s.docs.bumpAll() {
		s.schedule(job)
	}
}

// encodeDiagnostics returns diagnostics as JSON and the result ID that names
// them: a digest of that JSON, so that a report is "unchanged" exactly when the
// client already shows these findings at these positions.
func encodeDiagnostics(diags []protocol.Diagnostic) ([]byte, string) {
	data, err := json.Marshal(diags)
	if err != nil {
		return nil, ""
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:12])
}

// toDiagnostics converts analyzer findings; the result is never nil, so that an
// empty set is published as [] (protocol v0.12.0 marshals a nil slice as null).
func toDiagnostics(ds []analyzer.Diagnostic, m *note.Mapper) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, protocol.Diagnostic{
			Range:           toRange(m, d.Start, d.End),
			Severity:        toSeverity(d.Severity),
			Code:            d.Rule,
			CodeDescription: &protocol.CodeDescription{Href: protocol.URI(ruleURI(d.Rule))},
			Source:          "soaplint",
			Message:         d.Message,
		})
	}
	return out
}

// ruleURI links a rule to its explanation (`soaplint explain RULE`; the server
// answers soaplint/explain for it).
func ruleURI(id string) string { return "soaplint://rules/" + id }

func toSeverity(s analyzer.Severity) protocol.DiagnosticSeverity {
	switch s {
	case analyzer.Error:
		return protocol.DiagnosticSeverityError
	case analyzer.Warning:
		return protocol.DiagnosticSeverityWarning
	default:
		return protocol.DiagnosticSeverityInformation
	}
}

func toPosition(m *note.Mapper, off int) protocol.Position {
	l, c := m.UTF16(off)
	return protocol.Position{Line: uint32(l), Character: uint32(c)}
}

func toRange(m *note.Mapper, start, end int) protocol.Range {
	return protocol.Range{Start: toPosition(m, start), End: toPosition(m, end)}
}

func fromPosition(m *note.Mapper, p protocol.Position) int {
	return m.Offset(int(p.Line), int(p.Character))
}

// lexicon is the lexicon in effect for the workspace root.
func (s *server) lexicon() *lexicon.Lexicon {
	if cfg := s.configForDir(s.config.rootDir()); cfg.Lexicon != nil {
		return cfg.Lexicon
	}
	return lexicon.Default()
}

// dirOf is the directory whose .soaplint.yaml applies to the document.
func (s *server) dirOf(uri protocol.DocumentURI) string {
	if p := uriPath(uri); p != "" {
		return filepath.Dir(p)
	}
	return s.config.rootDir()
}

func (s *server) configFor(uri protocol.DocumentURI) analyzer.Config {
	return s.configForDir(s.dirOf(uri))
}
