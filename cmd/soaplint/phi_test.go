package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// PHI test: notes full of marker strings go through every output of the CLI;
// a marker may appear only inside what a finding itself carries (its message,
// its fixes' titles and replacement text), never in locations, summaries,
// errors, logs or reports.

// markerRE matches a marker, or any piece of one that starts with its prefix.
var markerRE = regexp.MustCompile(`ZZPHIMARKER(?:-[A-Z]+-[0-9]+)?`)

// markerNote is a realistic therapy note whose patient identifiers and every
// free-text sentence carry a unique marker; n numbers the note.
func markerNote(n int) string {
	k := 0
	m := func(kind string) string { k++; return fmt.Sprintf("ZZPHIMARKER-%s-%d%02d", kind, n, k) }
	return strings.Join([]string{
		fmt.Sprintf("Patient: %s %s   DOB: 02/11/1951 %s   MRN: %s", m("NAME"), m("NAME"), m("DOB"), m("MRN")),
		"Discipline: PT",
		"Payer: Medicare Part B",
		"Dx: M25.661 Stiffness of R knee; Q99.ZZ " + m("DX"),
		"Time in 11:50 am / Time out 12:35 pm",
		"",
		fmt.Sprintf("S: Pt %s reports R knee pain 5/10 after walking to the mailbox at %s. Lives with daughter %s.", m("NAME"), m("ADDR"), m("NAME")),
		"",
		"O:",
		fmt.Sprintf("TherEx 97110 (12:01-12:20, 19 min): bike 6 min, quad sets 2x10, SLR 2x10 %s.", m("FREE")),
		fmt.Sprintf("TherAct 97530 (12:20-12:35, 15 min): squats 3x10, theraband rows, bike %s.", m("FREE")),
		fmt.Sprintf("Pt tolerated well. Continue per POC. See flowsheet %s.", m("FREE")),
		"",
		fmt.Sprintf("A: Pt tolerated well %s; wife %s drove.", m("FREE"), m("NAME")),
		"",
		"P: Continue per POC " + m("FREE"),
		"",
		"Goals:",
		fmt.Sprintf("STG 1: increase R knee flexion ROM to 120 deg %s", m("GOAL")),
		fmt.Sprintf("LTG: improve quad strength to 5/5 %s", m("GOAL")),
		fmt.Sprintf("Goal: %s pain 2/10", m("GOAL")),
		"",
		fmt.Sprintf("Charges: 97110 x2, 97530 x3 %s", m("FREE")),
		"Signed: Alicia Brandt, PT",
		"",
	}, "\n")
}

