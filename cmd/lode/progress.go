package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/lode-elearning/lode/engine/module"
)

// progressBar shows how far a long command (import, export) has got: a bar
// redrawn in place on a terminal, and one plain line per file otherwise,
// which logs and CI output keep readable.
type progressBar struct {
	w     io.Writer
	label string
	tty   bool
	width int
	units func(n int64) string // how done and total read: bytes, or a count
}

// newProgress reports to w, in bytes, drawing a bar only when w is a
// terminal.
func newProgress(w io.Writer, label string) *progressBar {
	return newProgressIn(w, label, bytesText)
}

// newCountProgress reports to w how many things of how many are done
// (migrations, modules).
func newCountProgress(w io.Writer, label string) *progressBar {
	return newProgressIn(w, label, func(n int64) string { return fmt.Sprint(n) })
}

func newProgressIn(w io.Writer, label string, units func(int64) string) *progressBar {
	p := &progressBar{w: w, label: label, units: units}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		p.width = 30
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 60 {
			p.width = min(50, cols-40)
		}
	}
	return p
}

// report is a module.Progress.
func (p *progressBar) report(file string, done, total int64) {
	pct := 100
	if total > 0 {
		pct = int(done * 100 / total)
	}
	if !p.tty {
		fmt.Fprintf(p.w, "%s: %s (%d%%, %s of %s)\n", p.label, file, pct, p.text(done), p.text(total))
		return
	}
	filled := p.width * pct / 100
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %s of %s", p.label,
		strings.Repeat("#", filled), strings.Repeat(" ", p.width-filled), pct, p.text(done), p.text(total))
}

// done ends the bar's line, so that what follows starts on its own.
func (p *progressBar) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// text is n in the bar's units: bytes unless told otherwise.
func (p *progressBar) text(n int64) string {
	if p.units == nil {
		return bytesText(n)
	}
	return p.units(n)
}

var _ module.Progress = (*progressBar)(nil).report

func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
