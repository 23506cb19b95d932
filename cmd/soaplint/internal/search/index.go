// Package search keeps a bleve index of linted notes and their findings for
// reviewers: one document per note, with its findings, searchable by rule,
// severity, code, modifier, provider, discipline, payer, date of service and text.
//
// The index holds PHI (the notes' words), so its directory is owner-only (0700).
package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Layout of an index directory: a marker naming the format, and bleve's own
// directory beside it. The marker lets us refuse directories we did not create.
const (
	markerName   = "soaplint-index.json"
	bleveDirName = "bleve"
	format       = "soaplint-index"
	version      = 1
)

type marker struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

// Doc is one note as indexed.
type Doc struct {
	ID         string // unique: the path, or path#id for a JSONL record
	Path       string
	RecordID   string // JSONL id
	Line       int    // JSONL line
	Date       time.Time
	Provider   string
	Discipline string
	Payer      string
	Profile    string
	Codes      []string
	Modifiers  []string
	Findings   []Finding
	Text       string // indexed, never stored
	Hash       string // content hash: note text and lint settings
}

// Finding is one finding of a note.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// record is what the index stores for display: everything but the text.
type record struct {
	Path       string    `json:"path"`
	ID         string    `json:"id,omitempty"`
	Line       int       `json:"line,omitempty"`
	Date       string    `json:"date,omitempty"`
	Provider   string    `json:"provider,omitempty"`
	Discipline string    `json:"discipline,omitempty"`
	Payer      string    `json:"payer,omitempty"`
	Findings   []Finding `json:"findings"`
}

// Index is an open index directory.
type Index struct {
	dir string
	idx bleve.Index
}

// Dir is the index directory.
func (x *Index) Dir() string { return x.dir }

// ErrNoIndex is returned by Open(dir, false) when dir holds no index.
var ErrNoIndex = errors.New("no index")

// Open opens the index in dir. With create, a missing or empty directory becomes
// a new index (mode 0700); a directory holding anything else is refused.
func Open(dir string, create bool) (x *Index, err error) {
	// bleve can panic on damaged segment files; report that as corruption.
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("%s: the index is corrupt or unreadable (%v); delete the directory and run soaplint index again", dir, r)
		}
	}()
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !create {
			return nil, fmt.Errorf("%s: %w here; run soaplint index --db %s first", dir, ErrNoIndex, dir)
		}
		if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
			return nil, err
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return nil, err
		}
		return initialise(dir)
	case err != nil:
		return nil, err
	case !fi.IsDir():
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	data, err := os.ReadFile(filepath.Join(dir, markerName))
	if errors.Is(err, fs.ErrNotExist) {
		ents, rerr := os.ReadDir(dir)
		if rerr != nil {
			return nil, rerr
		}
		if len(ents) > 0 {
			return nil, fmt.Errorf("%s: not a soaplint index (the directory holds other files and no %s); give --db a new or empty directory", dir, markerName)
		}
		if !create {
			return nil, fmt.Errorf("%s: %w here; run soaplint index --db %s first", dir, ErrNoIndex, dir)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, err
		}
		return initialise(dir)
	}
	if err != nil {
		return nil, err
	}
	var m marker
	if err := json.Unmarshal(data, &m); err != nil || m.Format != format {
		return nil, fmt.Errorf("%s: not a soaplint index (%s is damaged or foreign); delete the directory and run soaplint index again", dir, markerName)
	}
	if m.Version != version {
		return nil, fmt.Errorf("%s: index format version %d, this soaplint reads version %d; delete the directory and run soaplint index again", dir, m.Version, version)
	}
	// The index holds PHI: keep it owner-only even if someone loosened it.
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, err
		}
	}
	idx, err := bleve.Open(filepath.Join(dir, bleveDirName))
	if err != nil {
		return nil, fmt.Errorf("%s: the index is corrupt or unreadable (%v); delete the directory and run soaplint index again", dir, err)
	}
	return &Index{dir: dir, idx: idx}, nil
}

func initialise(dir string) (*Index, error) {
	idx, err := bleve.New(filepath.Join(dir, bleveDirName), newMapping())
	if err != nil {
		return nil, fmt.Errorf("%s: creating index: %v", dir, err)
	}
	data, _ := json.Marshal(marker{Format: format, Version: version})
	if err := os.WriteFile(filepath.Join(dir, markerName), data, 0o600); err != nil {
		idx.Close()
		return nil, err
	}
	return &Index{dir: dir, idx: idx}, nil
}

// Close closes the index.
func (x *Index) Close() error { return x.idx.Close() }

// Field names.
const (
	fPath         = "path"
	fPathText     = "path_text"
	fID           = "id"
	fDate         = "date"
	fProvider     = "provider"
	fProviderText = "provider_text"
	fDiscipline   = "discipline"
	fPayer        = "payer"
	fPayerText    = "payer_text"
	fProfile      = "profile"
	fCode         = "code"
	fModifier     = "modifier"
	fRule         = "rule"
	fSeverity     = "severity"
	fMessage      = "message"
	fText         = "text"
	fHash         = "hash"
	fRecord       = "record"
)

