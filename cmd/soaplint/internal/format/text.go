package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// textWriter prints one line per finding: path:line:col: severity rule: message.
// Input errors go to stderr (the caller prints them), not here.
type textWriter struct{ w io.Writer }

func (t *textWriter) Note(n *Note) error {
	name := DisplayPath(n.Name())
	for _, d := range n.Diagnostics {
		if _, err := fmt.Fprintf(t.w, "%s:%d:%d: %s %s: %s\n", name, d.Line, d.Column, d.Severity, d.Rule, oneLine(d.Message)); err != nil {
			return err
		}
		for _, r := range d.Related {
			if _, err := fmt.Fprintf(t.w, "    note: %s:%d:%d: %s\n", r.Name(), r.Line, r.Column, r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *textWriter) Close(*Summary) error { return nil }

// jsonFile is one element of the json format's "files" array.
type jsonFile struct {
	Path        string          `json:"path"`
	ID          json.RawMessage `json:"id"`
	Line        int             `json:"line,omitempty"`
	Fields      json.RawMessage `json:"fields,omitempty"`
	Diagnostics []Diagnostic    `json:"diagnostics"`
	Error       string          `json:"error,omitempty"`
}

func toJSONFile(n *Note) jsonFile {
	f := jsonFile{Path: n.Path, ID: n.ID, Line: n.Record, Diagnostics: n.Diagnostics}
	if f.ID == nil {
		f.ID = json.RawMessage("null")
	}
	if f.Diagnostics == nil {
		f.Diagnostics = []Diagnostic{}
	}
	if len(n.Fields) > 0 {
		f.Fields = objectOf(n.Fields, nil)
	}
	if n.Err != nil {
		f.Error = n.Err.Error()
	}
	return f
}

// objectOf encodes fields as a JSON object in their order, then the extras.
func objectOf(fields []Field, extra []Field) json.RawMessage {
	b := []byte{'{'}
	for i, f := range append(append([]Field(nil), fields...), extra...) {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(f.Key)
		b = append(b, k...)
		b = append(b, ':')
		b = append(b, f.Value...)
	}
	return append(b, '}')
}

// jsonWriter writes the design's single JSON object, streaming the files array:
// {"files":[...],"summary":{...}}.
type jsonWriter struct {
	w     io.Writer
	count int
}

func (j *jsonWriter) Note(n *Note) error {
	sep := ",\n"
	if j.count == 0 {
		sep = "{\"files\":[\n"
	}
	j.count++
	if _, err := io.WriteString(j.w, sep); err != nil {
		return err
	}
	return writeJSONFile(j.w, toJSONFile(n))
}

// writeJSONFile writes f as json.Marshal would, but one diagnostic at a time: a
// note with a hundred thousand findings is never held as one encoded buffer
// (twice over, with the separator) in memory.
func writeJSONFile(w io.Writer, f jsonFile) error {
	diags := f.Diagnostics
	f.Diagnostics = []Diagnostic{}
	head, err := json.Marshal(f)
	if err != nil {
		return err
	}
	// head is {"path":…,"diagnostics":[]…}: the diagnostics go between its
	// brackets. The last match is the field itself: a JSONL record's own fields,
	// encoded before it, may hold the same key, and only the error string (where
	// a quote is escaped) follows it.
	const key = `"diagnostics":[`
	i := bytes.LastIndex(head, []byte(key+"]"))
	if i < 0 {
		return fmt.Errorf("json: diagnostics field not found")
	}
	i += len(key)
	if _, err := w.Write(head[:i]); err != nil {
		return err
	}
	if len(diags) >= parallelEncodeFrom {
		err = writeDiagnosticsBlocks(w, diags)
	} else {
		var buf bytes.Buffer
		for k := range diags {
			buf.Reset()
			if err = encodeDiagnostics(&buf, diags, k, k+1); err != nil {
				return err
			}
			if _, err = w.Write(buf.Bytes()); err != nil {
				return err
			}
		}
	}
	if err != nil {
		return err
	}
	_, err = w.Write(head[i:])
	return err
}

// encodeDiagnostics appends diags[a:b] to buf as JSON array elements, with the
// separating commas (one before diags[a] unless a is 0). Encode escapes as
// Marshal does and adds a newline, which is dropped.
func encodeDiagnostics(buf *bytes.Buffer, diags []Diagnostic, a, b int) error {
	enc := json.NewEncoder(buf)
	for k := a; k < b; k++ {
		if k > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(&diags[k]); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1)
	}
	return nil
}

// parallelEncodeFrom is the finding count from which one note's diagnostics are
// encoded in blocks on two goroutines while the blocks before are written.
const (
	parallelEncodeFrom = 20000
	encodeBlock        = 2048
	blocksInFlight     = 4 // encoded blocks waiting to be written, at most
)

// writeDiagnosticsBlocks writes diags as writeJSONFile does, encoding blocks of
// them on two goroutines; at most blocksInFlight encoded blocks are held, so
// memory stays bounded however many findings the note has. It returns after
// both encoders have stopped.
func writeDiagnosticsBlocks(w io.Writer, diags []Diagnostic) error {
	nb := (len(diags) + encodeBlock - 1) / encodeBlock
	done := make([]chan *bytes.Buffer, nb)
	for b := range done {
		done[b] = make(chan *bytes.Buffer, 1)
	}
	// Written blocks' buffers are reused, so a note's output is not allocated
	// again block by block.
	free := make(chan *bytes.Buffer, blocksInFlight+2)
	slots := make(chan struct{}, blocksInFlight)
	stop := make(chan struct{})
	var next atomic.Int64
	var mu sync.Mutex
	var encErr error // the first encoding error, under mu
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case slots <- struct{}{}:
				case <-stop:
					return
				}
				b := int(next.Add(1)) - 1
				if b >= nb {
					<-slots
					return
				}
				var buf *bytes.Buffer
				select {
				case buf = <-free:
				default:
					buf = new(bytes.Buffer)
				}
				if err := encodeDiagnostics(buf, diags, b*encodeBlock, min((b+1)*encodeBlock, len(diags))); err != nil {
					mu.Lock()
					if encErr == nil {
						encErr = err
					}
					mu.Unlock()
				}
				done[b] <- buf
			}
		})
	}
	var err error
	for b := range nb {
		out := <-done[b]
		<-slots
		mu.Lock()
		err = encErr
		mu.Unlock()
		if err != nil {
			break
		}
		if _, err = w.Write(out.Bytes()); err != nil {
			break
		}
		out.Reset()
		select {
		case free <- out:
		default:
		}
	}
	close(stop)
	wg.Wait()
	return err
}

