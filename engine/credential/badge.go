package credential

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lode-elearning/lode/engine"
)

// Issuer is who signs the certificates: the organization named on them
// and the server's Ed25519 key, whose public half the server publishes as
// a JSON Web Key Set (JWKSURL) so that anyone can check a badge.
type Issuer struct {
	Name    string // the organization, e.g. "Springfield Public Library"
	URL     string // the organization's site; BaseURL if empty
	BaseURL string // Lode's public URL, without a trailing slash
	Key     ed25519.PrivateKey
}

// ProfileID is the issuer's id in credentials: the URL of its profile.
func (i *Issuer) ProfileID() string { return i.BaseURL + "/issuer" }

// JWKSURL is where the issuer's public keys are published.
func (i *Issuer) JWKSURL() string { return i.BaseURL + "/.well-known/jwks.json" }

// VerifyURL is the public page that confirms a certificate.
func (i *Issuer) VerifyURL(code string) string { return i.BaseURL + "/verify/" + code }

// KeyID names the key in badges' headers and in the key set: the key set's
// URL with the key's RFC 7638 thumbprint as fragment, so that a verifier
// knows where to fetch it and which key of the set it is.
func (i *Issuer) KeyID() string {
	jwk := jose.JSONWebKey{Key: i.Key.Public()}
	tp, _ := jwk.Thumbprint(crypto.SHA256) // cannot fail for an Ed25519 key
	return i.JWKSURL() + "#" + base64URL(tp)
}

// JWKS is the issuer's public key set.
func (i *Issuer) JWKS() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: i.Key.Public(), KeyID: i.KeyID(), Algorithm: string(jose.EdDSA), Use: "sig",
	}}}
}

// Profile is the issuer's Open Badges profile, as published at ProfileID.
func (i *Issuer) Profile() Profile {
	p := Profile{ID: i.ProfileID(), Type: []string{"Profile"}, Name: i.Name, URL: i.URL}
	if p.URL == "" {
		p.URL = i.BaseURL
	}
	return p
}

// Credential is the certificate as an Open Badges 3.0 credential. Its id
// is the certificate's verification URL.
func (i *Issuer) Credential(c *Certificate) OpenBadgeCredential {
	hours := strconv.FormatFloat(c.CEHours, 'f', -1, 64)
	return OpenBadgeCredential{
		Context: Contexts, ID: i.VerifyURL(c.Code),
		Type:      []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:      c.ModuleTitle + " – certificate of completion",
		Issuer:    i.Profile(),
		ValidFrom: c.IssuedAt.UTC().Format(time.RFC3339),
		CredentialSubject: AchievementSubject{
			Type: []string{"AchievementSubject"},
			Identifier: []IdentityObject{{
				Type: "IdentityObject", IdentityHash: c.LearnerName, IdentityType: "name", Hashed: false,
			}},
			Achievement: Achievement{
				ID: i.BaseURL + "/modules/" + url.PathEscape(c.ModuleID), Type: []string{"Achievement"},
				AchievementType: "Course", Name: c.ModuleTitle, Version: c.ModuleVersion,
				Description: fmt.Sprintf("Completion of the self-paced module %s (version %s), worth %s continuing-education hours.",
					c.ModuleTitle, c.ModuleVersion, hours),
				Criteria:         Criteria{Narrative: "Complete every required step of the module, as recorded by " + i.Name + "."},
				CreditsAvailable: c.CEHours, FieldOfStudy: "Continuing education",
			},
			ActivityEndDate: c.CompletedAt.UTC().Format(time.RFC3339),
			CreditsEarned:   c.CEHours,
		},
	}
}

// badgeClaims is a badge's JWT payload: the credential itself, with the
// registered claims Open Badges 3.0 maps onto it (its VC-JWT proof
// format, section 8.2): iss is the issuer's id, jti the credential's,
// nbf its validFrom.
type badgeClaims struct {
	OpenBadgeCredential
	Iss string `json:"iss"`
	Jti string `json:"jti"`
	Nbf int64  `json:"nbf"`
}

// Badge signs the certificate as an Open Badges 3.0 credential in its
// VC-JWT form: a compact JWS, EdDSA, whose header names the key (kid).
func (i *Issuer) Badge(c *Certificate) (string, error) {
	cred := i.Credential(c)
	payload, err := json.Marshal(badgeClaims{OpenBadgeCredential: cred, Iss: cred.Issuer.ID, Jti: cred.ID, Nbf: c.IssuedAt.Unix()})
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: jose.JSONWebKey{Key: i.Key, KeyID: i.KeyID()}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("credential: making a signer: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("credential: signing a badge: %w", err)
	}
	return jws.CompactSerialize()
}