const keywordLower = "keyword_lower"

func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	// Rule IDs contain '/', names contain spaces and dots: whole values, lower-cased.
	if err := m.AddCustomAnalyzer(keywordLower, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []any{lowercase.Name},
	}); err != nil {
		panic(err) // static configuration
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keywordLower
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, name := range []string{fPath, fID, fProvider, fDiscipline, fPayer, fProfile, fCode, fModifier, fRule, fSeverity} {
		doc.AddFieldMappingsAt(name, kw())
	}
	for _, name := range []string{fPathText, fProviderText, fPayerText} {
		doc.AddFieldMappingsAt(name, text(standard.Name))
	}
	doc.AddFieldMappingsAt(fMessage, text(en.AnalyzerName))
	doc.AddFieldMappingsAt(fText, text(en.AnalyzerName))
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	doc.AddFieldMappingsAt(fDate, date)
	hash := bleve.NewKeywordFieldMapping()
	hash.Store = true
	hash.IncludeInAll = false
	doc.AddFieldMappingsAt(fHash, hash)
	rec := bleve.NewTextFieldMapping()
	rec.Index = false
	rec.Store = true
	rec.IncludeInAll = false
	rec.IncludeTermVectors = false
	rec.DocValues = false
	doc.AddFieldMappingsAt(fRecord, rec)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = standard.Name
	return m
}

// Hash returns the content hash stored for id, or "" when id is not indexed.
func (x *Index) Hash(id string) (string, error) {
	d, err := x.idx.Document(id)
	if err != nil || d == nil {
		return "", err
	}
	var h string
	d.VisitFields(func(f index.Field) {
		if f.Name() == fHash {
			h = string(f.Value())
		}
	})
	return h, nil
}

// Put indexes docs in one batch, replacing earlier versions with the same ID.
func (x *Index) Put(ctx context.Context, docs []Doc) error {
	b := x.idx.NewBatch()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Index(d.ID, d.fields()); err != nil {
			return fmt.Errorf("%s: %v", d.ID, err)
		}
	}
	return x.idx.Batch(b)
}

// Notes calls fn with the ID and path of every indexed note, in ID order, a
// page at a time so a large index is never held in memory at once.
func (x *Index) Notes(ctx context.Context, fn func(id, path string) error) error {
	return x.notes(ctx, 1000, fn)
}

func (x *Index) notes(ctx context.Context, page int, fn func(id, path string) error) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.Fields = []string{fRecord}
		req.SortBy([]string{"_id"})
		req.SearchAfter = after
		sr, err := x.idx.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("%s: listing notes: %v", x.dir, err)
		}
		for _, h := range sr.Hits {
			raw, _ := h.Fields[fRecord].(string)
			var rec record
			if err := json.Unmarshal([]byte(raw), &rec); err != nil {
				return fmt.Errorf("%s: stored record for %s is damaged; re-index", x.dir, h.ID)
			}
			if err := fn(h.ID, rec.Path); err != nil {
				return err
			}
		}
		if len(sr.Hits) < page {
			return nil
		}
		after = []string{sr.Hits[len(sr.Hits)-1].ID}
	}
}

// Delete removes the notes with the given IDs in one batch.
func (x *Index) Delete(ctx context.Context, ids []string) error {
	b := x.idx.NewBatch()
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.Delete(id)
	}
	return x.idx.Batch(b)
}

// Count is the number of indexed notes.
func (x *Index) Count() (uint64, error) { return x.idx.DocCount() }

func (d Doc) fields() map[string]any {
	rules := make([]string, 0, len(d.Findings))
	sevs := make([]string, 0, len(d.Findings))
	msgs := make([]string, 0, len(d.Findings))
	for _, f := range d.Findings {
		rules = append(rules, f.Rule)
		sevs = append(sevs, f.Severity)
		msgs = append(msgs, f.Message)
	}
	rec := record{Path: d.Path, ID: d.RecordID, Line: d.Line, Provider: d.Provider,
		Discipline: d.Discipline, Payer: d.Payer, Findings: d.Findings}
	if rec.Findings == nil {
		rec.Findings = []Finding{}
	}
	if !d.Date.IsZero() {
		rec.Date = d.Date.Format("2006-01-02")
	}
	data, _ := json.Marshal(rec)
	f := map[string]any{
		fPath: d.Path, fPathText: d.Path, fID: d.RecordID,
		fProvider: d.Provider, fProviderText: d.Provider,
		fDiscipline: d.Discipline,
		fPayer:      d.Payer, fPayerText: d.Payer, fProfile: d.Profile,
		fCode: d.Codes, fModifier: d.Modifiers,
		fRule: rules, fSeverity: sevs, fMessage: msgs,
		fText: d.Text, fHash: d.Hash, fRecord: string(data),
	}
	if !d.Date.IsZero() {
		f[fDate] = d.Date
	}
	return f
}
