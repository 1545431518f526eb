package faulttest

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy forwards TCP connections to a server and can cut every connection
// under way, as a failing network or a load balancer does, mid-request.
type Proxy struct {
	Addr   string // where clients connect: host:port
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
	// cutReply, when set, makes the next answer the server sends cut its
	// connection instead of reaching the client.
	cutReply bool
}

// StartProxy listens on a free loopback port and forwards to target,
// until the test ends.
func StartProxy(tb testing.TB, target string) *Proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{Addr: ln.Addr().String(), target: target, ln: ln, conns: map[net.Conn]bool{}}
	go p.accept(ln)
	tb.Cleanup(p.close)
	return p
}

func (p *Proxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.track(c, up)
		go p.pipe(up, c, c)
		go p.pipe(c, up, p.replies(up, c))
	}
}

// pipe copies what src says, read through r, to dst.
func (p *Proxy) pipe(dst, src net.Conn, r io.Reader) {
	_, _ = io.Copy(dst, r)
	dst.Close()
	src.Close()
	p.mu.Lock()
	delete(p.conns, dst)
	delete(p.conns, src)
	p.mu.Unlock()
}

func (p *Proxy) track(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		p.conns[c] = true
	}
}

// CutAtNextReply makes the next answer the server sends, on any
// connection, close that connection instead of reaching the client: the
// server did the work and the client never hears of it.
func (p *Proxy) CutAtNextReply() {
	p.mu.Lock()
	p.cutReply = true
	p.mu.Unlock()
}

// replies is the server's side of a connection as the client reads it.
func (p *Proxy) replies(up, c net.Conn) io.Reader {
	return readerFunc(func(b []byte) (int, error) {
		n, err := up.Read(b)
		p.mu.Lock()
		cut := n > 0 && p.cutReply
		p.cutReply = p.cutReply && !cut
		p.mu.Unlock()
		if cut {
			c.Close()
			up.Close()
			return 0, io.EOF
		}
		return n, err
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

// Cut closes every connection under way, in both directions; new
// connections are accepted as before. It returns how many it cut.
func (p *Proxy) Cut() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.conns) / 2
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
	return n
}

// Stop stops accepting connections and cuts those under way: the server
// is down, as its clients see it.
func (p *Proxy) Stop() {
	p.mu.Lock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.mu.Unlock()
	p.Cut()
}

// Start accepts connections again on the same address after Stop.
func (p *Proxy) Start(tb testing.TB) {
	tb.Helper()
	ln, err := net.Listen("tcp", p.Addr)
	if err != nil {
		tb.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *Proxy) close() { p.Stop() }
