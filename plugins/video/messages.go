package video

import "strings"

// messages are the words the video shows a learner, in one language.
// Watching and Watched are patterns with {watched} and {needed} (whole
// percentages) that video.js fills in too, as the video plays.
type messages struct {
	Watching, Watched string
	CannotPlay        string
	Download          string
	OrReadTranscript  string
	Transcript        string
	Complete          string // feedback HTML when the video completes
}

var english = &messages{
	Watching:         "Watched {watched}% — {needed}% needed to complete",
	Watched:          "Watched {watched}% — complete",
	CannotPlay:       "Your browser cannot play this video.",
	Download:         "Download the video",
	OrReadTranscript: " or read the transcript below",
	Transcript:       "Transcript",
	Complete:         "Video complete: you have watched enough of it.",
}

var spanish = &messages{
	Watching:         "Visto: {watched}% — se necesita el {needed}% para completarlo",
	Watched:          "Visto: {watched}% — completado",
	CannotPlay:       "Su navegador no puede reproducir este video.",
	Download:         "Descargue el video",
	OrReadTranscript: " o lea la transcripción a continuación",
	Transcript:       "Transcripción",
	Complete:         "Video completado: ya vio lo suficiente.",
}

// messagesFor returns the words for a BCP 47 locale: Spanish for es and
// its regional forms (es-US, es-MX), English otherwise.
func messagesFor(locale string) *messages {
	if base, _, _ := strings.Cut(locale, "-"); strings.EqualFold(base, "es") {
		return spanish
	}
	return english
}
