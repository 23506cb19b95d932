package nlp

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Debug aid kept outside the repository: ZZ_FILE=path prints development-half
// (odd) failures with their parts and only counts for the checking half;
// ZZ_ALL=1 prints every failure.
func TestZZDebug(t *testing.T) {
	path := os.Getenv("ZZ_FILE")
	if path == "" {
		t.Skip()
	}
	all := os.Getenv("ZZ_ALL") != ""
	c := newTestClassifier(t, 0)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	var dImp, dMiss, dFA, cImp, cMiss, cFA int
	for line := 1; sc.Scan(); line++ {
		want, goal, _ := strings.Cut(sc.Text(), " ")
		if want != "IMP" && want != "fun" {
			continue
		}
		n++
		r := c.Classify(goal)
		got := r.ImpairmentOnly
		wrong := got != (want == "IMP")
		dev := n%2 == 1 || all
		if n%2 == 1 {
			if want == "IMP" {
				dImp++
				if !got {
					dMiss++
				}
			} else if got {
				dFA++
			}
		} else {
			if want == "IMP" {
				cImp++
				if !got {
					cMiss++
				}
			} else if got {
				cFA++
			}
		}
		if wrong && dev {
			fmt.Printf("%d [%s got %v] %s\n    %+v\n", line, want, got, goal, r.Parts)
		}
	}
	fmt.Printf("dev: %d IMP, %d missed, %d FA; check: %d IMP, %d missed, %d FA\n", dImp, dMiss, dFA, cImp, cMiss, cFA)
}

func TestZZOne(t *testing.T) {
	goals := os.Getenv("ZZ_GOAL")
	if goals == "" {
		t.Skip()
	}
	c := newTestClassifier(t, 0)
	for _, g := range strings.Split(goals, "\n") {
		if g == "" {
			continue
		}
		r := c.Classify(g)
		fmt.Printf("%v  %s\n   imp=%v terms=%q act=%q\n   %+v\n", r.ImpairmentOnly, g, r.Impairments, r.ImpairmentTerms, r.Activities, r.Parts)
	}
}
