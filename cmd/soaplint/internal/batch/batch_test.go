package batch

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

func seqOf(n int) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		for i := range n {
			if !yield(Input{Path: fmt.Sprint(i)}) {
				return
			}
		}
	}
}

// TestRunOrder makes the first input finish last and checks results still come
// out in input order.
func TestRunOrder(t *testing.T) {
	release := make(chan struct{})
	var done atomic.Int32
	lint := func(ctx context.Context, in *Input) *format.Note {
		switch in.Path {
		case "0":
			<-release // held until a later input has been linted
		case "3":
			defer close(release)
		}
		done.Add(1)
		return &format.Note{Path: in.Path}
	}
	var got []string
	err := Run(context.Background(), seqOf(50), 4, lint, func(n *format.Note) error {
		got = append(got, n.Path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if p != fmt.Sprint(i) {
			t.Fatalf("result %d is input %s; order = %v", i, p, got)
		}
	}
	if len(got) != 50 || done.Load() != 50 {
		t.Errorf("emitted %d, linted %d; want 50", len(got), done.Load())
	}
}

// TestRunBounded checks that the producer never runs more than the window ahead
// of the emitter.
func TestRunBounded(t *testing.T) {
	var produced, emitted atomic.Int32
	var maxAhead int32
	inputs := func(yield func(Input) bool) {
		for i := range 200 {
			if ahead := produced.Load() - emitted.Load(); ahead > maxAhead {
				maxAhead = ahead
			}
			produced.Add(1)
			if !yield(Input{Path: fmt.Sprint(i)}) {
				return
			}
		}
	}
	lint := func(ctx context.Context, in *Input) *format.Note { return &format.Note{Path: in.Path} }
	err := Run(context.Background(), inputs, 2, lint, func(*format.Note) error { emitted.Add(1); return nil })
	if err != nil || emitted.Load() != 200 {
		t.Fatalf("err %v, emitted %d", err, emitted.Load())
	}
	if maxAhead > 8 { // window = 4 × workers
		t.Errorf("producer ran %d inputs ahead of output, want ≤ 8", maxAhead)
	}
}

func TestRunEmitError(t *testing.T) {
	var linted atomic.Int32
	lint := func(ctx context.Context, in *Input) *format.Note { linted.Add(1); return &format.Note{} }
	boom := errors.New("stdout closed")
	n := 0
	err := Run(context.Background(), seqOf(10000), 2, lint, func(*format.Note) error {
		n++
		if n == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	if linted.Load() > 100 {
		t.Errorf("kept linting after the output failed: %d notes", linted.Load())
	}
}

func TestDecodeRecord(t *testing.T) {
	rec, err := DecodeRecord([]byte(`{"visit":2,"id":"a1","text":"S: ok\n","tags":["x"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if string(rec.ID) != `"a1"` || rec.Text != "S: ok\n" || len(rec.Fields) != 2 ||
		rec.Fields[0].Key != "visit" || string(rec.Fields[0].Value) != "2" || rec.Fields[1].Key != "tags" {
		t.Errorf("record = %+v", rec)
	}
	for line, want := range map[string]string{
		`[1,2]`:                          "want a JSON object",
		`{"id":1}`:                       `no "text" field`,
		`{"text":5}`:                     `"text" is not a string`,
		`{"text":null}`:                  `"text" is null, not a string`,
		`{"id":"SECRET","text": null }`:  `"text" is null, not a string`,
		`{"text":"ok","text":null}`:      `"text" is null, not a string`,
		`{"text":["SECRET"]}`:            `"text" is not a string`,
		`{"text":{"a":"SECRET"}}`:        `"text" is not a string`,
		`{"text":true}`:                  `"text" is not a string`,
		`{"text":"SECRET`:                "unexpected end of line",
		`{"text":"SECRET"} {}`:           "data after the object",
		`{"text":"SECRET" "id":1}`:       "invalid JSON at byte",
		"{\"text\":\"caf\xe9 SECRET\"}":  "invalid UTF-8",
		`{"text":"SECRET", "id": tru}`:   "invalid JSON at byte",
		`not json SECRET`:                "want a JSON object",
		`{"text":"a","text2":SECRETVAL}`: "invalid JSON at byte",
	} {
		_, err := DecodeRecord([]byte(line))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", line, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%q: error quotes the record: %v", line, err)
		}
	}
}

func TestText(t *testing.T) {
	text, bom, _, err := Text([]byte("\xef\xbb\xbfS: ok\n"))
	if err != nil || !bom || text != "S: ok\n" {
		t.Errorf("BOM: %q %v %v", text, bom, err)
	}
	if _, _, _, err := Text([]byte("ab\x00c")); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("NUL: %v", err)
	}
	for data, wantLine := range map[string]int{
		"a\nb\n\xff":     3,
		"a\r\nb\r\n\xe9": 3,
		"a\rb\r\xc3(":    3,
		"\x80":           1,
	} {
		_, _, line, err := Text([]byte(data))
		if err == nil || line != wantLine {
			t.Errorf("%q: line %d err %v; want line %d", data, line, err, wantLine)
		}
	}
}
