package main

import (
	"crypto/ed25519"

	"github.com/lode-elearning/lode/engine/config"
)

// embedSecret is the HMAC key of launch tokens; nil refuses them.
func embedSecret(cfg config.Config) []byte {
	if cfg.EmbedSecret == "" {
		return nil
	}
	return []byte(cfg.EmbedSecret)
}

// embedPublicKey is the key EdDSA launch tokens are verified with; nil
// refuses them. Validate has checked it decodes.
func embedPublicKey(cfg config.Config) ed25519.PublicKey {
	if cfg.EmbedPublicKey == "" {
		return nil
	}
	k, _ := config.EmbedPublicKey(cfg.EmbedPublicKey)
	return k
}
