package video_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/lode-elearning/lode/plugins/video"
	"github.com/lode-elearning/lode/sdk"
	"github.com/lode-elearning/lode/sdk/sdktest"
)

// media is the MediaBaseURL the engine gives: a site-rooted path.
const media = "/modules/desk/media/"

func mustRender(t *testing.T, ct sdk.ContentType, config json.RawMessage, state string) (*html.Node, *sdk.RenderResponse) {
	t.Helper()
	res, err := ct.Render(context.Background(), &sdk.RenderRequest{
		Object: sdk.Object{ID: "intro-video", Title: "Welcome to the desk", Config: config, MediaBaseURL: media},
		State:  sdktest.RawJSON(state),
	})
	if err != nil {
		t.Fatal(err)
	}
	return sdktest.ParseHTML(t, res.HTML), res
}

func TestRenderSample(t *testing.T) {
	doc, res := mustRender(t, sdktest.InProcess(t, video.New()), sdktest.ReadConfig(t, "testdata/sample.yaml"), "")
	if !slices.Equal(res.Assets, []string{"video.css", "video.js"}) {
		t.Errorf("assets = %v", res.Assets)
	}
	root := doc.FirstChild
	if root == nil || sdktest.Attr(root, "data-lode-plugin") != "video" {
		t.Fatal("root element should carry data-lode-plugin=video")
	}
	videos := sdktest.FindAll(doc, "video")
	if len(videos) != 1 {
		t.Fatalf("got %d <video>, want 1", len(videos))
	}
	v := videos[0]
	for k, want := range map[string]string{"preload": "metadata", "id": "intro-video-player", "aria-describedby": "intro-video-status", "crossorigin": ""} {
		if got := sdktest.Attr(v, k); got != want {
			t.Errorf("video %s = %q, want %q", k, got, want)
		}
	}
	if !sdktest.HasAttr(v, "controls") {
		t.Error("video needs native controls: they are keyboard and screen-reader accessible")
	}
	src := sdktest.FindAll(v, "source")
	if len(src) != 1 || sdktest.Attr(src[0], "src") != media+"media/sample.webm" || sdktest.Attr(src[0], "type") != "video/webm" {
		t.Errorf("source not resolved against the media folder")
	}
	tracks := sdktest.FindAll(v, "track")
	if len(tracks) != 1 {
		t.Fatalf("got %d tracks, want 1", len(tracks))
	}
	tr := tracks[0]
	if sdktest.Attr(tr, "kind") != "captions" || sdktest.Attr(tr, "srclang") != "en" || sdktest.Attr(tr, "label") != "English" || sdktest.Attr(tr, "src") != media+"media/sample.en.vtt" {
		t.Errorf("track = %v", tr.Attr)
	}
	if !sdktest.HasAttr(tr, "default") {
		t.Error("default track lost its default attribute")
	}
	status := sdktest.ByID(doc, "intro-video-status")
	if status == nil || sdktest.Text(status) != "Watched 0% — 90% needed to complete" {
		t.Errorf("status missing or wrong")
	}
	details := sdktest.FindAll(doc, "details")
	if len(details) != 1 || len(sdktest.FindAll(details[0], "summary")) != 1 || sdktest.Text(sdktest.FindAll(details[0], "summary")[0]) != "Transcript" {
		t.Fatal("want the transcript in <details><summary>Transcript</summary>")
	}
	if !strings.Contains(sdktest.Text(details[0]), "The counter shows 4, then 5") {
		t.Error("transcript text missing")
	}
	var cs map[string]any
	if err := json.Unmarshal(res.ClientState, &cs); err != nil {
		t.Fatalf("client state: %v", err)
	}
	if want := map[string]any{"position": 0.0, "completed": false, "threshold": 0.9, "segments": []any{}}; !equalJSON(cs, want) {
		t.Errorf("client state = %s", res.ClientState)
	}
}

