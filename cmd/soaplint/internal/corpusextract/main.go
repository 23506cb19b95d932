// Command corpusextract writes each transcription of the MTSamples corpus to its
// own file, for timing `soaplint lint` over thousands of notes:
//
//	go run ./cmd/soaplint/internal/corpusextract -o DIR ../shared/corpus/mtsamples_full.csv.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/corpus"
)

func main() {
	out := flag.String("o", "", "output folder (created)")
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: corpusextract -o DIR mtsamples_full.csv.gz")
		os.Exit(2)
	}
	notes, err := corpus.Read(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpusextract:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "corpusextract:", err)
		os.Exit(1)
	}
	for _, n := range notes {
		if err := os.WriteFile(filepath.Join(*out, n.Name+".txt"), []byte(n.Text), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, "corpusextract:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d notes written to %s\n", len(notes), *out)
}
