package main

import (
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, true, "v1.4.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "devel"},
		{&debug.BuildInfo{}, true, "devel"},
		{nil, false, "devel"},
	} {
		if got := versionFrom(tc.bi, tc.ok); got != tc.want {
			t.Errorf("versionFrom(%+v) = %q, want %q", tc.bi, got, tc.want)
		}
	}
}

// soaplint version and soaplint --version print the same line; the SARIF
// tool version is the same string.
func TestVersionCommand(t *testing.T) {
	want := "soaplint " + version() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCLI(t, "", nil, args...)
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q (want %q), stderr %q", args, code, stdout, want, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "", nil, "version", "extra"); code != 2 || !strings.Contains(stderr, "no arguments") {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ := runCLI(t, "PT note\n", nil, "lint", "--format", "sarif", "-")
	if code != 0 {
		t.Fatalf("lint sarif: exit %d", code)
	}
	var s struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Runs) != 1 || s.Runs[0].Tool.Driver.Version != version() {
		t.Errorf("SARIF driver version = %+v, want %q", s.Runs, version())
	}
}
