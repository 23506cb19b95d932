package accuracy

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
)

// EpisodeLabel is one expected episode finding; Line and Code are set for
// episode/kx-modifier-missing (the charge line and its code).
type EpisodeLabel struct {
	Rule string `json:"rule"`
	Line int    `json:"line,omitempty"`
	Code string `json:"code,omitempty"`
}

// EpisodeEntry is one labelled note of a course-of-care set: File is a path
// relative to the set's folder, or "export.jsonl#ID" for a JSONL record.
type EpisodeEntry struct {
	File   string         `json:"file"`
	Expect []EpisodeLabel `json:"expect"`
}

// Half names the split a note is scored in.
type Half int

const (
	Development Half = iota
	Checking
)

// EpisodeSplit is the fixed split, stated before tuning: development is every
// note of the first patient folder in name order (patient-a) and the odd
// records (1st, 3rd, …) of each JSONL export; checking is everything else.
// The episode pass always runs over the whole set (a course of care is only
// judged whole); the split decides where each note's findings are scored.
func EpisodeSplit(file string, firstFolder string, record int) Half {
	if record > 0 {
		if record%2 == 1 {
			return Development
		}
		return Checking
	}
	if strings.HasPrefix(filepath.ToSlash(file), firstFolder+"/") {
		return Development
	}
	return Checking
}

// EpisodeScores are the per-rule scores of each half and of the whole set.
type EpisodeScores struct {
	Development, Checking, All []*Score
	// Undated counts findings on notes without a patient and a date (must be 0).
	Undated int
}

type epNote struct {
	file   string
	record int
	half   Half
	sum    *episode.Summary
}

// EvaluateEpisodes lints every note of the course-of-care set in dir (note files
// in its folders and the records of its .jsonl exports), runs the episode pass
// over all of them, and scores the episode rules against dir/labels.json.
// Notes present but not labelled are expected to carry no episode finding.
func EvaluateEpisodes(ctx context.Context, dir string, rules []*analyzer.Rule) (*EpisodeScores, error) {
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		return nil, err
	}
	var entries []EpisodeEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "labels.json"), err)
	}
	notes, err := loadEpisodeSet(ctx, dir, rules)
	if err != nil {
		return nil, err
	}
	sums := make([]*episode.Summary, len(notes))
	for i, n := range notes {
		sums[i] = n.sum
	}
	findings, err := episode.Run(ctx, sums, nil)
	if err != nil {
		return nil, err
	}
	type got struct {
		rule string
		line int
	}
	found := make([][]got, len(notes))
	out := &EpisodeScores{}
	for _, f := range findings {
		found[f.Note] = append(found[f.Note], got{f.Diagnostic.Rule, int(f.At.Line)})
		if !sums[f.Note].Dated() {
			out.Undated++
		}
	}
	labels := map[string][]EpisodeLabel{}
	for _, e := range entries {
		labels[e.File] = e.Expect
	}
	ids := make([]string, 0, 4)
	for _, r := range episode.Rules() {
		ids = append(ids, r.ID)
	}
	halves := [3]map[string]*Score{{}, {}, {}}
	for _, h := range halves {
		for _, id := range ids {
			h[id] = &Score{Rule: id}
		}
	}
	for i, n := range notes {
		exp := labels[n.file]
		for _, id := range ids {
			var want, have []int
			for _, l := range exp {
				if l.Rule == id {
					want = append(want, l.Line)
				}
			}
			for _, g := range found[i] {
				if g.rule == id {
					have = append(have, g.line)
				}
			}
			lineLevel := id == episode.KXModifierMissing.ID
			for _, h := range []int{int(n.half), 2} {
				tally(halves[h][id], n.file, want, have, lineLevel)
			}
		}
	}
	list := func(m map[string]*Score) []*Score {
		s := make([]*Score, 0, len(ids))
		for _, id := range ids {
			s = append(s, m[id])
		}
		return s
	}
	out.Development, out.Checking, out.All = list(halves[0]), list(halves[1]), list(halves[2])
	return out, nil
}

// tally scores one note for one rule: note-level (one finding or more against
// one label or more), or by line for line-level rules.
func tally(sc *Score, file string, want, have []int, lineLevel bool) {
	if !lineLevel {
		switch {
		case len(want) > 0 && len(have) > 0:
			sc.TP++
		case len(want) > 0:
			sc.FN++
			sc.Misses = append(sc.Misses, Miss{file, 0, "missed"})
		case len(have) > 0:
			sc.FP++
			sc.Misses = append(sc.Misses, Miss{file, have[0], "false alarm"})
		}
		return
	}
	seen := map[int]bool{}
	for _, l := range have {
		seen[l] = true
	}
	wanted := map[int]bool{}
	for _, l := range want {
		wanted[l] = true
		if seen[l] {
			sc.TP++
		} else {
			sc.FN++
			sc.Misses = append(sc.Misses, Miss{file, l, "missed"})
		}
	}
	for l := range seen {
		if !wanted[l] {
			sc.FP++
			sc.Misses = append(sc.Misses, Miss{file, l, "false alarm"})
		}
	}
}

// loadEpisodeSet lints the set's notes in a fixed order (folders and files by
// name, JSONL records in file order) and summarises each.
func loadEpisodeSet(ctx context.Context, dir string, rules []*analyzer.Rule) ([]epNote, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && batch.HasNoteExt(p, false) || !d.IsDir() && batch.HasNoteExt(p, true) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	first := ""
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		if parts := strings.Split(filepath.ToSlash(rel), "/"); len(parts) > 1 {
			first = parts[0]
			break
		}
	}
	var out []epNote
	add := func(file string, record int, text string, meta episode.Meta) error {
		cfg := analyzer.Config{}
		res, err := analyzer.Run(ctx, text, rules, cfg)
		if err != nil {
			return err
		}
		s := episode.Summarize(res, cfg, meta)
		s.Name = file
		out = append(out, epNote{file: file, record: record, half: EpisodeSplit(file, first, record), sum: s})
		return nil
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		rel = filepath.ToSlash(rel)
		if strings.EqualFold(filepath.Base(f), "README.md") {
			continue
		}
		if !batch.HasNoteExt(f, true) {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if err := add(rel, 0, string(data), episode.Meta{}); err != nil {
				return nil, err
			}
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		err = eachRecord(fh, func(line int, rec *batch.Record) error {
			id := ""
			_ = json.Unmarshal(rec.ID, &id)
			return add(rel+"#"+id, line, rec.Text, batch.EpisodeMeta(rec))
		})
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", rel, err)
		}
	}
	return out, nil
}

func eachRecord(r io.Reader, fn func(int, *batch.Record) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		rec, err := batch.DecodeRecord(sc.Bytes())
		if err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
	return sc.Err()
}

// PrintEpisodes writes one table per half, then the whole set.
func PrintEpisodes(w io.Writer, s *EpisodeScores, verbose bool) error {
	for _, part := range []struct {
		name   string
		scores []*Score
	}{{"development (patient-a folder, odd JSONL records)", s.Development}, {"checking (other folders, even JSONL records)", s.Checking}, {"all", s.All}} {
		if _, err := fmt.Fprintf(w, "## %s\n", part.name); err != nil {
			return err
		}
		if err := Print(w, part.scores, verbose && part.name == "all"); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "episode findings on notes without patient and date:\t%d\n", s.Undated)
	return tw.Flush()
}
