package quiz

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lode-elearning/lode/sdk"
)

// contentLanguage tags the author's text (prompts, choices) in xAPI
// language maps: the module's language, US English when it has none.
func contentLanguage(obj sdk.Object) string {
	return cmp.Or(obj.Language, "en-US")
}

// messages holds every string a learner reads. Translating the quiz means
// adding one more value of this type and choosing it in messagesFor.
type messages struct {
	Submit, Retry                string
	Next, Previous               string
	TextLabel, SelectAll         string
	ResultHeading, ReviewHeading string
	Correct, Incorrect           string
	YourAnswer, NoAnswer         string
	Feedback, CorrectAnswer      string
	True, False                  string
	AnswersHidden                string
	Question                     func(n, total int) string
	Rules                        func(passing string, attempt, maxAttempts int) string
	Scored                       func(raw, max, percent string) string
	Passed, Failed               func(passing string) string
	AttemptsUsed                 func(used, maxAttempts int) string
	AttemptStarted               func(attempt, maxAttempts int) string
	ShortPassed, ShortFailed     string
}

var english = &messages{
	Submit:        "Submit answers",
	Retry:         "Try again",
	Next:          "Next question",
	Previous:      "Previous question",
	TextLabel:     "Your answer",
	SelectAll:     "Select all that apply.",
	ResultHeading: "Your result",
	ReviewHeading: "Your answers",
	Correct:       "Correct",
	Incorrect:     "Incorrect",
	YourAnswer:    "Your answer",
	NoAnswer:      "No answer",
	Feedback:      "Feedback",
	CorrectAnswer: "Correct answer",
	True:          "True",
	False:         "False",
	AnswersHidden: "The correct answers are shown once you pass or have used all your attempts.",
	Question:      func(n, total int) string { return fmt.Sprintf("Question %d of %d", n, total) },
	Rules: func(passing string, attempt, maxAttempts int) string {
		if maxAttempts == 0 {
			return fmt.Sprintf("You need %s%% to pass. You may try as often as you need.", passing)
		}
		return fmt.Sprintf("You need %s%% to pass. This is attempt %d of %d.", passing, attempt, maxAttempts)
	},
	Scored: func(raw, max, percent string) string {
		return fmt.Sprintf("You scored %s of %s (%s%%).", raw, max, percent)
	},
	Passed: func(passing string) string { return fmt.Sprintf("You passed. The passing score is %s%%.", passing) },
	Failed: func(passing string) string {
		return fmt.Sprintf("You did not pass. The passing score is %s%%.", passing)
	},
	AttemptsUsed: func(used, maxAttempts int) string {
		switch {
		case maxAttempts == 0:
			return fmt.Sprintf("Attempts used: %d (no limit).", used)
		default:
			return fmt.Sprintf("Attempts used: %d of %d; %d remaining.", used, maxAttempts, max(maxAttempts-used, 0))
		}
	},
	AttemptStarted: func(attempt, maxAttempts int) string {
		if maxAttempts == 0 {
			return fmt.Sprintf("Attempt %d started. Your previous answers have been cleared.", attempt)
		}
		return fmt.Sprintf("Attempt %d of %d started. Your previous answers have been cleared.", attempt, maxAttempts)
	},
	ShortPassed: "You passed.",
	ShortFailed: "You did not pass.",
}

var spanish = &messages{
	Submit:        "Enviar respuestas",
	Retry:         "Intentar de nuevo",
	Next:          "Pregunta siguiente",
	Previous:      "Pregunta anterior",
	TextLabel:     "Su respuesta",
	SelectAll:     "Seleccione todas las que correspondan.",
	ResultHeading: "Su resultado",
	ReviewHeading: "Sus respuestas",
	Correct:       "Correcta",
	Incorrect:     "Incorrecta",
	YourAnswer:    "Su respuesta",
	NoAnswer:      "Sin respuesta",
	Feedback:      "Comentarios",
	CorrectAnswer: "Respuesta correcta",
	True:          "Verdadero",
	False:         "Falso",
	AnswersHidden: "Las respuestas correctas se muestran cuando apruebe o cuando haya usado todos sus intentos.",
	Question:      func(n, total int) string { return fmt.Sprintf("Pregunta %d de %d", n, total) },
	Rules: func(passing string, attempt, maxAttempts int) string {
		if maxAttempts == 0 {
			return fmt.Sprintf("Necesita un %s%% para aprobar. Puede intentarlo todas las veces que necesite.", passing)
		}
		return fmt.Sprintf("Necesita un %s%% para aprobar. Este es el intento %d de %d.", passing, attempt, maxAttempts)
	},
	Scored: func(raw, max, percent string) string {
		return fmt.Sprintf("Obtuvo %s de %s (%s%%).", raw, max, percent)
	},
	Passed: func(passing string) string {
		return fmt.Sprintf("Aprobó. La calificación para aprobar es %s%%.", passing)
	},
	Failed: func(passing string) string {
		return fmt.Sprintf("No aprobó. La calificación para aprobar es %s%%.", passing)
	},
	AttemptsUsed: func(used, maxAttempts int) string {
		if maxAttempts == 0 {
			return fmt.Sprintf("Intentos usados: %d (sin límite).", used)
		}
		return fmt.Sprintf("Intentos usados: %d de %d; quedan %d.", used, maxAttempts, max(maxAttempts-used, 0))
	},
	AttemptStarted: func(attempt, maxAttempts int) string {
		if maxAttempts == 0 {
			return fmt.Sprintf("Comenzó el intento %d. Se borraron sus respuestas anteriores.", attempt)
		}
		return fmt.Sprintf("Comenzó el intento %d de %d. Se borraron sus respuestas anteriores.", attempt, maxAttempts)
	},
	ShortPassed: "Aprobó.",
	ShortFailed: "No aprobó.",
}

// messagesFor returns the strings for a BCP 47 locale: Spanish for es and
// its regional forms (es-US, es-MX), English otherwise.
func messagesFor(locale string) *messages {
	if base, _, _ := strings.Cut(locale, "-"); strings.EqualFold(base, "es") {
		return spanish
	}
	return english
}

// formatPoints writes a number of points without trailing zeros: 4, 2.5.
func formatPoints(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// formatScorePercent writes a learner's scaled score as a percentage,
// rounded down to one decimal so a failing score never reads as passing.
func formatScorePercent(scaled float64) string {
	return strconv.FormatFloat(math.Floor(scaled*1000+tolerance)/10, 'f', -1, 64)
}

// formatPassingPercent writes the passing score as a percentage.
func formatPassingPercent(passing float64) string {
	return strconv.FormatFloat(math.Round(passing*1000)/10, 'f', -1, 64)
}

// summary is the sentence announced after a submission and the one the
// screen-reader live region reads: score, then the outcome.
func (m *messages) summary(g grade) string {
	outcome := m.ShortFailed
	if g.Passed {
		outcome = m.ShortPassed
	}
	return m.Scored(formatPoints(g.Raw), formatPoints(g.Max), formatScorePercent(g.Scaled)) + " " + outcome
}
