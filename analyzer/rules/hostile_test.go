package rules_test

// Hostile-input tests of the whole engine (analyzer.Run with every rule): broken
// encodings, odd line ends, huge notes and non-ASCII text around findings. Each run
// is bounded so that a hang or a superlinear slowdown fails the test instead of
// hanging CI, and every result is checked against the engine's output contract
// (ranges in bounds and on character boundaries, sorted output, well-formed fixes).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// lint runs every rule over text with a deadline and checks the result's
// invariants. A panic, an error or a run that outlives the budget fails the test.
// The run's goroutine is owned by this call; if it hangs it is abandoned and the
// test fails.
func lint(t testing.TB, text string, cfg analyzer.Config) *analyzer.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runBudget)
	defer cancel()
	type outcome struct {
		res   *analyzer.Result
		err   error
		panic any
		stack []byte
	}
	done := make(chan outcome, 1)
	start := time.Now()
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				o.panic, o.stack = p, debug.Stack()
			}
			done <- o
		}()
		o.res, o.err = analyzer.Run(ctx, text, rules.All(), cfg)
	}()
	select {
	case o := <-done:
		// Never print the note: it stands for PHI. Sizes and positions only.
		if o.panic != nil {
			t.Fatalf("analyzer.Run panicked on a %d-byte note: %v\n%s", len(text), o.panic, o.stack)
		}
		if o.err != nil {
			t.Fatalf("analyzer.Run on a %d-byte note: %v (after %v)", len(text), o.err, time.Since(start))
		}
		if t, ok := t.(*testing.T); ok && len(text) > 1<<16 {
			t.Logf("linted %d bytes in %v, %d diagnostics", len(text), time.Since(start), len(o.res.Diagnostics))
		}
		checkResult(t, text, o.res)
		return o.res
	case <-time.After(runBudget + 5*time.Second):
		t.Fatalf("analyzer.Run did not return within %v on a %d-byte note (hang or superlinear slowdown)", runBudget+5*time.Second, len(text))
		return nil
	}
}

// boundaries reports, for every offset 0..len(text), whether it starts a
// character as Go decodes text (an invalid byte is a character of its own) or is
// the end of text.
func boundaries(text string) []bool {
	b := make([]bool, len(text)+1)
	for i := range text {
		b[i] = true
	}
	b[len(text)] = true
	return b
}

