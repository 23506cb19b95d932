package episode

import (
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/soaplint/soaplint/analyzer/note"
)

// The clone measure, chosen by measurement (see similarity_test.go and
// docs/benchmarks.md): MinHash over word 3-shingles of the S/O/A narrative,
// sketchSize hashes, estimating the shingles' Jaccard similarity. A clone
// shares (nearly) all its sentences with the earlier note; notes that share a
// template but describe other activities keep the template's shingles only.
const (
	shingleWords = 3
	sketchBits   = 6
	sketchSize   = 1 << sketchBits
	emptyBucket  = math.MaxUint16
	// minShingles: a narrative shorter than this says too little to call a copy.
	minShingles = 12
	// cloneThreshold is the estimated Jaccard similarity from which a narrative
	// is a near-duplicate.
	cloneThreshold = 0.65
)

// Sketch is a fixed-size MinHash signature of a note's narrative; the zero
// value means the narrative was too short to compare.
type Sketch struct {
	Min [sketchSize]uint16 // b-bit MinHash: the low 16 bits of each minimum
	N   int                // shingles in the narrative (0: none kept)
}

// Similarity estimates the Jaccard similarity of the two narratives' shingle sets.
func (a *Sketch) Similarity(b *Sketch) float64 {
	if a.N == 0 || b.N == 0 {
		return 0
	}
	// Buckets empty in both say nothing; the others match or not.
	eq, used := 0, 0
	for i := range a.Min {
		x, y := a.Min[i], b.Min[i]
		if x == emptyBucket && y == emptyBucket {
			continue
		}
		used++
		if x == y {
			eq++
		}
	}
	if used == 0 {
		return 0
	}
	return float64(eq) / float64(used)
}

// narrative is the note's S, O, A (and Treatment) text without goal lines,
// home-program lines, billing lines, totals lines or the signature.
func narrative(n *note.Note) string {
	var b strings.Builder
	eachNarrativeLine(n, func(line string) {
		b.WriteString(line)
		b.WriteByte('\n')
	})
	return b.String()
}

// sketcher builds a note's sketch from its words as they stream by: no text,
// no word or shingle slices (the pass sketches every note it is given).
type sketcher struct {
	w1, w2 uint64 // the two words before the current one
	words  int
	n      int // shingle positions (duplicates included: minima ignore them)
	mins   [sketchSize]uint64
}

func (k *sketcher) word(h uint64) {
	k.words++
	if k.words >= shingleWords {
		v := mix(shingleHash(k.w1, k.w2, h))
		if b := v >> (64 - sketchBits); v < k.mins[b] {
			k.mins[b] = v
		}
		k.n++
	}
	k.w1, k.w2 = k.w2, h
}

func (k *sketcher) sketch() Sketch {
	var s Sketch
	if k.n < minShingles {
		return s
	}
	s.N = k.n
	for i, m := range k.mins {
		if m == math.MaxUint64 {
			s.Min[i] = emptyBucket
		} else {
			s.Min[i] = min(uint16(m), emptyBucket-1)
		}
	}
	return s
}

// shingleHash combines three word hashes, order-sensitively.
func shingleHash(a, b, c uint64) uint64 {
	return a*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f ^ c
}

func eachNarrativeLine(n *note.Note, fn func(string)) {
	var skip []note.Range
	for _, g := range n.Goals {
		skip = append(skip, g.Line)
	}
	for _, c := range n.Charges {
		skip = append(skip, c.Line)
	}
	if !n.Totals.Line.Empty() {
		skip = append(skip, n.Totals.Line)
	}
	if n.Signature != nil {
		skip = append(skip, n.Signature.Range)
	}
	for _, sec := range n.Sections {
		switch sec.Kind {
		case note.SectionSubjective, note.SectionObjective, note.SectionAssessment, note.SectionTreatment:
		default:
			continue
		}
		for ls := sec.Body.Start; ls < sec.Body.End; {
			le := strings.IndexByte(n.Text[ls:sec.Body.End], '\n')
			if le < 0 {
				le = sec.Body.End
			} else {
				le += ls + 1
			}
			line := n.Text[ls:le]
			if !overlapsAny(ls, le, skip) && !isHEPLine(line) {
				fn(strings.TrimRight(line, "\r\n"))
			}
			ls = le
		}
	}
}

