package lrs

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/lode-elearning/lode/engine"
	"golang.org/x/crypto/argon2"
)

// Secrets are hashed with argon2id at OWASP's first recommended setting
// (19 MiB, 2 passes, 1 lane), which takes about 25 ms on one core. The
// parameters are kept in each hash (PHC string format), so raising them
// later leaves existing secrets valid.
//
// Generated secrets carry 260 random bits, beyond any brute force however
// fast the hash; argon2id is there for defence in depth, should a weaker
// secret ever be stored. It is too slow to pay on every LRS request,
// though (a statement POST takes well under a millisecond otherwise), so
// successful verifications are remembered for verifiedTTL: see
// verifiedCache.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashSecret returns the argon2id hash of secret in PHC string format,
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", with a random salt.
func HashSecret(secret string) string {
	salt := make([]byte, argonSaltLen)
	_, _ = rand.Read(salt) // never fails (crypto/rand)
	key := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifySecret reports whether secret is the one hash was made from,
// comparing in constant time. engine.EINTERNAL for a hash it cannot read.
func VerifySecret(hash, secret string) (bool, error) {
	p, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(secret), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(got, p.key) == 1, nil
}

type argonHash struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

func parseHash(hash string) (*argonHash, error) {
	bad := func(why string) error {
		return engine.Errorf(engine.EINTERNAL, "a stored LRS secret hash is not argon2id in PHC format: %s", why)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return nil, bad("wrong layout")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return nil, bad("unknown version " + parts[2])
	}
	var p argonHash
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return nil, bad("bad parameters " + parts[3])
	}
	if p.memory == 0 || p.memory > 1<<21 || p.time == 0 || p.time > 100 || p.threads == 0 {
		return nil, bad("parameters out of range " + parts[3])
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return nil, bad("bad salt")
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(p.key) < 16 {
		return nil, bad("bad key")
	}
	return &p, nil
}

// kdfSlots bounds the argon2id computations running at once: each holds
// 19 MiB, so a flood of requests with wrong secrets queues up instead of
// exhausting memory.
func kdfSlots() int { return max(2, runtime.GOMAXPROCS(0)) }

// hash runs HashSecret in a KDF slot.
func (c *Credentials) hash(ctx context.Context, secret string) (string, error) {
	if err := c.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-c.kdf }()
	return HashSecret(secret), nil
}

// verify checks secret against hash, from the cache when this pair was
// verified recently, else with argon2id in a KDF slot.
// verifiedLately reports whether secret was verified against hash lately,
// so that checking it again costs no hash.
func (c *Credentials) verifiedLately(hash, secret string) bool {
	return c.verified.has(verifiedID(hash, secret), c.now())
}

func (c *Credentials) verify(ctx context.Context, hash, secret string) (bool, error) {
	id := verifiedID(hash, secret)
	if c.verified.has(id, c.now()) {
		return true, nil
	}
	if err := c.acquire(ctx); err != nil {
		return false, err
	}
	ok, err := VerifySecret(hash, secret)
	<-c.kdf
	if ok {
		c.verified.add(id, c.now())
	}
	return ok, err
}

func (c *Credentials) acquire(ctx context.Context) error {
	select {
	case c.kdf <- struct{}{}:
		return nil
	case <-ctx.Done():
		return &engine.Error{Code: engine.EUNAVAILABLE, Message: "the server is too busy to check credentials; try again", Err: ctx.Err()}
	}
}

// verifiedTTL is how long a verified key/secret pair is remembered.
// Revocation does not wait for it: the client's row is read on every
// request. The TTL only bounds how long a SHA-256 of each live secret
// stays in memory.
const (
	verifiedTTL = 10 * time.Minute
	verifiedMax = 4096
)

// verifiedCache remembers pairs (stored hash, secret) that verified, by
// SHA-256 of the two: the secret itself is never kept, and because the
// stored hash is part of the id, a secret that changes in the database
// (or a different client) never matches an old entry.
type verifiedCache struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]time.Time // id → expiry
}

func newVerifiedCache() *verifiedCache {
	return &verifiedCache{entries: map[[sha256.Size]byte]time.Time{}}
}

func verifiedID(hash, secret string) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(hash))
	h.Write([]byte{0})
	h.Write([]byte(secret))
	var id [sha256.Size]byte
	h.Sum(id[:0])
	return id
}

func (vc *verifiedCache) has(id [sha256.Size]byte, now time.Time) bool {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	exp, ok := vc.entries[id]
	return ok && now.Before(exp)
}

// add remembers id. When full it drops the expired entries, and if that is
// not enough, all of them: clients then pay one more hash each.
func (vc *verifiedCache) add(id [sha256.Size]byte, now time.Time) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if len(vc.entries) >= verifiedMax {
		for k, exp := range vc.entries {
			if !now.Before(exp) {
				delete(vc.entries, k)
			}
		}
		if len(vc.entries) >= verifiedMax {
			clear(vc.entries)
		}
	}
	vc.entries[id] = now.Add(verifiedTTL)
}
