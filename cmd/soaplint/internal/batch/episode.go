package batch

import (
	"encoding/json"

	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

// EpisodeMeta reads what a JSONL record says about its note's episode outside
// the text: "patient_id" and "dos" (or "date"), strings or numbers.
func EpisodeMeta(rec *Record) episode.Meta {
	return episodeMeta(rec.Fields)
}

// EpisodeMetaOf is EpisodeMeta for a note's carried-through fields.
func EpisodeMetaOf(fields []format.Field) episode.Meta { return episodeMeta(fields) }

func episodeMeta(fields []format.Field) episode.Meta {
	var m episode.Meta
	for _, f := range fields {
		switch f.Key {
		case "patient_id":
			m.Patient = scalar(f.Value)
		case "dos":
			m.Date = scalar(f.Value)
		case "date":
			if m.Date == "" {
				m.Date = scalar(f.Value)
			}
		}
	}
	return m
}

// scalar is a JSON string's value or a number's text; "" otherwise.
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
