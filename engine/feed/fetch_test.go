package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lode-elearning/lode/engine"
)

func TestPublic(t *testing.T) {
	for ip, public := range map[string]bool{"93.184.215.14": true, "2606:4700::1": true, "127.0.0.1": false, "::1": false,
		"10.1.2.3": false, "192.168.0.1": false, "172.16.5.4": false, "169.254.169.254": false, "100.64.0.1": false,
		"0.0.0.0": false, "224.0.0.1": false, "fd00::1": false, "fe80::1": false, "::ffff:127.0.0.1": false} {
		if got := Public(netip.MustParseAddr(ip).Unmap()); got != public {
			t.Errorf("Public(%s) = %v, want %v", ip, got, public)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{"https://a.example/feed.atom": true, "http://a.example:8080/feed": true,
		"": false, "ftp://a.example/feed": false, "file:///etc/passwd": false, "https://user:pw@a.example/": false,
		"/feed.atom": false, "javascript:alert(1)": false} {
		_, err := CheckURL("url", raw)
		if (err == nil) != ok || (err != nil && !strings.HasPrefix(err.Error(), "url: ")) {
			t.Errorf("CheckURL(%q) = %v, want ok %v", raw, err, ok)
		}
	}
}

func TestClientRefusesLoopback(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("<feed/>")) }))
	defer ts.Close()
	u, _ := url.Parse(ts.URL)
	_, err := NewClient(5*time.Second, false).Feed(t.Context(), u)
	if engine.ErrorCode(err) != engine.EINVALID || !strings.Contains(err.Error(), "127.0.0.1 is a private, loopback or reserved address") {
		t.Fatalf("fetching from loopback: %v", err)
	}
}

func TestDownloadChecks(t *testing.T) {
	pkg := []byte("PK a package")
	sum := sha256.Sum256(pkg)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(pkg) }))
	defer ts.Close()
	c := NewClient(5*time.Second, true)
	good := Entry{ModuleID: "m", Version: "1", PackageURL: ts.URL + "/p.zip", Length: int64(len(pkg)), SHA256: hex.EncodeToString(sum[:])}
	var buf bytes.Buffer
	if err := c.Download(t.Context(), &good, &buf); err != nil || !bytes.Equal(buf.Bytes(), pkg) {
		t.Fatalf("Download = %v, %q", err, buf.Bytes())
	}
	wrongSum, short, tooBig := good, good, good
	wrongSum.SHA256 = strings.Repeat("0", 64)
	short.Length = 5
	tooBig.Length = MaxPackageBytes + 1
	for name, c := range map[string]struct {
		e    Entry
		code string
		msg  string
	}{
		"WrongChecksum": {wrongSum, engine.EINVALID, "but the feed says"},
		"WrongLength":   {short, engine.EINVALID, "not the 5 bytes"},
		"TooLarge":      {tooBig, engine.ETOOLARGE, "more than"},
	} {
		t.Run(name, func(t *testing.T) {
			err := NewClient(5*time.Second, true).Download(t.Context(), &c.e, &bytes.Buffer{})
			if engine.ErrorCode(err) != c.code || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("Download = %v, want %s saying %q", err, c.code, c.msg)
			}
		})
	}
}

func TestFeedSizeLimit(t *testing.T) {
	huge := `<feed xmlns="http://www.w3.org/2005/Atom"><title>` + strings.Repeat("x", MaxFeedBytes) + `</title></feed>`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(huge)) }))
	defer ts.Close()
	u, _ := url.Parse(ts.URL)
	_, err := NewClient(5*time.Second, true).Feed(t.Context(), u)
	if engine.ErrorCode(err) != engine.ETOOLARGE || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Fatalf("a feed over the limit: %v", err)
	}
}