// checkResult asserts the output contract of analyzer.Run for text.
func checkResult(t testing.TB, text string, res *analyzer.Result) {
	t.Helper()
	if res == nil || res.Note == nil {
		t.Fatalf("nil result or note")
	}
	if res.Note.Text != text {
		t.Fatalf("result note text differs from the input (%d vs %d bytes)", len(res.Note.Text), len(text))
	}
	if len(res.Diagnostics) == 0 {
		return
	}
	known := map[string]bool{}
	for _, id := range rules.Catalogue {
		known[id] = true
	}
	bound := boundaries(text)
	m := res.Note.Mapper()
	const maxErrs = 10
	errs := 0
	errorf := func(format string, args ...any) {
		t.Helper()
		if errs++; errs <= maxErrs {
			t.Errorf(format, args...)
		}
	}
	validText := utf8.ValidString(text)
	for i, d := range res.Diagnostics {
		where := fmt.Sprintf("diagnostic %d (%s [%d,%d))", i, d.Rule, d.Start, d.End)
		if !known[d.Rule] {
			errorf("%s: rule not in the catalogue", where)
		}
		if strings.TrimSpace(d.Message) == "" {
			errorf("%s: empty message", where)
		}
		if validText && !utf8.ValidString(d.Message) {
			errorf("%s: message is not valid UTF-8 though the note is", where)
		}
		if d.Start < 0 || d.End < d.Start || d.End > len(text) {
			errorf("%s: range out of bounds (note is %d bytes)", where, len(text))
			continue
		}
		if !bound[d.Start] || !bound[d.End] {
			errorf("%s: range splits a character", where)
		}
		if i > 0 {
			p := res.Diagnostics[i-1]
			if p.Start > d.Start || p.Start == d.Start && p.Rule > d.Rule {
				errorf("%s: not sorted after %s at %d", where, p.Rule, p.Start)
			}
		}
		// The LSP edge: the mapper agrees with an independent UTF-16 count (on
		// small notes; the reference is linear per call) and round-trips the start.
		if len(text) <= 1<<16 {
			for _, off := range []int{d.Start, d.End} {
				l, c := m.UTF16(off)
				if wl, wc := utf16Position(text, off); l != wl || c != wc {
					errorf("%s: offset %d maps to UTF-16 %d:%d, want %d:%d", where, off, l, c, wl, wc)
				}
			}
		}
		// The LSP edge must round-trip the start. (Mapper.UTF16 is linear in the
		// line's length, so the check is bounded: thousands of findings on one
		// multi-megabyte line would make it quadratic.)
		if i >= 2000 && len(text) > 1<<20 {
			continue
		}
		if l, c := m.UTF16(d.Start); m.Offset(l, c) != d.Start && !isLineBreak(text, d.Start) {
			errorf("%s: UTF-16 position %d:%d maps back to %d", where, l, c, m.Offset(l, c))
		}
		if len(d.Fixes) == 0 {
			errorf("%s: no fixes (the engine appends a disable fix to each)", where)
		}
		for j, f := range d.Fixes {
			fw := fmt.Sprintf("%s fix %d", where, j)
			if strings.TrimSpace(f.Title) == "" {
				errorf("%s: empty title", fw)
			}
			if len(f.Edits) == 0 {
				errorf("%s: no edits", fw)
			}
			edits := slices.Clone(f.Edits)
			sort.SliceStable(edits, func(a, b int) bool { return edits[a].Start < edits[b].Start })
			// In bounds, on character boundaries, valid replacement text: applying
			// the fix to a valid note cannot produce invalid UTF-8.
			for k, e := range edits {
				if e.Start < 0 || e.End < e.Start || e.End > len(text) {
					errorf("%s: edit [%d,%d) out of bounds (note is %d bytes)", fw, e.Start, e.End, len(text))
					continue
				}
				if !bound[e.Start] || !bound[e.End] {
					errorf("%s: edit [%d,%d) splits a character", fw, e.Start, e.End)
				}
				if k > 0 && edits[k-1].End > e.Start {
					errorf("%s: edits [%d,%d) and [%d,%d) overlap", fw, edits[k-1].Start, edits[k-1].End, e.Start, e.End)
				}
				if !utf8.ValidString(e.NewText) && validText {
					errorf("%s: edit text is not valid UTF-8 though the note is", fw)
				}
			}
		}
	}
	if errs > maxErrs {
		t.Errorf("... and %d more contract violations", errs-maxErrs)
	}
}

func isLineBreak(text string, off int) bool {
	return off < len(text) && (text[off] == '\n' || text[off] == '\r')
}

// apply applies sorted, non-overlapping edits to text.
func apply(text string, edits []analyzer.TextEdit) string {
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(text[last:e.Start])
		b.WriteString(e.NewText)
		last = e.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// finding is a diagnostic as the CLI prints it: rule, 1-based line and column in
// characters, and message.
type finding struct {
	Rule      string
	Line, Col int
	Message   string
}

func (f finding) String() string { return fmt.Sprintf("%d:%d %s", f.Line, f.Col, f.Rule) }

func findings(res *analyzer.Result) []finding {
	m := res.Note.Mapper()
	var out []finding
	for _, d := range res.Diagnostics {
		l, c := m.Position(d.Start)
		out = append(out, finding{d.Rule, l, c, d.Message})
	}
	return out
}

// diffFindings reports findings that differ between want and got (ignoring
// columns and messages when the flags say so). Never prints messages: they may
// quote the note.
func diffFindings(t *testing.T, label string, want, got []finding, cols, msgs bool) {
	t.Helper()
	key := func(f finding) string {
		k := fmt.Sprintf("%d %s", f.Line, f.Rule)
		if cols {
			k += fmt.Sprintf(" col %d", f.Col)
		}
		if msgs {
			k += fmt.Sprintf(" msg#%x", hash(f.Message))
		}
		return k
	}
	var w, g []string
	for _, f := range want {
		w = append(w, key(f))
	}
	for _, f := range got {
		g = append(g, key(f))
	}
	if !slices.Equal(w, g) {
		t.Errorf("%s: findings differ\nwant:\n  %s\ngot:\n  %s", label, strings.Join(w, "\n  "), strings.Join(g, "\n  "))
	}
}

func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func readHostile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hostile", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ruleSet(res *analyzer.Result) map[string]bool {
	s := map[string]bool{}
	for _, d := range res.Diagnostics {
		s[d.Rule] = true
	}
	return s
}

