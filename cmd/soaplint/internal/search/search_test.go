package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// corpus is three notes: two by J. Doe (2023 and 2024), one by R. Roe (2024).
func corpus() []Doc {
	return []Doc{
		{ID: "notes/a.txt", Path: "notes/a.txt", Date: day("2023-11-20"), Provider: "J. Doe, PT", Discipline: "PT",
			Payer: "Medicare Part B", Profile: "medicare", Codes: []string{"97530", "97110"}, Modifiers: []string{"GP"},
			Text: "Pt climbed stairs with min assist; squats 3x10.", Hash: "a1",
			Findings: []Finding{
				{Rule: "goal/impairment-based", Severity: "warning", Message: "Goal names only knee flexion", Line: 9, Column: 3},
				{Rule: "time/units-mismatch", Severity: "error", Message: "3 units billed; minutes support 2", Line: 14, Column: 1},
			}},
		{ID: "notes/b.txt", Path: "notes/b.txt", Date: day("2024-02-05"), Provider: "J. Doe, PT", Discipline: "PT",
			Payer: "Aetna", Profile: "commercial", Codes: []string{"97530"}, Modifiers: []string{"59"},
			Text: "Transfers bed to chair with verbal cues; car transfer practice.", Hash: "b1",
			Findings: []Finding{
				{Rule: "goal/impairment-based", Severity: "warning", Message: "Goal names only shoulder ROM", Line: 7, Column: 3},
				{Rule: "goal/no-timeframe", Severity: "info", Message: "Goal has no timeframe", Line: 7, Column: 3},
			}},
		{ID: "export.jsonl#v3", Path: "export.jsonl", RecordID: "v3", Line: 3, Date: day("2024-06-30"), Provider: "R. Roe, OTR/L", Discipline: "OT",
			Payer: "Medicare", Profile: "medicare", Codes: []string{"97535"}, Modifiers: []string{"GO"},
			Text: "Upper body dressing with setup; climbed two stairs to shower.", Hash: "c1",
			Findings: []Finding{
				{Rule: "97530/exercise-only", Severity: "error", Message: "Only exercise documented", Line: 5, Column: 1},
			}},
	}
}

