package xapi

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"strings"

	_ "crypto/sha256" // RS256
	_ "crypto/sha512" // RS384, RS512
)

var jwsHashes = map[string]crypto.Hash{"RS256": crypto.SHA256, "RS384": crypto.SHA384, "RS512": crypto.SHA512}

// VerifySignature checks a signed statement as xAPI-Data 2.6 has the LRS
// do it: jws is the content of s's signature attachment (usageType
// SignatureUsageType), a JWS in compact serialization whose header names
// the algorithm RS256, RS384 or RS512 and whose payload is a JSON
// statement logically equivalent to s without its signature attachment
// (Equivalent; an id, timestamp or version missing from the payload is not
// compared, the LRS may have set them). When the header carries an x5c
// certificate chain, the signature must verify with the first
// certificate's RSA key; without one there is no key to check it against.
// The error is a *ValidationError on "attachments" saying what is wrong.
func VerifySignature(s *Statement, jws []byte) error {
	parts := strings.Split(strings.TrimSpace(string(jws)), ".")
	if len(parts) != 3 {
		return invalid("attachments", "the signature is not a JWS in compact serialization (header.payload.signature)")
	}
	var header struct {
		Alg string   `json:"alg"`
		X5C []string `json:"x5c"`
	}
	hb, err := b64url(parts[0])
	if err != nil || json.Unmarshal(hb, &header) != nil {
		return invalid("attachments", "the signature's JWS header is not base64url-encoded JSON")
	}
	hash, ok := jwsHashes[header.Alg]
	if !ok {
		return invalid("attachments", "the signature uses the algorithm %q; xAPI allows RS256, RS384 or RS512", header.Alg)
	}
	payload, err := b64url(parts[1])
	if err != nil {
		return invalid("attachments", "the signature's JWS payload is not base64url-encoded")
	}
	sig, err := b64url(parts[2])
	if err != nil || len(sig) == 0 {
		return invalid("attachments", "the signature's JWS signature is not base64url-encoded")
	}
	if len(header.X5C) > 0 {
		if err := verifyX5C(header.X5C[0], hash, parts[0]+"."+parts[1], sig); err != nil {
			return err
		}
	}
	signed, err := parseSignedPayload(payload)
	if err != nil {
		return invalid("attachments", "the signature's payload is not a valid statement: %v", err)
	}
	if !signedMatches(signed, s) {
		return invalid("attachments", "the signature's payload is not the statement that was sent")
	}
	return nil
}

func b64url(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

func verifyX5C(certB64 string, hash crypto.Hash, signingInput string, sig []byte) error {
	der, err := base64.StdEncoding.DecodeString(certB64)
	if err != nil {
		return invalid("attachments", "the signature's x5c certificate is not base64")
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return invalid("attachments", "the signature's x5c certificate cannot be read: %v", err)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return invalid("attachments", "the signature's x5c certificate does not hold an RSA key")
	}
	h := hash.New()
	h.Write([]byte(signingInput))
	if err := rsa.VerifyPKCS1v15(pub, hash, h.Sum(nil), sig); err != nil {
		return invalid("attachments", "the signature does not verify with its x5c certificate")
	}
	return nil
}

// parseSignedPayload reads the statement in a JWS payload with the rules
// of either version: the signer may follow 1.0.3 or 2.0.
func parseSignedPayload(payload []byte) (*Statement, error) {
	st, err := ParseStatement(payload, V200)
	if err == nil {
		return st, nil
	}
	if st, err2 := ParseStatement(payload, V103); err2 == nil {
		return st, nil
	}
	return nil, err
}

// signedMatches compares the signed statement with the received one, the
// signature attachment and what the LRS may have set left out.
func signedMatches(signed, received *Statement) bool {
	a, b := *signed, *received
	a.Attachments, b.Attachments = withoutSignatures(a.Attachments), withoutSignatures(b.Attachments)
	if a.ID == "" {
		b.ID = ""
	}
	if a.Timestamp == nil {
		b.Timestamp = nil
	}
	return Equivalent(&a, &b)
}

func withoutSignatures(atts []Attachment) []Attachment {
	var out []Attachment
	for _, att := range atts {
		if att.UsageType != SignatureUsageType {
			out = append(out, att)
		}
	}
	return out
}