// TestHostileFixturesBaseline pins the fixtures the other tests vary, so a
// variant that finds nothing is never compared with a baseline that finds nothing.
func TestHostileFixturesBaseline(t *testing.T) {
	for name, want := range map[string][]string{
		"medicare.txt":   {"goal/impairment-based", "time/units-mismatch", "modifier/discipline-missing", "doc/missing-signature", "97530/exercise-only"},
		"commercial.txt": {"goal/impairment-based", "time/units-mismatch", "time/under-8-minutes"},
	} {
		res := lint(t, readHostile(t, name), analyzer.Config{})
		got := ruleSet(res)
		for _, id := range want {
			if !got[id] {
				t.Errorf("%s: %s does not fire", name, id)
			}
		}
	}
	if res := lint(t, readHostile(t, "commercial.txt"), analyzer.Config{}); res.Profile != analyzer.Commercial {
		t.Errorf("commercial.txt linted under %q, want commercial", res.Profile)
	}
}

// TestLineEndings: CRLF and lone-CR versions of a note give the same findings at
// the same 1-based lines and columns, with the same messages.
func TestLineEndings(t *testing.T) {
	for _, name := range []string{"medicare.txt", "commercial.txt"} {
		lf := readHostile(t, name)
		want := findings(lint(t, lf, analyzer.Config{}))
		for _, v := range []struct{ label, eol string }{{"CRLF", "\r\n"}, {"CR", "\r"}} {
			text := strings.ReplaceAll(lf, "\n", v.eol)
			got := findings(lint(t, text, analyzer.Config{}))
			diffFindings(t, name+" "+v.label, want, got, true, true)
		}
		// Mixed line ends, as in notes pasted together from two systems.
		var b strings.Builder
		for i, line := range strings.SplitAfter(lf, "\n") {
			if i%2 == 1 {
				line = strings.TrimSuffix(line, "\n") + "\r\n"
			}
			b.WriteString(line)
		}
		diffFindings(t, name+" mixed", want, findings(lint(t, b.String(), analyzer.Config{})), true, true)
	}
}

