package ruleutil

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // the blanks, in order
	}{
		// Blanks.
		{"Time in: __:__  Time out: __:__", []string{"__:__", "__:__"}},
		{"descend ___ steps w/ ___ rail(s)", []string{"___", "___"}},
		{"___/___ trials, pain ≤ ___/10", []string{"___/___", "___"}},
		{"___-inch chair; ___x/wk", []string{"___", "___"}},
		{"Total treatment time: __", []string{"__"}},
		{"Signature: ________  Date: ____", []string{"________", "____"}},
		{"Signed: Dana Cole, <credentials>", []string{"<credentials>"}},
		{"A: <response to treatment, progress toward goals>", []string{"<response to treatment, progress toward goals>"}},
		{"ascend {n} stairs with {assist} in {weeks_2} wks; {{side}}", []string{"{n}", "{assist}", "{weeks_2}", "{side}"}},
		{"S: [insert pain rating]. [Enter HEP] [fill in date]", []string{"[insert pain rating]", "[Enter HEP]", "[fill in date]"}},
		// Look-alikes.
		{"___", nil},                     // a Markdown horizontal rule
		{"  _____  ", nil},               // a drawn separator
		{"__bold__ and ___both___", nil}, // emphasis
		{"file_name ex__log __init__", nil},
		{"pain <3/10, HR < 100 and BP > 90, <5 min, a<b>c", nil},
		{"<br> <b>x</b> <div class=\"n\"> <jane@clinic.example> <https://x.example/a>", nil},
		{"{see above} {R>L} {2x10} {ROM} {}", nil},
		{"[entered by front desk] [soaplint-disable doc/vague-phrase] [x] [ ]", nil},
		{"_ _ _ and a_b", nil},
	} {
		var got []string
		for _, r := range Placeholders(tc.text) {
			got = append(got, tc.text[r.Start:r.End])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Placeholders(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A long hostile line is scanned in linear time and every range is in bounds.
func TestPlaceholdersHostile(t *testing.T) {
	for _, s := range []string{
		string(make([]byte, 1<<16)),
		repeat("<a", 1<<15), repeat("{", 1<<16), repeat("_ _", 1<<15), repeat("__x", 1<<15), repeat(" __x", 1<<15),
	} {
		for _, r := range Placeholders(s) {
			if r.Start < 0 || r.End > len(s) || r.Start >= r.End {
				t.Fatalf("range %v out of bounds", r)
			}
		}
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

// BenchmarkPlaceholders scans a 4 KB note with no placeholder, the usual case:
// every note is scanned for three kinds of bracket.
func BenchmarkPlaceholders(b *testing.B) {
	line := "S: Pt reports R knee pain 4/10 after stairs; ambulated 300 ft with SPC, CGA on curbs.\n"
	text := strings.Repeat(line, 4096/len(line))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(Placeholders(text)) != 0 {
			b.Fatal("placeholder found")
		}
	}
}
