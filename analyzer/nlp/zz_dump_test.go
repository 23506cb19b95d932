package nlp

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("ZZ_DUMP") == "" {
		t.Skip()
	}
	c := newTestClassifier(t, 0)
	files, _ := filepath.Glob("testdata/blind_*.txt")
	for _, name := range files {
		f, _ := os.Open(name)
		sc := bufio.NewScanner(f)
		n := 0
		for line := 1; sc.Scan(); line++ {
			want, goal, _ := strings.Cut(sc.Text(), " ")
			if want != "IMP" && want != "fun" {
				continue
			}
			n++
			fmt.Printf("%s:%d:%d\t%v\n", filepath.Base(name), line, n, c.Classify(goal).ImpairmentOnly)
		}
		f.Close()
	}
}
