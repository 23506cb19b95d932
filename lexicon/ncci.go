package lexicon

import "io/fs"

// EditTable holds code-pair edits.
type EditTable struct{}

// MUETable holds medically unlikely edit values.
type MUETable struct{}

func loadEdits(fsys fs.FS) (*EditTable, error) { return &EditTable{}, nil }

func loadMUE(fsys fs.FS) (*MUETable, error) { return &MUETable{}, nil }
