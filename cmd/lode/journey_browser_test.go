package main

// The learner's whole journey, as issue 11's "done when" tells it: start
// anonymously, do two steps, sign in with the link mailed to them (the
// test runs the SMTP server), continue in another browser profile, finish,
// pass the quiz, download the certificate's PDF and badge, and have a third
// party verify them; a tampered badge fails.

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lode-elearning/lode/engine/browsertest"
	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/mail/mailtest"
)

// signInLink finds the sign-in link in a mail's text.
var signInLink = regexp.MustCompile(`https?://\S+/signin/link\?token=\S+`)

// download is a file the page links to, fetched by the page itself, with
// its cookies, as the browser fetches a download.
type download struct {
	Status      int
	ContentType string
	Disposition string
	Base64      string
}

func fetchDownload(t *testing.T, ctx context.Context, sel string) ([]byte, download) {
	t.Helper()
	d := evalJS[download](t, ctx, `(async () => {
		const r = await fetch(document.querySelector(`+jsString(sel)+`).href);
		const bytes = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const b of bytes) s += String.fromCharCode(b);
		return {Status: r.status, ContentType: r.headers.get("Content-Type"), Disposition: r.headers.get("Content-Disposition") || "", Base64: btoa(s)};
	})()`)
	body, err := base64.StdEncoding.DecodeString(d.Base64)
	if err != nil {
		t.Fatalf("decode the download %s: %v", sel, err)
	}
	return body, d
}

// submitForm submits the form sel selects and waits for the page it leads
// to, which must be a 200.
func submitForm(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("submit %s: %v", sel, err)
	}
	if resp.Status != 200 {
		t.Fatalf("submit %s to %s: status %d", sel, resp.URL, resp.Status)
	}
}

// verifyBadge runs `lode certificate verify` on a badge, as a verifier
// with only the file would: it fetches the issuer's keys from the URL the
// badge names.
func verifyBadge(t *testing.T, badge []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "badge.jwt")
	if err := os.WriteFile(file, badge, 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := runCertificate(context.Background(), []string{"verify", file}, &out, &errOut)
	return out.String() + errOut.String(), err
}

