// Package mail sends Lode's mail (sign-in links) through an SMTP server,
// with github.com/wneessen/go-mail. Without a server, ToLog prints each
// mail in the server's log instead, which is for development only: a link
// in a log signs anyone in who reads it.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/learning"
)

// Sender sends mail through one SMTP server.
type Sender struct {
	client *gomail.Client
	from   string
}

// New returns a Sender for an SMTP URL: smtp://[user:pass@]host[:port]
// (port 587; STARTTLS required unless ?starttls=opportunistic or
// ?starttls=none, for a development server) or smtps://… (TLS from the
// first byte, port 465). from is the sender's address.
func New(rawURL, from string) (*Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: the SMTP URL must look like smtp://user:password@mail.example.org:587")
	}
	opts := []gomail.Option{gomail.WithTimeout(15 * time.Second)}
	port := 587
	switch u.Scheme {
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	case "smtp":
		policy := map[string]gomail.TLSPolicy{"": gomail.TLSMandatory, "opportunistic": gomail.TLSOpportunistic, "none": gomail.NoTLS}
		p, ok := policy[u.Query().Get("starttls")]
		if !ok {
			return nil, fmt.Errorf("mail: starttls must be opportunistic or none, or left out to require it")
		}
		opts = append(opts, gomail.WithTLSPolicy(p))
	default:
		return nil, fmt.Errorf("mail: the SMTP URL must start with smtp:// or smtps://")
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("mail: the SMTP port %q is not a number", p)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pass))
	}
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &Sender{client: c, from: from}, nil
}

// Send sends m; EUNAVAILABLE if the server cannot be reached or refuses.
func (s *Sender) Send(ctx context.Context, m learning.Mail) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return &engine.Error{Code: engine.EINTERNAL, Message: "the configured sender address is not valid", Err: err}
	}
	if err := msg.To(m.To); err != nil {
		return engine.FieldError("email", "%q cannot be mailed: %v", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if err := s.client.DialAndSendWithContext(ctx, msg); err != nil {
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: "the mail could not be sent; try again in a minute", Err: err}
	}
	return nil
}

// ToLog is a learning.Mailer that prints each mail in the log.
type ToLog struct{ Log *slog.Logger }

// Send logs m whole, link included.
func (l ToLog) Send(_ context.Context, m learning.Mail) error {
	l.Log.Warn("mail not sent: no smtp_url is set, so it is printed here (development only)",
		"to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
