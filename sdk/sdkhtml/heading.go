package sdkhtml

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingShift keeps the engine's <h1> (the object's title) the only one on
// the page, which screen-reader users rely on to find where content starts.
// If the author used "# Heading", every heading moves down one level, so
// their outline is kept; documents that start at "##" are left alone.
type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var headings []*ast.Heading
	top := 7
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			top = min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	if top != 1 {
		return
	}
	for _, h := range headings {
		h.Level = min(h.Level+1, 6)
	}
}
