package page_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/plugins/page"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

const media = "https://lode.test/modules/ref/media/"

func mustRender(t *testing.T, ct sdk.ContentType, config, state string) *html.Node {
	t.Helper()
	res, err := ct.Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "read1", Title: "Reading", Config: json.RawMessage(config), MediaBaseURL: media},
		State:  sdktest.RawJSON(state),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assets) != 1 || res.Assets[0] != "page.css" {
		t.Errorf("assets = %v, want [page.css]", res.Assets)
	}
	return sdktest.ParseHTML(t, res.HTML)
}

func TestRenderNotRead(t *testing.T) {
	doc := mustRender(t, page.New(), `{"body":"# Welcome\n\nSee ![the map](img/map.png).","estimated_minutes":1.2}`, "")
	root := doc.FirstChild
	if root == nil || sdktest.Attr(root, "data-lode-plugin") != "page" || sdktest.Attr(root, "class") != "lode-page" {
		t.Fatalf("root element should carry data-lode-plugin=page")
	}
	if n := len(sdktest.FindAll(doc, "h1")); n != 0 {
		t.Errorf("fragment has %d <h1>; the engine owns the only one", n)
	}
	if h2 := sdktest.FindAll(doc, "h2"); len(h2) != 1 || sdktest.Text(h2[0]) != "Welcome" {
		t.Errorf("author's # heading should become <h2>")
	}
	if img := sdktest.FindAll(doc, "img"); len(img) != 1 || sdktest.Attr(img[0], "src") != media+"img/map.png" {
		t.Errorf("image src not resolved against the media folder")
	}
	if !strings.Contains(sdktest.Text(doc), "Reading time: about 2 minutes") {
		t.Errorf("reading time missing or not rounded up: %q", sdktest.Text(doc))
	}
	forms := sdktest.FindAll(doc, "form")
	if len(forms) != 1 || sdktest.Attr(forms[0], "data-lode-event") != "complete" {
		t.Fatalf("want one form with data-lode-event=complete")
	}
	btn := sdktest.FindAll(forms[0], "button")
	if len(btn) != 1 || sdktest.Text(btn[0]) != "Mark as read" || sdktest.Attr(btn[0], "type") != "submit" || sdktest.Attr(btn[0], "id") != "read1-complete" {
		t.Errorf("want a submit button \"Mark as read\" with an id prefixed by the object id")
	}
}

func TestRenderRead(t *testing.T) {
	doc := mustRender(t, page.New(), `{"body":"Hello"}`, `{"completed":true}`)
	if n := len(sdktest.FindAll(doc, "form")); n != 0 {
		t.Errorf("read page still shows %d forms", n)
	}
	if !strings.Contains(sdktest.Text(doc), "✓ You have read this page") {
		t.Errorf("missing read confirmation: %q", sdktest.Text(doc))
	}
	if strings.Contains(sdktest.Text(doc), "Reading time") {
		t.Errorf("reading time shown without estimated_minutes")
	}
}

func TestRenderSanitizesBody(t *testing.T) {
	body := "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[go](javascript:alert(3))\n\n> [!WARNING]\n> Careful."
	cfg, _ := json.Marshal(map[string]string{"body": body})
	doc := mustRender(t, page.New(), string(cfg), "")
	for n := range doc.Descendants() {
		if n.DataAtom == atom.Script {
			t.Error("script element in output")
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("%s=%q survived", a.Key, a.Val)
			}
		}
	}
	if asides := sdktest.FindAll(doc, "aside"); len(asides) != 1 || !strings.HasPrefix(sdktest.Text(asides[0]), "Warning") {
		t.Errorf("callout not rendered as a labelled aside")
	}
}

// TestOverTheWire renders and completes a page through the SDK's gRPC
// adapters, so what the engine receives is what is checked.
func TestOverTheWire(t *testing.T) {
	ct := sdktest.InProcess(t, page.New())
	doc := mustRender(t, ct, string(sdktest.ReadConfig(t, "testdata/sample.yaml")), "")
	if n := len(sdktest.FindAll(doc, "table")); n != 1 {
		t.Errorf("sample table missing")
	}
	res, err := ct.Handle(context.Background(), &sdk.HandleRequest{
		Object: sdk.Object{ID: "read1", Config: sdktest.ReadConfig(t, "testdata/sample.yaml")}, Event: sdk.Event{Type: "complete"},
	})
	if err != nil || len(res.Statements) != 2 || res.Result == nil {
		t.Fatalf("handle over gRPC: %+v, %v", res, err)
	}
	_, err = ct.Handle(context.Background(), &sdk.HandleRequest{Event: sdk.Event{Type: "nope"}})
	if !sdk.IsInvalid(err) {
		t.Errorf("unknown event over gRPC: err = %v, want invalid", err)
	}
}

// A Spanish module's page speaks Spanish: the locale's language decides,
// whatever its region.
func TestRenderSpanish(t *testing.T) {
	for _, locale := range []string{"es", "es-US", "ES-mx"} {
		res, err := page.New().Render(context.Background(), &sdk.RenderRequest{
			Object: sdk.Object{ID: "read1", Config: json.RawMessage(`{"body":"Hola","estimated_minutes":3}`), MediaBaseURL: media},
			Locale: locale,
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Tiempo de lectura: alrededor de 3 minutos", "Marcar como leída"} {
			if !strings.Contains(res.HTML, want) {
				t.Errorf("%s: no %q in %s", locale, want, res.HTML)
			}
		}
		if strings.Contains(res.HTML, "Mark as read") {
			t.Errorf("%s: still English: %s", locale, res.HTML)
		}
	}
	res, err := page.New().Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "read1", Config: json.RawMessage(`{"body":"Hola"}`)}, State: sdktest.RawJSON(`{"completed":true}`), Locale: "es",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, "Ya leyó esta página") {
		t.Errorf("the read page is not in Spanish: %s", res.HTML)
	}
}
