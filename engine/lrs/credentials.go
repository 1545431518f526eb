package lrs

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"slices"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/sdk/xapi"
)

// The scopes an LRS client may hold (xAPI 1.0.3 Communication §4.2, OAuth
// scope). Resources name the scope a route needs when they mount it.
const (
	ScopeStatementsWrite    = "statements/write"
	ScopeStatementsRead     = "statements/read"
	ScopeStatementsReadMine = "statements/read/mine"
	ScopeState              = "state"
	ScopeDefine             = "define"
	ScopeProfile            = "profile"
	ScopeAllRead            = "all/read"
	ScopeAll                = "all"
)

// Scopes lists every scope, in the order the specification gives them.
var Scopes = []string{ScopeStatementsWrite, ScopeStatementsReadMine, ScopeStatementsRead,
	ScopeState, ScopeDefine, ScopeProfile, ScopeAllRead, ScopeAll}

// DefaultScopes are those a client gets when none are asked for: the
// specification's default.
var DefaultScopes = []string{ScopeStatementsWrite, ScopeStatementsReadMine}

// Client is a program allowed to use the LRS with HTTP Basic credentials:
// Key is the user name, the secret the password.
type Client struct {
	// Key identifies the client. It is not secret: every statement the
	// client stores names it in its authority.
	Key        string
	Label      string // who the client is, e.g. "Moodle at Main Library"
	Scopes     []string
	CreatedAt  time.Time
	LastUsedAt *time.Time // updated at most once a minute
	RevokedAt  *time.Time
	Bootstrap  bool // set by configuration (lrs_key), not kept in the database
}

// StoredClient is a client as the CredentialStore keeps it: with the
// hash of its secret (see HashSecret), never the secret itself.
type StoredClient struct {
	Client
	SecretHash string
}

// CredentialStore keeps LRS clients.
type CredentialStore interface {
	// CreateLRSClient stores a new client; engine.ECONFLICT if the key is taken.
	CreateLRSClient(ctx context.Context, c *StoredClient) error
	// Client returns a client, revoked or not; engine.ENOTFOUND if absent.
	Client(ctx context.Context, key string) (*StoredClient, error)
	// LRSClients returns every client, oldest first.
	LRSClients(ctx context.Context) ([]Client, error)
	// RevokeLRSClient marks a client revoked at t; revoking it again keeps
	// the first time. engine.ENOTFOUND if absent.
	RevokeLRSClient(ctx context.Context, key string, t time.Time) error
	// TouchLRSClient records that the client was used at t.
	TouchLRSClient(ctx context.Context, key string, t time.Time) error
}

// Allows reports whether the client may use a resource that needs scope
// ("" for any client) with a request that only reads (GET, HEAD) or not.
// mine is true when it may only read the statements it stored itself
// (statements/read/mine).
func (c *Client) Allows(scope string, read bool) (ok, mine bool) {
	has := func(s string) bool { return slices.Contains(c.Scopes, s) }
	switch {
	case scope == "", has(ScopeAll), has(scope):
		return true, false
	case read && has(ScopeAllRead):
		return true, false
	case scope == ScopeStatementsRead && has(ScopeStatementsReadMine):
		return true, true
	}
	return false, false
}

// CredentialsConfig tunes Credentials.
type CredentialsConfig struct {
	// BaseURL is the homePage of the account that names a client in the
	// authority of the statements it stores.
	BaseURL string
	// BootstrapKey and BootstrapSecret, both set, make a client with scope
	// "all" that lives in the configuration only: the way in before any
	// client is created, and what the conformance suite uses.
	BootstrapKey, BootstrapSecret string
	Now                           func() time.Time // time.Now when nil
}

// Credentials manages LRS clients: HTTP Basic key/secret pairs, stored
// hashed, with scopes and an authority.
type Credentials struct {
	store     CredentialStore
	cfg       CredentialsConfig
	bootstrap [sha256.Size]byte // SHA-256 of the bootstrap secret
	verified  *verifiedCache
	kdf       chan struct{} // bounds the hashes computed at once
}

// touchEvery is how stale LastUsedAt may get: a write per request would
// cost more than the answer to "is this client still in use?" is worth.
const touchEvery = time.Minute

// NewCredentials returns the service over store.
func NewCredentials(store CredentialStore, cfg CredentialsConfig) *Credentials {
	c := &Credentials{store: store, cfg: cfg, verified: newVerifiedCache(), kdf: make(chan struct{}, kdfSlots())}
	if cfg.Now == nil {
		c.cfg.Now = time.Now
	}
	c.bootstrap = sha256.Sum256([]byte(cfg.BootstrapSecret))
	return c
}

func (c *Credentials) now() time.Time { return c.cfg.Now().UTC() }

func (c *Credentials) hasBootstrap() bool {
	return c.cfg.BootstrapKey != "" && c.cfg.BootstrapSecret != ""
}

func (c *Credentials) bootstrapClient() *Client {
	return &Client{Key: c.cfg.BootstrapKey, Label: "bootstrap client (lrs_key)", Scopes: []string{ScopeAll}, Bootstrap: true}
}

