package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// TestMain keeps the tests away from the developer's own data pack: the default
// data directory is under a fresh configuration directory, and
// $SOAPLINT_DATA is unset.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "soaplint-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", home)
	if cmsDir, err = filepath.Abs(filepath.Join("..", "..", "testdata", "cms")); err != nil {
		panic(err)
	}
	os.Unsetenv("SOAPLINT_DATA")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// cmsDir is testdata/cms, absolute (tests change directory).
var cmsDir string

func cmsFile(name string) string { return filepath.Join(cmsDir, name) }

// ptpZip builds the practitioner PTP zip as CMS ships it, from the testdata parts.
func ptpZip(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "medicare-ncci-2026q2-practitioner-ptp-edits-ccipra-v321r0-f1.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"ccipra-v321r0-f1.txt", "ccipra-v321r0-f2.txt"} {
		data, err := os.ReadFile(cmsFile(name))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

type jsonOut struct {
	Files []struct {
		Diagnostics []struct {
			Rule, Severity, Message string
			Line                    int
		}
	}
}

func findings(t *testing.T, stdout, rule string) []string {
	t.Helper()
	var out jsonOut
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("bad JSON %q: %v", stdout, err)
	}
	var got []string
	for _, f := range out.Files {
		for _, d := range f.Diagnostics {
			if d.Rule == rule {
				got = append(got, fmt.Sprintf("%d %s %s", d.Line, d.Severity, d.Message))
			}
		}
	}
	return got
}

// The done-when: 97530 + 97116 without 59 draws nothing from the
// built-in tables, and modifier/59-needed once the quarter's PTP file is
// imported and $SOAPLINT_DATA points at the pack.
func TestDataImportThenLint(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"notes/visit.txt": "DOS: 05/04/2026\nDiscipline: PT\nPayer: Medicare\n\nBilling:\n97530-GP x2 (25 min)\n97116-GP x1 (10 min)\nTotal timed minutes: 35\n",
	})
	all := rules.All()
	note := filepath.Join(dir, "notes", "visit.txt")
	_, out, _ := runCLI(t, "", all, "lint", "--format", "json", note)
	if got := findings(t, out, "modifier/59-needed"); len(got) != 0 {
		t.Errorf("built-in tables: %v", got)
	}

	pack := filepath.Join(dir, "pack")
	code, out, errOut := runCLI(t, "", all, "data", "import", "--dir", pack, ptpZip(t, dir), cmsFile("MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"))
	if code != 0 {
		t.Fatalf("data import: exit %d, %s", code, errOut)
	}
	for _, w := range []string{"ccipra-v321r0-f1.txt:16: column 2 \"9714\"", "ccipra-v321r0-f2.txt:5: effective date", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv:6: MUE value"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("import warnings %q lack %q", errOut, w)
		}
	}
	if !strings.Contains(out, "ccipra-v321r0-f1.txt  ptp   2026Q2") || !strings.Contains(out, "wrote data pack "+pack) {
		t.Errorf("import output:\n%s", out)
	}

	t.Setenv("SOAPLINT_DATA", pack)
	code, out, _ = runCLI(t, "", all, "lint", "--format", "json", "--fail-level", "warning", note)
	got := findings(t, out, "modifier/59-needed")
	if len(got) != 1 || !strings.HasPrefix(got[0], "7 warning 97530 and 97116 billed the same day are a bundled code pair") ||
		!strings.HasSuffix(got[0], "(code-pair edit from the CMS file ccipra-v321r0-f1.txt, 2026Q2)") {
		t.Errorf("with the pack: %v", got)
	}
	if code != 1 {
		t.Errorf("exit %d with a warning at --fail-level warning", code)
	}
	// --data names a pack too, and --ncci still replaces the code-pair table.
	t.Setenv("SOAPLINT_DATA", "")
	_, out, _ = runCLI(t, "", all, "lint", "--format", "json", "--data", pack, note)
	if got := findings(t, out, "modifier/59-needed"); len(got) != 1 {
		t.Errorf("--data: %v", got)
	}
	_, out, _ = runCLI(t, "", all, "lint", "--format", "json", "--data", pack, "--ncci", cmsFile("ptp_practitioner_sample.txt"), note)
	if got := findings(t, out, "modifier/59-needed"); len(got) != 0 {
		t.Errorf("--ncci over --data: %v", got)
	}
	code, _, errOut = runCLI(t, "", all, "lint", "--data", filepath.Join(dir, "notes"), note)
	if code != 2 || !strings.Contains(errOut, "--data: "+filepath.Join(dir, "notes")+" is not a soaplint data pack") {
		t.Errorf("--data on a non-pack: exit %d, %q", code, errOut)
	}
}

