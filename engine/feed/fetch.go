package feed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/lode-elearning/lode/engine"
)

// Limits of what a subscription fetches.
const (
	MaxFeedBytes    = 4 << 20   // a feed of thousands of entries fits
	MaxPackageBytes = 256 << 20 // as an uploaded package (admin import)
	maxRedirects    = 5
)

// Client fetches feeds and packages from other sites. It speaks http and
// https only, follows at most five redirects, bounds every response, and
// connects to public addresses only unless AllowPrivate: the address is
// checked when the connection is made, after DNS, so that a name that
// resolves to 127.0.0.1 or 10.x (or is made to, later) is refused too.
type Client struct {
	http *http.Client
}

// NewClient returns a Client whose requests each take at most timeout.
// allowPrivate lets it reach loopback, private and link-local addresses:
// for tests on one machine and sites that share within one network.
func NewClient(timeout time.Duration, allowPrivate bool) *Client {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:               nil, // a proxy would connect for us, past the address check
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: timeout,
		MaxIdleConns:        4,
		IdleConnTimeout:     time.Minute,
	}
	return &Client{http: &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: checkRedirect}}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("a redirect to %q, which is not http or https", req.URL.Scheme)
	}
	return nil
}

// refusePrivate refuses to connect to an address that is not public.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err
	}
	if ip := ap.Addr().Unmap(); !Public(ip) {
		return engine.Errorf(engine.EFORBIDDEN, "%s is a private, loopback or reserved address; this site only fetches feeds from public addresses (see feed_allow_private)", ip)
	}
	return nil
}

// Public reports whether ip is a public unicast address: not loopback,
// private (RFC 1918, fc00::/7), link-local (cloud metadata services live
// there), shared (100.64/10), unspecified or multicast.
func Public(ip netip.Addr) bool {
	shared := netip.MustParsePrefix("100.64.0.0/10")
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() && !shared.Contains(ip)
}

// CheckURL reads the address of a feed an administrator typed: absolute,
// http or https, with a host and no password in it. EINVALID naming field.
func CheckURL(field, raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, engine.FieldError(field, "is required")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, engine.FieldError(field, "%q is not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, engine.FieldError(field, "%q must start with https:// (or http://)", raw)
	case u.Host == "":
		return nil, engine.FieldError(field, "%q has no host", raw)
	case u.User != nil:
		return nil, engine.FieldError(field, "%q has a user name or password in it; feeds are public", raw)
	case len(raw) > 2000:
		return nil, engine.FieldError(field, "is longer than 2000 characters")
	}
	u.Fragment = ""
	return u, nil
}

// Feed fetches and parses the feed at u.
func (c *Client) Feed(ctx context.Context, u *url.URL) (*Feed, error) {
	body, err := c.get(ctx, u.String(), "application/atom+xml, application/xml;q=0.9")
	if err != nil {
		return nil, err
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, MaxFeedBytes+1))
	if err != nil {
		return nil, unreachable(u.String(), err)
	}
	if len(data) > MaxFeedBytes {
		return nil, engine.Errorf(engine.ETOOLARGE, "the feed at %s is larger than %d MiB", u, MaxFeedBytes>>20)
	}
	return Parse(data, u)
}

// Download writes the package of e to w, and fails, with EINVALID, if it
// is not the size and SHA-256 the feed gave: w must then be discarded.
func (c *Client) Download(ctx context.Context, e *Entry, w io.Writer) error {
	if e.Length > MaxPackageBytes {
		return engine.Errorf(engine.ETOOLARGE, "the package of %s %s is %d bytes, more than the %d MiB allowed", e.ModuleID, e.Version, e.Length, MaxPackageBytes>>20)
	}
	body, err := c.get(ctx, e.PackageURL, "application/zip")
	if err != nil {
		return err
	}
	defer body.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(body, e.Length+1))
	switch {
	case err != nil:
		return unreachable(e.PackageURL, err)
	case n != e.Length:
		return engine.Errorf(engine.EINVALID, "the package at %s is not the %d bytes the feed says (at least %d): not imported", e.PackageURL, e.Length, n)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != e.SHA256 {
		return engine.Errorf(engine.EINVALID, "the package at %s has SHA-256 %s, but the feed says %s: not imported", e.PackageURL, sum, e.SHA256)
	}
	return nil
}

func (c *Client) get(ctx context.Context, u, accept string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, engine.Errorf(engine.EINVALID, "%q: %v", u, err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "Lode feed reader")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, unreachable(u, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, engine.Errorf(engine.EINVALID, "%s answered %s", u, resp.Status)
	}
	return resp.Body, nil
}

// unreachable says that a site could not be read. It is the site's
// problem, not ours: EINVALID, with the refused address's reason kept.
func unreachable(u string, err error) error {
	var refused *engine.Error
	if errors.As(err, &refused) {
		return engine.Errorf(engine.EINVALID, "%s: %s", u, refused.Message)
	}
	return engine.Errorf(engine.EINVALID, "could not read %s: %v", u, err)
}
