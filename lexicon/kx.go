package lexicon

import (
	"bufio"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
)

// KXThreshold is one year's Medicare therapy threshold (data/kx.tsv): above it,
// claims need the KX modifier. PT and SLP share one threshold; OT has its own of
// the same amount.
type KXThreshold struct {
	Year   int
	Amount float64
	Status string // "cms", "secondary" or "unverified", as the data file says
}

// KXThreshold returns the threshold for year, if the table has it.
func (l *Lexicon) KXThreshold(year int) (KXThreshold, bool) {
	t, ok := kxTable()[year]
	return t, ok
}

// kxTable parses the embedded data/kx.tsv once; the data are part of the binary
// and covered by tests, so a parse error is a build defect.
var kxTable = sync.OnceValue(func() map[int]KXThreshold {
	data, err := fs.ReadFile(dataFS, "data/kx.tsv")
	if err != nil {
		panic("lexicon: embedded data: " + err.Error())
	}
	t, err := parseKX("data/kx.tsv", string(data))
	if err != nil {
		panic("lexicon: embedded data: " + err.Error())
	}
	return t
})

// parseKX reads kx.tsv: "#" comments (a "# source:" line is required) and
// "year<TAB>amount<TAB>status" rows.
func parseKX(name, data string) (map[int]KXThreshold, error) {
	out := map[int]KXThreshold{}
	sourced := false
	sc := bufio.NewScanner(strings.NewReader(data))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			if strings.HasPrefix(strings.ToLower(strings.TrimSpace(line[1:])), "source:") {
				sourced = true
			}
			continue
		}
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields, have %d", name, ln, len(f))
		}
		year, err1 := strconv.Atoi(f[0])
		amt, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || amt <= 0 {
			return nil, fmt.Errorf("%s:%d: bad threshold row", name, ln)
		}
		switch f[2] {
		case "cms", "secondary", "unverified":
		default:
			return nil, fmt.Errorf("%s:%d: status %q (want cms, secondary or unverified)", name, ln, f[2])
		}
		if _, dup := out[year]; dup {
			return nil, fmt.Errorf("%s:%d: year %d twice", name, ln, year)
		}
		out[year] = KXThreshold{Year: year, Amount: amt, Status: f[2]}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !sourced {
		return nil, fmt.Errorf("%s: no \"# source:\" line", name)
	}
	return out, nil
}
