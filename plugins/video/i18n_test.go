package video_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// spanishStatusCases are shared with video.js too, which builds the text
// from the patterns the page carries.
var spanishStatusCases = []struct {
	Progress, Threshold float64
	Completed           bool
	Want                string
}{
	{0.416, 0.75, false, "Visto: 41% — se necesita el 75% para completarlo"},
	{0.29, 0.955, false, "Visto: 29% — se necesita el 95.5% para completarlo"},
	{0.57, 0.5, true, "Visto: 57% — completado"},
}

func renderIn(t *testing.T, locale string, config json.RawMessage, state string) *html.Node {
	t.Helper()
	res, err := sdktest.InProcess(t, video.New()).Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "intro-video", Title: "Bienvenida", Config: config, MediaBaseURL: media},
		State:  sdktest.RawJSON(state), Locale: locale,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sdktest.ParseHTML(t, res.HTML)
}

// A Spanish module's video speaks Spanish: its status, the fallback for
// browsers that cannot play it, the transcript and the feedback when it
// completes.
func TestSpanish(t *testing.T) {
	doc := renderIn(t, "es-MX", sdktest.ReadConfig(t, "testdata/sample.yaml"), "")
	text := sdktest.Text(doc)
	for _, want := range []string{"Visto: 0% —", "Su navegador no puede reproducir este video.", "Descargue el video", "Transcripción"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %s", want, text)
		}
	}
	for _, english := range []string{"Watched", "Transcript", "Download the video"} {
		if strings.Contains(text, english) {
			t.Errorf("English %q in %s", english, text)
		}
	}
	for _, c := range spanishStatusCases {
		cfg, _ := json.Marshal(map[string]any{"src": "a.webm", "captions": []any{map[string]string{"src": "a.vtt", "srclang": "es"}}, "completion_threshold": c.Threshold})
		st, _ := json.Marshal(map[string]any{"progress": c.Progress, "completed": c.Completed, "length": 10})
		if got := sdktest.Text(sdktest.ByID(renderIn(t, "es", cfg, string(st)), "intro-video-status")); got != c.Want {
			t.Errorf("status for %+v = %q", c, got)
		}
	}
	res, err := video.New().Handle(context.Background(), &sdk.HandleRequest{
		Object: sdk.Object{ID: "intro-video", Config: json.RawMessage(`{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"es"}],"completion_threshold":0.5}`)},
		Event:  sdk.Event{Type: "ended", Data: json.RawMessage(`{"time":10,"segments":[[0,10]],"length":10}`)},
		Locale: "es",
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.FeedbackHTML != "Video completado: ya vio lo suficiente." {
		t.Errorf("feedback %q", res.FeedbackHTML)
	}
}

// spanishPatterns are the status patterns a Spanish page gives video.js.
func spanishPatterns(t *testing.T) map[string]string {
	t.Helper()
	status := sdktest.ByID(renderIn(t, "es", sdktest.ReadConfig(t, "testdata/sample.yaml"), ""), "intro-video-status")
	return map[string]string{"watching": sdktest.Attr(status, "data-lode-watching"), "watched": sdktest.Attr(status, "data-lode-watched")}
}
