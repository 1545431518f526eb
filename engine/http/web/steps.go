package web

import (
	"net/url"

	"github.com/lode-elearning/lode/engine/i18n"
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
// not only by colour or icon; lode.js updates it from the event API's
// copy, turning a step this event unlocked into a link.
type step struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Status   string `json:"status"` // done, not passed, in progress, not started, locked
	Label    string `json:"label"`  // the status in the page's language: Done, Completado...
	Optional bool   `json:"optional"`
	Current  bool   `json:"current"`
}

// steps is the module's step list, its statuses said in loc's words.
func steps(loc *i18n.Locale, p *learning.ModuleProgress, currentID string) []step {
	out := make([]step, len(p.Module.Objects))
	for i, o := range p.Module.Objects {
		s := step{ID: o.ID, Title: o.Title, URL: objectURL(p.Module.ID, o.ID), Optional: !o.Required, Current: o.ID == currentID}
		s.Status = stepStatus(p, o.ID)
		s.Label = loc.T(statusMessages[s.Status])
		out[i] = s
	}
	return out
}

// statusMessages are the message ids of the statuses, which stay English
// codes in the page's data-status and the event API's JSON.
var statusMessages = map[string]string{
	"locked": "step.locked", "done": "step.done", "not passed": "step.not_passed",
	"in progress": "step.in_progress", "not started": "step.not_started",
}

// stepStatus is where the learner stands on one step. Locked comes first:
// a step opened before the module became linear is still closed now.
func stepStatus(p *learning.ModuleProgress, objectID string) string {
	st, ok := p.States[objectID]
	switch {
	case p.Blocker(objectID) != nil:
		return "locked"
	case p.MissedMastery(objectID) != nil:
		return "not passed" // done by its own standard, below the module's minimum
	case learning.ObjectSatisfied(st):
		return "done"
	case st.Completed:
		return "not passed" // completed, failed: holds the module back
	case ok:
		return "in progress"
	}
	return "not started"
}

// stepsDone counts the steps done, for the collapsed step list's summary.
func stepsDone(ss []step) int {
	n := 0
	for _, s := range ss {
		if s.Status == "done" {
			n++
		}
	}
	return n
}

// moduleDone reports whether to show the module's completion notice: it
// was completed, or every required object is satisfied and the completion
// is being recorded.
func moduleDone(p *learning.ModuleProgress) bool {
	return (p.Registration != nil && p.Registration.CompletedAt != nil) || (p.Required > 0 && p.Done())
}

// moduleFailed reports whether the learner can no longer complete the
// module: a mastery score was missed for good.
func moduleFailed(p *learning.ModuleProgress) bool {
	return p.Failed || (p.Registration != nil && p.Registration.FailedAt != nil)
}

func moduleURL(moduleID string) string { return "/modules/" + url.PathEscape(moduleID) }

func summaryURL(moduleID string) string { return moduleURL(moduleID) + "/summary" }

func objectURL(moduleID, objectID string) string {
	return moduleURL(moduleID) + "/objects/" + url.PathEscape(objectID)
}
