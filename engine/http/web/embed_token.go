package web

import (
	"crypto/ed25519"
	"errors"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/lode-elearning/lode/engine"
)

// LaunchClaims are what an embedding site says in a launch token: a JWT
// signed with the shared embed_secret (HS256) or the site's Ed25519 key
// (EdDSA). Issuer names the site (learners are keyed by it and Subject),
// Audience is this Lode's base URL, Origin the page that will frame Lode.
type LaunchClaims struct {
	jwt.Claims
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	Origin string `json:"origin"`
}

// maxLaunchTTL bounds a launch token's life: it travels in a URL, which
// ends up in logs and browser history.
const maxLaunchTTL = time.Hour

// SignLaunchToken signs claims with key: a []byte (HS256) or an
// ed25519.PrivateKey (EdDSA). `lode embed token` and tests use it; sites
// use any JWT library.
func SignLaunchToken(key any, claims LaunchClaims) (string, error) {
	alg := jose.HS256
	if _, ok := key.(ed25519.PrivateKey); ok {
		alg = jose.EdDSA
	}
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	return jwt.Signed(sig).Claims(claims).Serialize()
}

// verifyLaunch checks a launch token and returns its claims. Each refusal
// is EUNAUTHORIZED (bad signature, expired, another audience) or
// EFORBIDDEN (an origin not allowed), with a message for the frame that
// says what to fix; the token's text is never repeated.
func (s *Server) verifyLaunch(token string, allowed []string, now time.Time) (*LaunchClaims, error) {
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.HS256, jose.EdDSA})
	if err != nil {
		return nil, engine.FieldError("launch", "is not a signed launch token (a JWT signed with HS256 or EdDSA)")
	}
	var key any
	switch alg := tok.Headers[0].Algorithm; {
	case alg == string(jose.HS256) && len(s.Config.EmbedSecret) > 0:
		key = s.Config.EmbedSecret
	case alg == string(jose.EdDSA) && s.Config.EmbedPublicKey != nil:
		key = s.Config.EmbedPublicKey
	default:
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "this Lode accepts no %s launch tokens; set embed_secret (HS256) or embed_public_key (EdDSA)", alg)
	}
	var c LaunchClaims
	if err := tok.Claims(key, &c); err != nil {
		return nil, engine.Errorf(engine.EUNAUTHORIZED, "the launch token's signature does not match; it was changed or signed with another key")
	}
	if err := checkLaunchClaims(&c, s.Config.BaseURL, now); err != nil {
		return nil, err
	}
	if !slices.Contains(allowed, c.Origin) {
		return nil, engine.Errorf(engine.EFORBIDDEN, "the launch token is for %q, which may not embed this module; its site's administrator can add it in the admin area (Embedding) or to embed_origins", c.Origin)
	}
	return &c, nil
}

// checkLaunchClaims checks the registered claims and that each claim Lode
// needs is there.
func checkLaunchClaims(c *LaunchClaims, audience string, now time.Time) error {
	switch {
	case c.Expiry == nil:
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token has no expiry (exp); give it one a few minutes ahead")
	case c.Expiry.Time().Sub(now) > maxLaunchTTL:
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token expires more than an hour ahead; mint short-lived tokens for each page view")
	case c.Issuer == "" || c.Subject == "":
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token must name the site (iss) and its user (sub)")
	}
	err := c.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{audience}, Time: now}, 30*time.Second)
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token has expired; reload the page around this frame for a new one")
	case errors.Is(err, jwt.ErrInvalidAudience):
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token is for another site (aud); its audience must be %s", audience)
	case err != nil:
		return engine.Errorf(engine.EUNAUTHORIZED, "the launch token is not valid yet (nbf, iat); check the site's clock")
	}
	return nil
}