// obContextPrefix starts every version of the Open Badges 3.0 context.
const obContextPrefix = "https://purl.imsglobal.org/spec/ob/v3p0/context"

// clockSkew is how far ahead of the verifier's clock a badge's nbf may be.
const clockSkew = 5 * time.Minute

// VerifyBadge checks a badge (Issuer.Badge's compact JWS) against the
// issuer's key set and returns the credential it carries. EINVALID, saying
// why, if it is not a signed badge, if its key is not in keys, if its
// signature does not match (it was altered, or signed by another key), or
// if what it claims is not an Open Badges credential valid at now.
func VerifyBadge(token string, keys jose.JSONWebKeySet, now time.Time) (*OpenBadgeCredential, error) {
	jws, err := jose.ParseSignedCompact(strings.TrimSpace(token), []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Message: "this is not a badge signed with EdDSA (a compact JWS)", Err: err}
	}
	kid := jws.Signatures[0].Header.KeyID
	found := keys.Key(kid)
	if len(found) == 0 {
		return nil, engine.Errorf(engine.EINVALID, "the badge is signed with key %q, which is not in the issuer's key set", kid)
	}
	payload, err := jws.Verify(found[0].Key)
	if err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Message: "the signature does not match: the badge was altered, or signed with another key", Err: err}
	}
	var claims badgeClaims
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, &engine.Error{Code: engine.EINVALID, Message: "the badge's payload is not a credential", Err: err}
	}
	cred := &claims.OpenBadgeCredential
	switch {
	case len(cred.Context) < 2 || cred.Context[0] != Contexts[0] || !strings.HasPrefix(cred.Context[1], obContextPrefix):
		return nil, engine.Errorf(engine.EINVALID, "the credential's @context must be %s then an Open Badges 3.0 context", Contexts[0])
	case !slices.Contains(cred.Type, "VerifiableCredential") || !slices.Contains(cred.Type, "OpenBadgeCredential"):
		return nil, engine.Errorf(engine.EINVALID, "the credential is not an OpenBadgeCredential (type %v)", cred.Type)
	case claims.Iss != cred.Issuer.ID || claims.Jti != cred.ID:
		return nil, engine.Errorf(engine.EINVALID, "the token's iss and jti do not match the credential's issuer and id")
	case time.Unix(claims.Nbf, 0).After(now.Add(clockSkew)):
		return nil, engine.Errorf(engine.EINVALID, "the credential is not valid before %s", time.Unix(claims.Nbf, 0).UTC().Format(time.RFC3339))
	}
	return cred, nil
}

// BadgeKeySetURL is where to fetch the key set that verifies a badge: the
// URL in its key id, without the fragment. It must be on the same origin
// (scheme, host and port) as the issuer the badge claims, or anyone could
// sign a badge in a library's name with a key of their own. It does not
// check the signature: VerifyBadge does, with the keys fetched.
func BadgeKeySetURL(token string) (string, error) {
	jws, err := jose.ParseSignedCompact(strings.TrimSpace(token), []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		return "", &engine.Error{Code: engine.EINVALID, Message: "this is not a badge signed with EdDSA (a compact JWS)", Err: err}
	}
	var claims struct {
		Iss string `json:"iss"`
	}
	_ = json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims)
	kid, err := url.Parse(jws.Signatures[0].Header.KeyID)
	if err != nil || (kid.Scheme != "https" && kid.Scheme != "http") || kid.Host == "" {
		return "", engine.Errorf(engine.EINVALID, "the badge's key id %q is not a URL; give the issuer's key set with --jwks", jws.Signatures[0].Header.KeyID)
	}
	iss, err := url.Parse(claims.Iss)
	if err != nil || iss.Scheme != kid.Scheme || iss.Host != kid.Host {
		return "", engine.Errorf(engine.EINVALID, "the badge's key (%s) is not published by its issuer (%s)", kid.Host, claims.Iss)
	}
	kid.Fragment = ""
	return kid.String(), nil
}

// NewKeyText returns a new Ed25519 private key in the form ParseKey reads:
// its 32-byte seed in hex.
func NewKeyText() string {
	seed := make([]byte, ed25519.SeedSize)
	_, _ = rand.Read(seed) // never fails on supported platforms (Go 1.24+)
	return hex.EncodeToString(seed)
}

// ParseKey reads an Ed25519 private key given as its 32-byte seed in hex
// (64 characters, as `openssl rand -hex 32` writes).
func ParseKey(s string) (ed25519.PrivateKey, error) {
	seed, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("an issuer key is 64 hexadecimal characters (a 32-byte Ed25519 seed, e.g. from `openssl rand -hex 32`)")
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

func base64URL(b []byte) string {
	return base64.RawURLEncoding.EncodeToString(b)
}
