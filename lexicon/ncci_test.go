package lexicon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func openCMS(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "cms", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseEditsCMSLayout(t *testing.T) {
	tab, errs := ParseEdits(openCMS(t, "ptp_practitioner_sample.txt"), "ptp.txt")
	// Three malformed rows, each reported with file and line, the rest kept.
	wantErr := []string{"ptp.txt:8:", "ptp.txt:9:", "ptp.txt:10:"}
	if len(errs) != len(wantErr) {
		t.Fatalf("errors = %v, want %d", errs, len(wantErr))
	}
	for i, w := range wantErr {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i], w)
		}
	}
	if tab.Len() != 4 {
		t.Errorf("Len = %d, want 4", tab.Len())
	}
	dos := date("2025-03-04")
	e, ok := tab.Lookup("97140", "97530", dos) // either column order
	if !ok || e.Column1 != "97530" || e.Column2 != "97140" || e.Modifier != 1 || e.Prior1996 {
		t.Errorf("Lookup(97140, 97530) = %+v, %v", e, ok)
	}
	if !tab.ModifierAllowed("97530", "97140", dos) {
		t.Error("97530/97140 should allow a modifier")
	}
	// Deleted retroactively (deletion date = effective date): never applies.
	if _, ok := tab.Lookup("97530", "97161", date("2020-01-01")); ok {
		t.Error("retroactively deleted edit applies")
	}
	if _, ok := tab.Lookup("97530", "97161", time.Time{}); ok {
		t.Error("deleted edit applies with no date of service")
	}
	// Deleted 2025-04-01: applies before, not on or after.
	if !tab.ModifierAllowed("97750", "97530", date("2025-03-31")) {
		t.Error("97750/97530 should apply on 2025-03-31")
	}
	if tab.ModifierAllowed("97750", "97530", date("2025-04-01")) {
		t.Error("97750/97530 applies on its deletion date")
	}
	// Not yet effective.
	if _, ok := tab.Lookup("97530", "97140", date("2019-12-31")); ok {
		t.Error("edit applies before its effective date")
	}
	if e, ok := tab.Lookup("97140", "97124", dos); !ok || !e.Prior1996 {
		t.Errorf("97140/97124 = %+v, %v; want prior-1996 edit", e, ok)
	}
}

func TestParseEditsCSV(t *testing.T) {
	tab, errs := ParseEdits(openCMS(t, "ptp_practitioner_sample.csv"), "ptp.csv")
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "ptp.csv:4:") {
		t.Fatalf("errors = %v, want one for line 4", errs)
	}
	if !tab.ModifierAllowed("97140", "97530", date("2025-01-02")) {
		t.Error("csv row not loaded")
	}
}

func TestParseMUE(t *testing.T) {
	tab, errs := ParseMUE(openCMS(t, "mue_practitioner_sample.txt"), "mue.txt")
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "mue.txt:6:") {
		t.Fatalf("errors = %v, want one for line 6", errs)
	}
	if m, ok := tab.Lookup("97530"); !ok || m.Value != 6 || m.MAI != 3 {
		t.Errorf("97530 = %+v, %v", m, ok)
	}
	if _, ok := tab.Value("97140"); ok {
		t.Error("malformed row loaded")
	}
	if v, ok := tab.Value("97535"); !ok || v != 8 {
		t.Errorf("row after a malformed one: 97535 = %d, %v", v, ok)
	}
	if tab.Len() != 4 {
		t.Errorf("Len = %d, want 4", tab.Len())
	}
}

func TestEmbeddedEditsAndMUE(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if !l.Edits.ModifierAllowed("97140", "97530", date("2025-06-01")) {
		t.Error("97140/97530 edit missing from the built-in table")
	}
	for _, pair := range [][2]string{{"97530", "97535"}, {"97110", "97140"}, {"97110", "97530"}, {"97112", "97530"}} {
		if _, ok := l.Edits.Lookup(pair[0], pair[1], date("2025-06-01")); ok {
			t.Errorf("%s/%s is not a code-pair edit", pair[0], pair[1])
		}
	}
	if v, ok := l.MUE.Value("97530"); !ok || v != 6 {
		t.Errorf("97530 MUE = %d, %v; want 6", v, ok)
	}
}
