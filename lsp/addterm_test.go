package lsp

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer/config"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// treeState is every entry under a directory: mode, and content hash of files
// or target of symlinks. Two equal states mean nothing was written.
func treeState(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		v := st.Mode().String()
		switch {
		case st.Mode()&fs.ModeSymlink != 0:
			dst, _ := os.Readlink(p)
			v += " -> " + dst
		case st.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			v += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		out[p] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffState(before, after map[string]string) []string {
	var d []string
	for p, v := range after {
		if before[p] != v {
			d = append(d, "changed or created: "+p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			d = append(d, "removed: "+p)
		}
	}
	return d
}

// addTermWorld is a workspace folder ws beside a folder outside it, with a
// symlink from ws into outside.
type addTermWorld struct {
	base, ws, outside string
}

func newAddTermWorld(t testing.TB) addTermWorld {
	t.Helper()
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := addTermWorld{base: base, ws: filepath.Join(base, "ws"), outside: filepath.Join(base, "outside")}
	for _, d := range []string{w.ws, w.outside, filepath.Join(w.ws, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(w.outside, filepath.Join(w.ws, "link")); err != nil {
		t.Fatal(err)
	}
	return w
}

func execAddTerm(h *harness, args ...any) (map[string]string, error) {
	var res map[string]string
	err := h.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": cmdAddTerm, "arguments": args}, &res)
	return res, err
}

func TestAddTermRefusesHostileArguments(t *testing.T) {
	w := newAddTermWorld(t)
	h := newHarness(t, Options{})
	h.initialize(w.ws, nil, false)
	good := "file://" + filepath.Join(w.ws, "note.txt")
	hostile := []string{
		"file://" + w.ws + "/../outside/x.txt",
		"file://" + w.ws + "/./note.txt",
		"file://" + w.ws + "//note.txt",
		"file://" + strings.ReplaceAll(w.outside, "/", "%2f") + "/x.txt",
		"file://" + w.ws + "%2f..%2f..%2foutside/x.txt",
		"file://" + w.ws + "/sub%5c..%5c..%5cx.txt",
		"file://" + w.ws + "/x%00.txt",
		"file://" + w.ws + "/%2e%2e/outside/x.txt",
		"file://evil.example" + w.ws + "/note.txt",
		"file://" + filepath.Join(w.outside, "x.txt"),
		"file://" + filepath.Join(w.ws, "link", "x.txt"),
		"file://" + w.ws + "/note.txt?x=1",
		"file://" + w.ws + "/note.txt#frag",
		"file:" + strings.TrimPrefix(w.ws, "/") + "/opaque.txt",
		"untitled:Untitled-1",
		"http://" + w.ws + "/note.txt",
		"FILE://" + w.ws + "/../outside/x.txt",
	}
	h.open(good, "STG 1: ROM to 150°\n")
	for _, u := range hostile {
		h.open(u, "STG 1: ROM to 150°\n")
	}
	h.waitFor("all documents open", func() bool {
		h.srv.docs.mu.Lock()
		defer h.srv.docs.mu.Unlock()
		return len(h.srv.docs.docs) == len(hostile)+1
	})
	before := treeState(t, w.base)

	type tc struct {
		name string
		args []any
		want string // in the error message
	}
	cases := []tc{
		{"not open", []any{"functional", "pickleball", "file://" + filepath.Join(w.ws, "other.txt")}, "not open"},
		{"bogus class", []any{"functionl", "pickleball", good}, "unknown term class"},
		{"class path", []any{"../functional", "pickleball", good}, "unknown term class"},
		{"5 MB term", []any{"functional", strings.Repeat("a", 5<<20), good}, "at most 64"},
		{"65 characters", []any{"functional", strings.Repeat("é", 65), good}, "at most 64"},
		{"two lines", []any{"functional", "pickle\nball", good}, "one line"},
		{"carriage return", []any{"functional", "pickle\rball", good}, "one line"},
		{"tab", []any{"functional", "pickle\tball", good}, "one line"},
		{"NUL", []any{"functional", "pickle\x00ball", good}, "one line"},
		{"line separator", []any{"functional", "pickle\u2028ball", good}, "one line"},
		{"bidi override", []any{"functional", "pickle\u202eball", good}, "one line"},
		{"blank", []any{"functional", "   ", good}, "empty"},
		{"two arguments", []any{"functional", "pickleball"}, "3 arguments"},
		{"four arguments", []any{"functional", "pickleball", good, good}, "3 arguments"},
		{"number term", []any{"functional", 7, good}, "string arguments"},
		{"object uri", []any{"functional", "pickleball", map[string]any{"uri": good}}, "string arguments"},
	}
	for _, u := range hostile {
		cases = append(cases, tc{"uri " + u, []any{"functional", "pickleball", u}, ""})
	}
	for _, c := range cases {
		_, err := execAddTerm(h, c.args...)
		if rpcCode(err) != jsonrpc2.InvalidParams {
			t.Errorf("%s: got %v, want an InvalidParams refusal", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q lacks %q", c.name, err, c.want)
		}
		if strings.Contains(err.Error(), "pickle") || strings.Contains(err.Error(), w.base) {
			t.Errorf("%s: error quotes the request: %q", c.name, err)
		}
	}
	if d := diffState(before, treeState(t, w.base)); len(d) > 0 {
		t.Errorf("refused commands wrote files: %v", d)
	}

	// The same session still adds a good term, to the workspace folder's file.
	res, err := execAddTerm(h, "functional", "  pickleball  ", good)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(w.ws, ".soaplint.yaml"); res["path"] != want {
		t.Errorf("wrote %q, want %q", res["path"], want)
	}
	after := treeState(t, w.base)
	if d := diffState(before, after); len(d) != 1 || !strings.HasSuffix(d[0], filepath.Join("ws", ".soaplint.yaml")) {
		t.Errorf("a good command changed %v, want only ws/.soaplint.yaml", d)
	}
	// file://localhost/… names the same local file.
	if _, err := execAddTerm(h, "functional", "curb stepping", "file://localhost"+filepath.Join(w.ws, "note.txt")); rpcCode(err) != jsonrpc2.InvalidParams || !strings.Contains(err.Error(), "not open") {
		t.Errorf("localhost URI of a document opened under another URI: %v", err)
	}
}

func TestAddTermWritesValidConfigKeepingMode(t *testing.T) {
	w := newAddTermWorld(t)
	cfg := filepath.Join(w.ws, ".soaplint.yaml")
	if err := os.WriteFile(cfg, []byte("# keep me\nprofile: commercial\nlexicon:\n  exercise: [clamshells]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{})
	h.initialize(w.ws, nil, false)
	doc := "file://localhost" + filepath.Join(w.ws, "sub", "note.txt")
	h.open(doc, "STG 1: ROM to 150°\n")
	h.waitPub(doc, 1)
	// Terms YAML would read as something else must still come back as strings.
	for _, term := range []string{"yes", "null", "- dash", "key: value", "#hash", "'quote\"", "@at", "~", "1e3", "[list]", "{map}", "&anchor", "*alias", "!tag", "%", "ünïcödé stairs", strings.Repeat("x", 64)} {
		if _, err := execAddTerm(h, "functional", term, doc); err != nil {
			t.Fatalf("add %q: %v", term, err)
		}
		data, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		f, err := config.Parse(data, cfg, rules.Catalogue)
		if err != nil {
			t.Fatalf("after adding %q the file does not load: %v\n%s", term, err, data)
		}
		found := false
		for _, got := range f.Terms["functional"] {
			found = found || got == term
		}
		if !found {
			t.Errorf("after adding %q: functional terms %q", term, f.Terms["functional"])
		}
		if f.Profile != "commercial" || len(f.Terms["exercise"]) != 1 || !strings.Contains(string(data), "# keep me") {
			t.Errorf("other settings lost:\n%s", data)
		}
	}
	st, err := os.Stat(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", st.Mode().Perm())
	}
	// Every class the lexicon has is accepted and loads.
	if _, err := execAddTerm(h, "skilled", "tactile cueing", doc); err != nil {
		t.Errorf("skilled: %v", err)
	}
	// No temporary files left behind.
	ents, _ := os.ReadDir(w.ws)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".soaplint.yaml.") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestAddTermRefusesUnsafeTargets(t *testing.T) {
	w := newAddTermWorld(t)
	h := newHarness(t, Options{})
	h.initialize(w.ws, nil, false)
	doc := "file://" + filepath.Join(w.ws, "sub", "note.txt")
	h.open(doc, "x\n")
	h.waitPub(doc, 1)
	cfg := filepath.Join(w.ws, ".soaplint.yaml")
	outsideCfg := filepath.Join(w.outside, "victim.yaml")
	if err := os.WriteFile(outsideCfg, []byte("profile: medicare\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name  string
		setup func()
		want  string
	}{
		{"symlinked config", func() { must(t, os.Symlink(outsideCfg, cfg)) }, "not a regular file"},
		{"invalid config", func() {
			must(t, os.Remove(cfg))
			must(t, os.WriteFile(cfg, []byte("lexicon:\n  functionl: [x]\n"), 0o644))
		}, "has errors"},
		{"nearer config", func() {
			must(t, os.WriteFile(cfg, []byte("profile: medicare\n"), 0o644))
			must(t, os.WriteFile(filepath.Join(w.ws, "sub", ".soaplint.yaml"), []byte("profile: medicare\n"), 0o644))
		}, "sub/.soaplint.yaml"},
	}
	for _, s := range steps {
		s.setup()
		before := treeState(t, w.base)
		_, err := execAddTerm(h, "functional", "pickleball", doc)
		if rpcCode(err) != jsonrpc2.InvalidParams || !strings.Contains(err.Error(), s.want) {
			t.Errorf("%s: %v, want a refusal naming %q", s.name, err, s.want)
		}
		if d := diffState(before, treeState(t, w.base)); len(d) > 0 {
			t.Errorf("%s: wrote %v", s.name, d)
		}
	}

	// No workspace folder at all: nothing to write to.
	h2 := newHarness(t, Options{})
	h2.initialize("", nil, false)
	h2.open(doc, "x\n")
	h2.waitPub(doc, 1)
	before := treeState(t, w.base)
	if _, err := execAddTerm(h2, "functional", "pickleball", doc); rpcCode(err) != jsonrpc2.InvalidParams || !strings.Contains(err.Error(), "not inside a workspace folder") {
		t.Errorf("no workspace: %v", err)
	}
	if d := diffState(before, treeState(t, w.base)); len(d) > 0 {
		t.Errorf("no workspace: wrote %v", d)
	}
}

func TestAddTermFileGrowthIsBounded(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".soaplint.yaml")
	big := "lexicon:\n  functional:\n" + strings.Repeat("    - "+strings.Repeat("t", 60)+"\n", maxConfigBytes/67)
	if err := os.WriteFile(cfg, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	err := addTermFile(cfg, "functional", strings.Repeat("n", 64))
	if err == nil || !strings.Contains(err.Error(), "would grow past") {
		t.Fatalf("err = %v", err)
	}
	if data, _ := os.ReadFile(cfg); string(data) != big {
		t.Errorf("file changed")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzExecuteCommand runs the add-term command with any class, term and
// document URI (opened first or not) in a workspace folder beside a folder
// outside it: nothing but the folder's own .soaplint.yaml may ever change, and
// that file must always load as configuration. A URI starting with "~" has
// the workspace folder's file: URI put in its place, so the fuzzer explores
// paths near the boundary.
func FuzzExecuteCommand(f *testing.F) {
	f.Add("functional", "pickleball", "~/note.txt", true)
	f.Add("functional", "pickleball", "~/../outside/x.txt", true)
	f.Add("functional", "pickleball", "~%2f..%2foutside/x.txt", true)
	f.Add("functional", "pickleball", "~/link/x.txt", true)
	f.Add("functional", "pickleball", "~/%2e%2e/outside/x.txt", true)
	f.Add("functional", "pickleball", "~/sub/../../outside/x.txt", true)
	f.Add("exercise", "a\nb", "~/note.txt", true)
	f.Add("vague", "key: [x", "~/note.txt", true)
	f.Add("functionl", "zumba", "~/note.txt", true)
	f.Add("functional", "zumba", "~/note.txt", false)
	f.Add("functional", "zumba", "file://localhost/etc/x.txt", true)
	f.Add("functional", "zumba", "file://evil/x.txt", true)
	f.Add("functional", "'\"#&*!%@`|>", "~/sub/n.txt", true)
	w := newAddTermWorld(f)
	cfg := filepath.Join(w.ws, ".soaplint.yaml")
	f.Fuzz(func(t *testing.T, class, term, uri string, open bool) {
		if rest, ok := strings.CutPrefix(uri, "~"); ok {
			uri = "file://" + w.ws + rest
		}
		before := treeState(t, w.base)
		h := newHarness(t, Options{Debounce: -1})
		h.initialize(w.ws, nil, false)
		if open {
			h.open(uri, "x\n")
			h.waitFor("didOpen handled", func() bool {
				h.srv.docs.mu.Lock()
				defer h.srv.docs.mu.Unlock()
				return len(h.srv.docs.docs) > 0
			})
		}
		_, err := execAddTerm(h, class, term, uri)
		for _, d := range diffState(before, treeState(t, w.base)) {
			if d != "changed or created: "+cfg {
				t.Fatalf("executeCommand(%q, %q, %q) -> %v: %s", class, term, uri, err, d)
			}
		}
		if data, rerr := os.ReadFile(cfg); rerr == nil {
			if _, perr := config.Parse(data, cfg, rules.Catalogue); perr != nil {
				t.Fatalf("executeCommand(%q, %q, %q) left a configuration that does not load: %v", class, term, uri, perr)
			}
		}
		if err != nil && rpcCode(err) != jsonrpc2.InvalidParams {
			t.Fatalf("executeCommand(%q, %q, %q): %v, want success or InvalidParams", class, term, uri, err)
		}
	})
}