// TestBOM: a UTF-8 byte-order mark before the first header does not hide it.
func TestBOM(t *testing.T) {
	for _, name := range []string{"medicare.txt", "commercial.txt"} {
		plain := readHostile(t, name)
		base := lint(t, plain, analyzer.Config{})
		for _, v := range []struct{ label, pre string }{
			{"BOM", "\uFEFF"},
			{"BOM+CRLF", "\uFEFF"},
		} {
			text := v.pre + plain
			if strings.Contains(v.label, "CRLF") {
				text = strings.ReplaceAll(text, "\n", "\r\n")
			}
			res := lint(t, text, analyzer.Config{})
			if res.Profile != base.Profile {
				t.Errorf("%s %s: profile %q, want %q", name, v.label, res.Profile, base.Profile)
			}
			if res.Note.Header.Payer != base.Note.Header.Payer || res.Note.Header.Discipline != base.Note.Header.Discipline {
				t.Errorf("%s %s: header payer/discipline %q/%q, want %q/%q", name, v.label,
					res.Note.Header.Payer, res.Note.Header.Discipline, base.Note.Header.Payer, base.Note.Header.Discipline)
			}
			// Line 1's columns shift by the BOM; lines and messages must not change.
			diffFindings(t, name+" "+v.label, findings(base), findings(res), false, true)
		}
	}
	// The case where the BOM matters most: a commercial payer line on line 1, where
	// missing it would lint the note under the Medicare default.
	text := "\uFEFFPayer: Commercial\n" + strings.TrimPrefix(readHostile(t, "commercial.txt"), "Payer: Commercial\n")
	if res := lint(t, text, analyzer.Config{}); res.Profile != analyzer.Commercial {
		t.Errorf("BOM + \"Payer: Commercial\" on line 1: linted under %q", res.Profile)
	}
	text = "\uFEFFPayer: Medicare\n" + strings.TrimPrefix(readHostile(t, "commercial.txt"), "Payer: Commercial\n")
	if res := lint(t, text, analyzer.Config{Profile: analyzer.Commercial}); res.Profile != analyzer.Medicare {
		t.Errorf("BOM + \"Payer: Medicare\" on line 1 with a commercial default: linted under %q", res.Profile)
	}
}

// TestInvalidUTF8AndNUL: broken bytes in prose that no rule reads change nothing;
// anywhere else they may change findings but never break the output contract.
func TestInvalidUTF8AndNUL(t *testing.T) {
	junk := map[string]string{
		"lone 0xFF":             "\xff",
		"truncated 2-byte":      "\xc3",
		"stray continuation":    "\x80\xbf",
		"overlong slash":        "\xc0\xaf",
		"UTF-16 surrogate":      "\xed\xa0\x80",
		"beyond U+10FFFF":       "\xf4\x90\x80\x80",
		"NUL":                   "\x00",
		"NUL run":               strings.Repeat("\x00", 64),
		"truncated 4-byte":      "\xf0\x9f\x92",
		"UTF-16LE text":         "p\x00a\x00i\x00n\x00",
		"mixed invalid and NUL": "\x00\xff\x00\xfe",
	}
	for _, name := range []string{"medicare.txt", "commercial.txt"} {
		text := readHostile(t, name)
		base := findings(lint(t, text, analyzer.Config{}))
		// A word in the subjective that no rule looks at.
		const anchor = "Pt reports"
		at := strings.Index(text, anchor)
		if at < 0 {
			t.Fatalf("%s: anchor missing", name)
		}
		at += len("Pt ")
		for label, j := range junk {
			// In the middle of a word of the subjective: same lines, same rules.
			mod := text[:at] + j + text[at:]
			got := findings(lint(t, mod, analyzer.Config{}))
			diffFindings(t, name+" "+label+" in subjective", base, got, false, false)
			// Everywhere else: only the contract.
			for _, pos := range []int{0, len(text) / 3, len(text) / 2, len(text) - 1, len(text)} {
				lint(t, text[:pos]+j+text[pos:], analyzer.Config{})
			}
			// Every line ending with it.
			lint(t, strings.ReplaceAll(text, "\n", j+"\n"), analyzer.Config{})
		}
	}
	// Notes made of nothing but junk.
	for label, text := range map[string]string{
		"empty":        "",
		"only NULs":    strings.Repeat("\x00", 4096),
		"only 0xFF":    strings.Repeat("\xff", 4096),
		"only BOM":     "\uFEFF",
		"only CRs":     strings.Repeat("\r", 4096),
		"only CRLFs":   strings.Repeat("\r\n", 4096),
		"binary bytes": binaryBytes(1 << 16),
	} {
		t.Run(strings.ReplaceAll(label, " ", "_"), func(t *testing.T) { lint(t, text, analyzer.Config{}) })
	}
}

// binaryBytes is n bytes of deterministic noise covering every byte value.
func binaryBytes(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return string(b)
}

