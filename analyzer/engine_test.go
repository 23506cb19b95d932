package analyzer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
)

// wordRule reports every occurrence of word, so tests can place findings exactly.
func wordRule(id, word string, sev analyzer.Severity, profiles ...analyzer.Profile) *analyzer.Rule {
	return &analyzer.Rule{
		ID: id, Severity: sev, Doc: "test", Source: "test", Profiles: profiles,
		Run: func(p *analyzer.Pass) {
			text := p.Note.Text
			for off := 0; ; {
				i := strings.Index(text[off:], word)
				if i < 0 {
					return
				}
				p.Report(analyzer.Diagnostic{Start: off + i, End: off + i + len(word), Message: "found " + word})
				off += i + len(word)
			}
		},
	}
}

func lines(t *testing.T, text string, res *analyzer.Result, rule string) []int {
	t.Helper()
	m := res.Note.Mapper()
	var out []int
	for _, d := range res.Diagnostics {
		if d.Rule == rule {
			l, _ := m.Position(d.Start)
			out = append(out, l)
		}
	}
	return out
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDirectives(t *testing.T) {
	rules := []*analyzer.Rule{wordRule("test/a", "AAA", analyzer.Warning), wordRule("test/b", "BBB", analyzer.Warning)}
	for _, tc := range []struct {
		name, text string
		a, b       []int
	}{
		{"none", "AAA BBB\nAAA BBB\n", []int{1, 2}, []int{1, 2}},
		{"disable rest of note", "AAA\n[soaplint-disable test/a]\nAAA BBB\nAAA\n", []int{1}, []int{3}},
		{"disable then enable", "[soaplint-disable test/a]\nAAA\n<!-- soaplint-enable test/a -->\nAAA\n", []int{4}, nil},
		{"disable all rules", "AAA BBB\n# soaplint-disable\nAAA BBB\n", []int{1}, []int{1}},
		{"enable one after disabling all", "[soaplint-disable]\nAAA BBB\n[soaplint-enable test/b]\nAAA BBB\n", nil, []int{4}},
		{"next line only", "[soaplint-disable-next-line test/a]\nAAA BBB\nAAA\n", []int{3}, []int{2}},
		{"next line, list of rules", "[soaplint-disable-next-line test/a, test/b]\nAAA BBB\nAAA BBB\n", []int{3}, []int{3}},
		{"other rule named", "[soaplint-disable test/b]\nAAA\n", []int{2}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := analyzer.Run(context.Background(), tc.text, rules, analyzer.Config{})
			if err != nil {
				t.Fatal(err)
			}
			if got := lines(t, tc.text, res, "test/a"); !equal(got, tc.a) {
				t.Errorf("test/a on lines %v, want %v", got, tc.a)
			}
			if got := lines(t, tc.text, res, "test/b"); !equal(got, tc.b) {
				t.Errorf("test/b on lines %v, want %v", got, tc.b)
			}
		})
	}
}

func TestConfigAndOrder(t *testing.T) {
	rules := []*analyzer.Rule{
		wordRule("test/z", "AAA", analyzer.Info),
		wordRule("test/a", "AAA", analyzer.Error),
		wordRule("test/commercial", "AAA", analyzer.Warning, analyzer.Commercial),
		wordRule("test/off", "AAA", analyzer.Warning),
	}
	text := "x AAA\nAAA\n"
	res, err := analyzer.Run(context.Background(), text, rules, analyzer.Config{
		Disabled: map[string]bool{"test/off": true},
		Severity: map[string]analyzer.Severity{"test/z": analyzer.Error},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Profile != analyzer.Medicare {
		t.Errorf("profile = %q, want the medicare default", res.Profile)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Rule+"@"+d.Severity.String())
		if d.Start != 2 && d.Start != 6 {
			t.Errorf("%s at %d", d.Rule, d.Start)
		}
		last := d.Fixes[len(d.Fixes)-1]
		if last.Kind != analyzer.Disable || last.Title != "Disable "+d.Rule+" for this note" || last.Edits[0].NewText != "[soaplint-disable "+d.Rule+"]\n" {
			t.Errorf("%s: last fix = %+v", d.Rule, last)
		}
	}
	want := "test/a@error test/z@error test/a@error test/z@error"
	if strings.Join(got, " ") != want {
		t.Errorf("diagnostics = %v, want %s (by position, then rule; test/off disabled; test/commercial not in profile)", got, want)
	}
	// The note's own payer line wins over the configured default.
	res, _ = analyzer.Run(context.Background(), "Payer: Aetna (commercial)\nAAA\n", rules, analyzer.Config{Profile: analyzer.Medicare})
	if res.Profile != analyzer.Commercial || len(lines(t, "", res, "test/commercial")) != 1 {
		t.Errorf("profile %q, commercial findings %v", res.Profile, lines(t, "", res, "test/commercial"))
	}
}

func TestDisableFixSilencesRule(t *testing.T) {
	rules := []*analyzer.Rule{wordRule("test/a", "AAA", analyzer.Warning)}
	text := "S: AAA\nO: AAA\n"
	res, _ := analyzer.Run(context.Background(), text, rules, analyzer.Config{})
	if len(res.Diagnostics) != 2 {
		t.Fatalf("want 2 findings, got %d", len(res.Diagnostics))
	}
	e := res.Diagnostics[0].Fixes[0].Edits[0]
	fixed := text[:e.Start] + e.NewText + text[e.End:]
	res, _ = analyzer.Run(context.Background(), fixed, rules, analyzer.Config{})
	if len(res.Diagnostics) != 0 {
		t.Errorf("after the disable fix: %d findings remain", len(res.Diagnostics))
	}
}

func TestRangesClampedAndCancel(t *testing.T) {
	wild := &analyzer.Rule{ID: "test/wild", Doc: "d", Source: "s", Run: func(p *analyzer.Pass) {
		p.Report(analyzer.Diagnostic{Start: -5, End: 1 << 20, Message: "m"})
		p.Report(analyzer.Diagnostic{Start: 4, End: 2, Message: "m"})
	}}
	res, _ := analyzer.Run(context.Background(), "abcdef", []*analyzer.Rule{wild}, analyzer.Config{})
	for _, d := range res.Diagnostics {
		if d.Start < 0 || d.End > 6 || d.End < d.Start {
			t.Errorf("range %d-%d not clamped to the note", d.Start, d.End)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := analyzer.Run(ctx, "abc", []*analyzer.Rule{wild}, analyzer.Config{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: err = %v", err)
	}
}