// Create makes a new client with a random key and secret and stores it,
// the secret hashed. The secret is returned here and never again. scopes
// defaults to DefaultScopes; engine.EINVALID for an unknown scope.
func (c *Credentials) Create(ctx context.Context, label string, scopes []string) (*Client, string, error) {
	scopes, err := cleanScopes(scopes)
	if err != nil {
		return nil, "", err
	}
	if len(label) > 200 {
		return nil, "", engine.FieldError("label", "is %d characters; at most 200", len(label))
	}
	secret := rand.Text() + rand.Text() // 2 × 130 random bits
	hash, err := c.hash(ctx, secret)
	if err != nil {
		return nil, "", err
	}
	cl := StoredClient{SecretHash: hash, Client: Client{
		Key: strings.ToLower(rand.Text()), Label: label, Scopes: scopes, CreatedAt: c.now(),
	}}
	if err := c.store.CreateLRSClient(ctx, &cl); err != nil {
		return nil, "", err
	}
	return &cl.Client, secret, nil
}

// cleanScopes checks scopes and drops repeats; none means DefaultScopes.
func cleanScopes(scopes []string) ([]string, error) {
	var out []string
	for _, s := range scopes {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
		case !slices.Contains(Scopes, s):
			return nil, engine.FieldError("scope", "%q is not a scope; the scopes are %s", s, strings.Join(Scopes, ", "))
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return slices.Clone(DefaultScopes), nil
	}
	return out, nil
}

// List returns every client, the bootstrap client first when configured.
func (c *Credentials) List(ctx context.Context) ([]Client, error) {
	list, err := c.store.LRSClients(ctx)
	if err != nil {
		return nil, err
	}
	if c.hasBootstrap() {
		list = append([]Client{*c.bootstrapClient()}, list...)
	}
	return list, nil
}

// Revoke revokes a client at once: its next request is refused, on every
// server sharing the database. engine.ENOTFOUND for an unknown key; engine.EINVALID for
// the bootstrap client, which only the configuration can remove.
func (c *Credentials) Revoke(ctx context.Context, key string) error {
	if c.hasBootstrap() && key == c.cfg.BootstrapKey {
		return engine.FieldError("key", "%s is the bootstrap client of lrs_key (LODE_LRS_KEY); remove it from the configuration instead", key)
	}
	return c.store.RevokeLRSClient(ctx, key, c.now())
}

// Authenticate returns the client whose key and secret these are.
// engine.EUNAUTHORIZED, with the same words for every case, if the key is
// unknown, the secret wrong or the client revoked.
func (c *Credentials) Authenticate(ctx context.Context, key, secret string) (*Client, error) {
	return c.AuthenticateGuarded(ctx, key, secret, nil)
}

// AuthenticateGuarded is Authenticate that calls guard before anything a
// guess costs: a wrong bootstrap secret, an unknown or revoked key, and a
// secret not verified lately (an argon2id hash, tens of milliseconds). A
// client whose secret was verified lately is not counted. An error from
// guard (ETOOMANY) is returned instead of an answer, so that guessing is
// throttled and cannot cost the server a hash per try.
func (c *Credentials) AuthenticateGuarded(ctx context.Context, key, secret string, guard func(context.Context) error) (*Client, error) {
	attempt := func() error {
		if guard == nil {
			return nil
		}
		return guard(ctx)
	}
	if c.hasBootstrap() && key == c.cfg.BootstrapKey {
		sum := sha256.Sum256([]byte(secret))
		if subtle.ConstantTimeCompare(sum[:], c.bootstrap[:]) == 1 {
			return c.bootstrapClient(), nil
		}
		return nil, cmp.Or(attempt(), errBadCredentials())
	}
	// The row is read on every request, so that a revocation made by any
	// process (the CLI, another server) counts at once; only the hash
	// computation is cached.
	cl, err := c.store.Client(ctx, key)
	switch {
	case engine.ErrorCode(err) == engine.ENOTFOUND:
		return nil, cmp.Or(attempt(), errBadCredentials())
	case err != nil:
		return nil, err
	case cl.RevokedAt != nil:
		return nil, cmp.Or(attempt(), errBadCredentials())
	}
	if !c.verifiedLately(cl.SecretHash, secret) {
		if err := attempt(); err != nil {
			return nil, err
		}
	}
	ok, err := c.verify(ctx, cl.SecretHash, secret)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadCredentials()
	}
	c.touch(ctx, &cl.Client)
	return &cl.Client, nil
}

// touch records the use, at most once per touchEvery. A failed write is
// not worth refusing the request for: LastUsedAt is only informative.
func (c *Credentials) touch(ctx context.Context, cl *Client) {
	now := c.now()
	if cl.LastUsedAt != nil && now.Sub(*cl.LastUsedAt) < touchEvery {
		return
	}
	if err := c.store.TouchLRSClient(ctx, cl.Key, now); err == nil {
		cl.LastUsedAt = &now
	}
}

func errBadCredentials() error {
	return engine.Errorf(engine.EUNAUTHORIZED, "the LRS key or secret is wrong, or the key was revoked")
}

// Authority is the agent the LRS sets as authority on the statements cl
// stores: an account on this Lode named by the client's key.
func (c *Credentials) Authority(cl *Client) xapi.Agent {
	return xapi.Agent{ObjectType: "Agent", Name: cl.Label, Account: &xapi.Account{HomePage: c.cfg.BaseURL, Name: cl.Key}}
}
