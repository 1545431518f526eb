package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lode-elearning/lode/engine/credential"
)

const certificateUsage = `usage: lode certificate verify FILE [-jwks FILE|URL]

Checks a certificate's Open Badges 3.0 credential (the .jwt a learner
downloads) without Lode: its EdDSA signature against the issuer's public
keys, then prints what it certifies. FILE "-" reads standard input.

flags:
  -jwks FILE|URL   the issuer's key set (JWKS); default: fetched from the URL
                   the badge names, which must be on its issuer's site
`

// maxReadBytes bounds what is read: a badge or a key set is a few KB.
const maxReadBytes = 1 << 20

// runCertificate runs `lode certificate verify`.
func runCertificate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, certificateUsage)
		return errors.New("certificate: want `lode certificate verify FILE`")
	}
	fs := flag.NewFlagSet("lode certificate verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, certificateUsage) }
	jwks := fs.String("jwks", "", "the issuer's key set: a file or an http(s) URL")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	file := fs.Arg(0)
	if err := fs.Parse(fs.Args()[min(1, fs.NArg()):]); err != nil { // flags after FILE too
		return err
	}
	if file == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, certificateUsage)
		return errors.New("certificate verify: give one badge file")
	}
	token, err := readInput(file)
	if err != nil {
		return err
	}
	source := *jwks
	if source == "" {
		if source, err = credential.BadgeKeySetURL(token); err != nil {
			return fmt.Errorf("certificate verify: %w", err)
		}
	}
	keys, err := loadJWKS(ctx, source)
	if err != nil {
		return err
	}
	cred, err := credential.VerifyBadge(token, keys, time.Now())
	if err != nil {
		return fmt.Errorf("certificate verify: NOT VALID: %w", err)
	}
	return printCredential(stdout, cred, source)
}

func readInput(file string) (string, error) {
	var b []byte
	var err error
	if file == "-" {
		b, err = io.ReadAll(io.LimitReader(os.Stdin, maxReadBytes))
	} else {
		b, err = os.ReadFile(file)
	}
	if err != nil {
		return "", fmt.Errorf("certificate verify: %w", err)
	}
	return string(b), nil
}

// loadJWKS reads a key set from a file or fetches it from an http(s) URL.
func loadJWKS(ctx context.Context, source string) (jose.JSONWebKeySet, error) {
	var keys jose.JSONWebKeySet
	var body []byte
	if strings.HasPrefix(source, "https://") || strings.HasPrefix(source, "http://") {
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
		if err != nil {
			return keys, fmt.Errorf("certificate verify: the key set URL: %w", err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return keys, fmt.Errorf("certificate verify: fetching the issuer's keys: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return keys, fmt.Errorf("certificate verify: fetching the issuer's keys from %s: %s", source, resp.Status)
		}
		if body, err = io.ReadAll(io.LimitReader(resp.Body, maxReadBytes)); err != nil {
			return keys, fmt.Errorf("certificate verify: fetching the issuer's keys: %w", err)
		}
	} else {
		var err error
		if body, err = os.ReadFile(source); err != nil {
			return keys, fmt.Errorf("certificate verify: %w", err)
		}
	}
	if err := json.Unmarshal(body, &keys); err != nil {
		return keys, fmt.Errorf("certificate verify: %s is not a JSON Web Key Set: %w", source, err)
	}
	return keys, nil
}

func printCredential(w io.Writer, c *credential.OpenBadgeCredential, keys string) error {
	s := c.CredentialSubject
	var name string
	for _, id := range s.Identifier {
		if id.IdentityType == "name" && !id.Hashed {
			name = id.IdentityHash
		}
	}
	fmt.Fprintf(w, "VALID: the signature matches the issuer's key (%s)\n\n", keys)
	fmt.Fprintf(w, "  recipient     %s\n  achievement   %s (version %s)\n  CE hours      %s\n",
		name, s.Achievement.Name, s.Achievement.Version, credential.FormatHours(s.CreditsEarned))
	fmt.Fprintf(w, "  completed     %s\n  issued by     %s (%s)\n  valid from    %s\n  verify at     %s\n\n",
		s.ActivityEndDate, c.Issuer.Name, c.Issuer.ID, c.ValidFrom, c.ID)
	claims, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", claims)
	return err
}