func newIndex(t *testing.T) *Index {
	t.Helper()
	x, err := Open(filepath.Join(t.TempDir(), "db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Put(context.Background(), corpus()); err != nil {
		t.Fatal(err)
	}
	return x
}

func search(t *testing.T, x *Index, q string) *Results {
	t.Helper()
	pq, err := ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	res, err := x.Search(context.Background(), pq, 0)
	if err != nil {
		t.Fatalf("Search(%q): %v", q, err)
	}
	return res
}

// ids lists hits as "path[#id]:rule,rule".
func ids(r *Results) []string {
	var out []string
	for _, h := range r.Hits {
		s := h.Path
		if h.ID != "" {
			s += "#" + h.ID
		}
		var rules []string
		for _, f := range h.Findings {
			rules = append(rules, f.Rule)
		}
		out = append(out, s+":"+strings.Join(rules, ","))
	}
	slices.Sort(out)
	return out
}

func TestSearch(t *testing.T) {
	x := newIndex(t)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		// Field queries: rule IDs with '/', names with spaces and dots.
		{`rule:goal/impairment-based`, []string{"notes/a.txt:goal/impairment-based", "notes/b.txt:goal/impairment-based"}},
		{`rule:goal/impairment-based provider:"J. Doe, PT" date:>=2024-01-01`, []string{"notes/b.txt:goal/impairment-based"}},
		{`provider:doe`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`provider:"J. Doe"`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`rule:goal/*`, []string{"notes/a.txt:goal/impairment-based", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`severity:error`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:time/units-mismatch"}},
		// Both clauses must hold for one finding: b has the goal rule but no error.
		{`rule:goal/impairment-based severity:error`, nil},
		{`code:97530 modifier:gp`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`discipline:ot`, []string{"export.jsonl#v3:97530/exercise-only"}},
		{`payer:medicare`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`profile:commercial`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`-rule:goal/no-timeframe provider:doe`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		// Free text over note text (stemmed) and messages.
		{`stairs`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`stair`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`"car transfer"`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`"transfer car"`, nil},
		{`stairs dressing`, []string{"export.jsonl#v3:97530/exercise-only"}},
		{`shoulder`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}}, // in a message only
		// Date ranges.
		{`date:2024`, []string{"export.jsonl#v3:97530/exercise-only", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`date:2024-02`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`date:2023-11-20`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`date:<2024-02-05`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`date:<=2024-02-05`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`date:>2024-02-05`, []string{"export.jsonl#v3:97530/exercise-only"}},
		{`date:>="2024-02-05"`, []string{"export.jsonl#v3:97530/exercise-only", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`date:2023-12-01..2024-03-01`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`path:notes/*`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`path:b.txt`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`path:/notes/*`, nil}, // absolute: a prefix
		{`id:v3`, []string{"export.jsonl#v3:97530/exercise-only"}},
	} {
		if got := ids(search(t, x, tc.q)); !slices.Equal(got, tc.want) {
			t.Errorf("search %s\n got  %q\n want %q", tc.q, got, tc.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, q := range []string{``, `date:yesterday`, `colour:red`, `provider:"J. Doe`, `rule:`} {
		if _, err := ParseQuery(q); err == nil {
			t.Errorf("ParseQuery(%q): want an error", q)
		}
	}
}

func TestReindexHashes(t *testing.T) {
	x := newIndex(t)
	if h, err := x.Hash("notes/a.txt"); err != nil || h != "a1" {
		t.Fatalf("Hash(a) = %q, %v; want a1", h, err)
	}
	if h, err := x.Hash("notes/none.txt"); err != nil || h != "" {
		t.Fatalf("Hash(unknown) = %q, %v; want empty", h, err)
	}
	// A changed note replaces its document: old text and findings are gone.
	d := corpus()[0]
	d.Text, d.Hash = "Pt walked 300 ft on grass.", "a2"
	d.Findings = d.Findings[:1]
	if err := x.Put(context.Background(), []Doc{d}); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != 3 {
		t.Errorf("count after re-index = %d, want 3", n)
	}
	if h, _ := x.Hash("notes/a.txt"); h != "a2" {
		t.Errorf("hash after re-index = %q, want a2", h)
	}
	if got := ids(search(t, x, "grass")); !slices.Equal(got, []string{"notes/a.txt:goal/impairment-based"}) {
		t.Errorf("new text: got %q", got)
	}
	if got := ids(search(t, x, "squats")); got != nil {
		t.Errorf("old text still found: %q", got)
	}
	if got := ids(search(t, x, "rule:time/units-mismatch")); got != nil {
		t.Errorf("old finding still found: %q", got)
	}
}

func TestNotesAndDelete(t *testing.T) {
	x := newIndex(t)
	var docs []Doc
	for i := range 7 {
		p := fmt.Sprintf("more/n%d.txt", i)
		docs = append(docs, Doc{ID: p, Path: p, Text: "gait", Hash: "h"})
	}
	if err := x.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	list := func(page int) []string {
		var got []string
		if err := x.notes(context.Background(), page, func(id, path string) error {
			got = append(got, id+"="+path)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	all := list(1000)
	want := []string{"export.jsonl#v3=export.jsonl"}
	for i := range 7 {
		want = append(want, fmt.Sprintf("more/n%d.txt=more/n%d.txt", i, i))
	}
	want = append(want, "notes/a.txt=notes/a.txt", "notes/b.txt=notes/b.txt")
	if !slices.Equal(all, want) {
		t.Fatalf("Notes = %q\nwant %q", all, want)
	}
	// Pages that split the list, and one that ends exactly on its end.
	for _, page := range []int{1, 3, 5, 10} {
		if got := list(page); !slices.Equal(got, want) {
			t.Errorf("page %d: %q", page, got)
		}
	}
	if err := x.Delete(context.Background(), []string{"notes/a.txt", "more/n3.txt", "not/there.txt"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Count(); n != 8 {
		t.Errorf("count after delete = %d, want 8", n)
	}
	if got := ids(search(t, x, "squats")); got != nil {
		t.Errorf("deleted note still found: %q", got)
	}
}

func TestReopenAndPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub", "db")
	x, err := Open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(context.Background(), corpus()); err != nil {
		t.Fatal(err)
	}
	x.Close()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("index dir mode = %o, want 700", perm)
	}
	// Loosened permissions are tightened again on open.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	x, err = Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	fi, _ = os.Stat(dir)
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("reopened index dir mode = %o, want 700", perm)
	}
	if n, _ := x.Count(); n != 3 {
		t.Errorf("count after reopen = %d, want 3", n)
	}
	// An existing empty directory is adopted and tightened.
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	y, err := Open(empty, true)
	if err != nil {
		t.Fatal(err)
	}
	y.Close()
	fi, _ = os.Stat(empty)
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("adopted dir mode = %o, want 700", perm)
	}
}

func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	foreign := filepath.Join(root, "photos")
	os.Mkdir(foreign, 0o700)
	os.WriteFile(filepath.Join(foreign, "cat.jpg"), []byte("x"), 0o600)

	corrupt := filepath.Join(root, "corrupt")
	x, err := Open(corrupt, true)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	if err := os.WriteFile(filepath.Join(corrupt, bleveDirName, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}

	badMarker := filepath.Join(root, "badmarker")
	os.Mkdir(badMarker, 0o700)
	os.WriteFile(filepath.Join(badMarker, markerName), []byte(`{"format":"other"}`), 0o600)

	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x"), 0o600)

	for _, tc := range []struct {
		dir    string
		create bool
		want   string
	}{
		{foreign, true, "not a soaplint index"},
		{corrupt, false, "corrupt or unreadable"},
		{badMarker, false, "not a soaplint index"},
		{file, true, "not a directory"},
		{filepath.Join(root, "missing"), false, "no index"},
	} {
		_, err := Open(tc.dir, tc.create)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.dir) {
			t.Errorf("Open(%s) = %v; want an error naming the directory and %q", tc.dir, err, tc.want)
		}
	}
	// The foreign directory is left as it was.
	if ents, _ := os.ReadDir(foreign); len(ents) != 1 {
		t.Errorf("foreign directory was modified: %d entries", len(ents))
	}
}

// TestLuceneOperators: AND, OR and NOT as Lucene users type them (upper case;
// lower-case and/or/not are words), and the ambiguous or malformed uses
// refused with a message saying how to write the query.
func TestLuceneOperators(t *testing.T) {
	x := newIndex(t)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`rule:goal/impairment-based AND provider:doe`, []string{"notes/a.txt:goal/impairment-based", "notes/b.txt:goal/impairment-based"}},
		{`provider:doe && date:2024`, []string{"notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		{`provider:doe NOT rule:goal/no-timeframe`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`provider:doe !rule:goal/no-timeframe`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`NOT provider:doe`, []string{"export.jsonl#v3:97530/exercise-only"}},
		// OR: either rule; the listed findings are those matching one of them.
		{`rule:time/units-mismatch OR rule:97530/exercise-only`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:time/units-mismatch"}},
		{`rule:goal/no-timeframe || severity:error`, []string{"export.jsonl#v3:97530/exercise-only", "notes/a.txt:time/units-mismatch", "notes/b.txt:goal/no-timeframe"}},
		// OR binds tighter than the implicit AND: doe and (2023 or OT).
		{`provider:doe date:2023 OR discipline:ot`, []string{"notes/a.txt:goal/impairment-based,time/units-mismatch"}},
		{`car OR dressing`, []string{"export.jsonl#v3:97530/exercise-only", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		// A group mixing finding and note clauses does not filter findings.
		{`rule:97530/exercise-only OR car`, []string{"export.jsonl#v3:97530/exercise-only", "notes/b.txt:goal/impairment-based,goal/no-timeframe"}},
		// Lower case: plain words (no note says "or", so nothing matches).
		{`stairs or dressing`, nil},
		// Quoted: a word.
		{`"AND"`, nil},
	} {
		if got := ids(search(t, x, tc.q)); !slices.Equal(got, tc.want) {
			t.Errorf("search %s\n got  %q\n want %q", tc.q, got, tc.want)
		}
	}
	for _, tc := range []struct{ q, msg string }{
		{`a AND b OR c`, `write "a b OR c"`},
		{`a OR b AND c`, `without parentheses`},
		{`OR rule:x`, `needs a search term on each side`},
		{`rule:x OR`, `needs a search term on each side`},
		{`AND rule:x`, `the same as`},
		{`rule:x NOT`, `needs a search term after it`},
		{`a OR -b`, `cannot be one side of OR`},
		{`a OR NOT b`, `cannot be one side of OR`},
		{`-a OR b`, `cannot be one side of OR`},
		{`a OR OR b`, `each side`},
	} {
		_, err := ParseQuery(tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ParseQuery(%q) = %v, want an error saying %q", tc.q, err, tc.msg)
		}
	}
}
