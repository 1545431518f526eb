package web

import (
	"net/url"

	"github.com/lode-elearning/lode/engine/learning"
)

// progressJSON is a module's progress as pages and the event API show it.
type progressJSON struct {
	Satisfied int  `json:"satisfied"`
	Required  int  `json:"required"`
	Percent   int  `json:"percent"`
	Done      bool `json:"done"`
}

func newProgressJSON(p *learning.ModuleProgress) progressJSON {
	return progressJSON{Satisfied: p.Satisfied, Required: p.Required, Percent: p.Percent(), Done: p.Done()}
}

// step is one entry of a module's step list. Its status is said in words,
// not only by colour or icon.
type step struct {
	ID      string `json:"id"`
	Title   string `json:"-"`
	URL     string `json:"-"`
	Status  string `json:"status"` // done, not passed, in progress, not started
	Label   string `json:"label"`  // the status as the page says it
	Current bool   `json:"current"`
}

func steps(p *learning.ModuleProgress, currentID string) []step {
	out := make([]step, len(p.Module.Objects))
	for i, o := range p.Module.Objects {
		st, ok := p.States[o.ID]
		s := step{ID: o.ID, Title: o.Title, URL: objectURL(p.Module.ID, o.ID), Current: o.ID == currentID}
		switch {
		case learning.ObjectSatisfied(st):
			s.Status = "done"
		case st.Completed:
			s.Status = "not passed" // completed, failed: holds the module back
		case ok:
			s.Status = "in progress"
		default:
			s.Status = "not started"
		}
		s.Label = s.Status
		if s.Current {
			s.Label = "current step"
			if s.Status != "not started" {
				s.Label += ", " + s.Status
			}
		}
		out[i] = s
	}
	return out
}

// moduleDone reports whether to show the module's completion notice: it
// was completed, or every required object is satisfied and the completion
// is being recorded.
func moduleDone(p *learning.ModuleProgress) bool {
	return (p.Registration != nil && p.Registration.CompletedAt != nil) || (p.Required > 0 && p.Done())
}

func moduleURL(moduleID string) string { return "/modules/" + url.PathEscape(moduleID) }

func objectURL(moduleID, objectID string) string {
	return moduleURL(moduleID) + "/objects/" + url.PathEscape(objectID)
}
