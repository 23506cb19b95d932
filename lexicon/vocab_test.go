package lexicon

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestVocabTables(t *testing.T) {
	l := Default()
	if c, ok := l.Credentials.Lookup("cota/l"); !ok || c.Discipline != "OT" || !c.Assistant {
		t.Errorf("COTA/L = %+v, %v", c, ok)
	}
	if c, ok := l.Credentials.Lookup("CHT"); !ok || c.Discipline != "" || c.Assistant {
		t.Errorf("CHT = %+v, %v", c, ok)
	}
	if _, ok := l.Credentials.Lookup("CSRS"); ok {
		t.Error("CSRS is no credential in the table")
	}
	// One source for modifiers: the discipline, distinct-service and assistant
	// modifiers, and the others billing lines carry.
	for _, m := range []string{"GP", "GO", "GN", "59", "XU", "CQ", "CO", "KX", "GA", "LT", "26", "95"} {
		if !l.IsModifier(m) {
			t.Errorf("IsModifier(%s) = false", m)
		}
	}
	if l.IsModifier("PT") || (&Lexicon{Modifiers: []Modifier{{Code: "GP"}}}).IsModifier("GO") {
		t.Error("IsModifier accepts a non-modifier")
	}
	swaps := l.RecodeNames("97530", "97110")
	if len(swaps) == 0 || swaps[0] != [2]string{"therapeutic activities", "therapeutic exercise"} {
		t.Errorf("RecodeNames = %v", swaps)
	}
	if got := l.VagueAdvice("pt tolerated tx well"); !strings.HasPrefix(got, "state the response") {
		t.Errorf("VagueAdvice(tolerated) = %q", got)
	}
	if got := l.VagueAdvice("pt doing well"); !strings.HasPrefix(got, "give an objective measure") {
		t.Errorf("VagueAdvice(default) = %q", got)
	}
}

func TestReadTSVErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"nosrc.tsv": {Data: []byte("a\tb\n")},
		"cols.tsv":  {Data: []byte("# source: x\na\tb\tc\n")},
	}
	for name, want := range map[string]string{"nosrc.tsv": "source", "cols.tsv": "cols.tsv:2: want 2"} {
		if _, err := readTSV(fsys, name, 2); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
}
