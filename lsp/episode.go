package lsp

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/episode"
)

// Episode findings in the editor: for an open note with a patient and a date,
// the other notes of the same patient in its workspace folder are read from
// disk (bounded: episodeMaxFiles files of at most episodeMaxBytes each, note
// extensions only, no symlinked folders), reduced to episode summaries and
// cached per file; workspace/didChangeWatchedFiles drops the entries of the
// files it names, which are read again on the next lint. The open note's own
// summary comes from its editor text. Its episode findings are published with
// the rest; the other open notes pick up a change on their next edit.
const (
	episodeMaxFiles = 5000
	episodeMaxBytes = 1 << 20
)

// episodeExts are the file names read as notes (as `soaplint lint` on a folder).
var episodeExts = map[string]bool{".txt": true, ".md": true, ".note": true, ".soap": true}

// episodeStore caches the summaries of a workspace's note files.
type episodeStore struct {
	mu      sync.Mutex
	folders map[string]*episodeFolder // by folder path
}

type episodeFolder struct {
	loaded bool
	files  map[string]*episode.Summary // by file path; nil summary: not a dated note
	stale  map[string]bool             // named by didChangeWatchedFiles since
}

// episodeRoot is the folder whose notes are read for a document: the innermost
// workspace folder holding it, else the document's own folder.
func (s *server) episodeRoot(path string) string {
	best := ""
	for _, root := range s.config.workspaceFolders() {
		if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) && len(root) > len(best) {
			best = root
		}
	}
	if best != "" {
		return best
	}
	return filepath.Dir(path)
}

// addEpisodes appends the open note's episode findings to snap (to res and,
// converted in the same order, to diags); nothing when the note has no
// patient and date, is not a file, or the episode rules are off.
func (s *server) addEpisodes(ctx context.Context, snap *snapshot) {
	path := uriPath(snap.uri)
	if path == "" || !s.episodeRulesOn() {
		return
	}
	self := episode.Summarize(snap.res, snap.cfg, episode.Meta{})
	if !self.Dated() {
		return
	}
	self.Name = path
	others := s.episodes.patientNotes(ctx, s, s.episodeRoot(path), self.Patient, path)
	sums := append(others, self)
	findings, err := episode.Run(ctx, sums, s.lexicon())
	if err != nil {
		return
	}
	for _, f := range findings {
		if f.Note != len(sums)-1 {
			continue
		}
		snap.res.Diagnostics = append(snap.res.Diagnostics, f.Diagnostic)
		pd := toDiagnostics([]analyzer.Diagnostic{f.Diagnostic}, snap.mapper)[0]
		for k, r := range f.Diagnostic.Related {
			// The other note's text is not held: its summary kept the line and
			// column (in characters, which are UTF-16 units outside the astral
			// planes) of the place it names.
			at := f.Related[k].At
			start := protocol.Position{Line: uint32(max(at.Line-1, 0)), Character: uint32(max(at.Col-1, 0))}
			end := protocol.Position{Line: uint32(max(at.EndLine-1, 0)), Character: uint32(max(at.EndCol-1, 0))}
			pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: protocol.DocumentURI(uri.File(r.Path)), Range: protocol.Range{Start: start, End: end}},
				Message:  r.Message,
			})
		}
		snap.diags = append(snap.diags, pd)
	}
}

// episodeRulesOn reports whether the server runs any episode rule.
func (s *server) episodeRulesOn() bool {
	for _, r := range s.opts.Rules {
		if episode.IsEpisodeRule(r.ID) {
			return true
		}
	}
	return false
}

// patientNotes returns the summaries of patient's notes under root, other than
// the file self.
func (st *episodeStore) patientNotes(ctx context.Context, s *server, root, patient, self string) []*episode.Summary {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.folders == nil {
		st.folders = map[string]*episodeFolder{}
	}
	f := st.folders[root]
	if f == nil {
		f = &episodeFolder{files: map[string]*episode.Summary{}, stale: map[string]bool{}}
		st.folders[root] = f
	}
	if !f.loaded {
		f.load(ctx, s, root)
	}
	for p := range f.stale {
		delete(f.files, p)
		if sum, ok := readSummary(ctx, s, p); ok {
			f.files[p] = sum
		}
		delete(f.stale, p)
	}
	var out []*episode.Summary
	for p, sum := range f.files {
		if sum != nil && p != self && sum.Patient == patient {
			out = append(out, sum)
		}
	}
	return out
}

func (f *episodeFolder) load(ctx context.Context, s *server, root string) {
	n := 0
	defer func() { f.loaded = ctx.Err() == nil }() // a cancelled walk is redone
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || ctx.Err() != nil {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !episodeExts[strings.ToLower(filepath.Ext(p))] {
			return nil
		}
		if n++; n > episodeMaxFiles {
			return filepath.SkipAll
		}
		sum, _ := readSummary(ctx, s, p)
		f.files[p] = sum
		return nil
	})
}

// readSummary reads and summarises one note file; ok is false when it cannot
// be read (gone, too big, not text). A file that is not a dated note yields a
// nil summary.
func readSummary(ctx context.Context, s *server, path string) (*episode.Summary, bool) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > episodeMaxBytes {
		return nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil || strings.IndexByte(string(data), 0) >= 0 {
		return nil, false
	}
	cfg := s.configForDir(filepath.Dir(path))
	res, err := analyzer.Run(ctx, string(data), nil, cfg) // parse only: summaries need no rules
	if err != nil {
		return nil, false
	}
	sum := episode.Summarize(res, cfg, episode.Meta{})
	if !sum.Dated() {
		return nil, true
	}
	sum.Name = path
	return sum, true
}

// changed marks the files a didChangeWatchedFiles names as stale in every
// folder that holds them (or would: a created file).
func (st *episodeStore) changed(changes []*protocol.FileEvent) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, c := range changes {
		p := uriPath(c.URI)
		if p == "" || !episodeExts[strings.ToLower(filepath.Ext(p))] {
			continue
		}
		for root, f := range st.folders {
			if rel, err := filepath.Rel(root, p); err == nil && filepath.IsLocal(rel) {
				f.stale[p] = true
			}
		}
	}
}