// TestWindows1252: a note exported as Windows-1252 (en dash 0x96, degree 0xB0,
// curly quotes 0x93/0x94, NBSP 0xA0) is linted without breaking the contract, and
// the facts that do not depend on the odd bytes are still read.
func TestWindows1252(t *testing.T) {
	utf := "Payer: Medicare\nDiscipline: PT\n\nS: Pt reports \u201cknees give way\u201d on stairs.\n" +
		"O:\nTherAct 97530 \u2013 20 min: sit\u2013stand from low sofa x10 with VCs for hip hinge, min A\n" +
		"Start 10:02 / Stop 10:40\n\nGoals:\nSTG (2 wks): R knee flex to 110\u00b0\n" +
		"LTG: Pt will climb 12 stairs with rail, mod I, in 6 wks\n\n" +
		"Billing:\nCPT 97530 \u2013 3 units \u2013 20 min\u00a0GP\nTotal timed minutes: 20   Total treatment time: 38\n\nSigned: Pat Doe, PT\n"
	cp1252 := strings.NewReplacer("\u201c", "\x93", "\u201d", "\x94", "\u2013", "\x96", "\u00b0", "\xb0", "\u00a0", "\xa0").Replace(utf)
	if utf8.ValidString(cp1252) {
		t.Fatal("fixture is not Windows-1252")
	}
	want := lint(t, utf, analyzer.Config{})
	got := lint(t, cp1252, analyzer.Config{})
	for _, id := range []string{"goal/impairment-based", "time/units-mismatch"} {
		if !ruleSet(want)[id] {
			t.Errorf("UTF-8 version: %s does not fire", id)
		}
	}
	// Lines must agree for the findings both versions share: the odd bytes are
	// single-byte characters and never line breaks.
	wl := map[string]bool{}
	for _, f := range findings(want) {
		wl[fmt.Sprint(f.Rule, f.Line)] = true
	}
	for _, f := range findings(got) {
		if ruleSet(want)[f.Rule] && !wl[fmt.Sprint(f.Rule, f.Line)] {
			t.Errorf("Windows-1252: %s on line %d, which the UTF-8 version does not report there", f.Rule, f.Line)
		}
	}
	if got.Note.Header.Profile != want.Note.Header.Profile || got.Note.Header.Discipline != want.Note.Header.Discipline {
		t.Errorf("Windows-1252: header facts lost")
	}
	if ruleSet(want)["goal/impairment-based"] && !ruleSet(got)["goal/impairment-based"] {
		t.Errorf("Windows-1252: the ROM goal written with a 0xB0 degree sign is no longer flagged")
	}
}

// TestUTF16Columns: findings on lines with emoji (surrogate pairs in UTF-16),
// combining marks and other non-ASCII text get the LSP column of an independent
// UTF-16 count, and the CLI column of a character count.
func TestUTF16Columns(t *testing.T) {
	prefixes := []string{
		"",
		"\U0001F4AA ", // 💪: two UTF-16 units, four bytes
		"\U0001F468\u200D\U0001F469\u200D\U0001F467 ", // ZWJ family: several pairs
		"Re\u0301sume\u0301 ",                         // combining acute accents
		"\u00b0\u2013\u2014 ",                         // BMP punctuation: one unit, 2-3 bytes
		"\U0001F9B5\U0001F3FD ",                       // leg + skin tone modifier
	}
	goals := []string{
		"STG (2 wks): %sR knee flex to 110°",
		"STG (2 wks): \U0001F4AA R knee flex to 110° %s",
		"LTG (6 wks): %sincrease L grip strength to 4/5 \U0001F91D",
	}
	for _, pre := range prefixes {
		for _, g := range goals {
			line := fmt.Sprintf(g, pre)
			text := "Payer: Medicare\nDiscipline: PT\n\u00a0\U0001F600 S: pain 3/10\n\nGoals:\n" + line + "\n\nSigned: A. B\u00e9, PT\n"
			res := lint(t, text, analyzer.Config{})
			m := res.Note.Mapper()
			lineStart := strings.Index(text, line)
			found := false
			for _, d := range res.Diagnostics {
				l, c := m.UTF16(d.Start)
				wantL, wantC := utf16Position(text, d.Start)
				if l != wantL || c != wantC {
					t.Errorf("goal %q: %s at byte %d: UTF-16 position %d:%d, want %d:%d", line, d.Rule, d.Start, l, c, wantL, wantC)
				}
				el, ec := m.UTF16(d.End)
				wantEL, wantEC := utf16Position(text, d.End)
				if el != wantEL || ec != wantEC {
					t.Errorf("goal %q: %s end at byte %d: UTF-16 position %d:%d, want %d:%d", line, d.Rule, d.End, el, ec, wantEL, wantEC)
				}
				cl, cc := m.Position(d.Start)
				if cl != l+1 || cc != utf8.RuneCountInString(text[m.LineStart(l):d.Start])+1 {
					t.Errorf("goal %q: %s: CLI position %d:%d disagrees with line %d", line, d.Rule, cl, cc, l)
				}
				if d.Rule == "goal/impairment-based" && d.Start >= lineStart && d.Start < lineStart+len(line) {
					found = true
					// The finding covers the goal text, which starts after the label.
					if d.Start < lineStart+len("STG (2 wks): ") {
						t.Errorf("goal %q: finding starts inside the label (byte %d of the line)", line, d.Start-lineStart)
					}
				}
			}
			if !found {
				t.Errorf("goal %q: goal/impairment-based does not fire on it", line)
			}
		}
	}
}

