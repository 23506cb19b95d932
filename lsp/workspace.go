package lsp

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Bounds of one workspace/diagnostic request (Options can lower or raise the
// first two).
const (
	DefaultMaxWorkspaceFiles       = 10_000
	DefaultMaxWorkspaceBytes int64 = 256 << 20
	// maxNoteFileBytes: a larger file in a workspace folder is not a note; it
	// is skipped rather than read.
	maxNoteFileBytes = 10 << 20
	// progressBatch is how many reports go in one $/progress partial result.
	progressBatch = 100
	// maxWorkspaceWalks bounds the walks of one session at a time; a request
	// beyond it is answered ServerCancelled with retriggerRequest, so a client
	// that sends many cannot make the server walk the folders many times over.
	maxWorkspaceWalks = 2
)

// noteExtensions are the files a workspace walk lints: those the CLI's folder
// walk picks up.
var noteExtensions = map[string]bool{".txt": true, ".md": true, ".note": true, ".soap": true}

var errShuttingDown = errors.New("shutting down")

// workspaceBudget counts what one request has read against its bounds.
type workspaceBudget struct {
	files, maxFiles int
	bytes, maxBytes int64
	limited         bool // a bound was reached: the walk stopped early
}

func newWorkspaceBudget(o Options) *workspaceBudget {
	return &workspaceBudget{maxFiles: o.MaxWorkspaceFiles, maxBytes: o.MaxWorkspaceBytes}
}

// take counts a file of n bytes; false (and limited) when it would pass a bound.
func (b *workspaceBudget) take(n int64) bool {
	if b.files >= b.maxFiles || b.bytes+n > b.maxBytes {
		b.limited = true
		return false
	}
	b.files++
	b.bytes += n
	return true
}

// workspaceDiagnostic answers workspace/diagnostic: a report for every note in
// the workspace folders (open ones at their current version, the others read
// from disk, version null), "unchanged" where previousResultIds already names
// the findings. With a partialResultToken the reports are streamed in
// $/progress batches and the response itself is empty. The walk stops at
// the file and byte bounds, does not follow symbolic links or enter hidden
// folders, and ends on $/cancelRequest (RequestCancelled) or shutdown
// (ServerCancelled).
func (s *server) workspaceDiagnostic(ctx context.Context, p *workspaceDiagnosticParams) (*workspaceDiagnosticReport, error) {
	select {
	case s.walks <- struct{}{}:
		defer func() { <-s.walks }()
	default:
		return nil, serverCancelled("workspace diagnostics are already being computed", true)
	}
	prev := make(map[protocol.DocumentURI]string, len(p.PreviousResultIDs))
	for _, r := range p.PreviousResultIDs {
		prev[r.URI] = r.Value
	}
	stream := len(p.PartialResultToken) > 0 && string(p.PartialResultToken) != "null"
	b := newWorkspaceBudget(s.opts)
	items := []workspaceDocumentReport{}
	flush := func() error {
		if !stream || len(items) == 0 {
			return nil
		}
		err := s.conn.Notify(ctx, methodProgress, progressParams{Token: p.PartialResultToken, Value: workspaceDiagnosticReport{Items: items}})
		items = []workspaceDocumentReport{}
		return err
	}
	seen := map[string]bool{}
	for _, folder := range s.config.workspaceFolders() {
		err := filepath.WalkDir(folder, func(path string, d fs.DirEntry, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if s.life.get() == serverShutDown {
				return errShuttingDown
			}
			if err != nil { // unreadable: skip it, go on with the rest
				if d != nil && d.IsDir() && path != folder {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != folder && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !noteExtensions[strings.ToLower(filepath.Ext(path))] || seen[path] {
				return nil
			}
			seen[path] = true
			rep, ok, err := s.fileReport(ctx, path, b, prev)
			switch {
			case err != nil:
				return err
			case b.limited:
				return filepath.SkipAll
			case !ok:
				return nil
			}
			items = append(items, rep)
			if len(items) >= progressBatch {
				return flush()
			}
			return nil
		})
		switch {
		case errors.Is(err, errShuttingDown):
			return nil, serverCancelled("the server is shutting down", false)
		case err != nil:
			return nil, err
		}
		if b.limited {
			break
		}
	}
	if b.limited {
		s.logf(protocol.MessageTypeWarning, "workspace/diagnostic: stopped after %d files, %d bytes (limits: %d files, %d bytes)",
			b.files, b.bytes, b.maxFiles, b.maxBytes)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return &workspaceDiagnosticReport{Items: items}, nil
}

// fileReport is the report of one note of a workspace folder: from its open
// document when there is one, else from disk.
func (s *server) fileReport(ctx context.Context, path string, b *workspaceBudget, prev map[protocol.DocumentURI]string) (workspaceDocumentReport, bool, error) {
	u := protocol.DocumentURI(uri.File(path))
	if _, open := s.docs.state(u, 0); open {
		snap, err := s.current(ctx, u)
		if err != nil {
			return workspaceDocumentReport{}, false, err
		}
		if snap != nil {
			if !b.take(int64(len(snap.text))) {
				return workspaceDocumentReport{}, false, nil
			}
			v := snap.version
			rep := workspaceDocumentReport{URI: u, Version: &v, Kind: reportFull, ResultID: snap.resultID, Items: snap.diags}
			if prev[u] == snap.resultID {
				rep.Kind, rep.Items = reportUnchanged, nil
			}
			return rep, true, nil
		}
	}
	return s.diskReport(ctx, u, path, b, prev)
}

// diskReport lints the note file at path, if it lies in a workspace folder, is
// a regular file within the bounds and reads as text (valid UTF-8, no NUL);
// ok is false otherwise. Findings are remembered by file size, modification
// time and configuration, so an unchanged file is not linted again.
func (s *server) diskReport(ctx context.Context, u protocol.DocumentURI, path string, b *workspaceBudget, prev map[protocol.DocumentURI]string) (rep workspaceDocumentReport, ok bool, err error) {
	if path == "" || !s.inWorkspace(path) {
		return rep, false, nil
	}
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxNoteFileBytes {
		return rep, false, nil
	}
	if !b.take(info.Size()) {
		return rep, false, nil
	}
	gen := s.config.generation()
	e, hit := s.files.get(path, info, gen)
	if !hit {
		data, err := os.ReadFile(path)
		if err != nil || !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return rep, false, nil
		}
		res, err := s.run(ctx, string(data), s.configFor(u))
		if err != nil {
			return rep, false, nil // a panicking rule: logged; the note gets no report
		}
		if res == nil {
			return rep, false, ctx.Err()
		}
		e = fileEntry{size: info.Size(), mod: info.ModTime(), gen: gen, items: toDiagnostics(res.Diagnostics, res.Note.Mapper())}
		_, e.resultID = encodeDiagnostics(e.items)
		s.files.put(path, e, s.opts.MaxWorkspaceFiles)
	}
	rep = workspaceDocumentReport{URI: u, Kind: reportFull, ResultID: e.resultID, Items: e.items}
	if prev[u] == e.resultID {
		rep.Kind, rep.Items = reportUnchanged, nil
	}
	return rep, true, nil
}

// inWorkspace reports whether path lies inside a workspace folder.
func (s *server) inWorkspace(path string) bool {
	for _, f := range s.config.workspaceFolders() {
		if rel, err := filepath.Rel(f, path); err == nil && filepath.IsLocal(rel) {
			return true
		}
	}
	return false
}

// fileCache remembers the findings of note files read from disk.
type fileCache struct {
	mu      sync.Mutex
	entries map[string]fileEntry
}

type fileEntry struct {
	size     int64
	mod      time.Time
	gen      uint64 // configuration generation it was linted under
	items    []protocol.Diagnostic
	resultID string
}

func (c *fileCache) get(path string, info fs.FileInfo, gen uint64) (fileEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[path]
	if !ok || e.size != info.Size() || !e.mod.Equal(info.ModTime()) || e.gen != gen {
		return fileEntry{}, false
	}
	return e, true
}

// put stores e, starting over when the cache holds max entries.
func (c *fileCache) put(path string, e fileEntry, max int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= max {
		c.entries = map[string]fileEntry{}
	}
	c.entries[path] = e
}

func (c *fileCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
