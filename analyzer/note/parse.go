package note

import "github.com/soaplint/soaplint/lexicon"

// Parse builds the model of text. It never fails.
func Parse(text string, lex *lexicon.Lexicon) *Note {
	n := &Note{Text: text, lineStarts: LineStarts(text)}
	n.Directives = parseDirectives(text)
	return n
}
