// Package corpus reads the MTSamples transcription corpus
// (mtsamples_full.csv.gz: row, description, medical_specialty, sample_name,
// transcription, keywords, url) used for throughput benchmarks.
package corpus

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
)

// Note is one transcription.
type Note struct {
	Name string // mtsamples_<row>
	Text string
}

// Read returns the non-empty transcriptions of a gzip'd MTSamples CSV.
func Read(path string) ([]Note, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	r := csv.NewReader(zr)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	text, ok := col["transcription"]
	if !ok {
		return nil, fmt.Errorf("%s: no transcription column", path)
	}
	row, hasRow := col["row"]
	if !hasRow {
		row, hasRow = col[""]
	}
	var notes []Note
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			return notes, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if text >= len(rec) || strings.TrimSpace(rec[text]) == "" {
			continue
		}
		id := fmt.Sprint(i)
		if hasRow && row < len(rec) && rec[row] != "" {
			id = rec[row]
		}
		notes = append(notes, Note{Name: "mtsamples_" + id, Text: rec[text]})
	}
}