// utf16Position is an independent reference for note.Mapper.UTF16: the 0-based
// line (after \n, \r\n or lone \r) and the count of UTF-16 code units before off.
func utf16Position(text string, off int) (line, col int) {
	ls := 0
	for i := 0; i < off; i++ {
		switch text[i] {
		case '\n':
			line, ls = line+1, i+1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				if i+1 == off { // between \r and \n: still on this line
					break
				}
				i++
			}
			line, ls = line+1, i+1
		}
	}
	return line, len(utf16.Encode([]rune(text[ls:off])))
}

// TestLargeNotes: huge notes finish within the budget with a valid result. The
// inputs are generated, not committed.
func TestLargeNotes(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs; run without -short")
	}
	med := readHostile(t, "medicare.txt")
	com := readHostile(t, "commercial.txt")
	const tenMB = 10 << 20
	cases := []struct {
		name string
		gen  func() string
	}{
		// Many notes concatenated into one (an export mistaken for a note).
		{"10MB_concatenated_notes", func() string { return repeatTo(med+"\n"+com+"\n", tenMB) }},
		// One note whose subjective is a 10 MB dictation.
		{"10MB_prose", func() string {
			return "Payer: Medicare\nS: " + repeatTo("Pt reports knee pain with stairs and tolerated well; no stairs today. ", tenMB) + "\n" + com
		}},
		// One 10 MB line of activity text under a 97530 heading.
		{"10MB_one_activity_line", func() string {
			return "O:\nTherAct 97530 20 min: " + repeatTo("squats 3x10, sit-stand with VCs, step-ups; ", tenMB) + "\nBilling:\n97530 x2 GP\n"
		}},
		{"100k_lines_activities", func() string {
			return "O:\nTherAct 97530 9:00-9:25:\n" + repeatLines("- squats 3x10 with VCs for sit to stand from low chair", 100_000) + "Billing:\n97530 x2 GP\n"
		}},
		{"100k_lines_times", func() string {
			var b strings.Builder
			b.WriteString("O:\n")
			for i := range 100_000 {
				h, mi := 8+i%10, i%60
				fmt.Fprintf(&b, "TherEx 97110 %d:%02d-%d:%02d bike\n", h, mi, h+1, mi)
			}
			b.WriteString("Billing:\n97110 x2 GP\n97530 x1 GP\n")
			return b.String()
		}},
		{"100k_lines_charges", func() string {
			codes := []string{"97110", "97530", "97140", "97112", "97535"}
			var b strings.Builder
			b.WriteString("Billing:\n")
			for i := range 100_000 {
				fmt.Fprintf(&b, "%s x%d units (%d min)\n", codes[i%len(codes)], 1+i%3, 8+i%30)
			}
			return b.String()
		}},
		// Treatment lines with modifiers and no units, then summary lines with
		// units and no modifiers, which complete them (note.addCharge once
		// searched every earlier charge for each: 100,000² steps).
		{"100k_charges_completed_by_summaries", func() string {
			return "O:\n" + repeatLines("97110-GP TherEx 15 min: bridges 2x10 with VCs", 50_000) +
				"Billing:\n" + repeatLines("97110 x1\n97530 x1", 50_000)
		}},
		{"100k_lines_goals", func() string {
			return "Goals:\n" + repeatLines("STG: R knee flex to 110°", 100_000)
		}},
		{"100k_lines_directives", func() string {
			return repeatLines("[soaplint-disable-next-line goal/impairment-based]\nSTG (2 wks): R knee flex to 110°", 50_000)
		}},
		{"100k_blank_lines", func() string { return med + strings.Repeat("\n", 100_000) + com }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { lint(t, c.gen(), analyzer.Config{}) })
	}
}

