package lsp

import (
	"context"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// document is one open note.
type document struct {
	uri     protocol.DocumentURI
	lang    string
	version int32
	text    string
	gen     uint64
	cancel  context.CancelFunc // cancels the pending lint run
	snap    *snapshot          // analysis of the current text, once computed

	// The last publishDiagnostics: a settled version is published unless this
	// very version already went out with the same findings (a re-lint after a
	// configuration change that altered nothing).
	published        []byte
	publishedVersion int32
	publishedOK      bool
}

// snapshot is the analysis of one version of a document.
type snapshot struct {
	uri     protocol.DocumentURI
	version int32
	gen     uint64
	text    string
	cfg     analyzer.Config
	res     *analyzer.Result
	mapper  *note.Mapper
	diags   []protocol.Diagnostic // res.Diagnostics converted, same order

	diagsJSON []byte // diags as sent
	resultID  string // names diagsJSON in pull reports (resultIDOf)
}

// lintJob is the pending lint of one generation of a document's text. Its
// context is cancelled when the text changes again or the document closes.
type lintJob struct {
	uri    protocol.DocumentURI
	gen    uint64
	ctx    context.Context
	cancel context.CancelFunc
}

// docStore holds the open documents (buflsp's fileManager, gopls's view of
// overlays). Every edit or configuration change gives the document a new
// generation, unique across the session, which names the lint run for it.
type docStore struct {
	parent context.Context // the session's: lint runs end with it

	mu   sync.Mutex
	gen  uint64
	docs map[protocol.DocumentURI]*document
	lim  docLimits // caps on open documents (limits.go)
}

func newDocStore(parent context.Context) *docStore {
	return &docStore{parent: parent, docs: map[protocol.DocumentURI]*document{}}
}

// bumpLocked gives d a new generation, drops its analysis, cancels its pending
// run and returns the job for the new text. st.mu must be held.
func (st *docStore) bumpLocked(d *document) lintJob {
	st.gen++
	d.gen = st.gen
	d.snap = nil
	if d.cancel != nil {
		d.cancel()
	}
	ctx, cancel := context.WithCancel(st.parent)
	d.cancel = cancel
	return lintJob{uri: d.uri, gen: d.gen, ctx: ctx, cancel: cancel}
}

// open adds (or replaces) a document; refused is the reason a cap refused it
// (and dropped any older version), "" when it was admitted.
func (st *docStore) open(uri protocol.DocumentURI, lang string, version int32, text string) (job lintJob, refused string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if why := st.admitLocked(uri, nil, len(text)); why != "" {
		return lintJob{}, why
	}
	if old := st.docs[uri]; old != nil && old.cancel != nil {
		old.cancel()
	}
	d := &document{uri: uri, lang: lang, version: version, text: text}
	st.docs[uri] = d
	return st.bumpLocked(d), ""
}

// change applies content changes to an open document; ok is false when the
// document is not open, refused the reason a cap dropped it ("" otherwise).
func (st *docStore) change(uri protocol.DocumentURI, version int32, changes []change) (job lintJob, ok bool, refused string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[uri]
	if d == nil {
		return lintJob{}, false, ""
	}
	text := applyChanges(d.text, changes)
	if why := st.admitLocked(uri, d, len(text)); why != "" {
		return lintJob{}, false, why
	}
	d.text = text
	d.version = version
	return st.bumpLocked(d), true, ""
}

// close forgets a document and cancels its pending run; it reports whether the
// document was open.
func (st *docStore) close(uri protocol.DocumentURI) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[uri]
	st.closedLocked(uri, d)
	if d == nil {
		return false
	}
	if d.cancel != nil {
		d.cancel()
	}
	delete(st.docs, uri)
	return true
}

// bumpAll gives every document a new generation (configuration changed).
func (st *docStore) bumpAll() []lintJob {
	st.mu.Lock()
	defer st.mu.Unlock()
	jobs := make([]lintJob, 0, len(st.docs))
	for _, d := range st.docs {
		jobs = append(jobs, st.bumpLocked(d))
	}
	return jobs
}

// cancelAll cancels every pending run.
func (st *docStore) cancelAll() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range st.docs {
		if d.cancel != nil {
			d.cancel()
		}
	}
}

// docState is what a lint run reads of a document.
type docState struct {
	text    string
	version int32
	gen     uint64
	snap    *snapshot // nil until analysed
}

// state returns the document's current state if it is open and, unless gen is
// 0, still at generation gen.
func (st *docStore) state(uri protocol.DocumentURI, gen uint64) (docState, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[uri]
	if d == nil || (gen != 0 && d.gen != gen) {
		return docState{}, false
	}
	return docState{text: d.text, version: d.version, gen: d.gen, snap: d.snap}, true
}

// current reports whether the document is open at generation gen.
func (st *docStore) current(uri protocol.DocumentURI, gen uint64) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[uri]
	return d != nil && d.gen == gen
}

// cache stores snap on its document if the document is still at its generation.
func (st *docStore) cache(snap *snapshot) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if d := st.docs[snap.uri]; d != nil && d.gen == snap.gen {
		d.snap = snap
	}
}

// publishResult is markPublished's verdict.
type publishResult int

const (
	publishSend   publishResult = iota // send it
	publishStale                       // the document moved on or closed
	publishRepeat                      // the last publication had these findings
)

// markPublished decides whether snap's diagnostics (data, as JSON) go out and,
// if so, records them as the document's last publication.
func (st *docStore) markPublished(snap *snapshot, data []byte) publishResult {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[snap.uri]
	if d == nil || d.gen != snap.gen {
		return publishStale
	}
	if d.publishedOK && d.publishedVersion == snap.version && string(d.published) == string(data) {
		return publishRepeat
	}
	d.published, d.publishedVersion, d.publishedOK = data, snap.version, true
	return publishSend
}

// text returns an open document's text (for tests).
func (st *docStore) text(uri protocol.DocumentURI) (string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if d := st.docs[uri]; d != nil {
		return d.text, true
	}
	return "", false
}
