package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// noteA has one finding of each fake rule; the curly quotes and en dash before
// "tolerated" make character columns differ from byte columns.
const noteA = "S: Pt says “knee ok” – tolerated well.\nUNITS WRONG 97530 x3\nO: squats 3x10\n"

var wantTextA = []string{
	`a.txt:1:24: info doc/vague-phrase: "tolerated well" does not show skilled care`,
	`a.txt:2:1: error time/units-mismatch: billed units are not supported by the minutes`,
	`a.txt:3:4: warning 97530/exercise-only: squats alone are exercise, not a functional task`,
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestLintText(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA, "b.txt": "S: fine\nO: walked 300 ft\n"}))
	code, stdout, stderr := runCLI(t, "", nil, "lint", "a.txt", "b.txt")
	if code != 1 {
		t.Errorf("exit code %d, want 1 (stderr %q)", code, stderr)
	}
	if got := lines(stdout); !reflect.DeepEqual(got, wantTextA) {
		t.Errorf("text output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantTextA, "\n"))
	}
	if stderr != "" {
		t.Errorf("unexpected stderr %q", stderr)
	}
}

func TestLintExitCodes(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"a.txt":     noteA,
		"clean.txt": "S: fine\n",
		"info.txt":  "A: tolerated well\n",
		"warn.txt":  "O: squats\n",
	}))
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"clean.txt"}, 0},
		{[]string{"info.txt"}, 0},
		{[]string{"--fail-level", "info", "info.txt"}, 1},
		{[]string{"warn.txt"}, 0},
		{[]string{"warn.txt", "--fail-level=warning"}, 1},
		{[]string{"--profile", "commercial", "--fail-level=warning", "warn.txt"}, 0}, // medicare-only rule
		{[]string{"a.txt"}, 1},
		{[]string{"clean.txt", "a.txt"}, 1},
		{[]string{"--format", "yaml", "a.txt"}, 2},
		{[]string{"--fail-level", "fatal", "a.txt"}, 2},
		{[]string{"--profile", "medicaid", "a.txt"}, 2},
		{[]string{"--jobs", "0", "a.txt"}, 2},
		{[]string{"--no-such-flag", "a.txt"}, 2},
		{[]string{}, 2},
		{[]string{"clean.txt", "missing.txt"}, 2},
		{[]string{"--config", "nope.yaml", "clean.txt"}, 2},
		{[]string{"--ncci", "nope.txt", "clean.txt"}, 2},
		{[]string{"--mue", "nope.txt", "clean.txt"}, 2},
	} {
		code, _, stderr := runCLI(t, "", nil, append([]string{"lint"}, tc.args...)...)
		if code != tc.want {
			t.Errorf("lint %v: exit %d, want %d (stderr %q)", tc.args, code, tc.want, stderr)
		}
		if tc.want == 2 && stderr == "" {
			t.Errorf("lint %v: exit 2 with nothing on stderr", tc.args)
		}
	}
}

// jsonOutput mirrors the design's JSON shape.
type jsonOutput struct {
	Files []struct {
		Path        string          `json:"path"`
		ID          json.RawMessage `json:"id"`
		Line        int             `json:"line"`
		Fields      map[string]any  `json:"fields"`
		Error       string          `json:"error"`
		Diagnostics []struct {
			Rule      string `json:"rule"`
			Severity  string `json:"severity"`
			Message   string `json:"message"`
			Line      int    `json:"line"`
			Column    int    `json:"column"`
			EndLine   int    `json:"endLine"`
			EndColumn int    `json:"endColumn"`
			Fixes     []struct {
				Title string `json:"title"`
				Kind  string `json:"kind"`
				Edits []struct {
					Start, End, Line, Column, EndLine, EndColumn int
					NewText                                      string `json:"newText"`
				} `json:"edits"`
			} `json:"fixes"`
		} `json:"diagnostics"`
	} `json:"files"`
	Summary map[string]any `json:"summary"`
}

