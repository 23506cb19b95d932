package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestOnePipeline: lint and index run the same loader and linter, so each note
// is linted under its own folder's configuration in both. Folder a switches
// doc/vague-phrase off; folder b has no configuration. The same note text in
// both gets the finding only in b, in lint's output and in the index alike.
func TestOnePipeline(t *testing.T) {
	const text = "PT note\nPt tolerated well.\nUNITS WRONG\n"
	dir := writeTree(t, map[string]string{
		"a/.soaplint.yaml": "rules:\n  doc/vague-phrase: off\n",
		"a/n.txt":          text,
		"b/n.txt":          text,
	})
	chdir(t, dir)
	rulesOf := func(ds []struct {
		Rule string `json:"rule"`
	}) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Rule)
		}
		slices.Sort(out)
		return out
	}
	want := map[string][]string{
		"a/n.txt": {"time/units-mismatch"},
		"b/n.txt": {"doc/vague-phrase", "time/units-mismatch"},
	}

	_, stdout, stderr := runCLI(t, "", nil, "lint", "--format", "json", "a", "b")
	var lint struct {
		Files []struct {
			Path        string `json:"path"`
			Diagnostics []struct {
				Rule string `json:"rule"`
			} `json:"diagnostics"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(stdout), &lint); err != nil {
		t.Fatalf("lint json: %v\n%s\n%s", err, stdout, stderr)
	}
	got := map[string][]string{}
	for _, f := range lint.Files {
		got[filepath.ToSlash(f.Path)] = rulesOf(f.Diagnostics)
	}
	for p, w := range want {
		if !slices.Equal(got[p], w) {
			t.Errorf("lint %s: %v, want %v", p, got[p], w)
		}
	}

	db := filepath.Join(t.TempDir(), "idx")
	if code, _, stderr := runCLI(t, "", nil, "index", "--db", db, "a", "b"); code != 0 {
		t.Fatalf("index: exit %d, %s", code, stderr)
	}
	_, stdout, _ = runCLI(t, "", nil, "search", "--db", db, "--format", "json", "--limit", "0", "tolerated")
	var res struct {
		Notes []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule string `json:"rule"`
			} `json:"findings"`
		} `json:"notes"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("search json: %v\n%s", err, stdout)
	}
	if len(res.Notes) != 2 {
		t.Fatalf("search found %d notes, want 2: %s", len(res.Notes), stdout)
	}
	for _, n := range res.Notes {
		p := filepath.ToSlash(n.Path)
		key := p[strings.LastIndex(p[:strings.LastIndex(p, "/")], "/")+1:] // "a/n.txt"
		if g := rulesOf(n.Findings); !slices.Equal(g, want[key]) {
			t.Errorf("index %s: %v, want %v (lint and index disagree)", key, g, want[key])
		}
	}
}
