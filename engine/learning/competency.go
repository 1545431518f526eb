package learning

// A site may keep a competency framework, such as a library competency
// index: modules and objects name the competencies they develop, and
// reports group completions by them. engine/module reads it from the
// content folder.

// Framework is a tree of competencies.
type Framework struct {
	ID           string // a URI naming the framework, e.g. its publisher's page
	Title        string
	File         string // where it was read from
	Competencies []*Competency
}

// Competency is one node of a framework.
type Competency struct {
	ID          string
	Title       string
	Description string
	Children    []*Competency
	Depth       int // 0 for a top-level area
}

// Walk calls fn with every competency, depth first, parents before
// children.
func (f *Framework) Walk(fn func(*Competency)) {
	var walk func([]*Competency)
	walk = func(cs []*Competency) {
		for _, c := range cs {
			fn(c)
			walk(c.Children)
		}
	}
	if f != nil {
		walk(f.Competencies)
	}
}

// Find returns the competency with id, or nil.
func (f *Framework) Find(id string) *Competency {
	var found *Competency
	f.Walk(func(c *Competency) {
		if c.ID == id && found == nil {
			found = c
		}
	})
	return found
}

// IDs are every competency's id, depth first.
func (f *Framework) IDs() []string {
	var ids []string
	f.Walk(func(c *Competency) { ids = append(ids, c.ID) })
	return ids
}
