package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

// Extensions are the file names a folder walk picks up. Files named on the
// command line are linted whatever their extension.
var Extensions = []string{".txt", ".md", ".note", ".soap"}

// Input is one note to lint: a file (read lazily by a worker), stdin, or one
// JSONL record.
type Input struct {
	Path   string // as given; "-" for stdin
	Record int    // 1-based line of a JSONL record; 0 for a whole file
	Dir    string // directory whose configuration applies
	// Root is the folder the input was found under: the folder named on the
	// command line, or the directory of a file named there. --fix writes
	// through a symlink only to a target inside it.
	Root string
	Data []byte // stdin contents or the JSONL line; nil means read Path
	Err  *format.InputError
}

// Inputs streams the inputs named by args: files, folders (walked recursively in
// lexical order for Extensions; symlinked folders are not followed), and "-" for
// stdin. With jsonl, each file (or stdin) is JSON Lines, one record per line.
func Inputs(args []string, jsonl bool, stdin io.Reader) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		for _, arg := range args {
			if !inputsOf(arg, jsonl, stdin, yield) {
				return
			}
		}
	}
}

func inputError(path string, line int, msg string) Input {
	return Input{Path: path, Record: line, Err: &format.InputError{Path: path, Line: line, Msg: msg}}
}

// describe turns a file-system error into a message without the path (which the
// InputError names already).
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

func inputsOf(arg string, jsonl bool, stdin io.Reader, yield func(Input) bool) bool {
	if arg == "-" {
		if jsonl {
			return records("-", "", stdin, yield)
		}
		data, err := io.ReadAll(stdin)
		if err != nil {
			return yield(inputError("-", 0, "cannot read stdin: "+describe(err)))
		}
		return yield(Input{Path: "-", Data: data})
	}
	st, err := os.Stat(arg)
	if err != nil {
		return yield(inputError(arg, 0, describe(err)))
	}
	if !st.IsDir() {
		return fileInput(arg, filepath.Dir(arg), jsonl, yield)
	}
	cont := true
	walkErr := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			cont = yield(inputError(path, 0, describe(err)))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !hasExt(path, jsonl) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A symlinked file is linted; a symlinked folder is not followed.
			st, err := os.Stat(path)
			if err != nil {
				cont = yield(inputError(path, 0, describe(err)))
			} else if st.Mode().IsRegular() {
				cont = fileInput(path, arg, jsonl, yield)
			}
		} else if d.Type().IsRegular() {
			cont = fileInput(path, arg, jsonl, yield)
		}
		if !cont {
			return filepath.SkipAll
		}
		return nil
	})
	if walkErr != nil && cont {
		cont = yield(inputError(arg, 0, describe(walkErr)))
	}
	return cont
}

func hasExt(path string, jsonl bool) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if jsonl {
		return ext == ".jsonl" || ext == ".ndjson"
	}
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

func fileInput(path, root string, jsonl bool, yield func(Input) bool) bool {
	if !jsonl {
		return yield(Input{Path: path, Dir: filepath.Dir(path), Root: root})
	}
	f, err := os.Open(path)
	if err != nil {
		return yield(inputError(path, 0, describe(err)))
	}
	defer f.Close()
	return records(path, filepath.Dir(path), f, yield)
}

// records yields one input per line of a JSON Lines stream; blank lines are skipped.
func records(path, dir string, r io.Reader, yield func(Input) bool) bool {
	br := bufio.NewReaderSize(r, 1<<16)
	for line := 1; ; line++ {
		data, err := br.ReadBytes('\n')
		data = bytes.TrimRight(data, "\r\n")
		if len(bytes.TrimSpace(data)) > 0 {
			if !yield(Input{Path: path, Record: line, Dir: dir, Data: data}) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
		if err != nil {
			return yield(inputError(path, line, "cannot read: "+describe(err)))
		}
	}
}

// Record is a decoded JSONL record.
type Record struct {
	ID     json.RawMessage
	Fields []format.Field // every field but id and text, in order
	Text   string
}

// DecodeRecord decodes one JSONL line: an object with a string "text", an
// optional "id" and any other fields. Errors never quote the line (it is PHI).
func DecodeRecord(line []byte) (*Record, error) {
	if !utf8.Valid(line) {
		return nil, errors.New("invalid UTF-8 in record; not linted")
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("malformed JSONL record: want a JSON object with a \"text\" field")
	}
	rec := &Record{}
	hasText := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, malformed(err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, malformed(err)
		}
		switch key {
		case "text":
			// Unmarshal takes null for "", which would lint an absent note as a
			// clean one: only a JSON string is a note.
			if v := bytes.TrimSpace(raw); bytes.Equal(v, []byte("null")) {
				return nil, errors.New("malformed JSONL record: \"text\" is null, not a string")
			} else if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &rec.Text) != nil {
				return nil, errors.New("malformed JSONL record: \"text\" is not a string")
			}
			hasText = true
		case "id":
			rec.ID = raw
		default:
			rec.Fields = append(rec.Fields, format.Field{Key: key, Value: raw})
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("malformed JSONL record: data after the object")
	}
	if !hasText {
		return nil, errors.New("malformed JSONL record: no \"text\" field")
	}
	return rec, nil
}

// malformed reports a JSON syntax error by offset only: the decoder's own
// messages can quote the record's text.
func malformed(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed JSONL record: invalid JSON at byte %d", se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("malformed JSONL record: unexpected end of line")
	}
	return errors.New("malformed JSONL record")
}

// Text checks a note's bytes and returns its text: a leading UTF-8 byte-order mark
// is dropped (bom reports it, so fixes can be offset); NUL bytes (a binary file)
// and invalid UTF-8 are errors naming the line.
func Text(data []byte) (text string, bom bool, line int, err error) {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data, bom = data[3:], true
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", bom, 0, errors.New("binary file (contains NUL bytes); not linted")
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return "", bom, lineOf(data, i), errors.New("invalid UTF-8 (is the file in another encoding, such as Windows-1252?); not linted")
	}
	return string(data), bom, 0, nil
}

// lineOf is the 1-based line of byte offset off, counting \n, \r\n and lone \r.
func lineOf(data []byte, off int) int {
	line := 1
	for i := 0; i < off && i < len(data); i++ {
		switch data[i] {
		case '\n':
			line++
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			line++
		}
	}
	return line
}

// HasNoteExt reports whether a folder walk picks up path: a note file, or with
// jsonl a JSON Lines export.
func HasNoteExt(path string, jsonl bool) bool { return hasExt(path, jsonl) }