func TestDataStatus(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	code, out, errOut := runCLI(t, "", nil, "data", "status")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{
		"data pack: none (built-in tables",
		"code-pair edits (PTP)              built-in  lexicon/data (built in)  -        9     0    6          3",
		"medically unlikely edits (MUE)     built-in",
		"RVUs and conversion factors (PFS)  built-in",
		"conversion factor CY2026 $33.4009, default: not a qualifying APM participant (in use) — secondary: Part B News",
		"conversion factor CY2026 $33.5675, qualifying APM participant",
		"KX threshold CY2026 $2480 PT+SLP combined, $2480 OT — secondary",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("status lacks %q:\n%s", w, out)
		}
	}
	pack := filepath.Join(dir, "pack")
	if code, _, errOut := runCLI(t, "", nil, "data", "import", "--dir", pack, ptpZip(t, dir)); code != 0 {
		t.Fatal(errOut)
	}
	// A pack in the default directory is used when nothing names one.
	def := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "soaplint", "data")
	if code, _, errOut := runCLI(t, "", nil, "data", "import", cmsFile("PPRRVU2026_Apr_nonQPP.csv")); code != 0 {
		t.Fatal(errOut)
	}
	t.Cleanup(func() { os.RemoveAll(def) })
	_, out, _ = runCLI(t, "", nil, "data", "status")
	if !strings.Contains(out, "data pack: "+def+" (from the default directory)") || !strings.Contains(out, "RVUs and conversion factors (PFS)  pack "+def) {
		t.Errorf("default-directory pack:\n%s", out)
	}
	_, out, _ = runCLI(t, "", nil, "data", "status", "--data", pack)
	for _, w := range []string{
		"data pack: " + pack + " (from --data)",
		"code-pair edits (PTP)              pack " + pack + "  ccipra-v321r0-f1.txt, ccipra-v321r0-f2.txt  2026Q2   9     9    0          0",
		"medically unlikely edits (MUE)     built-in",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("status lacks %q:\n%s", w, out)
		}
	}
	// A project's .soaplint.yaml may name a pack (relative to the file).
	os.WriteFile(filepath.Join(dir, ".soaplint.yaml"), []byte("data: pack\napm: qualifying\n"), 0o600)
	_, out, _ = runCLI(t, "", nil, "data", "status")
	if !strings.Contains(out, "code-pair edits (PTP)              pack "+pack) || !strings.Contains(out, "qualifying APM participant (.soaplint.yaml apm: qualifying) (in use)") {
		t.Errorf("status with a configuration naming the pack:\n%s", out)
	}
}

// A stale pack warns once per run, however many notes.
func TestStalePackWarnsOnce(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.txt": "DOS: 11/02/2026\nBilling: 97530-GP x2, 97116-GP x1\n",
		"b.txt": "DOS: 11/03/2026\nBilling: 97530-GP x2\n",
		"c.txt": "DOS: 05/03/2026\nBilling: 97530-GP x2\n",
	})
	pack := filepath.Join(dir, "pack")
	if code, _, errOut := runCLI(t, "", nil, "data", "import", "--dir", pack, ptpZip(t, dir)); code != 0 {
		t.Fatal(errOut)
	}
	_, _, errOut := runCLI(t, "", nil, "lint", "--data", pack, filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt"), filepath.Join(dir, "c.txt"))
	if n := strings.Count(errOut, "warning: data pack"); n != 1 || !strings.Contains(errOut, "for 2026Q2, more than a quarter older than notes dated 2026-11-0") {
		t.Errorf("stale warnings (%d): %q", n, errOut)
	}
	_, _, errOut = runCLI(t, "", nil, "lint", "--data", pack, filepath.Join(dir, "c.txt"))
	if strings.Contains(errOut, "warning: data pack") {
		t.Errorf("a current note warned: %q", errOut)
	}
}

