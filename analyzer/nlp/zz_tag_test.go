package nlp

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZTag(t *testing.T) {
	s := os.Getenv("ZZ_TAG")
	if s == "" {
		t.Skip()
	}
	var tg Tagger
	for _, line := range strings.Split(s, "\n") {
		w, err := tg.Tag(line)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(w)
	}
}
