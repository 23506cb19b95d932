package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"sort"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
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
		return episodeNote{note: n, sum: summarize(n, res, cfg), lex: cfg.Lexicon}
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
