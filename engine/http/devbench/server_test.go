package devbench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"

	"github.com/lode-elearning/lode/sdk"
)

func mustServe(t *testing.T, b *Bench) *echo.Echo {
	t.Helper()
	e := echo.New()
	if err := b.Register(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func get(e *echo.Echo, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestBenchPage(t *testing.T) {
	b := New("demo")
	e := mustServe(t, b)
	t.Run("ShowsACallWithItsFields", func(t *testing.T) {
		_, err := b.Wrap(echoTypes{}).Handle(context.Background(), "demo", &sdk.HandleRequest{
			Object: sdk.Object{ID: "first"}, Event: sdk.Event{Type: "answer", Data: []byte(`{"choice":["<b>1</b>"]}`)},
		})
		if err != nil {
			t.Fatal(err)
		}
		body := get(e, "/_dev").Body.String()
		for _, want := range []string{`id="call-1"`, "“answer”", "&lt;b&gt;1&lt;/b&gt;"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page has no %s", want)
			}
		}
	})
	t.Run("MarksARefusedDraftWithTheReason", func(t *testing.T) {
		_, err := b.Wrap(draftTypes{}).Handle(context.Background(), "demo", &sdk.HandleRequest{
			Object: sdk.Object{ID: "first"}, Event: sdk.Event{Type: "answer", Data: []byte("answered")},
		})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(get(e, "/_dev").Body)
		if err != nil {
			t.Fatal(err)
		}
		refused := doc.Find("#call-2 .bench-drafts .bench-refused")
		if refused.Length() != 1 || !strings.Contains(refused.Text(), `"answered"`) {
			t.Errorf("call 2's refused draft is shown as %q, want it marked with the LRS's reason naming the verb id", refused.Text())
		}
		if doc.Find("#call-1 .bench-refused").Length() != 0 {
			t.Errorf("call 1, with no drafts, shows a refusal")
		}
	})
	t.Run("ServesItsScriptNotItsTemplate", func(t *testing.T) {
		if rec := get(e, "/_dev/static/bench.js"); rec.Code != http.StatusOK {
			t.Errorf("bench.js: %d", rec.Code)
		}
		if rec := get(e, "/_dev/static/../templates/bench.html"); rec.Code == http.StatusOK {
			t.Errorf("the template is served")
		}
	})
	t.Run("TheStreamEndsOnClose", func(t *testing.T) {
		b.Close()
		rec := get(e, "/_dev/events") // returns only because the bench is closed
		if ct := rec.Header().Get("Content-Type"); ct != "text/event-stream" || !strings.Contains(rec.Body.String(), `"seq":2`) {
			t.Errorf("stream: %s %q", ct, rec.Body.String())
		}
	})
}
