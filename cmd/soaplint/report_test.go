package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/corpus"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/report"
	"github.com/soaplint/soaplint/lexicon"
)

// reviewerNotes copies testdata/reviewer into a temporary directory (tests
// modify notes) and returns it.
func reviewerNotes(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "reviewer")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "notes")
	os.Mkdir(dir, 0o700)
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600)
	}
	return dir
}

func reviewRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestReportCommand(t *testing.T) {
	dir := reviewerNotes(t)
	// A JSONL export whose id tries to inject markup.
	text, _ := os.ReadFile(filepath.Join(dir, "pt-nomod.txt"))
	rec, _ := json.Marshal(map[string]string{"id": "<script>alert(1)</script>", "text": string(text), "mrn": "x"})
	jsonl := filepath.Join(t.TempDir(), "export.jsonl")
	os.WriteFile(jsonl, append(rec, '\n'), 0o600)

	out := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := reviewRun(t, "report", dir, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("report mode = %o, want 600 (it names patients' notes)", perm)
	}
	data, _ := os.ReadFile(out)
	html := string(data)
	for _, want := range []string{
		`<table id="worst-notes">`, `id="chart-rule"`, `id="chart-week"`,
		"pt-exercise.txt:12:25", "<code>97530/exercise-only</code>", "Jane Doe, PT",
		"2025-03-03", // Monday of the week of 03/04/2025
		"$32.3465",   // CY2025 conversion factor
		"$33.4009",   // CY2026 (pt-nomod.txt)
		`href="file://`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "Sam Ortiz") {
		t.Errorf("the clean OT note is listed among the worst notes")
	}
	if !regexp.MustCompile(`notes checked`).MatchString(html) || !strings.Contains(html, `<div class="v">3</div><div class="k">notes checked`) {
		t.Errorf("summary does not count 3 notes")
	}

	// JSONL input: the record is listed by path#id, escaped.
	code, _, stderr = reviewRun(t, "report", "--jsonl", jsonl, "-o", out)
	if code != 0 {
		t.Fatalf("jsonl: exit %d: %s", code, stderr)
	}
	data, _ = os.ReadFile(out)
	html = string(data)
	if strings.Contains(html, "<script") {
		t.Errorf("a JSONL id reached the page as markup")
	}
	if !strings.Contains(html, "export.jsonl#&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("report lacks the escaped JSONL record name")
	}
	if !strings.Contains(html, "export.jsonl#L1") {
		t.Errorf("report lacks a link to the JSONL record's line")
	}
}

func TestReportUsage(t *testing.T) {
	dir := reviewerNotes(t)
	for _, args := range [][]string{
		{"report", dir}, // no -o
		{"report", "-o", filepath.Join(dir, "r.html")},    // no notes
		{"report", dir, "-o", "x.html", "--profile", "x"}, // bad profile
	} {
		if code, _, stderr := reviewRun(t, args...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	// An unreadable input is reported, and the exit status says so.
	out := filepath.Join(t.TempDir(), "r.html")
	code, _, stderr := reviewRun(t, "report", dir, filepath.Join(dir, "missing.txt"), "-o", out)
	if code != 2 || !strings.Contains(stderr, "missing.txt") {
		t.Errorf("missing input: exit %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(out); !strings.Contains(string(data), `id="input-errors"`) {
		t.Errorf("report does not list the unreadable input")
	}
}

// BenchmarkReport times building and rendering the report over precomputed lint
// results for the 4,999-note MTSamples corpus (which bills nothing; from
// $SOAPLINT_CORPUS, skipped without it) and for the labelled therapy notes
// repeated to 4,999 notes (every section populated).
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	all := rules.All()
	lint := func(name, text string) report.Entry {
		res, err := analyzer.Run(ctx, text, all, analyzer.Config{})
		if err != nil {
			b.Fatal(err)
		}
		return report.Entry{Path: name, Result: res}
	}
	// The MTSamples set needs the full corpus ($SOAPLINT_CORPUS); the
	// therapy set needs only the labelled notes in testdata.
	const size = 4999
	var mt []report.Entry
	if path, ok := fullCorpusPath(); ok {
		notes, err := corpus.Read(path)
		if err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		for _, n := range notes {
			mt = append(mt, lint(n.Name, n.Text))
		}
	}
	shared, _ := filepath.Glob(filepath.Join(labelledNotes, "n*.txt"))
	if len(shared) == 0 {
		b.Fatal("labelled notes required")
	}
	var therapy []report.Entry
	for i := 0; len(therapy) < size; i++ {
		p := shared[i%len(shared)]
		data, _ := os.ReadFile(p)
		e := lint(p, string(data))
		e.Path = strings.Replace(p, ".txt", "-"+strings.Repeat("x", i/len(shared)%3)+".txt", 1)
		therapy = append(therapy, e)
	}
	lex := lexicon.Default()
	for _, set := range []struct {
		name    string
		entries []report.Entry
	}{{"mtsamples", mt}, {"therapy", therapy}} {
		b.Run(set.name, func(b *testing.B) {
			if len(set.entries) == 0 {
				fullCorpus(b) // skips, saying how to get the corpus
			}
			var size int
			for b.Loop() {
				r := report.Build(set.entries, report.Options{Generated: time.Now(), Tables: tablesFrom(lex), Rules: all, Sources: reportSources([]*lexicon.Lexicon{lex})})
				var buf bytes.Buffer
				if err := r.WriteHTML(&buf); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(len(set.entries)), "notes")
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// TestReviewCommandsReadCMSTables: report and index take --ncci/--mue like lint,
// and a table that cannot be read stops them with exit 2 naming the flag.
func TestReviewCommandsReadCMSTables(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"report", "--ncci", filepath.Join(dir, "missing.txt"), "-o", filepath.Join(dir, "r.html"), dir},
		{"index", "--mue", filepath.Join(dir, "missing.txt"), "--db", filepath.Join(dir, "idx"), dir},
	} {
		code, _, stderr := runCLI(t, "", nil, args...)
		flag := args[1]
		if code != 2 || !strings.Contains(stderr, "soaplint "+args[0]+": "+flag+":") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and an error naming %s", args, code, stderr, flag)
		}
	}
}

// TestSupportedTie: the report prices over-billing against the valid 8-minute
// assignment nearest the billing, so a tie broken the other way (97530 25 min
// + 97140 10 min billed x1 + x1, which time/units-mismatch accepts) puts no
// unit at risk, and 97140 x2 puts one, not two.
func TestSupportedTie(t *testing.T) {
	lex := lexicon.Default()
	sup := tablesFrom(lex).Supported
	for _, tc := range []struct {
		billing string
		want    map[string]int
	}{
		{"97530-GP x1, 97140-GP x1", map[string]int{"97530": 1, "97140": 1}},
		{"97530-GP x2", map[string]int{"97530": 2}},
		{"97530-GP x1, 97140-GP x2", map[string]int{"97530": 1, "97140": 1}},
	} {
		text := "PT Daily Note\nPayer: Medicare\n\nO:\nTherAct 97530 (25 min): reaching to shelf.\nManual therapy 97140 (10 min): GH glides.\n\nBilling: " + tc.billing + "\n"
		n := note.Parse(text, lex)
		got, ok := sup(n, analyzer.Medicare)
		if !ok {
			t.Fatalf("%s: plan incomplete", tc.billing)
		}
		for code, w := range tc.want {
			if got[code] != w {
				t.Errorf("%s: %s supports %d, want %d (all: %v)", tc.billing, code, got[code], w, got)
			}
		}
	}
}