// TestLongLines: 5,000-character lines of every shape a rule looks at.
func TestLongLines(t *testing.T) {
	const n = 5000
	long := func(unit string) string { return repeatTo(unit, n) }
	lines := map[string]string{
		"goal":             "STG (2 wks): " + long("R knee flex to 110° and "),
		"goal digits":      "STG: " + long("1"),
		"billing":          long("97530 x2 units (25 min) GP "),
		"billing modifier": "97530" + long("-GP"),
		"times":            long("10:02-10:40 "),
		"colons":           long(":"),
		"clock digits":     long("0930 "),
		"activity":         "TherAct 97530 25 min: " + long("squats "),
		"vague":            long("tolerated well, continue per POC. "),
		"icd":              "Dx: " + long("M17.1X, "),
		"signature":        "Signed: " + long("PT, "),
		"spaces":           long(" "),
		"header":           long("Subjective"),
		"emoji":            long("\U0001F4AA"),
		"combining":        "e" + long("\u0301"),
		"no spaces":        long("a"),
		"directive":        "[soaplint-disable " + long("goal/impairment-based ") + "]",
	}
	for label, line := range lines {
		t.Run(strings.ReplaceAll(label, " ", "_"), func(t *testing.T) {
			for _, text := range []string{
				line,
				readHostile(t, "medicare.txt") + line + "\n",
				"Goals:\n" + line + "\nBilling:\n" + line + "\nO:\n" + line + "\n",
			} {
				lint(t, text, analyzer.Config{})
			}
		})
	}
}

// TestFixesApply: applying each fix of the fixtures' findings gives a note the
// engine still handles; re-linting after a units fix no longer reports it.
func TestFixesApply(t *testing.T) {
	for _, name := range []string{"medicare.txt", "commercial.txt"} {
		text := readHostile(t, name)
		for _, eol := range []string{"\n", "\r\n"} {
			text := strings.ReplaceAll(text, "\n", eol)
			res := lint(t, text, analyzer.Config{})
			for _, d := range res.Diagnostics {
				for _, f := range d.Fixes {
					edits := slices.Clone(f.Edits)
					sort.SliceStable(edits, func(a, b int) bool { return edits[a].Start < edits[b].Start })
					lint(t, apply(text, edits), analyzer.Config{})
				}
			}
			// Disable fixes silence their rule.
			for _, d := range res.Diagnostics {
				dis := d.Fixes[len(d.Fixes)-1]
				after := lint(t, apply(text, dis.Edits), analyzer.Config{})
				if ruleSet(after)[d.Rule] {
					t.Errorf("%s %q: %s still fires after its disable fix", name, eol, d.Rule)
				}
			}
		}
	}
}

func repeatTo(unit string, size int) string {
	return strings.Repeat(unit, size/len(unit)+1)[:size]
}

func repeatLines(line string, n int) string {
	return strings.Repeat(line+"\n", n)
}
