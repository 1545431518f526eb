package admin

import "github.com/lode-elearning/lode/engine/admin"

// barChart is a horizontal bar chart drawn as inline SVG, with the table
// of its data after it: the SVG is the picture, the table what a screen
// reader and a 320 px screen read.
type barChart struct {
	ID, Title            string
	LabelHead, ValueHead string // the table's column headings
	Bars                 []bar
	Height               int
}

// bar is one bar's geometry in the SVG's 600-wide viewBox: labels end at
// x 196, bars start at 200 and are at most 340 long, the number after.
type bar struct {
	admin.Count
	Y, TextY, W, EndX int
}

const barRow, barMax = 26, 340

func newBarChart(id, title, labelHead, valueHead string, counts []admin.Count) barChart {
	c := barChart{ID: id, Title: title, LabelHead: labelHead, ValueHead: valueHead, Height: max(len(counts), 1)*barRow + 8}
	top := 0
	for _, n := range counts {
		top = max(top, n.N)
	}
	for i, n := range counts {
		w := 0
		if top > 0 {
			w = n.N * barMax / top
		}
		y := 4 + i*barRow
		c.Bars = append(c.Bars, bar{Count: n, Y: y, TextY: y + 15, W: w, EndX: 206 + w})
	}
	return c
}
