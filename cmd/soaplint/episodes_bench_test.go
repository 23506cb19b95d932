package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// episodeTemplates are the notes of the labelled courses of care (grouped by
// course, in date order) and the labelled single notes (no patient or date).
func episodeTemplates(tb testing.TB) (courses [][]string, singles []string) {
	root := filepath.Join("..", "..", "testdata", "labelled")
	for _, c := range []string{"patient-a", "patient-b", "patient-c"} {
		files, _ := filepath.Glob(filepath.Join(root, "episodes", c, "*.txt"))
		sort.Strings(files)
		var course []string
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			course = append(course, string(data))
		}
		courses = append(courses, course)
	}
	f, err := os.Open(filepath.Join(root, "episodes", "episodes.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	var course []string
	for sc.Scan() {
		var r struct{ Text string }
		json.Unmarshal(sc.Bytes(), &r)
		course = append(course, r.Text)
	}
	courses = append(courses, course)
	files, _ := filepath.Glob(filepath.Join(root, "notes", "*.txt"))
	sort.Strings(files)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		singles = append(singles, string(data))
	}
	if len(courses[0]) == 0 || len(singles) == 0 {
		tb.Fatal("labelled notes missing from testdata")
	}
	return courses, singles
}

var (
	benchIDRe   = regexp.MustCompile(`(Patient ID: |MRN: )\S+`)
	benchMDYRe  = regexp.MustCompile(`\b(\d{2})/(\d{2})/(\d{4})\b`)
	benchISORe  = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	benchNameRe = regexp.MustCompile(`Patient: [A-Z][a-z]+ [A-Z][a-z]+`)
)

// writeEpisodeExport writes a JSONL export of n notes: courses of care copied
// from the labelled set, each as a new patient (its own ID, dates shifted by a
// whole number of weeks), and one note in five a labelled single note with no
// patient or date (findings of the per-note rules).
func writeEpisodeExport(tb testing.TB, w io.Writer, n int) {
	courses, singles := episodeTemplates(tb)
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()
	written := 0
	for p := 0; written < n; p++ {
		course := courses[p%len(courses)]
		shift := time.Duration(7*(p%40)) * 24 * time.Hour
		id := fmt.Sprintf("BX-%07d", p)
		for k, text := range course {
			if written >= n {
				break
			}
			if written%5 == 4 {
				rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("single-%d", written), "text": singles[written%len(singles)]})
				bw.Write(append(rec, '\n'))
				if written++; written >= n {
					break
				}
			}
			text = benchIDRe.ReplaceAllString(text, "${1}"+id)
			text = benchNameRe.ReplaceAllString(text, "Patient: Bench Patient")
			text = benchMDYRe.ReplaceAllStringFunc(text, func(s string) string {
				t, err := time.Parse("01/02/2006", s)
				if err != nil {
					return s
				}
				return t.Add(shift).Format("01/02/2006")
			})
			text = benchISORe.ReplaceAllStringFunc(text, func(s string) string {
				t, err := time.Parse("2006-01-02", s)
				if err != nil {
					return s
				}
				return t.Add(shift).Format("2006-01-02")
			})
			rec, _ := json.Marshal(map[string]string{"id": id + "-" + strconv.Itoa(k), "patient_id": id, "text": text})
			bw.Write(append(rec, '\n'))
			written++
		}
	}
}

// TestWriteEpisodeExport writes the benchmark export when SOAPLINT_EPISODE_EXPORT
// names a file (SOAPLINT_EPISODE_NOTES notes, default 100,000); see
// docs/benchmarks.md, "Episodes". Otherwise it checks a small export's shape.
func TestWriteEpisodeExport(t *testing.T) {
	path := os.Getenv("SOAPLINT_EPISODE_EXPORT")
	if path == "" {
		var buf bytes.Buffer
		writeEpisodeExport(t, &buf, 200)
		if lines := bytes.Count(buf.Bytes(), []byte("\n")); lines != 200 {
			t.Errorf("%d records, want 200", lines)
		}
		return
	}
	n := 100000
	if s := os.Getenv("SOAPLINT_EPISODE_NOTES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	writeEpisodeExport(t, f, n)
}

// BenchmarkLintEpisodes lints a generated 5,000-note export in process, with and
// without the episode pass (the whole `soaplint lint --jsonl` path, JSONL output
// discarded), and reports notes/s.
func BenchmarkLintEpisodes(b *testing.B) {
	var buf bytes.Buffer
	writeEpisodeExport(b, &buf, 5000)
	path := filepath.Join(b.TempDir(), "export.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"per-note", "episodes"} {
		b.Run(mode, func(b *testing.B) {
			o := &lintOptions{format: "jsonl", jsonl: true, jobs: 2, failLevel: 0, episodes: mode == "episodes"}
			e := &env{Stdin: bytes.NewReader(nil), Stdout: io.Discard, Stderr: io.Discard, Rules: rules.All()}
			for b.Loop() {
				if code := lint(context.Background(), o, []string{path}, e); code == 2 {
					b.Fatal("lint failed")
				}
			}
			b.ReportMetric(5000*float64(b.N)/b.Elapsed().Seconds(), "notes/s")
		})
	}
}
