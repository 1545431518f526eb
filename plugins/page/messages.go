package page

import (
	"fmt"
	"strings"
)

// messages are the words the page shows a learner, in one language.
type messages struct {
	MarkAsRead, Read string
	Marked           string // feedback HTML: the page was just marked
	AlreadyRead      string // feedback HTML: it was marked before
	ReadingTime      func(minutes int) string
}

var english = &messages{
	MarkAsRead:  "Mark as read",
	Read:        "You have read this page",
	Marked:      "Page marked as read.",
	AlreadyRead: "You have already marked this page as read.",
	ReadingTime: func(n int) string {
		if n == 1 {
			return "Reading time: about 1 minute"
		}
		return fmt.Sprintf("Reading time: about %d minutes", n)
	},
}

var spanish = &messages{
	MarkAsRead:  "Marcar como leída",
	Read:        "Ya leyó esta página",
	Marked:      "Página marcada como leída.",
	AlreadyRead: "Ya había marcado esta página como leída.",
	ReadingTime: func(n int) string {
		if n == 1 {
			return "Tiempo de lectura: alrededor de 1 minuto"
		}
		return fmt.Sprintf("Tiempo de lectura: alrededor de %d minutos", n)
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