// allowedTexts collects what the findings of a json-format run carry: messages,
// fix titles and replacement texts.
func allowedTexts(t *testing.T, jsonOut string) []string {
	t.Helper()
	var doc struct {
		Files []struct {
			Diagnostics []struct {
				Message string
				Fixes   []struct {
					Title string
					Edits []struct{ NewText string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil {
		t.Fatalf("json output: %v", err)
	}
	var out []string
	for _, f := range doc.Files {
		for _, d := range f.Diagnostics {
			out = append(out, d.Message)
			for _, fx := range d.Fixes {
				out = append(out, fx.Title)
				for _, e := range fx.Edits {
					out = append(out, e.NewText)
				}
			}
		}
	}
	return out
}

// encodings are the ways an output format may write an allowed string: as is,
// JSON-escaped (with and without HTML escaping), HTML/XML-escaped, and as
// GitHub workflow commands escape data.
func encodings(s string) []string {
	js, _ := json.Marshal(s)
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	jr := strings.TrimSuffix(raw.String(), "\n")
	gh := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
	return []string{s, string(js[1 : len(js)-1]), jr[1 : len(jr)-1], html.EscapeString(s), gh}
}

// leaks returns the markers in out that are not inside an allowed string.
func leaks(out string, allowed []string) []string {
	// Longest first, so a string is removed before any shorter one inside it.
	var forms []string
	for _, a := range allowed {
		if markerRE.MatchString(a) {
			forms = append(forms, encodings(a)...)
		}
	}
	sort.Slice(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	for _, f := range forms {
		if f != "" {
			out = strings.ReplaceAll(out, f, "")
		}
	}
	return markerRE.FindAllString(out, -1)
}

// phiRun runs the real command (all rules) and returns its exit code and output.
func phiRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code := run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func TestPHILeakCheck(t *testing.T) {
	msg := "goal \"ZZPHIMARKER-GOAL-101 walk\" & <stairs>\n100%"
	for _, out := range encodings(msg) {
		if l := leaks("x "+out+" y", []string{msg}); len(l) > 0 {
			t.Errorf("allowed %q still leaks %v", out, l)
		}
		if l := leaks("x "+out+" ZZPHIMARKER-NAME-102 ZZPHIMARKER", []string{msg}); len(l) != 2 {
			t.Errorf("leaks beside %q = %v, want the other marker and the bare prefix", out, l)
		}
	}
}

func TestPHINeverLeaks(t *testing.T) {
	var jsonl strings.Builder
	rec := func(v map[string]any) {
		b, _ := json.Marshal(v)
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	rec(map[string]any{"id": "visit-1", "text": markerNote(10), "site": "north"})
	jsonl.WriteString(`{"id":"visit-2","text":"Patient: ZZPHIMARKER-NAME-9901 unterminated` + "\n")
	jsonl.WriteString(`{"id":"visit-3","text":42,"note":"ZZPHIMARKER-FREE-9902"}` + "\n")
	jsonl.WriteString("{\"id\":\"visit-4\",\"text\":\"ZZPHIMARKER-FREE-9903 \xff\xfe bad bytes\"}\n")
	jsonl.WriteString(`ZZPHIMARKER-NAME-9904 is not JSON at all` + "\n")
	rec(map[string]any{"id": "visit-5", "text": markerNote(11)})

	dir := writeTree(t, map[string]string{
		"notes/a.txt":                     markerNote(1),
		"notes/b.md":                      markerNote(2),
		"notes/utf8.txt":                  markerNote(3) + "\xff\xfe\xfd " + "ZZPHIMARKER-FREE-9905\n",
		"notes/binary.txt":                "ZZPHIMARKER-NAME-9906\x00\x00\x01\x02" + markerNote(4),
		"notes/crlf.txt":                  strings.ReplaceAll(markerNote(5), "\n", "\r\n"),
		"notes/badcfg/c.txt":              markerNote(6),
		"notes/badcfg/.soaplint.yaml":     "profile: [medicare\nrules: {\n",
		"notes/unknowncfg/d.txt":          markerNote(7),
		"notes/unknowncfg/.soaplint.yaml": "profile: dental\nrules:\n  no/such-rule: off\n  goal/no-timeframe: loud\n",
		"export.jsonl":                    jsonl.String(),
	})
	chdir(t, dir)
	stdinNote := markerNote(20)

	type input struct {
		name  string
		stdin string
		args  []string
	}
	inputs := []input{
		{"folder", "", []string{"notes"}},
		{"jsonl", "", []string{"--jsonl", "export.jsonl"}},
		{"stdin", stdinNote, []string{"-"}},
		{"jsonl-stdin", jsonl.String(), []string{"--jsonl", "-"}},
		{"missing", "", []string{"notes/a.txt", "notes/nope.txt"}},
	}
	for _, in := range inputs {
		_, jsonOut, _ := phiRun(t, in.stdin, append([]string{"lint", "--format", "json"}, in.args...)...)
		allowed := allowedTexts(t, jsonOut)
		quoted := 0
		for _, a := range allowed {
			if markerRE.MatchString(a) {
				quoted++
			}
		}
		t.Logf("%s: %d finding texts, %d quote a marker", in.name, len(allowed), quoted)
		if len(allowed) == 0 && in.name != "missing" {
			t.Errorf("%s: no findings at all; the test would prove nothing", in.name)
		}
		for _, f := range []string{"text", "json", "jsonl", "sarif", "checkstyle", "github"} {
			args := append([]string{"lint", "--format", f, "--fail-level", "info"}, in.args...)
			code, stdout, stderr := phiRun(t, in.stdin, args...)
			if code == 0 {
				t.Errorf("%s %s: exit 0 with findings", in.name, f)
			}
			if l := leaks(stdout, allowed); len(l) > 0 {
				t.Errorf("%s --format %s: stdout leaks %v", in.name, f, l)
			}
			if l := leaks(stderr, nil); len(l) > 0 {
				t.Errorf("%s --format %s: stderr leaks %v:\n%s", in.name, f, l, stderr)
			}
		}
	}

	// The error paths did run, and name the file and line.
	_, _, stderr := phiRun(t, "", "lint", "notes")
	_, _, jstderr := phiRun(t, "", "lint", "--jsonl", "export.jsonl")
	for _, want := range []string{"utf8.txt", "binary.txt", "badcfg/.soaplint.yaml", "unknowncfg/.soaplint.yaml"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("lint notes: no error naming %s:\n%s", want, stderr)
		}
	}
	for _, want := range []string{"export.jsonl:2", "export.jsonl:3", "export.jsonl:4", "export.jsonl:5"} {
		if !strings.Contains(jstderr, want) {
			t.Errorf("lint --jsonl: no error naming %s:\n%s", want, jstderr)
		}
	}

	// Report: the HTML page and the command's output.
	for _, in := range inputs[:2] {
		_, jsonOut, _ := phiRun(t, "", append([]string{"lint", "--format", "json"}, in.args...)...)
		allowed := allowedTexts(t, jsonOut)
		out := filepath.Join(dir, "report-"+in.name+".html")
		code, stdout, stderr := phiRun(t, "", append([]string{"report", "-o", out}, in.args...)...)
		page, err := os.ReadFile(out)
		if err != nil || !strings.Contains(string(page), "<html") {
			t.Fatalf("report %s: exit %d, %v\n%s", in.name, code, err, stderr)
		}
		if l := leaks(string(page), allowed); len(l) > 0 {
			t.Errorf("report %s: HTML leaks %v", in.name, l)
		}
		if l := leaks(stdout+stderr, nil); len(l) > 0 {
			t.Errorf("report %s: output leaks %v", in.name, l)
		}
	}

	// Index and search: the index directory holds notes by nature; what the
	// commands print may quote only what findings carry.
	db := filepath.Join(t.TempDir(), "idx")
	_, jsonOut, _ := phiRun(t, "", "lint", "--format", "json", "notes")
	allowed := allowedTexts(t, jsonOut)
	code, stdout, stderr := phiRun(t, "", "index", "--db", db, "notes")
	if code == 2 && !strings.Contains(stderr, "notes indexed") {
		t.Fatalf("index: exit %d\n%s", code, stderr)
	}
	if l := leaks(stdout+stderr, nil); len(l) > 0 {
		t.Errorf("index: output leaks %v", l)
	}
	for _, q := range [][]string{
		{"rule:goal/*"}, {"severity:error"}, {"knee"}, {"ZZPHIMARKER-FREE-109"}, {"path:notes/*"},
		{"--format", "json", "rule:doc/vague-phrase"}, {"date:bogus"},
	} {
		args := append([]string{"search", "--db", db}, q...)
		code, stdout, stderr := phiRun(t, "", args...)
		if code != 0 && q[0] != "date:bogus" {
			t.Errorf("search %v: exit %d\n%s", q, code, stderr)
		}
		// A query the user typed may be echoed back; nothing else.
		typed := []string{}
		for _, w := range q {
			if markerRE.MatchString(w) {
				typed = append(typed, w)
			}
		}
		if l := leaks(stdout, append(allowed, typed...)); len(l) > 0 {
			t.Errorf("search %v: stdout leaks %v", q, l)
		}
		if l := leaks(stderr, typed); len(l) > 0 {
			t.Errorf("search %v: stderr leaks %v", q, l)
		}
		if q[0] == "knee" && !strings.Contains(stdout, "notes/a.txt") {
			t.Errorf("search knee found nothing; the search check proves nothing:\n%s", stdout)
		}
	}
}
