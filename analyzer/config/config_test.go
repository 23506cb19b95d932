package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
)

var known = []string{"time/units-mismatch", "doc/vague-phrase", "goal/no-timeframe", "97530/exercise-only"}

const full = `# clinic settings
profile: commercial
rules:
  doc/vague-phrase: off
  goal/no-timeframe: warning
  time/units-mismatch: on
lexicon:
  functional: [zumba routine, "car transfer"]
  skilled:
    - tactile cues
templates:
  - id: clinic-stairs
    text: Pt will ascend/descend {n} stairs with {assist} in {weeks} weeks.
    region: knee
    activity: stairs
`

func TestParse(t *testing.T) {
	f, err := Parse([]byte(full), "/clinic/.soaplint.yaml", known)
	if err != nil {
		t.Fatal(err)
	}
	if f.Profile != analyzer.Commercial {
		t.Errorf("profile = %q", f.Profile)
	}
	warn := analyzer.Warning
	want := map[string]RuleSetting{
		"doc/vague-phrase":    {Off: true},
		"goal/no-timeframe":   {Severity: &warn},
		"time/units-mismatch": {},
	}
	if !reflect.DeepEqual(f.Rules, want) {
		t.Errorf("rules = %+v", f.Rules)
	}
	if got := f.Terms["functional"]; !reflect.DeepEqual(got, []string{"zumba routine", "car transfer"}) {
		t.Errorf("functional terms = %q", got)
	}
	if got := f.Terms["skilled"]; !reflect.DeepEqual(got, []string{"tactile cues"}) {
		t.Errorf("skilled terms = %q", got)
	}
	if len(f.Templates) != 1 || f.Templates[0].ID != "clinic-stairs" || !strings.HasPrefix(f.Templates[0].Text, "Pt will ascend") {
		t.Errorf("templates = %+v", f.Templates)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		data string
		want []string // substrings, each naming file:line: key
	}{
		{"profile: medicaid\n", []string{`c.yaml:1: profile: unknown profile "medicaid"`}},
		{"rules:\n  doc/vague-phrase: loud\n", []string{`c.yaml:2: rules.doc/vague-phrase: bad value "loud" (want off, on, error, warning or info)`}},
		{"rules:\n  docs/vague: off\n", []string{`c.yaml:2: rules.docs/vague: unknown rule "docs/vague"`}},
		{"\n\ncolour: red\n", []string{`c.yaml:3: colour: unknown key (want profile, rules, lexicon, templates, ncci, mue, data or apm)`}},
		{"lexicon:\n  functionl: [x]\n", []string{`c.yaml:2: lexicon.functionl: unknown term list`}},
		{"lexicon:\n  functional: stairs\n", []string{`c.yaml:2: lexicon.functional: want a list of terms`}},
		{"rules: [a, b]\n", []string{`c.yaml:1: rules: want a mapping`}},
		{"templates:\n  - id: x\n    txt: y\n", []string{`c.yaml:3: templates[0].txt: unknown key`, `c.yaml:2: templates[0]: a template needs an id and a text`}},
		{"profile: medicare\nprofile: commercial\n", []string{`c.yaml:2: profile: duplicate key`}},
		{"- a\n- b\n", []string{`c.yaml:1: configuration must be a mapping`}},
		{"rules: {a: [\n", []string{`c.yaml: `}},
		{"profile: medicaid\ncolour: red\n", []string{`c.yaml:1: profile:`, `c.yaml:2: colour:`}},
	} {
		_, err := Parse([]byte(tc.data), "c.yaml", known)
		if err == nil {
			t.Errorf("%q: no error", tc.data)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", tc.data, err, w)
			}
		}
		var ce *Error
		if !errors.As(err, &ce) || ce.File != "c.yaml" {
			t.Errorf("%q: error is not a *config.Error naming the file: %#v", tc.data, err)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, data := range []string{"", "# nothing\n", "rules:\n"} {
		f, err := Parse([]byte(data), "c.yaml", known)
		if err != nil || f == nil || f.Profile != "" || len(f.Rules) != 0 {
			t.Errorf("%q: %+v, %v", data, f, err)
		}
	}
}

func TestApply(t *testing.T) {
	f, err := Parse([]byte(full), "c.yaml", known)
	if err != nil {
		t.Fatal(err)
	}
	base := analyzer.Config{
		Disabled: map[string]bool{"time/units-mismatch": true},
		Severity: map[string]analyzer.Severity{"97530/exercise-only": analyzer.Info},
	}
	got, err := f.Apply(base)
	if err != nil {
		t.Fatal(err)
	}
	if got.Profile != analyzer.Commercial {
		t.Errorf("profile = %q", got.Profile)
	}
	if !reflect.DeepEqual(got.Disabled, map[string]bool{"doc/vague-phrase": true}) {
		t.Errorf("disabled = %v (on must re-enable a rule the base disabled)", got.Disabled)
	}
	if !reflect.DeepEqual(got.Severity, map[string]analyzer.Severity{"97530/exercise-only": analyzer.Info, "goal/no-timeframe": analyzer.Warning}) {
		t.Errorf("severity = %v", got.Severity)
	}
	if len(base.Disabled) != 1 || len(base.Severity) != 1 {
		t.Errorf("Apply modified its base: %+v", base)
	}
	if got.Lexicon == nil || got.Lexicon == lexicon.Default() {
		t.Fatal("lexicon not extended")
	}
	if m := got.Lexicon.Terms.Matcher("functional").Find("working on her zumba routine"); len(m) != 1 {
		t.Errorf("added functional term not matched: %v", m)
	}
	if m := lexicon.Default().Terms.Matcher("functional").Find("working on her zumba routine"); len(m) != 0 {
		t.Errorf("default lexicon changed: %v", m)
	}
	// No additions: the lexicon is left alone.
	plain, _ := Parse([]byte("profile: medicare\n"), "c.yaml", known)
	if c, _ := plain.Apply(analyzer.Config{}); c.Lexicon != nil || c.Profile != analyzer.Medicare {
		t.Errorf("plain apply = %+v", c)
	}
}

func TestFromMap(t *testing.T) {
	f, err := FromMap(map[string]any{
		"profile": "commercial",
		"rules":   map[string]any{"doc/vague-phrase": "error"},
		"lexicon": map[string]any{"exercise": []any{"clamshells"}},
	}, "workspace/configuration", "/ws", known)
	if err != nil {
		t.Fatal(err)
	}
	if f.Profile != analyzer.Commercial || *f.Rules["doc/vague-phrase"].Severity != analyzer.Error ||
		!reflect.DeepEqual(f.Terms["exercise"], []string{"clamshells"}) {
		t.Errorf("file = %+v", f)
	}
	_, err = FromMap(map[string]any{"rules": map[string]any{"nope": "off"}}, "workspace/configuration", "", known)
	if err == nil || err.Error() != `workspace/configuration: rules.nope: unknown rule "nope" (run `+"`soaplint rules`"+` for the list)` {
		t.Errorf("FromMap error = %v", err)
	}
}

func TestFindAndResolver(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "clinic", "notes", "2025"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "bad"), 0o755))
	cfg := filepath.Join(root, "clinic", FileName)
	must(os.WriteFile(cfg, []byte("rules:\n  doc/vague-phrase: off\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "bad", FileName), []byte("profile: x\n"), 0o644))

	if p, ok := Find(filepath.Join(root, "clinic", "notes", "2025")); !ok || p != cfg {
		t.Errorf("Find = %q, %v; want %q", p, ok, cfg)
	}
	r := NewResolver(Options{Known: known, After: func(c analyzer.Config) analyzer.Config {
		c.Profile = analyzer.Commercial
		return c
	}})
	res := r.ForDir(filepath.Join(root, "clinic", "notes", "2025"))
	if res.Path != cfg || res.Err != nil || !res.Config.Disabled["doc/vague-phrase"] || res.Config.Profile != analyzer.Commercial {
		t.Errorf("resolved = %+v", res)
	}
	if again := r.ForDir(filepath.Join(root, "clinic")); again != res {
		t.Errorf("configuration file loaded twice")
	}
	bad := r.ForDir(filepath.Join(root, "bad"))
	if bad.Err == nil || !strings.Contains(bad.Err.Error(), ":1: profile:") || bad.Config.Profile != analyzer.Commercial {
		t.Errorf("bad = %+v", bad)
	}
	// An override applies everywhere.
	o := NewResolver(Options{Override: cfg, Known: known})
	if res := o.ForDir(filepath.Join(root, "bad")); res.Path != cfg || res.Err != nil {
		t.Errorf("override = %+v", res)
	}
}

func TestTemplatesAndTables(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("edits.txt", "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\tPTP Edit Rationale\n"+
		"97530\t97140\t\t20200101\t*\t1\tMisuse of column two code with column one code\n"+
		"97530\t97150\t\t2020-01-01\t*\t1\tbad date\n")
	write("mue.txt", "HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale\n"+
		"97530\t4\t3 Date of Service Edit: Clinical\tClinical: Data\n"+
		"97110\tsix\t3\tbad\n")
	write(FileName, "ncci: edits.txt\nmue: mue.txt\ntemplates:\n  - id: t1\n    text: Pt will {task}.\n    regions: [knee, hip]\n    activity: stairs\n    impairment: rom\n")
	f, err := Load(filepath.Join(dir, FileName), known)
	if err != nil {
		t.Fatal(err)
	}
	if f.NCCI != filepath.Join(dir, "edits.txt") || f.Edits == nil || f.MUEs == nil {
		t.Fatalf("tables not loaded: %+v", f)
	}
	if len(f.Warnings) != 2 || !strings.Contains(f.Warnings[0].Error(), "edits.txt:3") || !strings.Contains(f.Warnings[1].Error(), "mue.txt:3") {
		t.Errorf("warnings = %v", f.Warnings)
	}
	tp := f.Templates[0]
	if tp.ID != "t1" || !reflect.DeepEqual(tp.Regions, []string{"knee", "hip"}) || !reflect.DeepEqual(tp.Activities, []string{"stairs"}) ||
		!reflect.DeepEqual(tp.Impairments, []string{"rom"}) {
		t.Errorf("template = %+v", tp)
	}
	cfg, err := f.Apply(analyzer.Config{})
	if err != nil || cfg.Lexicon == nil || cfg.Lexicon.Edits != f.Edits || cfg.Lexicon.MUE != f.MUEs {
		t.Errorf("Apply did not install the tables: %v", err)
	}

	write(FileName, "profile: medicare\nncci: nowhere.txt\n")
	_, err = Load(filepath.Join(dir, FileName), known)
	if err == nil || !strings.Contains(err.Error(), FileName+":2: ncci: cannot read code-pair edit file") {
		t.Errorf("missing ncci file: %v", err)
	}
}

func TestFromMapIgnoresClientOnlyKeys(t *testing.T) {
	f, err := FromMap(map[string]any{
		"profile": "commercial", "serverPath": "/usr/bin/soaplint", "enable": []any{"plaintext"},
		"debounceMs": 50, "trace": map[string]any{"server": "off"},
	}, "workspace/configuration", "", known)
	if err != nil {
		t.Fatalf("FromMap with client-only keys: %v", err)
	}
	cfg, err := f.Apply(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Profile != analyzer.Commercial {
		t.Errorf("profile = %q, want commercial", cfg.Profile)
	}
	if _, err := FromMap(map[string]any{"serverpath": "x"}, "workspace/configuration", "", known); err == nil {
		t.Error("a misspelt key must still be an error")
	}
}