func TestRenderState(t *testing.T) {
	cfg := json.RawMessage(`{"src":"a.webm","captions":[{"src":"a.vtt","srclang":"en"}],"completion_threshold":0.75}`)
	doc, res := mustRender(t, video.New(), cfg, `{"segments":[[0,40],[50,60]],"position":60,"length":120,"progress":0.416}`)
	if got := sdktest.Text(sdktest.ByID(doc, "intro-video-status")); got != "Watched 41% — 75% needed to complete" {
		t.Errorf("status = %q", got)
	}
	want := `{"position":60,"completed":false,"threshold":0.75,"length":120,"segments":[[0,40],[50,60]]}`
	if string(res.ClientState) != want {
		t.Errorf("client state = %s, want %s", res.ClientState, want)
	}
	doc, _ = mustRender(t, video.New(), cfg, `{"segments":[[0,100]],"position":100,"length":120,"progress":0.833,"completed":true}`)
	if s := sdktest.ByID(doc, "intro-video-status"); sdktest.Text(s) != "Watched 83% — complete" || !strings.Contains(sdktest.Attr(s, "class"), "lode-video-complete") {
		t.Errorf("completed status = %q", sdktest.Text(s))
	}
}

func TestRenderHostileAuthorText(t *testing.T) {
	cfg, _ := json.Marshal(map[string]any{
		"src": `a.webm"><script>alert(1)</script>`, "type": `video/webm" onerror="alert(2)`,
		"captions": []map[string]any{
			{"src": "https://cdn.example.org/a.vtt", "srclang": "en", "label": `<img src=x onerror=alert(3)>`},
			{"src": "b.vtt", "srclang": "fr", "label": "Français"},
		},
		"sources":    []map[string]string{{"src": "javascript:alert(4)"}},
		"transcript": "<script>alert(5)</script>\n\n[x](javascript:alert(6)) <img src=y onerror=alert(7)>",
	})
	doc, _ := mustRender(t, video.New(), cfg, "")
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.DataAtom == atom.Script || n.DataAtom == atom.Img {
			t.Errorf("<%s> from author text survived", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(strings.ToLower(a.Val), "javascript:") {
				t.Errorf("%s=%q survived on <%s>", a.Key, a.Val, n.Data)
			}
		}
	}
	if v := sdktest.FindAll(doc, "video")[0]; sdktest.Attr(v, "crossorigin") != "anonymous" {
		t.Error("captions from another site need crossorigin=anonymous on the video")
	}
	if tr := sdktest.FindAll(doc, "track"); len(tr) != 2 || sdktest.Attr(tr[0], "label") != `<img src=x onerror=alert(3)>` {
		t.Error("track label should be kept as text")
	}
}

// statusCases are shared with video.js: both must produce the same text.
var statusCases = []struct {
	Progress, Threshold float64
	Completed           bool
	Want                string
}{
	{0, 0.9, false, "Watched 0% — 90% needed to complete"},
	{0.416, 0.75, false, "Watched 41% — 75% needed to complete"},
	{0.999, 1, false, "Watched 99% — 100% needed to complete"},
	{0.29, 0.955, false, "Watched 29% — 95.5% needed to complete"}, // 0.29*100 is 28.999…
	{0.57, 0.5, true, "Watched 57% — complete"},
	{1, 0.9, true, "Watched 100% — complete"},
}

func TestStatusText(t *testing.T) {
	for _, c := range statusCases {
		cfg, _ := json.Marshal(map[string]any{"src": "a.webm", "captions": []any{map[string]string{"src": "a.vtt", "srclang": "en"}},
			"completion_threshold": c.Threshold})
		st, _ := json.Marshal(map[string]any{"progress": c.Progress, "completed": c.Completed, "length": 10})
		doc, _ := mustRender(t, video.New(), cfg, string(st))
		if got := sdktest.Text(sdktest.ByID(doc, "intro-video-status")); got != c.Want {
			t.Errorf("status for %+v = %q", c, got)
		}
	}
}

// TestVideoJS runs testdata/videojs_test.js, the tests of the tracking
// script, under Node.
func TestVideoJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed: CI must test video.js")
		}
		t.Skip("node is not installed; video.js is tested with it")
	}
	cases := make([]map[string]any, len(statusCases))
	for i, c := range statusCases {
		cases[i] = map[string]any{"progress": c.Progress, "threshold": c.Threshold, "completed": c.Completed, "want": c.Want}
	}
	patterns := spanishPatterns(t)
	for _, c := range spanishStatusCases {
		cases = append(cases, map[string]any{"progress": c.Progress, "threshold": c.Threshold, "completed": c.Completed, "want": c.Want, "patterns": patterns})
	}
	arg, _ := json.Marshal(cases)
	out, err := exec.CommandContext(t.Context(), node, "testdata/videojs_test.js", string(arg)).CombinedOutput()
	if err != nil {
		t.Fatalf("video.js tests failed: %v\n%s", err, out)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