func TestLintJSON(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA, "b.txt": "S: fine\n"}))
	code, stdout, _ := runCLI(t, "", nil, "lint", "--format", "json", "a.txt", "b.txt")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var out jsonOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, stdout)
	}
	if len(out.Files) != 2 || out.Files[0].Path != "a.txt" || out.Files[1].Path != "b.txt" {
		t.Fatalf("files = %+v", out.Files)
	}
	if string(out.Files[0].ID) != "null" {
		t.Errorf("id of a plain file = %s, want null", out.Files[0].ID)
	}
	ds := out.Files[0].Diagnostics
	if len(ds) != 3 {
		t.Fatalf("got %d diagnostics, want 3", len(ds))
	}
	d := ds[0]
	if d.Rule != "doc/vague-phrase" || d.Severity != "info" || d.Line != 1 || d.Column != 24 || d.EndLine != 1 || d.EndColumn != 38 {
		t.Errorf("first diagnostic = %+v", d)
	}
	u := ds[1]
	if u.Rule != "time/units-mismatch" || len(u.Fixes) != 2 || u.Fixes[0].Title != "Bill 2 units" || u.Fixes[0].Kind != "safe" ||
		u.Fixes[1].Title != "Disable time/units-mismatch for this note" || u.Fixes[1].Kind != "disable" {
		t.Fatalf("units diagnostic fixes = %+v", u.Fixes)
	}
	e := u.Fixes[0].Edits[0]
	wantStart := strings.Index(noteA, "UNITS WRONG")
	if e.Start != wantStart || e.End != wantStart+11 || e.Line != 2 || e.Column != 1 || e.EndColumn != 12 || e.NewText != "UNITS 2" {
		t.Errorf("fix edit = %+v", e)
	}
	if len(out.Files[1].Diagnostics) != 0 || out.Files[1].Diagnostics == nil {
		t.Errorf("clean file diagnostics = %v, want []", out.Files[1].Diagnostics)
	}
	for k, want := range map[string]float64{"notes": 2, "notesWithFindings": 1, "diagnostics": 3, "errors": 1, "warnings": 1, "infos": 1, "inputErrors": 0} {
		if out.Summary[k] != want {
			t.Errorf("summary[%s] = %v, want %v", k, out.Summary[k], want)
		}
	}
}