// tamper changes the learner's name in a badge's payload and keeps its
// signature, as someone improving a credential by hand would.
func tamper(t *testing.T, badge []byte) []byte {
	t.Helper()
	parts := strings.Split(strings.TrimSpace(string(badge)), ".")
	if len(parts) != 3 {
		t.Fatalf("the badge is not a compact JWS: %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.ReplaceAll(payload, []byte("Ada Lovelace"), []byte("Eve Mallory"))
	if bytes.Equal(changed, payload) {
		t.Fatalf("the badge does not name the learner: %s", payload)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString(changed)
	return []byte(strings.Join(parts, "."))
}

func TestLearnerJourney(t *testing.T) {
	first := newTab(t) // first: it skips without Chromium
	mail := mailtest.Start(t)
	srv := mustServe(t, func(c *config.Config) {
		c.SMTPURL, c.MailFrom = mail.URL(), "CE at the State Library <ce@library.test>"
		c.IssuerName = "State Library Training"
	})
	axe := browsertest.Axe(t)
	const email = "ada@library.test"
	mails := 0
	// signIn asks for a link in one browser and opens it there.
	signIn := func(t *testing.T, ctx context.Context) {
		t.Helper()
		openPage(t, ctx, srv.URL+"/signin", 200)
		act(t, ctx, "type the email", chromedp.SendKeys(chromedp.CSS("#email"), email))
		submitForm(t, ctx, `form[action="/signin"]`)
		if got := textOf(t, ctx, ".lode-notice[role=status]"); !strings.Contains(got, "sign-in link") {
			t.Fatalf("after asking for a link the page says %q", got)
		}
		mails++
		wait, cancel := context.WithTimeout(ctx, stepWait)
		defer cancel()
		m, err := mail.Next(wait, mails)
		if err != nil {
			t.Fatalf("no sign-in mail arrived: %v", err)
		}
		link := signInLink.FindString(m.Body)
		if link == "" || len(m.To) != 1 || m.To[0] != email {
			t.Fatalf("the mail to %v has no sign-in link:\n%s", m.To, m.Body)
		}
		openPage(t, ctx, link, 200)
		submitForm(t, ctx, `form[action="/signin/link"]`)
	}

	// Each tab is a browser profile of its own: its own cookies. They
	// belong to the whole test, not to the step that first uses them.
	second, third := newTab(t), newTab(t)
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"StartAnonymously", func(t *testing.T) {
			openPage(t, first, srv.URL+"/", 200)
			followLink(t, first, `.lode-catalog a[href="`+sampleModule+`"]`)
			wantTitle(t, first, "Welcome")
			markAsRead(t, first, "welcome")
			goNext(t, first, "Check your sound and captions")
			watchVideoToEnd(t, first)
		}},
		{"SignInByEmail", func(t *testing.T) {
			signIn(t, first)
			openPage(t, first, srv.URL+"/signin", 200)
			checkAccessible(t, first, axe, "the sign-in page")
		}},
		{"ContinueInAnotherProfile", func(t *testing.T) {
			signIn(t, second)
			openPage(t, second, srv.URL+sampleModule, 200)
			// Resumed where the first browser left off, with its two steps
			// done.
			wantTitle(t, second, "Check your sound and captions")
			waitStepDone(t, second, "welcome")
			waitStepDone(t, second, "media-check")
		}},
		{"Finish", func(t *testing.T) {
			goNext(t, second, "The reference interview")
			markAsRead(t, second, "interview")
			goNext(t, second, "Before your first shift")
			tickRequiredItems(t, second)
			waitStepDone(t, second, "first-shift")
			goNext(t, second, "Check your understanding")
			answerQuiz(t, second, correctAnswers)
			if got := submitQuizWithKeyboard(t, second); !strings.Contains(got, "You passed") {
				t.Fatalf("the quiz says %q, want You passed", got)
			}
			waitStepDone(t, second, "check")
			goNext(t, second, "Have your say")
			answerPoll(t, second, "2", "The first-shift checklist")
		}},
		{"Summary", func(t *testing.T) {
			// After the last step, the poll, Next leads to the module's
			// summary: the result, the certificate, the way back and a
			// next module.
			followLink(t, second, "a.lode-next")
			if !evalJS[bool](t, second, `!!document.querySelector(".lode-summary-result[data-completed]")`) {
				t.Errorf("the summary does not say the module is complete: %q", textOf(t, second, ".lode-summary-result"))
			}
			if got := textOf(t, second, "[data-lode-next-module]"); got == "" || got == "Reference Desk Basics" {
				t.Errorf("the summary suggests %q as the next module", got)
			}
			if !evalJS[bool](t, second, `!!document.querySelector('main a[href="/"]') && !!document.querySelector('main a[href$="/certificate"]')`) {
				t.Errorf("the summary has no way back to the catalog or no certificate link")
			}
			checkAccessible(t, second, axe, "the summary")
		}},
		{"Certificate", func(t *testing.T) {
			openPage(t, second, srv.URL+"/profile", 200)
			act(t, second, "type a name", chromedp.SetValue(chromedp.CSS("#name"), "Ada Lovelace"))
			submitForm(t, second, `form.lode-form[action="/profile"]`)
			openPage(t, second, srv.URL+sampleModule+"/certificate", 200)
			if got := textOf(t, second, ".lode-certificate-name"); got != "Ada Lovelace" {
				t.Fatalf("the certificate names %q", got)
			}
			checkAccessible(t, second, axe, "the certificate")
			openPage(t, second, srv.URL+"/records", 200)
			checkAccessible(t, second, axe, "the learner's records")
			openPage(t, second, srv.URL+sampleModule+"/certificate", 200)
		}},
		{"DownloadsAndVerification", func(t *testing.T) {
			pdf, d := fetchDownload(t, second, `a[href$="/certificate.pdf"]`)
			if d.Status != 200 || d.ContentType != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !strings.Contains(d.Disposition, "attachment") {
				t.Errorf("the PDF download: status %d, %s, %q, starts %q", d.Status, d.ContentType, d.Disposition, pdf[:min(8, len(pdf))])
			}
			badge, d := fetchDownload(t, second, `a[href$="/badge.jwt"]`)
			if d.Status != 200 || !strings.Contains(d.Disposition, "attachment") {
				t.Fatalf("the badge download: status %d, %q", d.Status, d.Disposition)
			}
			out, err := verifyBadge(t, badge)
			if err != nil || !strings.Contains(out, "Ada Lovelace") || !strings.Contains(out, "Reference Desk Basics") {
				t.Errorf("lode certificate verify on the badge: %v\n%s", err, out)
			}
			if out, err := verifyBadge(t, tamper(t, badge)); err == nil {
				t.Errorf("a tampered badge passes verification:\n%s", out)
			}
			// The verification URL printed on the certificate, opened by
			// someone with no session.
			verifyURL := evalJS[string](t, second, `document.querySelector(".lode-certificate-verify a").href`)
			openPage(t, third, verifyURL, 200)
			if got := textOf(t, third, "main"); !strings.Contains(got, "Ada Lovelace") || !strings.Contains(strings.ToLower(got), "valid") {
				t.Errorf("the verification page says %q", got)
			}
			checkAccessible(t, third, axe, "the verification page")
			// One character off is someone else's code, or no one's.
			last := byte('0')
			if verifyURL[len(verifyURL)-1] == '0' {
				last = '1'
			}
			openPage(t, third, verifyURL[:len(verifyURL)-1]+string(last), 404)
			if got := textOf(t, third, "main"); strings.Contains(got, "Ada Lovelace") {
				t.Errorf("a wrong code's page names the learner: %q", got)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			return // each step starts where the one before ended
		}
	}
}
