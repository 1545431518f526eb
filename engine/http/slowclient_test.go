package http_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSlowClients: a client that sends its header or body too slowly is cut
// off when the server's read timeouts end, is answered nothing that could
// be mistaken for success, stores nothing, and while many such clients
// hold connections open, everyone else is served.
func TestSlowClients(t *testing.T) {
	e := mustServe(t, func(s *setup) { s.Core.ReadHeaderTimeout, s.Core.ReadTimeout = 300*time.Millisecond, time.Second })
	addr := strings.TrimPrefix(e.URL, "http://")
	b := e.browser(t)
	b.ping(t, "/modules/m1/objects/intro") // a learner, whose cookies the slow body carries
	csrf := csrfToken(t, b.page(t, "/modules/m1/objects/intro"))
	cookies := b.Jar.Cookies(mustURL(t, e.URL))

	t.Run("Header", func(t *testing.T) {
		conn := dial(t, addr)
		fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: lode\r\nX-Slow: ") // never finished
		status, err := readAnswer(t, conn)
		if err == nil && status < 400 {
			t.Errorf("an unfinished header was answered %d", status)
		}
	})
	t.Run("Body", func(t *testing.T) {
		conn := dial(t, addr)
		var ck []string
		for _, c := range cookies {
			ck = append(ck, c.Name+"="+c.Value)
		}
		fmt.Fprintf(conn, "POST /api/modules/m1/objects/intro/events HTTP/1.1\r\nHost: lode\r\nContent-Type: application/json\r\n"+
			"X-CSRF-Token: %s\r\nCookie: %s\r\nContent-Length: 200\r\n\r\n{\"type\":\"ping\",", csrf, strings.Join(ck, "; "))
		status, err := readAnswer(t, conn) // the rest of the body never comes
		if err == nil && status < 400 {
			t.Errorf("a body cut short by the read timeout was answered %d", status)
		}
		if got := text(b.page(t, "/modules/m1/objects/intro").Find("section[data-lode-object] p")); !strings.Contains(got, `{"Count":1}`) {
			t.Errorf("object shows %q: the slow request must not count", got)
		}
	})
	t.Run("ManyHeldOthersServed", func(t *testing.T) {
		for range 100 {
			conn := dial(t, addr)
			fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: lode\r\n")
		}
		resp, err := http.Get(e.URL + "/healthz")
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("with 100 slow clients connected, /healthz answered %d", resp.StatusCode)
		}
	})
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	must(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

// readAnswer reads what the server says before it closes the connection:
// the status of a response, or the error that ended the read (io.EOF or a
// reset when the server hung up). The deadline is the test's, far beyond
// the server's timeouts: what is measured is that the server hangs up.
func readAnswer(t *testing.T, conn net.Conn) (int, error) {
	t.Helper()
	if d, ok := t.Deadline(); ok {
		conn.SetReadDeadline(d.Add(-5 * time.Second))
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatal("the server kept a slow client's connection open past the test's deadline")
		}
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
