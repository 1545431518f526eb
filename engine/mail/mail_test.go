package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
	"github.com/lode-elearning/lode/engine/mail"
	"github.com/lode-elearning/lode/engine/mail/mailtest"
)

func TestSend(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.New(srv.URL(), "Lode <lode@library.example>")
	if err != nil {
		t.Fatal(err)
	}
	text := "Open this link: https://lode.example/signin/link?token=abc\n\nZoë says hello.\n"
	if err := s.Send(t.Context(), learning.Mail{To: "ada@library.example", Subject: "Sign in to Lode", Text: text}); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Next(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.From != "lode@library.example" || len(got.To) != 1 || got.To[0] != "ada@library.example" || got.Subject != "Sign in to Lode" {
		t.Errorf("received %+v", got)
	}
	if body := strings.ReplaceAll(got.Body, "\r\n", "\n"); body != text {
		t.Errorf("body %q, want %q", body, text)
	}
}

func TestSendServerDown(t *testing.T) {
	s, err := mail.New("smtp://127.0.0.1:1?starttls=none", "lode@library.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err = s.Send(ctx, learning.Mail{To: "ada@library.example", Subject: "x", Text: "x"})
	if engine.ErrorCode(err) != engine.EUNAVAILABLE {
		t.Errorf("got %v, want EUNAVAILABLE", err)
	}
}

func TestNewRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "mail.example.org", "http://mail.example.org", "smtp://mail.example.org?starttls=maybe", "smtp://mail.example.org:abc"} {
		if _, err := mail.New(u, "lode@library.example"); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}
