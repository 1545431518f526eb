package config

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
)

// embedKeys checks the keys launch tokens are verified with. A short HMAC
// secret could be guessed offline from one token, so it must be as long as
// secret_key; the public key must decode to an Ed25519 key.
func (v *validator) embedKeys(secret, publicKey string) {
	if secret != "" && len(secret) < 32 {
		v.errorf("embed_secret", "must be at least 32 characters (e.g. from `openssl rand -hex 32`), or empty to refuse HMAC-signed launch tokens")
	}
	if publicKey != "" {
		if _, err := EmbedPublicKey(publicKey); err != nil {
			v.errorf("embed_public_key", "must be an Ed25519 public key of 32 bytes in base64 (as `lode embed keygen` prints), or empty")
		}
	}
}

// EmbedPublicKey decodes embed_public_key: 32 bytes in standard or URL
// base64, padded or not.
func EmbedPublicKey(s string) (ed25519.PublicKey, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == ed25519.PublicKeySize {
			return ed25519.PublicKey(b), nil
		}
	}
	return nil, errBadPublicKey
}

var errBadPublicKey = errors.New("not an Ed25519 public key in base64")