func (j *jsonWriter) Close(s *Summary) error {
	if s.ByRule == nil {
		s.ByRule = map[string]int{}
	}
	sum, err := json.Marshal(s)
	if err != nil {
		return err
	}
	head := "\n],"
	if j.count == 0 {
		head = "{\"files\":[],"
	}
	_, err = fmt.Fprintf(j.w, "%s\"summary\":%s}\n", head, sum)
	return err
}

// jsonlWriter writes one object per input record: the record's id and other
// fields as written (never its text), then "diagnostics", or "error" for a record
// that could not be read.
type jsonlWriter struct{ w io.Writer }

func (j *jsonlWriter) Note(n *Note) error {
	var fields []Field
	if n.ID != nil {
		fields = append(fields, Field{"id", n.ID})
	}
	for _, f := range n.Fields {
		if f.Key != "diagnostics" && f.Key != "error" {
			fields = append(fields, f)
		}
	}
	if n.Record == 0 {
		p, _ := json.Marshal(n.Path)
		fields = append(fields, Field{"path", p})
	}
	if n.Err != nil {
		msg, _ := json.Marshal(n.Err.Error())
		fields = append(fields, Field{"error", msg})
	} else {
		ds := n.Diagnostics
		if ds == nil {
			ds = []Diagnostic{}
		}
		data, err := json.Marshal(ds)
		if err != nil {
			return err
		}
		fields = append(fields, Field{"diagnostics", data})
	}
	bw := bufio.NewWriter(j.w)
	bw.Write(objectOf(fields, nil))
	bw.WriteByte('\n')
	return bw.Flush()
}

func (j *jsonlWriter) Close(*Summary) error { return nil }