func TestLintSARIF(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA, "bin.txt": "x\x00y"}))
	code, stdout, _ := runCLI(t, "", nil, "lint", "--format", "sarif", "a.txt", "bin.txt")
	if code != 2 {
		t.Errorf("exit %d, want 2 (binary input)", code)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						Default          map[string]string `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			ColumnKind string `json:"columnKind"`
			Results    []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation map[string]string `json:"artifactLocation"`
						Region           map[string]int    `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fixes []struct {
					Description     map[string]string `json:"description"`
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion   map[string]int    `json:"deletedRegion"`
							InsertedContent map[string]string `json:"insertedContent"`
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
				Notifications       []struct {
					Level   string            `json:"level"`
					Message map[string]string `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "soaplint" || len(r.Tool.Driver.Rules) != 3 {
		t.Fatalf("driver = %+v", r.Tool.Driver)
	}
	ex := r.Tool.Driver.Rules[1]
	if ex.ID != "97530/exercise-only" || ex.ShortDescription["text"] != "Flags squats on a line with no functional task." ||
		ex.FullDescription["text"] != "Flags squats on a line with no functional task. Second sentence." || ex.Default["level"] != "warning" {
		t.Errorf("rule metadata = %+v", ex)
	}
	if r.ColumnKind != "unicodeCodePoints" {
		t.Errorf("columnKind = %q", r.ColumnKind)
	}
	if len(r.Results) != 3 {
		t.Fatalf("%d results, want 3", len(r.Results))
	}
	wantLevels := []string{"note", "error", "warning"}
	wantRegions := []map[string]int{
		{"startLine": 1, "startColumn": 24, "endLine": 1, "endColumn": 38},
		{"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 21},
		{"startLine": 3, "startColumn": 4, "endLine": 3, "endColumn": 10},
	}
	for i, res := range r.Results {
		if res.Level != wantLevels[i] {
			t.Errorf("result %d level %q, want %q", i, res.Level, wantLevels[i])
		}
		if got := r.Tool.Driver.Rules[res.RuleIndex].ID; got != res.RuleID {
			t.Errorf("result %d ruleIndex points at %s, ruleId %s", i, got, res.RuleID)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation["uri"] != "a.txt" || !reflect.DeepEqual(loc.Region, wantRegions[i]) {
			t.Errorf("result %d location = %+v", i, loc)
		}
	}
	fix := r.Results[1].Fixes[0]
	rep := fix.ArtifactChanges[0].Replacements[0]
	if fix.Description["text"] != "Bill 2 units" || rep.InsertedContent["text"] != "UNITS 2" || rep.DeletedRegion["endColumn"] != 12 {
		t.Errorf("fix = %+v", fix)
	}
	inv := r.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != 1 || !strings.Contains(inv.Notifications[0].Message["text"], "bin.txt: binary file") {
		t.Errorf("invocations = %+v", r.Invocations)
	}
}

func TestLintCheckstyle(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA, "b.txt": "S: fine\n"}))
	_, stdout, _ := runCLI(t, "", nil, "lint", "--format", "checkstyle", "a.txt", "b.txt", "gone.txt")
	var doc struct {
		XMLName xml.Name `xml:"checkstyle"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Column   int    `xml:"column,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, stdout)
	}
	if len(doc.Files) != 3 || doc.Files[0].Name != "a.txt" || doc.Files[1].Name != "b.txt" || doc.Files[2].Name != "gone.txt" {
		t.Fatalf("files = %+v", doc.Files)
	}
	e := doc.Files[0].Errors
	if len(e) != 3 || e[0].Line != 1 || e[0].Column != 24 || e[0].Severity != "info" ||
		e[0].Message != `"tolerated well" does not show skilled care` || e[0].Source != "soaplint.doc/vague-phrase" {
		t.Errorf("a.txt errors = %+v", e)
	}
	if len(doc.Files[1].Errors) != 0 {
		t.Errorf("clean file has errors: %+v", doc.Files[1].Errors)
	}
	if g := doc.Files[2].Errors; len(g) != 1 || g[0].Source != "soaplint.input" || g[0].Message != "no such file or directory" {
		t.Errorf("missing file entry = %+v", g)
	}
}

func TestLintGitHub(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA}))
	_, stdout, _ := runCLI(t, "", nil, "lint", "--format", "github", "a.txt")
	want := []string{
		`::notice file=a.txt,line=1,col=24,endLine=1,endColumn=38,title=doc/vague-phrase::"tolerated well" does not show skilled care`,
		`::error file=a.txt,line=2,col=1,endLine=2,endColumn=21,title=time/units-mismatch::billed units are not supported by the minutes`,
		`::warning file=a.txt,line=3,col=4,endLine=3,endColumn=10,title=97530/exercise-only::squats alone are exercise, not a functional task`,
	}
	if got := lines(stdout); !reflect.DeepEqual(got, want) {
		t.Errorf("github output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const phi = "ZZPATIENTMARKER"

func TestLintJSONL(t *testing.T) {
	input := strings.Join([]string{
		`{"id":"n1","text":"O: squats ` + phi + `\n","clinic":"north","visit":3}`,
		`{"id":"n2", "text": "` + phi,
		`{"text":"A: fine\n","id":7}`,
		``,
		`{"id":"n5","note":"` + phi + `"}`,
		`{"id":"n6","text":"UNITS WRONG\n"}`,
	}, "\n")
	code, stdout, stderr := runCLI(t, input, nil, "lint", "--jsonl", "-")
	if code != 2 {
		t.Errorf("exit %d, want 2 (malformed records)", code)
	}
	got := lines(stdout)
	if len(got) != 5 {
		t.Fatalf("want one output line per record (5), got %d:\n%s", len(got), stdout)
	}
	if !strings.HasPrefix(got[0], `{"id":"n1","clinic":"north","visit":3,"diagnostics":[{"rule":"97530/exercise-only","severity":"warning"`) {
		t.Errorf("record 1 = %s", got[0])
	}
	if got[1] != `{"error":"-:2: malformed JSONL record: unexpected end of line"}` {
		t.Errorf("record 2 = %s", got[1])
	}
	if got[2] != `{"id":7,"diagnostics":[]}` {
		t.Errorf("record 3 = %s", got[2])
	}
	if got[3] != `{"error":"-:5: malformed JSONL record: no \"text\" field"}` {
		t.Errorf("record 5 = %s", got[3])
	}
	if !strings.HasPrefix(got[4], `{"id":"n6","diagnostics":[{"rule":"time/units-mismatch"`) {
		t.Errorf("record 6 = %s", got[4])
	}
	for _, l := range got {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("output line is not JSON: %v", err)
		}
	}
	if !strings.Contains(stderr, "-:2: malformed JSONL record") || !strings.Contains(stderr, "-:5: malformed JSONL record") {
		t.Errorf("stderr = %q", stderr)
	}
	if strings.Contains(stdout+stderr, phi) {
		t.Errorf("note text leaked into the output")
	}
}

