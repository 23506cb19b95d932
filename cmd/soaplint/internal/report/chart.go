package report

import (
	"fmt"
	"sort"
)

// Chart is an inline SVG bar chart laid out in Go, so the page needs no script.
type Chart struct {
	Title   string
	Caption string
	ID      string // "rule", "provider", "code", "week"
	Columns bool   // vertical columns along a time axis instead of horizontal bars
	Width   int
	Height  int
	Bars    []Bar
	Empty   bool
}

// Bar is one bar with its geometry.
type Bar struct {
	Label      string
	N          int
	X, Y, W, H int
	TextX      int // label position (columns: under the bar when Tick)
	TextY      int
	ValueX     int
	Tick       bool // columns: draw this label
}

type order int

const (
	byCount order = iota // largest first
	byLabel              // label order (dates)
)

const (
	chartWidth = 900
	labelWidth = 300
	barHeight  = 18
	barGap     = 6
)

// barChart lays out counts. With byCount, bars beyond limit are folded into one
// "other" bar; with byLabel (weeks), every label gets a column.
func barChart(title, id string, counts map[string]int, limit int, o order) Chart {
	c := Chart{Title: title, ID: id, Width: chartWidth}
	type kv struct {
		k string
		v int
	}
	var items []kv
	for k, v := range counts {
		items = append(items, kv{k, v})
	}
	if len(items) == 0 {
		c.Empty = true
		return c
	}
	if o == byCount {
		sort.Slice(items, func(i, j int) bool {
			if items[i].v != items[j].v {
				return items[i].v > items[j].v
			}
			return items[i].k < items[j].k
		})
		if len(items) > limit {
			rest := 0
			for _, it := range items[limit-1:] {
				rest += it.v
			}
			n := len(items) - (limit - 1)
			items = append(items[:limit-1], kv{fmt.Sprintf("%d others", n), rest})
		}
	} else {
		sort.Slice(items, func(i, j int) bool { return items[i].k < items[j].k })
	}
	maxN := 0
	for _, it := range items {
		maxN = max(maxN, it.v)
	}
	if o == byLabel {
		c.Columns = true
		const plotH, top, bottom = 200, 20, 60
		c.Height = top + plotH + bottom
		step := (chartWidth - 60) / len(items)
		step = max(step, 2)
		c.Width = max(chartWidth, 60+step*len(items))
		every := max(1, (len(items)+11)/12) // at most ~12 tick labels
		for i, it := range items {
			h := it.v * plotH / maxN
			h = max(h, 1)
			x := 40 + i*step
			w := max(step-2, 1)
			c.Bars = append(c.Bars, Bar{
				Label: it.k, N: it.v,
				X: x, Y: top + plotH - h, W: w, H: h,
				TextX: x + w/2, TextY: top + plotH + 16,
				ValueX: x + w/2,
				Tick:   i%every == 0 || i == len(items)-1,
			})
		}
		return c
	}
	plotW := chartWidth - labelWidth - 60
	for i, it := range items {
		y := 10 + i*(barHeight+barGap)
		w := max(it.v*plotW/maxN, 1)
		c.Bars = append(c.Bars, Bar{
			Label: it.k, N: it.v,
			X: labelWidth, Y: y, W: w, H: barHeight,
			TextX: labelWidth - 8, TextY: y + barHeight - 5,
			ValueX: labelWidth + w + 6,
		})
	}
	c.Height = 20 + len(items)*(barHeight+barGap)
	return c
}