func overlapsAny(s, e int, rs []note.Range) bool {
	for _, r := range rs {
		if r.Start < e && s < r.End {
			return true
		}
	}
	return false
}

// isHEPLine reports a home-program line ("HEP: …", "Home exercise program: …"):
// such lists are repeated on purpose from visit to visit.
func isHEPLine(line string) bool {
	l := strings.TrimLeft(line, " \t-*•")
	for _, p := range [...]string{"hep", "home exercise", "home program"} {
		if len(l) >= len(p) && strings.EqualFold(l[:len(p)], p) {
			return true
		}
	}
	return false
}

// wordHashes hashes text's lower-case words and numbers (decimal points kept)
// without allocating a string per word: FNV-1a over the folded bytes.
func wordHashes(text string) []uint64 {
	out := make([]uint64, 0, len(text)/5)
	eachWordHash(text, func(h uint64) { out = append(out, h) })
	return out
}

// eachWordHash calls fn with the hash of each word of text, in order.
func eachWordHash(text string, fn func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for i := 0; i < len(text); i++ {
		c := text[i]
		word := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 ||
			c == '.' && in && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9'
		if c >= 'A' && c <= 'Z' {
			c, word = c|0x20, true
		}
		if word {
			h = (h ^ uint64(c)) * prime
			in = true
			continue
		}
		if in {
			fn(h)
			h, in = offset, false
		}
	}
	if in {
		fn(h)
	}
}

// shingles returns the hashes of the text's word k-shingles, deduplicated.
func shingles(text string, k int) []uint64 { return shingleHashes(wordHashes(text), k) }

func shingleHashes(w []uint64, k int) []uint64 {
	if len(w) < k {
		return nil
	}
	out := make([]uint64, 0, len(w)-k+1)
	for i := 0; i+k <= len(w); i++ {
		var v uint64
		if k == shingleWords {
			v = shingleHash(w[i], w[i+1], w[i+2]) // as the sketcher does
		} else {
			v = uint64(0x9e3779b97f4a7c15)
			for _, x := range w[i : i+k] {
				v = mix(v ^ x)
			}
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mix is splitmix64's finaliser: one cheap, well-spread hash per seed.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func sketchOf(n *note.Note) Sketch {
	k := &sketcher{}
	for i := range k.mins {
		k.mins[i] = math.MaxUint64
	}
	eachNarrativeLine(n, func(line string) { eachWordHash(line, k.word) })
	return k.sketch()
}

// minHash is one-permutation MinHash: each shingle is hashed once, the top
// bits pick one of sketchSize buckets and each bucket keeps its minimum (the
// low 16 bits of it are stored; emptyBucket marks a bucket no shingle fell in).
// One hash per shingle instead of one per slot keeps the sketch cheap enough
// to compute for every note.
func minHash(sh []uint64) Sketch {
	var s Sketch
	if len(sh) < minShingles {
		return s
	}
	s.N = len(sh)
	var mins [sketchSize]uint64
	for i := range mins {
		mins[i] = math.MaxUint64
	}
	for _, v := range sh {
		h := mix(v)
		if b := h >> (64 - sketchBits); h < mins[b] {
			mins[b] = h
		}
	}
	for i, m := range mins {
		if m == math.MaxUint64 {
			s.Min[i] = emptyBucket
		} else {
			s.Min[i] = min(uint16(m), emptyBucket-1)
		}
	}
	return s
}

// simHash is the 64-bit SimHash of a shingle set (a candidate measure kept for
// the measurement in similarity_test.go).
func simHash(sh []uint64) uint64 {
	var acc [64]int
	for _, v := range sh {
		for b := range acc {
			if v>>b&1 == 1 {
				acc[b]++
			} else {
				acc[b]--
			}
		}
	}
	var out uint64
	for b, c := range acc {
		if c > 0 {
			out |= 1 << b
		}
	}
	return out
}

// simHashSimilarity is 1 − Hamming distance / 64.
func simHashSimilarity(a, b uint64) float64 {
	return 1 - float64(bits.OnesCount64(a^b))/64
}

// jaccard is the exact Jaccard similarity of two shingle sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := make(map[uint64]bool, len(a))
	for _, v := range a {
		set[v] = true
	}
	inter := 0
	for _, v := range b {
		if set[v] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
