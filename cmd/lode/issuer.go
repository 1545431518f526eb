package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lode-elearning/lode/engine/config"
	"github.com/lode-elearning/lode/engine/credential"
)

// issuer is who signs certificates: the configured organization (the
// site's name by default) and key, or the key kept in DataDir/issuer.key,
// generated on first start.
func issuer(cfg config.Config) (*credential.Issuer, error) {
	text := cfg.IssuerKey
	if text == "" {
		var err error
		if text, err = dataDirKey(cfg, "issuer.key", credential.NewKeyText); err != nil {
			return nil, fmt.Errorf("the issuer key: %w", err)
		}
	}
	key, err := credential.ParseKey(text)
	if err != nil {
		return nil, fmt.Errorf("issuer_key (LODE_ISSUER_KEY, or data_dir/issuer.key): %w", err)
	}
	name := cfg.IssuerName
	if name == "" {
		name = siteName
	}
	return &credential.Issuer{Name: name, URL: cfg.IssuerURL, BaseURL: cfg.BaseURL, Key: key}, nil
}

// siteName is the name the pages show, web's default.
const siteName = "Lode"

// dataDirKey returns the key kept in DataDir/file, generating it with
// newKey and writing it there, readable by this user only, on first start.
func dataDirKey(cfg config.Config, file string, newKey func() string) (string, error) {
	path := filepath.Join(cfg.DataDir, file)
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	key := newKey()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return "", fmt.Errorf("create data_dir (LODE_DATA_DIR) %s: %w", cfg.DataDir, err)
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return key, nil
}

// newSecretKey is a learner-cookie key: 32 random bytes in hex.
func newSecretKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
