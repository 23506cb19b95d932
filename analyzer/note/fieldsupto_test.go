package note

import (
	"reflect"
	"strings"
	"testing"
)

// TestFieldsUpTo: the same fields as strings.Fields while they fit, refused
// (not truncated) when they do not.
func TestFieldsUpTo(t *testing.T) {
	for _, s := range []string{"", "  ", "MARCUS HILL PT DPT", " a\tb\u00a0c  d ", "ÉLODIE  Côté, OTR/L", "one"} {
		var buf [8]string
		got, ok := fieldsUpTo(s, buf[:])
		want := strings.Fields(s)
		if !ok || !reflect.DeepEqual(got, want) && len(want) > 0 {
			t.Errorf("fieldsUpTo(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	var buf [3]string
	if got, ok := fieldsUpTo("a b c d", buf[:]); ok {
		t.Errorf("four fields into three: got %q, ok", got)
	}
	if got, ok := fieldsUpTo("a b c ", buf[:]); !ok || len(got) != 3 {
		t.Errorf("three fields and a trailing space: got %q, %v", got, ok)
	}
}
