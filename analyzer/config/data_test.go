package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon/cmsimport"
)

// makePack imports the testdata PTP part and MUE table into dir.
func makePack(t *testing.T, dir string) {
	t.Helper()
	res, err := cmsimport.Import([]string{
		filepath.Join("..", "..", "testdata", "cms", "ccipra-v321r0-f1.txt"),
		filepath.Join("..", "..", "testdata", "cms", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"),
	}, cmsimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cmsimport.Write(dir, res, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
}

func TestDataKey(t *testing.T) {
	root := t.TempDir()
	makePack(t, filepath.Join(root, "packs", "2026q2"))
	cfgPath := filepath.Join(root, FileName)
	os.WriteFile(cfgPath, []byte("data: packs/2026q2\napm: qualifying\n"), 0o600)
	f, err := Load(cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := f.Apply(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	lex := cfg.Lexicon
	if o := lex.Edits.Origin(); o.Kind != "pack" || o.Path != filepath.Join(root, "packs", "2026q2") || o.Quarter != "2026Q2" {
		t.Errorf("edits origin = %+v", o)
	}
	if o := lex.MUE.Origin(); o.Kind != "pack" {
		t.Errorf("MUE origin = %+v", o)
	}
	if o := lex.Payment.Origin(); o.Kind != "built-in" || !lex.Payment.QP() {
		t.Errorf("payment = %+v, QP %v; want built-in RVUs with the QP factor", o, lex.Payment.QP())
	}
	if cf, _ := lex.Payment.ConversionFactor(2026); cf != 33.5675 {
		t.Errorf("apm: qualifying gives CF %v", cf)
	}
	// A missing pack is an error naming the file, key and line.
	os.WriteFile(cfgPath, []byte("profile: medicare\ndata: nowhere\n"), 0o600)
	if _, err := Load(cfgPath, nil); err == nil || !strings.Contains(err.Error(), cfgPath+":2: data:") || !strings.Contains(err.Error(), "not a soaplint data pack") {
		t.Errorf("missing pack: %v", err)
	}
	os.WriteFile(cfgPath, []byte("apm: maybe\n"), 0o600)
	if _, err := Load(cfgPath, nil); err == nil || !strings.Contains(err.Error(), "apm: unknown value") {
		t.Errorf("bad apm: %v", err)
	}
}

func TestChooseData(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	if c, err := ChooseData("", ""); err != nil || c.Pack != nil {
		t.Fatalf("no pack anywhere: %+v, %v", c, err)
	}
	def, err := DefaultDataDir()
	if err != nil || !strings.HasPrefix(def, home) {
		t.Fatalf("DefaultDataDir = %q, %v", def, err)
	}
	makePack(t, def)
	if c, err := ChooseData("", ""); err != nil || c.Pack == nil || c.Override || c.From != "the default directory" {
		t.Errorf("default dir: %+v, %v", c, err)
	}
	other := filepath.Join(home, "other")
	makePack(t, other)
	if c, err := ChooseData("", other); err != nil || c.Pack.Dir != other || !c.Override || c.From != "$SOAPLINT_DATA" {
		t.Errorf("env: %+v, %v", c, err)
	}
	if c, err := ChooseData(def, other); err != nil || c.Pack.Dir != def || c.From != "--data" {
		t.Errorf("flag wins over env: %+v, %v", c, err)
	}
	if _, err := ChooseData(filepath.Join(home, "none"), ""); err == nil || !strings.HasPrefix(err.Error(), "--data: ") {
		t.Errorf("missing --data pack: %v", err)
	}
}
