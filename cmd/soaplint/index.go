package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/search"
)

const indexUsage = `usage: soaplint index [flags] --db DIR PATH...

Lints notes (files, folders, or with --jsonl, JSON Lines exports) and stores them
with their findings in a search index at DIR, for soaplint search. Notes whose
text and lint settings have not changed since the last run are skipped. DIR holds
the notes' words: it is created readable by its owner only.

With --prune, notes indexed earlier from under the given PATHs that this run no
longer finds (deleted or moved files, records gone from an export) are removed.
A file or folder that could not be read this time keeps its notes.

flags:
`

// indexBatch is how many notes are written to the index at once.
const indexBatch = 256

func runIndex(ctx context.Context, args []string, e *env) int {
	fs := newFlagSet("index", indexUsage, e.Stderr)
	f := reviewFlags{cmd: "index"}
	profile := f.register(fs)
	db := fs.String("db", "", "index directory (required)")
	prune := fs.Bool("prune", false, "remove notes indexed from under PATH... that this run no longer finds")
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError("index", err, e)
	}
	if err := f.check(*profile, paths); err != nil {
		return usageError("index", err, e)
	}
	if *db == "" {
		return usageError("index", errors.New("--db DIR is required"), e)
	}
	x, err := search.Open(*db, true)
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint index: %v\n", err)
		return 2
	}
	defer x.Close()

	ruleSet := e.ruleSet()
	ruleIDs := make([]string, 0, len(ruleSet))
	for _, r := range ruleSet {
		ruleIDs = append(ruleIDs, r.ID)
	}
	var (
		pending                         []search.Doc
		indexed, unchanged, inputErrors int
		seen                            = map[string]bool{}
		unreadable                      []string // paths with input errors: their notes are kept
	)
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := x.Put(ctx, pending)
		pending = pending[:0]
		return err
	}
	// Notes whose text and settings hash as last time are not linted again.
	skip := func(in *batch.Input, n *format.Note, text string, cfg analyzer.Config) (string, bool) {
		h := contentHash(text, cfg, ruleIDs)
		old, err := x.Hash(docID(n))
		return h, err == nil && old == h
	}
	ep := newIndexEpisodes(&f, e, x, ruleIDs)
	skip = ep.skip(skip)
	configError, err := lintInputs(ctx, &f, paths, e, skip, func(l batch.Linted) error {
		ep.collect(l)
		if *prune {
			seen[docID(l.Note)] = true
		}
		switch {
		case l.Note.Err != nil:
			inputErrors++
			unreadable = append(unreadable, absPath(l.Note.Path))
			return nil
		case l.Result == nil:
			unchanged++
			return nil
		}
		indexed++
		pending = append(pending, newDoc(l, l.Hash))
		if len(pending) >= indexBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = ep.finish(ctx)
	}
	removed := 0
	if err == nil && *prune && !configError {
		removed, err = pruneIndex(ctx, x, paths, seen, unreadable)
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "soaplint index: %v\n", err)
		return 2
	}
	total, _ := x.Count()
	pruned := ""
	if *prune {
		pruned = fmt.Sprintf(", %d removed", removed)
	}
	fmt.Fprintf(e.Stderr, "soaplint index: %d notes indexed, %d unchanged, %d unreadable%s; %d notes in %s\n",
		indexed, unchanged, inputErrors, pruned, total, *db)
	if inputErrors > 0 || configError {
		return 2
	}
	return 0
}

// pruneIndex removes the indexed notes from under roots that were not seen in
// this run, except those under a path that could not be read. It returns how
// many it removed.
func pruneIndex(ctx context.Context, x *search.Index, roots []string, seen map[string]bool, unreadable []string) (int, error) {
	var absRoots []string
	for _, r := range roots {
		if r != "-" {
			absRoots = append(absRoots, absPath(r))
		}
	}
	var gone []string
	err := x.Notes(ctx, func(id, path string) error {
		if !seen[id] && slices.ContainsFunc(absRoots, func(r string) bool { return within(path, r) }) &&
			!slices.ContainsFunc(unreadable, func(u string) bool { return within(path, u) }) {
			gone = append(gone, id)
		}
		return nil
	})
	if err != nil || len(gone) == 0 {
		return 0, err
	}
	return len(gone), x.Delete(ctx, gone)
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}

// absPath is p made absolute; "-" (stdin) stays as it is.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil && p != "-" {
		return a
	}
	return p
}

// docID identifies a note across runs: its absolute path, plus #id (or #line N)
// for a JSONL record.
func docID(n *format.Note) string {
	p := absPath(n.Path)
	if n.Record == 0 {
		return p
	}
	if id := n.IDString(); id != "" {
		return p + "#" + id
	}
	return fmt.Sprintf("%s#line%d", p, n.Record)
}

// contentHash changes when the note's text, the settings it is linted under or
// the rule set change: any of them can change its findings.
func contentHash(text string, cfg analyzer.Config, ruleIDs []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "soaplint-index/1\x00%s\x00%s\x00", version(), cfg.Profile)
	var dis []string
	for id, off := range cfg.Disabled {
		if off {
			dis = append(dis, id)
		}
	}
	sort.Strings(dis)
	fmt.Fprintf(h, "%s\x00", strings.Join(dis, ","))
	var sev []string
	for id, s := range cfg.Severity {
		sev = append(sev, id+"="+s.String())
	}
	sort.Strings(sev)
	fmt.Fprintf(h, "%s\x00%s\x00", strings.Join(sev, ","), strings.Join(ruleIDs, ","))
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

func newDoc(l batch.Linted, hash string) search.Doc {
	n := l.Result.Note
	d := search.Doc{
		ID:         docID(l.Note),
		Path:       l.Note.Path,
		RecordID:   l.Note.IDString(),
		Line:       l.Note.Record,
		Date:       n.Header.DateOfService,
		Discipline: string(n.Header.Discipline),
		Payer:      n.Header.Payer,
		Profile:    string(l.Result.Profile),
		Text:       l.Text,
		Hash:       hash,
	}
	d.Path = absPath(d.Path)
	if s := n.Signature; s != nil {
		d.Provider = strings.TrimSpace(s.Name)
		if len(s.Credentials) > 0 {
			d.Provider += ", " + strings.Join(s.Credentials, "/")
		}
	}
	for _, c := range n.Charges {
		if !slices.Contains(d.Codes, c.Code) {
			d.Codes = append(d.Codes, c.Code)
		}
		for _, m := range c.Modifiers {
			if !slices.Contains(d.Modifiers, m.Value) {
				d.Modifiers = append(d.Modifiers, m.Value)
			}
		}
	}
	for _, fd := range l.Note.Diagnostics {
		d.Findings = append(d.Findings, search.Finding{Rule: fd.Rule, Severity: fd.Severity, Message: fd.Message, Line: fd.Line, Column: fd.Column})
	}
	return d
}
