package main

import (
	"log/slog"
	"net"

	"github.com/lode-elearning/lode/engine/config"
)

// publicURL is the URL learners reach the server at: base_url when it is
// set, otherwise the address listened on, addr. An address on every
// interface (":8080", "0.0.0.0:8080", "[::]:8080") has no one name, so it
// is written as localhost, where someone trying Lode out opens it.
func publicURL(cfg config.Config, addr string) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil { // Validate accepted addr, and a listener's address always splits
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// warnDerivedURL says, once at start, that base_url was left unset: the
// IRIs in every statement recorded now carry this address, and records
// made under another address would not match them.
func warnDerivedURL(log *slog.Logger, cfg config.Config, url string) {
	if cfg.BaseURL != "" {
		return
	}
	log.Warn("base_url (LODE_BASE_URL) is not set, so pages, xAPI activity IRIs and learner accounts use the address listened on; "+
		"set base_url to the public URL in production, since statements recorded under one URL do not match those under another",
		"url", url)
}