func TestLintJSONLFileFormats(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"export/x.jsonl": `{"id":"n1","text":"O: squats\n","clinic":"north"}` + "\n" + `{"text":"S: fine\n"}` + "\n",
	}))
	code, stdout, _ := runCLI(t, "", nil, "lint", "--jsonl", "--format", "json", "export")
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	var out jsonOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join("export", "x.jsonl")
	if len(out.Files) != 2 || out.Files[0].Path != p || string(out.Files[0].ID) != `"n1"` || out.Files[0].Line != 1 ||
		out.Files[0].Fields["clinic"] != "north" || out.Files[1].Line != 2 || string(out.Files[1].ID) != "null" {
		t.Errorf("files = %+v", out.Files)
	}
	_, stdout, _ = runCLI(t, "", nil, "lint", "--jsonl", "--format", "text", p)
	if want := p + "#n1:1:4: warning 97530/exercise-only: squats alone are exercise, not a functional task\n"; stdout != want {
		t.Errorf("text = %q, want %q", stdout, want)
	}
}

func TestLintBadInput(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"notes/good.txt":       "O: squats\n",
		"notes/bin.txt":        "abc" + phi + "\x00def",
		"notes/latin.txt":      "line one\r\nline two\r\ncaf\xe9 " + phi + "\r\n",
		"notes/sub/also.note":  "UNITS WRONG\n",
		"notes/ignored.pdf":    "\x00\x01",
		"notes/bom.txt":        "\ufeffO: squats\n",
		"notes/sub/empty.soap": "",
	}))
	code, stdout, stderr := runCLI(t, "", nil, "lint", "notes", "missing.txt")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	wantOut := []string{
		filepath.Join("notes", "bom.txt") + ":1:4: warning 97530/exercise-only: squats alone are exercise, not a functional task",
		filepath.Join("notes", "good.txt") + ":1:4: warning 97530/exercise-only: squats alone are exercise, not a functional task",
		filepath.Join("notes", "sub", "also.note") + ":1:1: error time/units-mismatch: billed units are not supported by the minutes",
	}
	if got := lines(stdout); !reflect.DeepEqual(got, wantOut) {
		t.Errorf("stdout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantOut, "\n"))
	}
	wantErr := []string{
		"soaplint: " + filepath.Join("notes", "bin.txt") + ": binary file (contains NUL bytes); not linted",
		"soaplint: " + filepath.Join("notes", "latin.txt") + ":3: invalid UTF-8 (is the file in another encoding, such as Windows-1252?); not linted",
		"soaplint: missing.txt: no such file or directory",
	}
	if got := lines(stderr); !reflect.DeepEqual(got, wantErr) {
		t.Errorf("stderr:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantErr, "\n"))
	}
	if strings.Contains(stdout+stderr, phi) {
		t.Errorf("note text leaked into the output")
	}
}

// TestLintOrder checks that output follows input order whatever the number of
// workers: many notes with uneven work, linted with 1 and with 8 workers.
func TestLintOrder(t *testing.T) {
	files := map[string]string{}
	var want []string
	for i := range 120 {
		name := fmt.Sprintf("n%03d.txt", i)
		// Uneven sizes so workers finish out of order.
		files["notes/"+name] = strings.Repeat("S: fine\n", (i*37)%50) + "UNITS WRONG\n"
		want = append(want, filepath.Join("notes", name))
	}
	chdir(t, writeTree(t, files))
	var outputs []string
	for _, jobs := range []string{"1", "8"} {
		_, stdout, _ := runCLI(t, "", nil, "lint", "--jobs", jobs, "notes")
		var got []string
		for _, l := range lines(stdout) {
			got = append(got, l[:strings.Index(l, ":")])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("--jobs %s: output not in input order", jobs)
		}
		outputs = append(outputs, stdout)
	}
	if outputs[0] != outputs[1] {
		t.Errorf("--jobs 1 and --jobs 8 differ")
	}
	if !sort.StringsAreSorted(want) {
		t.Fatal("test bug: want not sorted")
	}
}

func TestLintStdin(t *testing.T) {
	code, stdout, _ := runCLI(t, noteA, nil, "lint", "-")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	want := strings.ReplaceAll(strings.Join(wantTextA, "\n")+"\n", "a.txt:", "-:")
	if stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
}

func TestLintFix(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": noteA})
	chdir(t, dir)
	code, stdout, _ := runCLI(t, "", nil, "lint", "--fix", "a.txt")
	data, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(noteA, "UNITS WRONG", "UNITS 2", 1); string(data) != want {
		t.Errorf("fixed file = %q, want %q", data, want)
	}
	// The units finding is fixed; the others have no fix (the "disable" fix is
	// never applied) and remain.
	want := []string{wantTextA[0], wantTextA[2]}
	if got := lines(stdout); !reflect.DeepEqual(got, want) || code != 0 {
		t.Errorf("after --fix: exit %d, output %q", code, got)
	}
	// Without --fix nothing is written.
	chdir(t, writeTree(t, map[string]string{"a.txt": noteA}))
	runCLI(t, "", nil, "lint", "a.txt")
	if data, _ := os.ReadFile("a.txt"); string(data) != noteA {
		t.Errorf("lint without --fix changed the file")
	}
}

func TestLintConfig(t *testing.T) {
	note := noteA + "O: squats for zumba routine\n"
	chdir(t, writeTree(t, map[string]string{
		"clinic/.soaplint.yaml": "rules:\n  doc/vague-phrase: error\n  time/units-mismatch: off\nlexicon:\n  functional: [zumba routine]\n",
		"clinic/notes/a.txt":    note,
		"other/a.txt":           note,
		"commercial.yaml":       "profile: commercial\n",
	}))
	_, base, _ := runCLI(t, "", nil, "lint", "other")
	wantBase := []string{
		filepath.Join("other", "a.txt") + `:1:24: info doc/vague-phrase: "tolerated well" does not show skilled care`,
		filepath.Join("other", "a.txt") + `:2:1: error time/units-mismatch: billed units are not supported by the minutes`,
		filepath.Join("other", "a.txt") + `:3:4: warning 97530/exercise-only: squats alone are exercise, not a functional task`,
		filepath.Join("other", "a.txt") + `:4:4: warning 97530/exercise-only: squats alone are exercise, not a functional task`,
	}
	if got := lines(base); !reflect.DeepEqual(got, wantBase) {
		t.Errorf("without configuration:\n%s", base)
	}
	code, stdout, stderr := runCLI(t, "", nil, "lint", "clinic")
	p := filepath.Join("clinic", "notes", "a.txt")
	want := []string{
		p + `:1:24: error doc/vague-phrase: "tolerated well" does not show skilled care`, // severity override
		// time/units-mismatch is off; line 4's squats are tied to a configured functional term.
		p + `:3:4: warning 97530/exercise-only: squats alone are exercise, not a functional task`,
	}
	if got := lines(stdout); !reflect.DeepEqual(got, want) || code != 1 || stderr != "" {
		t.Errorf("with .soaplint.yaml: exit %d stderr %q output:\n%s", code, stderr, stdout)
	}
	// --config replaces the search; its profile turns off the medicare-only rule,
	// and --profile on the command line wins over the file.
	_, stdout, _ = runCLI(t, "", nil, "lint", "--config", "commercial.yaml", "clinic")
	if strings.Contains(stdout, "exercise-only") || !strings.Contains(stdout, "units-mismatch") {
		t.Errorf("--config commercial.yaml:\n%s", stdout)
	}
	_, stdout, _ = runCLI(t, "", nil, "lint", "--config", "commercial.yaml", "--profile", "medicare", "clinic")
	if !strings.Contains(stdout, "exercise-only") {
		t.Errorf("--profile medicare should win over the file's profile:\n%s", stdout)
	}
}

func TestLintConfigErrors(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"bad/.soaplint.yaml": "profile: medicaid\nrules:\n  time/units-mismatch: loud\n  nope/rule: off\ncolour: red\n",
		"bad/a.txt":          "UNITS WRONG\n",
		"bad/b.txt":          "UNITS WRONG\n",
	}))
	code, stdout, stderr := runCLI(t, "", nil, "lint", "bad")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	cfg := filepath.Join("bad", ".soaplint.yaml")
	abs, _ := filepath.Abs(cfg)
	for _, want := range []string{
		abs + `:1: profile: unknown profile "medicaid" (want medicare or commercial)`,
		abs + `:3: rules.time/units-mismatch: bad value "loud" (want off, on, error, warning or info)`,
		abs + `:4: rules.nope/rule: unknown rule "nope/rule"`,
		abs + `:5: colour: unknown key`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := strings.Count(stderr, ":5: colour"); n != 1 {
		t.Errorf("configuration error printed %d times, want once", n)
	}
	// The notes are still linted (with the defaults).
	if strings.Count(stdout, "time/units-mismatch") != 2 {
		t.Errorf("notes under a bad configuration not linted:\n%s", stdout)
	}
}

