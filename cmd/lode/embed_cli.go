package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/lode-elearning/lode/engine/http/web"
)

const embedUsage = `usage: lode embed token -sub ID -origin ORIGIN [-name N] [-email E] [-iss SITE] [-ttl 10m] [-config PATH]
       lode embed keygen

token prints a launch token for /embed URLs (?launch=TOKEN), signed with
embed_secret (HS256) for this Lode's base_url: what an embedding site's
code does for each page view (docs/embedding.md). keygen prints a new
Ed25519 key pair: the private key for the site, the public key for
embed_public_key.

flags:
  -sub ID          the site's id for its user (required)
  -origin ORIGIN   the site that frames Lode, e.g. https://library.example (required)
  -name N, -email E  the user's name and email, shown on their profile
  -iss SITE        the site's name for itself; default ORIGIN
  -ttl D           how long the token may be used; default 10m, at most 1h
`

// runEmbed runs `lode embed token|keygen`.
func runEmbed(args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) > 0 && args[0] == "token":
		return embedToken(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "keygen":
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "private key (the site's, keep it secret): %s\nembed_public_key: %s\n",
			base64.StdEncoding.EncodeToString(priv.Seed()), base64.StdEncoding.EncodeToString(pub))
		return nil
	}
	fmt.Fprint(stderr, embedUsage)
	return errors.New("embed: want `lode embed token` or `lode embed keygen`")
}

func embedToken(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lode embed token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, embedUsage) }
	configPath := fs.String("config", "", "configuration file")
	sub, origin := fs.String("sub", "", "the site's user id"), fs.String("origin", "", "the framing site's origin")
	name, email := fs.String("name", "", "the user's name"), fs.String("email", "", "the user's email")
	iss, ttl := fs.String("iss", "", "the site's name for itself"), fs.Duration("ttl", 10*time.Minute, "lifetime")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *sub == "" || *origin == "" {
		fmt.Fprint(stderr, embedUsage)
		return errors.New("embed token: -sub and -origin are required")
	}
	if *ttl <= 0 || *ttl > time.Hour {
		return fmt.Errorf("embed token: -ttl %s must be between 1s and 1h: Lode refuses longer-lived tokens", *ttl)
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	if cfg.EmbedSecret == "" {
		return errors.New("embed token: embed_secret (LODE_EMBED_SECRET) is not set, so this Lode accepts no HS256 tokens")
	}
	if *iss == "" {
		*iss = *origin
	}
	now := time.Now()
	tok, err := web.SignLaunchToken([]byte(cfg.EmbedSecret), web.LaunchClaims{
		Claims: jwt.Claims{Issuer: *iss, Subject: *sub, Audience: jwt.Audience{publicURL(cfg, cfg.Addr)}, ID: rand.Text(),
			IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(*ttl))},
		Name: *name, Email: *email, Origin: *origin,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
