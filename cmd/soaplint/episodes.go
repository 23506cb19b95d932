package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/report"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/search"
	"github.com/soaplint/soaplint/lexicon"

	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
)

// runEpisodeAccuracy is `soaplint accuracy --episodes DIR`.
func runEpisodeAccuracy(ctx context.Context, dir string, verbose bool, minScore float64, e *env) int {
	scores, err := accuracy.EvaluateEpisodes(ctx, dir, e.ruleSet())
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if err := accuracy.PrintEpisodes(e.Stdout, scores, verbose); err != nil {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %v\n", err)
		return 2
	}
	if scores.Undated > 0 {
		fmt.Fprintf(e.Stderr, "soaplint accuracy: %d episode findings on notes without patient and date\n", scores.Undated)
		return 1
	}
	if minScore > 0 {
		if below := accuracy.BelowThreshold(scores.All, minScore); len(below) > 0 {
			fmt.Fprintf(e.Stderr, "soaplint accuracy: %d rules below %.2f\n", len(below), minScore)
			return 1
		}
	}
	return 0
}

// perNoteRules is the catalogue without the episode rules, which a labels file
// of single notes cannot score (they are scored by --episodes).
func perNoteRules() []string {
	var ids []string
	for _, id := range rules.Catalogue {
		if !episode.IsEpisodeRule(id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// episodeNote is one linted input on its way to the output: the note as the
// formats see it and, with episodes on, its episode summary.
type episodeNote struct {
	note *format.Note
	sum  *episode.Summary
	lex  *lexicon.Lexicon
}

// lintEpisodeNote is the batch worker of `soaplint lint`: lintOne, plus the
// note's episode summary when the buffer wants one.
func (l *linter) lintEpisodeNote(ep *episodeBuffer) func(context.Context, *batch.Input) episodeNote {
	return func(ctx context.Context, in *batch.Input) episodeNote {
		n, res, cfg := l.lintResult(ctx, in)
		if !ep.on || n.Err != nil || res == nil {
			return episodeNote{note: n}
		}
		sum := summarize(n, res, cfg)
		if sum != nil && !sum.Dated() {
			sum = nil // takes no part: keep nothing
		}
		return episodeNote{note: n, sum: sum, lex: cfg.Lexicon}
	}
}

// summarize is episode.Summarize for a CLI note. The summary is not named:
// related locations are named from the buffered notes. A panic (a bug) costs
// the note its episode findings, not the run.
func summarize(n *format.Note, res *analyzer.Result, cfg analyzer.Config) (s *episode.Summary) {
	defer func() {
		if recover() != nil {
			s = nil
		}
	}()
	return episode.Summarize(res, cfg, batch.EpisodeMetaOf(n.Fields))
}

// episodeBuffer sits between the batch and the writer. Off, it passes each note
// straight on. On, it keeps each note's output (diagnostics, not text) and
// summary until flush runs the episode pass, merges its findings into the notes
// they belong to and emits everything in input order.
type episodeBuffer struct {
	on    bool
	emit  func(*format.Note) error
	notes []*format.Note
	sums  []*episode.Summary
	lex   *lexicon.Lexicon

	// The buffer is long-lived while each note's garbage is not: under main's
	// GOGC=400 the heap would grow to 5× the buffer. A soft memory limit,
	// raised with the buffer, makes the collector run instead (unless the
	// user set GOMEMLIMIT). restore puts the previous limit back.
	limit   bool
	restore int64
}

const (
	// episodeMemFloor is the soft memory limit while buffering (under the
	// 200 MB the 100,000-note benchmark must stay in).
	episodeMemFloor = 170 << 20
	// episodeNoteBytes is what one buffered note costs (summary plus output,
	// measured on the benchmark export: ≈ 600 B); the limit stays 2.5× that.
	episodeNoteBytes = 600
)

func newEpisodeBuffer(on bool, emit func(*format.Note) error) *episodeBuffer {
	b := &episodeBuffer{on: on, emit: emit}
	if on && os.Getenv("GOMEMLIMIT") == "" {
		b.limit, b.restore = true, debug.SetMemoryLimit(episodeMemFloor)
	}
	return b
}

func (b *episodeBuffer) add(x episodeNote) error {
	if !b.on {
		return b.emit(x.note)
	}
	b.notes = append(b.notes, x.note)
	b.sums = append(b.sums, x.sum)
	if b.lex == nil {
		b.lex = x.lex
	}
	if b.limit && len(b.notes)%4096 == 0 {
		debug.SetMemoryLimit(max(episodeMemFloor, int64(len(b.notes))*episodeNoteBytes*5/2))
	}
	return nil
}

// close restores the memory limit newEpisodeBuffer set.
func (b *episodeBuffer) close() {
	if b.limit {
		debug.SetMemoryLimit(b.restore)
		b.limit = false
	}
}

func (b *episodeBuffer) flush(ctx context.Context) error {
	if !b.on {
		return nil
	}
	findings, err := episode.Run(ctx, b.sums, b.lex)
	if err != nil {
		return err
	}
	mergeEpisodeFindings(b.notes, findings)
	b.sums = nil
	for i, n := range b.notes {
		b.notes[i] = nil
		if err := b.emit(n); err != nil {
			return err
		}
	}
	return nil
}

// mergeEpisodeFindings adds each finding to its note's diagnostics, keeping them
// in position order.
func mergeEpisodeFindings(notes []*format.Note, findings []episode.Finding) {
	touched := map[int]bool{}
	for _, f := range findings {
		n := notes[f.Note]
		n.Diagnostics = append(n.Diagnostics, episodeDiagnostic(f, notes))
		touched[f.Note] = true
	}
	for i := range touched {
		ds := notes[i].Diagnostics
		sort.SliceStable(ds, func(a, b int) bool {
			if ds[a].Line != ds[b].Line {
				return ds[a].Line < ds[b].Line
			}
			if ds[a].Column != ds[b].Column {
				return ds[a].Column < ds[b].Column
			}
			return ds[a].Rule < ds[b].Rule
		})
	}
}

// episodeDiagnostic positions a finding from its spans (the note's text is gone).
func episodeDiagnostic(f episode.Finding, notes []*format.Note) format.Diagnostic {
	d := f.Diagnostic
	fd := format.NewDiagnostic(d.Rule, d.Severity, d.Message, int(f.At.Line), int(f.At.Col), int(f.At.EndLine), int(f.At.EndCol))
	for _, fx := range d.Fixes {
		ff := format.Fix{Title: fx.Title, Edits: []format.Edit{}}
		for _, e := range fx.Edits {
			fe := format.Edit{Start: e.Start, End: e.End, NewText: e.NewText, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
			if s, ok := f.EditSpan(e); ok {
				fe.Line, fe.Column, fe.EndLine, fe.EndColumn = int(s.Line), int(s.Col), int(s.EndLine), int(s.EndCol)
			}
			ff.Edits = append(ff.Edits, fe)
		}
		fd.Fixes = append(fd.Fixes, ff)
	}
	for k, r := range f.Related {
		o := notes[r.Note]
		fd.Related = append(fd.Related, format.Related{Path: o.Path, ID: o.IDString(),
			Line: int(r.At.Line), Column: int(r.At.Col), EndLine: int(r.At.EndLine), EndColumn: int(r.At.EndCol),
			Message: d.Related[k].Message})
	}
	return fd
}

// summaryOf is the episode summary of a note linted for report or index (nil
// when off or on an input error).
func summaryOf(x batch.Linted, on bool) *episode.Summary {
	if !on || x.Result == nil || x.Note.Err != nil {
		return nil
	}
	return summarize(x.Note, x.Result, x.Config)
}

// mergeIntoResults runs the episode pass over the summaries (parallel to
// results) and appends each finding to its note's analyzer result, in
// position order, with related locations named like the notes.
func mergeIntoResults(ctx context.Context, names []string, results []*analyzer.Result, sums []*episode.Summary, timelines bool) (*episode.Result, error) {
	for i, s := range sums {
		if s != nil {
			s.Name = names[i]
		}
	}
	var r *episode.Result
	var err error
	if timelines {
		r, err = episode.Analyze(ctx, sums, nil)
	} else {
		var fs []episode.Finding
		fs, err = episode.Run(ctx, sums, nil)
		r = &episode.Result{Findings: fs}
	}
	if err != nil {
		return nil, err
	}
	touched := map[int]bool{}
	for _, f := range r.Findings {
		if res := results[f.Note]; res != nil {
			res.Diagnostics = append(res.Diagnostics, f.Diagnostic)
			touched[f.Note] = true
		}
	}
	for i := range touched {
		ds := results[i].Diagnostics
		sort.SliceStable(ds, func(a, b int) bool {
			if ds[a].Start != ds[b].Start {
				return ds[a].Start < ds[b].Start
			}
			return ds[a].Rule < ds[b].Rule
		})
	}
	return r, nil
}

// reportEpisodes merges the episode findings into the report's entries and
// builds the per-patient timelines (nil when no note has patient and date).
func reportEpisodes(ctx context.Context, entries []report.Entry, sums []*episode.Summary) (*report.Episodes, error) {
	names := make([]string, len(entries))
	results := make([]*analyzer.Result, len(entries))
	for i, en := range entries {
		names[i] = en.Path
		if en.ID != "" {
			names[i] += "#" + en.ID
		}
		results[i] = en.Result
	}
	r, err := mergeIntoResults(ctx, names, results, sums, true)
	if err != nil || len(r.Patients) == 0 {
		return nil, err
	}
	out := &report.Episodes{Estimate: "priced at total RVU × the year's conversion factor from the fee table in use (see soaplint data status), no MPPR or locality: an estimate"}
	for _, tl := range r.Patients {
		p := report.EpisodePatient{Patient: tl.Patient}
		for _, v := range tl.Visits {
			s, en := sums[v.Note], entries[v.Note]
			row := report.EpisodeVisit{Date: s.Date.Format("01/02/2006"), Label: names[v.Note],
				Discipline: string(s.Discipline), Type: s.Kind.String(), Rules: v.Rules}
			if en.ID == "" {
				row.Link = report.FileLink(en.Path, 0)
			}
			if v.Day > 0 {
				row.Day = fmt.Sprint(v.Day)
			}
			if !v.PlanEnd.IsZero() {
				row.PlanEnd = v.PlanEnd.Format("01/02/2006")
			}
			if v.KXGroup != episode.NoGroup {
				row.KXTotal = fmt.Sprintf("$%.2f (%s)", v.KXTotal, v.KXGroup)
			}
			if len(v.Rules) > 0 {
				p.Flagged++
			}
			p.Visits = append(p.Visits, row)
		}
		out.Patients = append(out.Patients, p)
	}
	return out, nil
}

// indexEpisodes adds episode findings to `soaplint index`. A note's episode
// findings depend on the patient's other notes, so an unchanged note can gain
// or lose some. Each dated note stores, after its content hash, a digest of
// its episode findings ("HASH+DIGEST"). The incremental skip compares the
// content part only; every note (skipped or not) yields a summary (a parse
// for skipped ones); after the run the pass runs over all summaries and each
// note whose digest changed is read, linted and stored again. Only summaries
// and locations are kept, never texts; notes from stdin get no episode findings.
type indexEpisodes struct {
	on      bool
	f       *reviewFlags
	e       *env
	ix      *search.Index
	ruleIDs []string

	// The skip hook runs in the batch's workers and collect in its emitter:
	// mu guards the slices below, appended together.
	mu     sync.Mutex
	sums   []*episode.Summary
	ins    []batch.Input
	docs   []*format.Note
	stored []string // each note's stored episode digest
}

func newIndexEpisodes(f *reviewFlags, e *env, ix *search.Index, ruleIDs []string) *indexEpisodes {
	return &indexEpisodes{on: !f.noEpisodes, f: f, e: e, ix: ix, ruleIDs: ruleIDs}
}

type skipFunc = func(in *batch.Input, n *format.Note, text string, cfg analyzer.Config) (string, bool)

// skip wraps the index's skip: a stored "HASH+DIGEST" matches HASH, and a
// skipped dated note is summarised from a parse.
func (x *indexEpisodes) skip(next skipFunc) skipFunc {
	if !x.on {
		return next
	}
	return func(in *batch.Input, n *format.Note, text string, cfg analyzer.Config) (string, bool) {
		hash, skip := next(in, n, text, cfg)
		old, _ := x.ix.Hash(docID(n))
		digest := ""
		if content, d, ok := strings.Cut(old, "+"); ok && content == hash {
			skip, digest = true, d
		}
		if skip && in.Path != "-" {
			if res, err := analyzer.Run(context.Background(), text, nil, cfg); err == nil { // parse only
				x.add(n, res, cfg, digest)
			}
		}
		return hash, skip
	}
}

func (x *indexEpisodes) collect(l batch.Linted) {
	if x.on && l.Result != nil && l.Note.Err == nil {
		x.add(l.Note, l.Result, l.Config, "")
	}
}

func (x *indexEpisodes) add(n *format.Note, res *analyzer.Result, cfg analyzer.Config, digest string) {
	if n.Path == "-" {
		return
	}
	s := summaryOf(batch.Linted{Note: n, Result: res, Config: cfg}, true)
	if s == nil || !s.Dated() {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.sums = append(x.sums, s)
	x.ins = append(x.ins, batch.Input{Path: n.Path, Record: n.Record, Dir: filepath.Dir(n.Path)})
	x.docs = append(x.docs, &format.Note{Path: n.Path, Record: n.Record, ID: n.ID})
	x.stored = append(x.stored, digest)
}

// episodeDigest identifies a note's episode findings.
func episodeDigest(fs []episode.Finding) string {
	if len(fs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, f := range fs {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", f.Diagnostic.Rule, f.At.Start, f.Diagnostic.Message)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (x *indexEpisodes) finish(ctx context.Context) error {
	if !x.on || len(x.sums) == 0 {
		return nil
	}
	findings, err := episode.Run(ctx, x.sums, nil)
	if err != nil {
		return err
	}
	byNote := make([][]episode.Finding, len(x.sums))
	for _, f := range findings {
		byNote[f.Note] = append(byNote[f.Note], f)
	}
	stderr := &lockedWriter{w: x.e.Stderr}
	var l *linter
	var pending []search.Doc
	for i := range x.sums {
		digest := episodeDigest(byNote[i])
		if digest == x.stored[i] {
			continue
		}
		if l == nil {
			var ok bool
			if l, ok = newLinter(x.f.cmd, &lintOptions{profile: x.f.profile, config: x.f.config, ncci: x.f.ncci, mue: x.f.mue}, x.e, stderr); !ok {
				return errors.New("cannot set up linting for the episode findings")
			}
		}
		in := x.ins[i]
		if in.Record > 0 {
			data, err := jsonlRecord(in.Path, in.Record)
			if err != nil {
				fmt.Fprintf(stderr, "soaplint: %s:%d: %v\n", in.Path, in.Record, batch.Describe(err))
				continue
			}
			in.Data = data
		}
		n, res, cfg := l.lintResult(ctx, &in)
		if n.Err != nil || res == nil {
			continue // changed since the run started; the next run will see it
		}
		for _, f := range byNote[i] {
			n.Diagnostics = append(n.Diagnostics, episodeDiagnostic(f, x.docs))
		}
		hash := contentHash(res.Note.Text, cfg, x.ruleIDs)
		if digest != "" {
			hash += "+" + digest
		}
		pending = append(pending, newDoc(batch.Linted{Note: n, Result: res, Text: res.Note.Text, Config: cfg}, hash))
		if len(pending) >= indexBatch {
			if err := x.ix.Put(ctx, pending); err != nil {
				return err
			}
			pending = pending[:0]
		}
	}
	if len(pending) == 0 {
		return nil
	}
	return x.ix.Put(ctx, pending)
}

// jsonlRecord reads line (1-based) of a JSON Lines file.
func jsonlRecord(path string, line int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	for k := 1; ; k++ {
		data, err := br.ReadBytes('\n')
		if k == line {
			return bytes.TrimRight(data, "\r\n"), nil
		}
		if err != nil {
			return nil, errors.New("record no longer there")
		}
	}
}
