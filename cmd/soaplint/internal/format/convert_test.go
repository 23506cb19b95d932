package format

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// TestDiagnosticsHalvesMatchOneGoroutine: a result with more findings than
// parallelConvertFrom converts (on two goroutines) to the same diagnostics as a
// one-goroutine conversion, shared disable fixes and multi-byte columns included,
// and its analyzer fixes are consumed.
func TestDiagnosticsHalvesMatchOneGoroutine(t *testing.T) {
	text := strings.Repeat("Pt amb 150 ft — 97530 ✓ 23 min\n", 3000)
	build := func() *analyzer.Result {
		res := &analyzer.Result{Note: note.Parse(text, nil)}
		disable := analyzer.DisableFix("doc/vague-phrase")
		for i := range parallelConvertFrom + 5001 {
			off := (i * 7) % (len(text) - 4)
			res.Diagnostics = append(res.Diagnostics, analyzer.Diagnostic{
				Rule: "doc/vague-phrase", Message: "m", Start: off, End: off + 3,
				Fixes: []analyzer.Fix{{Title: "own", Edits: []analyzer.TextEdit{{Start: off, End: off + 1, NewText: "x"}}}, disable},
			})
		}
		return res
	}
	par := build()
	got := Diagnostics(par)
	seq := build()
	want := make([]Diagnostic, len(seq.Diagnostics))
	convert(seq, want, 0, len(want))
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the two-goroutine conversion differs from the one-goroutine conversion")
	}
	for i, d := range par.Diagnostics {
		if d.Fixes != nil {
			t.Fatalf("analyzer diagnostic %d still holds its fixes", i)
		}
	}
	if len(got) != parallelConvertFrom+5001 || got[len(got)-1].Fixes[1].Title != "Disable doc/vague-phrase for this note" {
		t.Fatalf("%d diagnostics; last fixes %+v", len(got), got[len(got)-1].Fixes)
	}
}

// TestDiagnosticBlocksSameBytes: the block encoder writes the bytes the
// one-at-a-time encoder writes, and stops (with the writer's error, both
// encoders finished) when the writer fails part-way.
func TestDiagnosticBlocksSameBytes(t *testing.T) {
	diags := make([]Diagnostic, parallelEncodeFrom+3*encodeBlock+17)
	for i := range diags {
		diags[i] = Diagnostic{Rule: "doc/vague-phrase", Severity: "info", Message: "<&> ✓ \u2028 " + strings.Repeat("x", i%13), Line: i, Column: 1,
			Fixes: []Fix{{Title: "t", Kind: "safe", Edits: []Edit{{Start: i, End: i + 1, NewText: "\"q\"\n"}}}}}
	}
	var want bytes.Buffer
	if err := encodeDiagnostics(&want, diags, 0, len(diags)); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := writeDiagnosticsBlocks(&got, diags); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("block encoder wrote %d bytes, one-at-a-time %d; they differ", got.Len(), want.Len())
	}
	fw := &failingWriter{after: 3}
	if err := writeDiagnosticsBlocks(fw, diags); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the writer's error", err)
	}
	if fw.calls != 4 {
		t.Errorf("%d writes after the failure point, want the writer left alone after its error", fw.calls)
	}
}

type failingWriter struct{ after, calls int }

func (f *failingWriter) Write(p []byte) (int, error) {
	f.calls++
	if f.calls > f.after {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}
