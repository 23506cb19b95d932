package nlp

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzClassify: any text classifies without panicking, every span of the parse
// lies inside the text, and a second classification (uncached) agrees.
func FuzzClassify(f *testing.F) {
	if fh, err := os.Open(filepath.Join("testdata", "probes.txt")); err == nil {
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if _, goal, ok := strings.Cut(sc.Text(), " "); ok && !strings.HasPrefix(sc.Text(), "#") {
				f.Add(goal)
			}
		}
		fh.Close()
	}
	f.Add("to")
	f.Add("Pt will name 3 on 4/5 by x on 6/12 (s/p 4/52")
	f.Add("↑ 4-step to reach T8 to fingertips for normal 50% reduction in")
	c := newTestClassifier(f, 0)
	f.Fuzz(func(t *testing.T, text string) {
		got := c.Classify(text)
		p := got.Parts
		spans := append([]Span{p.Actor, p.Verb, p.Object, p.Purpose, p.Timeframe, p.Status, got.Timeframe}, p.Conditions...)
		spans = append(spans, p.Criteria...)
		for _, s := range spans {
			if s.Start < 0 || s.End > len(text) || s.Start > s.End && !s.Empty() {
				t.Fatalf("span %+v outside the %d-byte text", s, len(text))
			}
		}
		again := newTestClassifier(t, 0).Classify(text)
		if !reflect.DeepEqual(got, again) {
			t.Fatalf("two classifications differ:\n%+v\n%+v", got, again)
		}
	})
}
