package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer/rules"
)

func benchNote(b *testing.B) string {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "lsp", "note-5k.txt"))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

// BenchmarkDidChangeToDiagnostics measures, with the debounce off, the time from
// a one-character didChange of a 5 KB note to the server finishing its
// publishDiagnostics for the new version, with every rule.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	text := benchNote(b)
	done := make(chan int32, 1)
	h := newHarnessHooks(b, Options{Rules: rules.All(), Debounce: -1}, hooks{trace: func(e traceEvent) {
		if e.Kind == "published" || e.Kind == "skipped" {
			select {
			case done <- e.Version:
			default:
			}
		}
	}})
	h.initialize("", nil, false)
	h.open(docURI, text)
	waitVersion(b, done, 1)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		var ch map[string]any
		if i%2 == 0 {
			ch = map[string]any{"range": rng(1, 0, 1, 0), "text": "x"}
		} else {
			ch = map[string]any{"range": rng(1, 0, 1, 1), "text": ""}
		}
		start := time.Now()
		v := h.change(docURI, ch)
		waitVersion(b, done, v)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkDidChangeToPull measures, for a pulling client, a one-character
// didChange of the 5 KB note followed by textDocument/diagnostic until its
// answer (the note is linted on the request: nothing is debounced or pushed).
func BenchmarkDidChangeToPull(b *testing.B) {
	text := benchNote(b)
	h := newHarness(b, Options{Rules: rules.All(), Debounce: -1})
	h.initializeCaps("", nil, pullCapabilities())
	h.open(docURI, text)
	prev := h.pullDoc(docURI, "").ResultID
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		var ch map[string]any
		if i%2 == 0 {
			ch = map[string]any{"range": rng(1, 0, 1, 0), "text": "x"}
		} else {
			ch = map[string]any{"range": rng(1, 0, 1, 1), "text": ""}
		}
		start := time.Now()
		h.change(docURI, ch)
		rep := h.pullDoc(docURI, prev)
		lat = append(lat, time.Since(start))
		if rep.ResultID != "" {
			prev = rep.ResultID
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func waitVersion(b *testing.B, done <-chan int32, v int32) {
	timeout := time.After(waitTimeout)
	for {
		select {
		case got := <-done:
			if got == v {
				return
			}
		case <-timeout:
			b.Fatalf("no diagnostics for version %d", v)
		}
	}
}

// BenchmarkOpenNotesMemory opens 200 distinct 5 KB notes in one session, waits
// for all their diagnostics and reports the heap they hold; it fails above the
// 100 MB target.
func BenchmarkOpenNotesMemory(b *testing.B) {
	text := benchNote(b)
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		h := newHarness(b, Options{Rules: rules.All(), Debounce: -1})
		h.initialize("", nil, false)
		for i := range 200 {
			h.open(fmt.Sprintf("file:///notes/n%03d.txt", i), fmt.Sprintf("%s\nVisit %d\n", text, i))
		}
		h.waitFor("diagnostics for 200 notes", func() bool {
			seen := map[string]bool{}
			for _, p := range h.pubs {
				seen[p.URI] = true
			}
			return len(seen) == 200
		})
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		mb := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
		b.ReportMetric(mb, "heap-MB")
		if mb > 100 {
			b.Errorf("200 open notes hold %.1f MB, target < 100 MB", mb)
		}
		runtime.KeepAlive(h)
		b.StartTimer()
	}
}

// BenchmarkWorkspaceDiagnostic1000 answers workspace/diagnostic over a folder of
// 1,000 notes (the labelled therapy notes and the MTSamples dictations, cycled,
// each made distinct), in a fresh session each time so that every note is read
// and linted; it fails above the 2 s target.
func BenchmarkWorkspaceDiagnostic1000(b *testing.B) {
	var texts []string
	for _, glob := range []string{"../testdata/labelled/notes/*.txt", "../testdata/corpus/mtsamples/*.txt"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			texts = append(texts, string(data))
		}
	}
	if len(texts) == 0 {
		b.Fatal("no notes in testdata")
	}
	root := b.TempDir()
	const n = 1000
	for i := range n {
		dir := filepath.Join(root, fmt.Sprintf("p%02d", i/100))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		text := fmt.Sprintf("%s\nVisit %d\n", texts[i%len(texts)], i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n%04d.txt", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var worst time.Duration
	var all []time.Duration
	for range b.N {
		b.StopTimer()
		h := newHarness(b, Options{Rules: rules.All(), Debounce: -1})
		h.initializeCaps(root, nil, pullCapabilities())
		b.StartTimer()
		start := time.Now()
		reps := h.pullWorkspace(nil)
		d := time.Since(start)
		b.StopTimer()
		if len(reps) != n {
			b.Fatalf("%d reports, want %d", len(reps), n)
		}
		worst = max(worst, d)
		all = append(all, d)
		b.StartTimer()
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)/2].Milliseconds()), "median-ms")
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
	if worst > 2*time.Second {
		b.Errorf("workspace/diagnostic over %d notes took %v, target ≤ 2 s", n, worst)
	}
}