func TestExplainShowsProvenance(t *testing.T) {
	all := rules.All()
	code, out, _ := runCLI(t, "", all, "explain", "modifier/59-needed")
	for _, w := range []string{
		"reference data:   code-pair edits (PTP), built-in: 9 rows — 0 cms, 6 secondary, 3 unverified",
		"97161/97140 modifier indicator 1 — secondary: APTA; EliteCME (column order unconfirmed)",
		"97530/97140 modifier indicator 1 — secondary: WebPT blog",
	} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("explain lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "97530/97116") {
		t.Errorf("explain lists an unverified row as sourced:\n%s", out)
	}
	_, out, _ = runCLI(t, "", all, "explain", "units/exceeds-mue")
	if !strings.Contains(out, "medically unlikely edits (MUE), built-in: 16 rows — 0 cms, 0 secondary, 16 unverified") {
		t.Errorf("explain units/exceeds-mue:\n%s", out)
	}
	dir := t.TempDir()
	pack := filepath.Join(dir, "pack")
	if code, _, errOut := runCLI(t, "", all, "data", "import", "--dir", pack, ptpZip(t, dir)); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ = runCLI(t, "", all, "explain", "--data", pack, "modifier/59-needed")
	if !strings.Contains(out, "code-pair edits (PTP), pack "+pack+", 2026Q2: 9 rows — 9 cms, 0 secondary, 0 unverified") ||
		!strings.Contains(out, "97530/97116 modifier indicator 1 — cms: ccipra-v321r0-f1.txt 2026Q2") {
		t.Errorf("explain with a pack:\n%s", out)
	}
	_, out, _ = runCLI(t, "", all, "explain", "time/units-mismatch")
	if strings.Contains(out, "reference data:") {
		t.Errorf("a rule without tables shows reference data:\n%s", out)
	}
}

// The report prices with the tables the run uses: with --mue (or a pack) an
// MUE finding is worth the units above that MUE, not $0 from the built-in value.
func TestReportPricesWithConfiguredTables(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"notes/a.txt": "DOS: 05/04/2026\nDiscipline: PT\nBilling:\n97530-GP x5\n",
		"mue.csv":     "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n97530,4,3 Date of Service Edit: Clinical,Clinical: Data\n",
	})
	out := filepath.Join(dir, "r.html")
	code, _, errOut := runCLI(t, "", rules.All(), "report", "--mue", filepath.Join(dir, "mue.csv"), "-o", out, filepath.Join(dir, "notes"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "soaplint report: 1 note, ") {
		t.Errorf("summary line %q; want \"1 note\"", errOut)
	}
	data, _ := os.ReadFile(out)
	html := string(data)
	// One 97530 unit above the MUE of 4, at the built-in CY2026 price 1.05 ×
	// $33.4009 (the line's exposure goes to a rule claiming all five units, so
	// this rule's share is 0; its findings' own figure is the last column).
	if !strings.Contains(html, "<tr><td><code>units/exceeds-mue</code></td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">$0.00</td><td class=\"num\">$35.07</td></tr>") {
		t.Errorf("report does not price the MUE finding from --mue:\n%s", html[strings.Index(html, `id="risk-by-rule"`):][:600])
	}
	if !strings.Contains(html, "medically unlikely edits (MUE)</strong>: file "+filepath.Join(dir, "mue.csv")) {
		t.Errorf("report does not name the --mue table as its source")
	}
}
