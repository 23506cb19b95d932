package cmsimport

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/lexicon"
)

func cmsFile(name string) string { return filepath.Join("..", "..", "testdata", "cms", name) }

// makeZip writes a zip archive named name in dir holding the given testdata
// files (and a PDF-like read-me, which the import must skip).
func makeZip(t *testing.T, dir, name string, members ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("Read Me First.pdf")
	w.Write([]byte("%PDF-1.4 not a table"))
	for _, m := range members {
		data, err := os.ReadFile(cmsFile(m))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(strings.ToUpper(strings.TrimSuffix(m, ".txt")) + ".TXT")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestImportPTPZipWithParts(t *testing.T) {
	dir := t.TempDir()
	z := makeZip(t, dir, "medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip", "ccipra-v321r0-f1.txt", "ccipra-v321r0-f2.txt")
	res, err := Import([]string{z}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 {
		t.Fatalf("files = %+v, want the two parts (the PDF skipped)", res.Files)
	}
	f1 := res.Files[0]
	if f1.Kind != PTP || f1.Quarter != "2026Q2" || f1.Member != "CCIPRA-V321R0-F1.TXT" || len(f1.SHA256) != 64 || f1.Name != filepath.Base(z) {
		t.Errorf("part 1 = %+v", f1)
	}
	// 10 rows read in part 1: one malformed, 99213 not a therapy code, 97530/97110
	// deleted before the quarter, the rest kept (MI 9 rows too: they say "no edit").
	if f1.Read != 9 || f1.Skipped != 1 || f1.Deleted != 2 || f1.Kept != 6 {
		t.Errorf("part 1 counts = read %d kept %d skipped %d deleted %d", f1.Read, f1.Kept, f1.Skipped, f1.Deleted)
	}
	want := []string{
		":CCIPRA-V321R0-F1.TXT:16: column 2 \"9714\" is not a procedure code",
		":CCIPRA-V321R0-F2.TXT:5: effective date",
	}
	if len(res.Warnings) != len(want) {
		t.Fatalf("warnings = %v", res.Warnings)
	}
	for i, w := range want {
		if !strings.Contains(res.Warnings[i].Error(), w) || !strings.HasPrefix(res.Warnings[i].Error(), z) {
			t.Errorf("warning %d = %q, want the zip, member and line: %q", i, res.Warnings[i], w)
		}
	}
	tab := lexicon.NewEditTable(res.Edits, lexicon.Origin{Kind: "pack"})
	now := day("2026-05-04")
	e, ok := tab.Lookup("97116", "97530", now)
	if !ok || e.Modifier != 1 || e.Prov.Status != lexicon.CMS || e.Prov.Source != "CCIPRA-V321R0-F1.TXT" || e.Prov.Quarter != "2026Q2" {
		t.Errorf("pair 97530 with 97116 = %+v, %v", e, ok)
	}
	if e, ok := tab.Lookup("97530", "97112", now); !ok || e.Modifier != 9 || tab.ModifierAllowed("97530", "97112", now) {
		t.Errorf("MI 9 row = %+v, %v; want kept but no modifier edit", e, ok)
	}
	if _, ok := tab.Lookup("97530", "97110", day("2024-06-01")); ok {
		t.Error("an edit deleted before the file's quarter was kept")
	}
	if !tab.ModifierAllowed("97750", "97530", day("2026-09-30")) || tab.ModifierAllowed("97750", "97530", day("2026-10-01")) {
		t.Error("97750/97530 is deleted from 2026-10-01 and applies before")
	}
	if _, ok := tab.Lookup("97140", "97124", now); !ok {
		t.Error("part 2's rows missing")
	}
	if _, ok := tab.Lookup("99213", "97530", now); ok {
		t.Error("a non-therapy pair was kept")
	}
	if e, ok := tab.Lookup("G0283", "97014", now); !ok || e.Modifier != 0 {
		t.Errorf("G0283/97014 = %+v, %v", e, ok)
	}
}

func TestImportMUEAndPPRRVU(t *testing.T) {
	res, err := Import([]string{
		cmsFile("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"),
		cmsFile("PPRRVU2026_Apr_nonQPP.csv"),
		cmsFile("PPRRVU2026_Apr_QPP.csv"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 3 {
		t.Fatalf("warnings = %v; want the MUE line 6 and each PPRRVU's line 15", res.Warnings)
	}
	for i, w := range []string{"MCR_MUE_PractitionerServices_Eff_04-01-2026.csv:6: MUE value \"six\"", "PPRRVU2026_Apr_nonQPP.csv:15: 97116", "PPRRVU2026_Apr_QPP.csv:15: 97116"} {
		if !strings.Contains(res.Warnings[i].Error(), w) {
			t.Errorf("warning %d = %q, want %q", i, res.Warnings[i], w)
		}
	}
	mue := lexicon.NewMUETable(res.MUEs, lexicon.Origin{})
	if m, ok := mue.Lookup("92526"); !ok || m.MAI != 2 || m.Value != 1 || m.Prov.Quarter != "2026Q2" {
		t.Errorf("92526 = %+v, %v", m, ok)
	}
	if _, ok := mue.Lookup("99213"); ok {
		t.Error("non-therapy MUE kept")
	}
	if mue.Len() != 3 {
		t.Errorf("MUE rows = %d, want 3", mue.Len())
	}
	if len(res.Factors) != 2 || res.Factors[0].Value != 33.4009 || res.Factors[0].QP || res.Factors[1].Value != 33.5675 || !res.Factors[1].QP {
		t.Errorf("factors = %+v", res.Factors)
	}
	var r97530 *lexicon.RVU
	n := 0
	for i, r := range res.RVUs {
		if r.Code == "97530" && !strings.Contains(r.Prov.Source, "_QPP") {
			r97530 = &res.RVUs[i]
			n++
		}
	}
	if n != 1 || r97530.Total != 1.06 || r97530.PE != 0.60 || r97530.Work != 0.44 || r97530.MP != 0.02 || !r97530.AlwaysTherapy || r97530.Year != 2026 {
		t.Errorf("97530 = %+v (rows %d); want the global row only", r97530, n)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("S: pt reports pain\n"), 0o600)
	if _, err := Import([]string{notes}, Options{}); err == nil || !strings.Contains(err.Error(), "cannot tell which CMS file") {
		t.Errorf("a note: %v", err)
	}
	undated := filepath.Join(dir, "ptp.txt")
	data, _ := os.ReadFile(cmsFile("ccipra-v321r0-f2.txt"))
	os.WriteFile(undated, data, 0o600)
	if _, err := Import([]string{undated}, Options{}); err == nil || !strings.Contains(err.Error(), "--quarter") {
		t.Errorf("undated file: %v", err)
	}
	if res, err := Import([]string{undated}, Options{Quarter: "2026Q1"}); err != nil || res.Files[0].Quarter != "2026Q1" {
		t.Errorf("--quarter: %+v, %v", res, err)
	}
	if _, err := Import([]string{filepath.Join(dir, "missing.zip")}, Options{}); err == nil || !strings.Contains(err.Error(), "missing.zip") {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "x-ccipra-v321r0-f1.zip")
	os.WriteFile(bad, []byte("not a zip"), 0o600)
	if _, err := Import([]string{bad}, Options{}); err == nil || !strings.Contains(err.Error(), "not a readable zip") {
		t.Errorf("bad zip: %v", err)
	}
}

func TestWriteAndLoadPack(t *testing.T) {
	dir := t.TempDir()
	z := makeZip(t, dir, "medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip", "ccipra-v321r0-f1.txt", "ccipra-v321r0-f2.txt")
	res, err := Import([]string{z, cmsFile("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"), cmsFile("PPRRVU2026_Apr_nonQPP.csv"), cmsFile("PPRRVU2026_Apr_QPP.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	packDir := filepath.Join(dir, "pack")
	if _, err := Write(packDir, res, day("2026-05-01")); err != nil {
		t.Fatal(err)
	}
	if !IsPack(packDir) || IsPack(dir) {
		t.Error("IsPack")
	}
	p, err := Load(packDir)
	if err != nil {
		t.Fatal(err)
	}
	lex := lexicon.Default().With(p.Extra)
	if o := lex.Edits.Origin(); o.Kind != "pack" || o.Quarter != "2026Q2" || len(o.Files) != 2 {
		t.Errorf("edits origin = %+v", o)
	}
	if e, ok := lex.Edits.Lookup("97530", "97116", day("2026-05-04")); !ok || e.Prov.Status != lexicon.CMS || e.Prov.Quarter != "2026Q2" {
		t.Errorf("pack pair 97530 with 97116 = %+v, %v", e, ok)
	}
	if s := lex.Edits.Stats(); s.Unverified != 0 || s.CMS != s.Rows || s.Rows != 9 {
		t.Errorf("edit stats = %+v", s)
	}
	if m, ok := lex.MUE.Lookup("97530"); !ok || m.Prov.Status != lexicon.CMS {
		t.Errorf("pack MUE = %+v, %v", m, ok)
	}
	if r, ok := lex.Payment.RVU("97530", 2026); !ok || r.PE != 0.6 || !r.HasParts || r.Prov.Status != lexicon.CMS {
		t.Errorf("pack RVU = %+v, %v", r, ok)
	}
	if f, _ := lex.Payment.Factor(2026); f.Value != 33.4009 || f.Prov.Status != lexicon.CMS {
		t.Errorf("pack CF = %+v", f)
	}
	if f, _ := lex.Payment.WithAPM(true).Factor(2026); f.Value != 33.5675 || !f.QP {
		t.Errorf("pack QP CF = %+v", f)
	}
	// 2025 is not in the pack: its built-in rows stay.
	if r, ok := lex.Payment.RVU("97530", 2025); !ok || r.Prov.Status != lexicon.Unverified {
		t.Errorf("2025 RVU = %+v, %v", r, ok)
	}
	if k, ok := lex.Payment.KXThreshold(2026); !ok || k.PTSLP != 2480 {
		t.Errorf("KX kept from the built-in rules: %+v, %v", k, ok)
	}
	if got := p.Stale(day("2026-09-30")); len(got) != 0 {
		t.Errorf("stale on 2026-09-30: %v", got)
	}
	if got := p.Stale(day("2026-10-01")); len(got) != 2 {
		t.Errorf("stale on 2026-10-01: %v; want PTP and MUE (the PFS file is for the year)", got)
	}
	// Re-importing one kind keeps the others.
	res2, err := Import([]string{cmsFile("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Write(packDir, res2, day("2026-05-02"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 5 {
		t.Errorf("manifest after re-import = %+v", m.Files)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not a soaplint data pack") {
		t.Errorf("Load of a non-pack: %v", err)
	}
}
