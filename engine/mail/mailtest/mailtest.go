// Package mailtest runs a real SMTP server for tests, which keeps every
// message it receives (github.com/emersion/go-smtp).
package mailtest

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net"
	"net/mail"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Server is an SMTP server on a free loopback port.
type Server struct {
	Addr string // host:port
	mu   sync.Mutex
	got  []Message
	more chan struct{} // closed and replaced on each message
}

// Message is one mail received.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
}

// Start starts a server that stops when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), more: make(chan struct{})}
	srv := smtp.NewServer(backend{s})
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return s
}

// URL is the smtp_url that sends to this server.
func (s *Server) URL() string { return "smtp://" + s.Addr + "?starttls=none" }

// Next waits for the n-th message (from 1) and returns it.
func (s *Server) Next(ctx context.Context, n int) (Message, error) {
	for {
		s.mu.Lock()
		if len(s.got) >= n {
			m := s.got[n-1]
			s.mu.Unlock()
			return m, nil
		}
		more := s.more
		s.mu.Unlock()
		select {
		case <-more:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, m)
	close(s.more)
	s.more = make(chan struct{})
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s   *Server
	msg Message
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.msg.From = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	body, err := io.ReadAll(m.Body)
	if err != nil {
		return err
	}
	// A subject beyond ASCII comes as RFC 2047 encoded words.
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return err
	}
	ss.msg.Subject, ss.msg.Body = subject, decodeBody(m.Header.Get("Content-Transfer-Encoding"), body)
	ss.s.add(ss.msg)
	ss.msg = Message{}
	return nil
}

func (ss *session) Reset()        { ss.msg = Message{} }
func (ss *session) Logout() error { return nil }