func TestRulesCommand(t *testing.T) {
	code, stdout, _ := runCLI(t, "", nil, "rules")
	got := lines(stdout)
	if code != 0 || len(got) != 4 || !strings.HasPrefix(got[0], "RULE") {
		t.Fatalf("rules: exit %d\n%s", code, stdout)
	}
	if f := strings.Fields(got[2]); f[0] != "97530/exercise-only" || f[1] != "warning" ||
		strings.Join(f[2:], " ") != "Flags squats on a line with no functional task." {
		t.Errorf("row = %q", got[2])
	}
	code, stdout, _ = runCLI(t, "", nil, "rules", "--format", "json")
	var infos []ruleInfo
	if err := json.Unmarshal([]byte(stdout), &infos); err != nil || code != 0 {
		t.Fatalf("rules --format json: exit %d, %v", code, err)
	}
	if len(infos) != 3 || infos[1].ID != "97530/exercise-only" || !reflect.DeepEqual(infos[1].Profiles, []string{"medicare"}) ||
		!reflect.DeepEqual(infos[0].Profiles, []string{"medicare", "commercial"}) || infos[0].Source != "test suite" {
		t.Errorf("infos = %+v", infos)
	}
	if code, _, _ := runCLI(t, "", nil, "rules", "--format", "xml"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}

func TestExplainCommand(t *testing.T) {
	code, stdout, _ := runCLI(t, "", nil, "explain", "time/units-mismatch")
	for _, want := range []string{"time/units-mismatch\n", "default severity: error", "profiles:         medicare, commercial",
		"source:           test suite", "Flags lines that start with UNITS WRONG.", "[soaplint-disable time/units-mismatch]"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, stdout)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	code, stdout, stderr := runCLI(t, "", nil, "explain", "units")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `unknown rule "units"; run `+"`soaplint rules`") ||
		!strings.Contains(stderr, "did you mean: time/units-mismatch") {
		t.Errorf("unknown rule: exit %d stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "", nil, "explain"); code != 2 {
		t.Errorf("no rule: exit %d", code)
	}
}

func TestLintTableFlags(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{
		"clean.txt": "S: fine\n",
		"mue.txt":   "97530\t4\t3\tClinical\n97110\tsix\t3\tbad\n",
	}))
	code, _, stderr := runCLI(t, "", nil, "lint", "--mue", "mue.txt", "clean.txt")
	if code != 0 || !strings.Contains(stderr, "soaplint: warning: mue.txt:2:") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
