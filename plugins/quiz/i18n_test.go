package quiz

import (
	"strings"
	"testing"
)

// A Spanish module's quiz speaks Spanish before and after a submission,
// and its statements tag the author's text with the module's language.
func TestSpanish(t *testing.T) {
	l := newTestLearner(t, MustSampleConfig(t, nil))
	l.locale, l.obj.Language = "es-US", "es-US"
	page, _ := l.mustRender()
	for _, want := range []string{"Enviar respuestas", "Necesita un 80% para aprobar", "Pregunta 1 de 5"} {
		if !strings.Contains(page, want) {
			t.Errorf("no %q before submitting", want)
		}
	}
	resp := l.mustSubmit(with(map[string][]string{"q5": {"lcc"}}))
	if !strings.Contains(resp.FeedbackHTML, "Obtuvo 4 de 5 (80%). Aprobó.") {
		t.Errorf("feedback %q", resp.FeedbackHTML)
	}
	page, _ = l.mustRender()
	for _, want := range []string{"Su resultado", "Sus respuestas", "Aprobó. La calificación para aprobar es 80%.", "Incorrecta", "Respuesta correcta"} {
		if !strings.Contains(page, want) {
			t.Errorf("no %q after submitting", want)
		}
	}
	for _, english := range []string{"Your result", "Submit answers", "You passed", "Correct answer"} {
		if strings.Contains(page, english) {
			t.Errorf("English %q after submitting", english)
		}
	}
	def := decodeDefinition(t, resp.Statements[0].Activity.Definition)
	if def.Name["es-US"] == "" || def.Name["en-US"] != "" {
		t.Errorf("the question's name is tagged %v, want es-US, the module's language", def.Name)
	}
}

func TestMessagesFor(t *testing.T) {
	for locale, want := range map[string]*messages{"es": spanish, "es-419": spanish, "ES-us": spanish, "en-US": english, "": english, "pt-BR": english, "est": english} {
		if messagesFor(locale) != want {
			t.Errorf("messagesFor(%q) is not the right language", locale)
		}
	}
}
