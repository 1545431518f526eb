package admin

import "github.com/lode-elearning/lode/engine/admin"

// barChart is a horizontal bar chart drawn as inline SVG, with the table
// of its data after it: the SVG is the picture, the table what a screen
// reader and a 320 px screen read.
type barChart struct {
	ID, Title            string
	LabelHead, ValueHead string // the table's column headings
	// StoppedHead, when set, heads a third column: each bar's Stopped
	// (the funnel's drop from the bar before).
	StoppedHead string
	Bars        []bar
	Height      int
}

// bar is one bar's geometry in the SVG's 600-wide viewBox: labels end at
// x 196, bars start at 200 and are at most 340 long, the number after.
type bar struct {
	admin.Count
	Y, TextY, W, EndX int
	Stopped           int
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

// newFunnelChart draws the funnel's steps as bars, with how many stopped
// at each in its table: the drop is what a reader looks for, and a
// screen reader should not have to subtract.
func newFunnelChart(steps []admin.FunnelStep) barChart {
	counts := make([]admin.Count, len(steps))
	for i, st := range steps {
		counts[i] = admin.Count{Label: st.Label, N: st.N}
	}
	c := newBarChart("funnel", "Learners who completed each required step and every one before it", "Step", "Learners", counts)
	c.StoppedHead = "Stopped here"
	for i, st := range steps {
		c.Bars[i].Stopped = st.Stopped
	}
	return c
}
