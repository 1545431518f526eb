package main

// Issue 12's third identity path in a real browser: the host page keeps an
// anonymous learner's handle in its own localStorage, and gives it back to
// the Lode frame when the browser has dropped every cookie (as Safari and
// Firefox do with partitioned storage). Other frames on the page can
// neither get the handle from the host nor push one into the Lode frame.

import (
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/config"
)

// identityHost is a library page framing Lode (the Lode frame first), with
// or without lode-embed.js, and an unrelated frame from another site (an
// advertisement, say). It counts the Lode frame's identity requests, and
// answers the other frame's pings, so that the test knows when an answer
// the host should not give would have arrived.
var identityHost = template.Must(template.New("host").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Library course page</title></head>
<body><h1>Our course</h1>
<iframe id="lode" src="{{.Src}}" title="Check your understanding" width="640" height="300"></iframe>
<iframe id="other" src="{{.Other}}" title="Advertisement" width="200" height="50"></iframe>
{{if .Script}}<script src="{{.Lode}}/embed.js"></script>{{end}}
<script>
const lode = {{.Lode}}, other = {{.OtherOrigin}};
window.requests = 0;
window.otherReport = null;
window.addEventListener("message", e => {
  const d = e.data || {};
  if (e.origin === lode && d.type === "identity-request") window.requests++;
  if (e.origin !== other) return;
  if (d.type === "ping") e.source.postMessage({type: "pong"}, other);
  if (d.type === "report") window.otherReport = d.got;
  if (d.type === "forged") document.getElementById("lode").contentWindow.postMessage({lode: 1, type: "host-ready"}, lode);
});
function command(type) { document.getElementById("other").contentWindow.postMessage({type}, other); }
</script>
</body></html>`))

// otherFrame is the other site's frame: on "probe" it asks the host page
// for the identity, as a Lode frame would, and reports what it got once
// the host has answered a ping sent after; on "forge" it posts a handle to
// the Lode frame as if it were the host, then tells the host it did.
const otherFrame = `<!doctype html><html lang="en"><head><title>Ad</title></head><body><script>
const got = [];
window.addEventListener("message", e => {
  const d = e.data || {};
  if (e.source !== parent) return;
  if (d.type === "probe") {
    parent.postMessage({lode: 1, type: "identity-request"}, "*");
    parent.postMessage({type: "ping"}, "*");
  } else if (d.type === "pong") {
    parent.postMessage({type: "report", got}, "*");
  } else if (d.type === "forge") {
    parent.frames[0].postMessage({lode: 1, type: "identity", handle: "h1.Zm9yZ2Vk.forged"}, "*");
    parent.postMessage({type: "forged"}, "*");
  } else {
    got.push(d);
  }
});
</script></body></html>`

type identityHostPage struct {
	Src, Lode, Other, OtherOrigin string
	Script                        bool
}

// serveOn serves h on 127.0.0.1:port and returns its origin.
func serveOn(t *testing.T, port string, h http.HandlerFunc) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// serveIdentityHost serves the host page on hostPort and the other site's
// frame on a port of its own, and returns the host page's origin.
func serveIdentityHost(t *testing.T, hostPort string, page identityHostPage) string {
	t.Helper()
	page.OtherOrigin = serveOn(t, freePort(t), func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, otherFrame)
	})
	page.Other = page.OtherOrigin + "/"
	return serveOn(t, hostPort, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = identityHost.Execute(w, page)
	})
}

// serveIdentityLode serves Lode on localhost, embeddable by the host page.
func serveIdentityLode(t *testing.T, hostOrigin string) *lodeServer {
	return mustServe(t, func(c *config.Config) {
		c.BaseURL = strings.Replace(c.BaseURL, "127.0.0.1", "localhost", 1)
		c.EmbedOrigins, c.EmbedSecret = []string{hostOrigin}, testEmbedSecret
		c.LogLevel = "debug" // a refused handle is logged at debug only
	})
}

func TestEmbedIdentityKeptByHost(t *testing.T) {
	ctx := newTab(t)
	hostPort := freePort(t)
	srv := serveIdentityLode(t, "http://127.0.0.1:"+hostPort)
	quiz := srv.URL + "/embed" + objectPath("check")
	host := serveIdentityHost(t, hostPort, identityHostPage{Src: quiz, Lode: srv.URL, Script: true})
	if _, err := chromedp.Call(ctx, network.SetCookieControls, network.SetCookieControlsParams{EnableThirdPartyCookieRestriction: true}); err != nil {
		t.Fatalf("block third-party cookies: %v", err)
	}
	handleKey := fmt.Sprintf(`localStorage.getItem(%q)`, "lode-learner-handle "+srv.URL)

	// First visit: an anonymous learner passes the quiz in the frame.
	openPage(t, ctx, host+"/", 200)
	frame := frameTab(t, ctx, quiz)
	waitJS(t, frame, "the quiz in the frame", stepWait, `!!document.querySelector("[data-lode-object] .lode-quiz-form")`)
	answerQuiz(t, frame, correctAnswers)
	act(t, frame, "submit the quiz", chromedp.Click(chromedp.CSS(`[data-lode-object] .lode-quiz-form button[type="submit"]`)))
	waitJS(t, frame, "the result", stepWait, `(document.querySelector(".lode-quiz-outcome")?.textContent || "").includes("You passed")`)
	waitJS(t, ctx, "the host page to keep the learner's handle", stepWait, `(`+handleKey+` || "").startsWith("h1.")`)

	// The learner leaves; the browser drops every cookie, partitioned or
	// not; the host page's own storage stays.
	act(t, ctx, "leave the page", chromedp.Navigate("about:blank"))
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatalf("clear the cookies: %v", err)
	}

	// Second visit: the frame, now a visitor's, asks the host page, and the
	// same learner continues.
	openPage(t, ctx, host+"/", 200)
	waitJS(t, ctx, "the frame, without cookies, to ask the host page", stepWait, `requests >= 1`)
	frame = frameTab(t, ctx, quiz)
	waitJS(t, frame, "the learner's result, still there", stepWait, `(document.querySelector(".lode-quiz-outcome")?.textContent || "").includes("You passed")`)
	if b := evalJS[string](t, frame, `document.querySelector('meta[name="lode-embed-bearer"]').content`); strings.HasPrefix(b, "v.") {
		t.Errorf("the frame is a visitor's again: bearer %q", b)
	}
	if got := textOf(t, frame, "main"); strings.Contains(got, "not saved") || strings.Contains(got, "session") {
		t.Errorf("the frame says %q", got)
	}
	if strings.Contains(srv.log.String(), "handle refused") {
		t.Errorf("Lode refused the host page's handle:\n%s", srv.log)
	}

	t.Run("OtherFrameGetsNothing", func(t *testing.T) {
		evalJS[bool](t, ctx, `command("probe"), true`) // the other frame asks the host page for the identity
		waitJS(t, ctx, "the other frame's report", stepWait, `otherReport !== null`)
		if got := evalJS[[]any](t, ctx, `otherReport`); len(got) != 0 {
			t.Errorf("the host page answered another site's frame: %v", got)
		}
	})
	t.Run("HostRegainsHandle", func(t *testing.T) {
		// The host page lost its storage, the frame's cookies still know the
		// learner: the frame gives the host the handle again.
		evalJS[bool](t, ctx, `localStorage.clear(), true`)
		openPage(t, ctx, host+"/", 200)
		waitJS(t, ctx, "the host page to keep the handle again", stepWait, `(`+handleKey+` || "").startsWith("h1.")`)
		if n := evalJS[int](t, ctx, `requests`); n != 0 {
			t.Errorf("a learner's frame asked the host page for an identity %d times", n)
		}
	})
}

// TestEmbedIdentityForged: a frame of another site on the host page posts
// a handle to a visitor's Lode frame, as if it were the host page. The
// Lode frame ignores it and goes on waiting for its parent's answer.
func TestEmbedIdentityForged(t *testing.T) {
	ctx := newTab(t)
	hostPort := freePort(t)
	srv := serveIdentityLode(t, "http://127.0.0.1:"+hostPort)
	quiz := srv.URL + "/embed" + objectPath("check")
	host := serveIdentityHost(t, hostPort, identityHostPage{Src: quiz, Lode: srv.URL}) // no lode-embed.js: nobody answers
	openPage(t, ctx, host+"/", 200)
	frame := frameTab(t, ctx, quiz)
	waitJS(t, frame, "the quiz in the frame", stepWait, `!!document.querySelector("[data-lode-object] .lode-quiz-form")`)
	waitJS(t, ctx, "the frame to ask the host page", stepWait, `requests >= 1`)
	asked := evalJS[int](t, ctx, `requests`)
	// The host page, told the handle was posted, says it is ready: a Lode
	// frame still waiting for its identity asks again; one that took the
	// forged handle has stopped listening.
	evalJS[bool](t, ctx, `command("forge"), true`) // the other frame forges an identity
	waitJS(t, ctx, "the Lode frame, which ignored the forged identity, to ask again", stepWait, fmt.Sprintf(`requests > %d`, asked))
	if b := evalJS[string](t, frame, `document.querySelector('meta[name="lode-embed-identity"]')?.content || ""`); b != "ask" {
		t.Errorf("the frame's page changed: lode-embed-identity %q", b)
	}
	if strings.Contains(srv.log.String(), "handle refused") {
		t.Errorf("the frame posted the forged handle to Lode:\n%s", srv.log)
	}
}
