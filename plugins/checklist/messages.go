package checklist

import (
	"fmt"
	"strings"
)

// messages are the words the checklist shows a learner, in one language.
type messages struct {
	Checklist  string // the legend when the object has no title
	Complete   string // shown once the checklist is complete
	Optional   string
	Save       string
	Saved      string // feedback after a save, before the progress
	SavedDone  string // feedback after the save that completes it
	MaxLength  func(n int) string
	NoteNeeded string
	Progress   func(p progress) string
}

var english = &messages{
	Checklist:  "Checklist",
	Complete:   "Checklist complete",
	Optional:   "(optional)",
	Save:       "Save",
	Saved:      "Saved.",
	SavedDone:  "Saved. Checklist complete.",
	MaxLength:  func(n int) string { return fmt.Sprintf("Up to %d characters.", n) },
	NoteNeeded: "Needed to complete the checklist.",
	Progress: func(p progress) string {
		s := fmt.Sprintf("%d of %d required items done", p.Done, p.Required)
		if p.Required == 0 {
			s = fmt.Sprintf("%d of %d items done", p.Checked, p.Total)
		}
		if p.NeedsNote {
			s += "; the reflection is still to write"
		}
		return s
	},
}

var spanish = &messages{
	Checklist:  "Lista de verificación",
	Complete:   "Lista de verificación completada",
	Optional:   "(opcional)",
	Save:       "Guardar",
	Saved:      "Guardado.",
	SavedDone:  "Guardado. Lista de verificación completada.",
	MaxLength:  func(n int) string { return fmt.Sprintf("Hasta %d caracteres.", n) },
	NoteNeeded: "Es necesaria para completar la lista de verificación.",
	Progress: func(p progress) string {
		s := fmt.Sprintf("%d de %d elementos obligatorios hechos", p.Done, p.Required)
		if p.Required == 0 {
			s = fmt.Sprintf("%d de %d elementos hechos", p.Checked, p.Total)
		}
		if p.NeedsNote {
			s += "; falta escribir la reflexión"
		}
		return s
	},
}

// messagesFor returns the words for a BCP 47 locale: Spanish for es and
// its regional forms (es-US, es-MX), English otherwise.
func messagesFor(locale string) *messages {
	if base, _, _ := strings.Cut(locale, "-"); strings.EqualFold(base, "es") {
		return spanish
	}
	return english
}
