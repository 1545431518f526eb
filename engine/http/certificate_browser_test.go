package http_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
)

// TestCertificateBrowser takes a learner in Chromium from completing the
// module to their certificate, and checks the name request, records and
// certificate pages with axe-core at a desktop width and at 320 px, where
// nothing may need scrolling sideways; and that the certificate prints on
// one A4 or Letter page without the site around it.
func TestCertificateBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	axe := browsertest.Axe(t)
	e := mustServe(t)
	for _, step := range []string{"intro", "practice"} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/modules/m1/objects/"+step), chromedp.Click(chromedp.CSS("[data-lode-object] button"))))
		poll(t, ctx, "the answer to "+step, `document.querySelector('[data-lode-feedback]').textContent.includes('pong')`)
	}
	poll(t, ctx, "the completion notice", `!document.querySelector('[data-lode-complete]').hidden`)
	follow(t, ctx, `[data-lode-complete] a[href$="/certificate"]`)
	if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != "Add your name to get your certificate" {
		t.Fatalf("the certificate link led to %q", h1)
	}
	checkWidths(t, ctx, "the request for a name", axe)

	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/profile"), chromedp.SetValue(chromedp.CSS("#name"), "Zoë Ñúñez")))
	if _, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS("form.lode-form"))); err != nil {
		t.Fatal(err)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/records")))
	follow(t, ctx, `main a[href$="/certificate"]`)
	if name := eval[string](t, ctx, `document.querySelector('.lode-certificate-name')?.textContent`); name != "Zoë Ñúñez" {
		t.Fatalf("the certificate shows %q", name)
	}
	checkWidths(t, ctx, "the certificate", axe)
	checkPrint(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/records")))
	checkWidths(t, ctx, "the records", axe)
}

// TestVerifyBrowser checks the verification pages, as anyone sees them,
// with axe-core at both widths, and the form.
func TestVerifyBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	axe := browsertest.Axe(t)
	e := mustServe(t)
	path := completed(t, e, "Zoë Ñúñez").certificate(t)
	code := path[strings.LastIndex(path, "/")+1:]
	pages := []struct{ name, path string }{
		{"a valid certificate's verification", "/verify/" + code},
		{"an unknown code's verification", "/verify/0000-0000-0000"},
		{"the verification form", "/verify"},
	}
	for _, p := range pages {
		must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+p.path)))
		checkWidths(t, ctx, p.name, axe)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(e.URL+"/verify"), chromedp.SetValue(chromedp.CSS("#code"), strings.ToLower(code))))
	if _, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS("form.lode-form"))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, `document.querySelector('[role="status"]').textContent`); !strings.Contains(got, "Valid: Zoë Ñúñez completed Reference interviews") {
		t.Errorf("the form's answer: %q", got)
	}
}

// follow goes where the link sel points, as clicking it would.
func follow(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	href := eval[string](t, ctx, `document.querySelector('`+sel+`').href`)
	must(t, chromedp.Do(ctx, chromedp.Navigate(href)))
}

// checkWidths runs checkAxe on the current page at 1280 and 320 px and
// checks that at 320 px it needs no sideways scrolling (WCAG 1.4.10).
func checkWidths(t *testing.T, ctx context.Context, name, axe string) {
	t.Helper()
	for _, width := range []int64{1280, 320} {
		must(t, chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)))
		browsertest.Check(t, ctx, name+" at "+strconv.FormatInt(width, 10)+" px", axe)
		if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("%s at %d px scrolls sideways", name, width)
		}
	}
	must(t, chromedp.Do(ctx, chromedp.EmulateReset()))
}

// pdfPage is a page object in a PDF: /Type /Page, not /Pages.
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// checkPrint prints the current certificate page on A4 and on Letter:
// one page each, with no header or links around the certificate.
func checkPrint(t *testing.T, ctx context.Context) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})))
	hidden := eval[bool](t, ctx, `['.lode-header', '.lode-skip', '.lode-certificate-actions']
		.every(s => getComputedStyle(document.querySelector(s)).display === 'none')`)
	if !hidden {
		t.Error("printed, the certificate page shows the site's header or its links")
	}
	for _, paper := range []struct {
		name          string
		width, height float64 // inches
	}{{"A4", 8.27, 11.69}, {"Letter", 8.5, 11}} {
		var pdf []byte
		must(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: paper.width, PaperHeight: paper.height})
			pdf = res.Data
			return err
		})))
		if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
			t.Errorf("printed on %s, the certificate takes %d pages, want 1", paper.name, n)
		}
	}
	must(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	})))
}
