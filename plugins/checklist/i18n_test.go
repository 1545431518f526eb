package checklist_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lode-elearning/lode/plugins/checklist"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// A Spanish module's checklist speaks Spanish, in the page and in the
// feedback after a save; English words do not slip through.
func TestSpanish(t *testing.T) {
	ct := sdktest.InProcess(t, checklist.New())
	obj := sdk.Object{ID: "first-shift", Config: json.RawMessage(testConfig), MediaBaseURL: media}
	res, err := ct.Render(context.Background(), &sdk.RenderRequest{Object: obj, Locale: "es-US"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Lista de verificación", "0 de 2 elementos obligatorios hechos; falta escribir la reflexión", "(opcional)", "Hasta 20 caracteres.", ">Guardar<"} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("no %q in %s", want, res.HTML)
		}
	}
	for _, english := range []string{"required items", "(optional)", ">Save<", "characters"} {
		if strings.Contains(res.HTML, english) {
			t.Errorf("English %q in %s", english, res.HTML)
		}
	}
	data := json.RawMessage(`{"items":["a","b"],"note":["Porque sí"]}`)
	out, err := ct.Handle(context.Background(), &sdk.HandleRequest{Object: obj, Event: sdk.Event{Type: "save", Data: data}, Locale: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if out.FeedbackHTML != "Guardado. Lista de verificación completada." {
		t.Errorf("feedback %q", out.FeedbackHTML)
	}
	res, err = ct.Render(context.Background(), &sdk.RenderRequest{Object: obj, State: out.State, Locale: "es"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, "Lista de verificación completada") {
		t.Errorf("the completed checklist is not in Spanish: %s", res.HTML)
	}
}
