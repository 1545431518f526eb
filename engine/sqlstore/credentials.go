package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

type lrsClientRow struct {
	Key        string   `db:"key"`
	SecretHash string   `db:"secret_hash"`
	Label      string   `db:"label"`
	Scopes     string   `db:"scopes"` // space-separated (Dialect.StringsColumn)
	CreatedAt  Time     `db:"created_at"`
	LastUsedAt NullTime `db:"last_used_at"`
	RevokedAt  NullTime `db:"revoked_at"`
}

func (r *lrsClientRow) client() *lrs.StoredClient {
	return &lrs.StoredClient{SecretHash: r.SecretHash, Client: lrs.Client{
		Key: r.Key, Label: r.Label, Scopes: strings.Fields(r.Scopes), CreatedAt: r.CreatedAt.Time,
		LastUsedAt: r.LastUsedAt.T, RevokedAt: r.RevokedAt.T,
	}}
}

func (s *Store) lrsClientColumns() string {
	return `key, secret_hash, label, ` + s.d.StringsColumn("scopes") + ` AS scopes, created_at, last_used_at, revoked_at`
}

// CreateLRSClient stores a new client. EINVALID if c is not valid;
// ECONFLICT if the key is taken.
func (s *Store) CreateLRSClient(ctx context.Context, c *lrs.StoredClient) error {
	if err := c.Validate(); err != nil {
		return err
	}
	scopes := c.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	const q = `INSERT INTO lrs_clients (key, secret_hash, label, scopes, created_at, last_used_at, revoked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), c.Key, c.SecretHash, c.Label, s.d.Strings(scopes),
		s.d.Time(Round(c.CreatedAt)), s.nullTime(c.LastUsedAt), s.nullTime(c.RevokedAt))
	if err != nil {
		return s.d.Error(err, "create LRS client "+c.Key)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.d.Error(err, "create LRS client "+c.Key)
	} else if n == 0 && !s.sameLRSClient(ctx, c) {
		return engine.Errorf(engine.ECONFLICT, "LRS client %s already exists", c.Key)
	}
	return nil
}

// sameLRSClient reports whether the client stored under c.Key is c: this
// call's own INSERT, run twice by database/sql (see sameLearner).
func (s *Store) sameLRSClient(ctx context.Context, c *lrs.StoredClient) bool {
	got, err := s.client(ctx, s.write, c.Key)
	return err == nil && got.SecretHash == c.SecretHash && got.CreatedAt.Equal(Round(c.CreatedAt))
}

// Client returns a client, revoked or not; ENOTFOUND if absent.
func (s *Store) Client(ctx context.Context, key string) (*lrs.StoredClient, error) {
	return s.client(ctx, s.read, key)
}

func (s *Store) client(ctx context.Context, db queryer, key string) (*lrs.StoredClient, error) {
	var row lrsClientRow
	q := `SELECT ` + s.lrsClientColumns() + ` FROM lrs_clients WHERE key = ?`
	if err := db.GetContext(ctx, &row, db.Rebind(q), key); NotFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "LRS client %s not found", key)
	} else if err != nil {
		return nil, s.d.Error(err, "read LRS client")
	}
	return row.client(), nil
}

// LRSClients returns every client, oldest first.
func (s *Store) LRSClients(ctx context.Context) ([]lrs.Client, error) {
	var rows []lrsClientRow
	q := `SELECT ` + s.lrsClientColumns() + ` FROM lrs_clients ORDER BY created_at, key`
	if err := s.read.SelectContext(ctx, &rows, q); err != nil {
		return nil, s.d.Error(err, "list LRS clients")
	}
	out := make([]lrs.Client, len(rows))
	for i := range rows {
		out[i] = rows[i].client().Client
	}
	return out, nil
}

// RevokeLRSClient marks a client revoked at t, keeping the first time if
// it already was; ENOTFOUND if absent.
func (s *Store) RevokeLRSClient(ctx context.Context, key string, t time.Time) error {
	const q = `UPDATE lrs_clients SET revoked_at = COALESCE(revoked_at, ?) WHERE key = ?`
	res, err := s.write.ExecContext(ctx, s.write.Rebind(q), s.d.Time(Round(t)), key)
	if err != nil {
		return s.d.Error(err, "revoke LRS client "+key)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.d.Error(err, "revoke LRS client "+key)
	} else if n == 0 {
		return engine.Errorf(engine.ENOTFOUND, "LRS client %s not found", key)
	}
	return nil
}

// TouchLRSClient records that the client was used at t.
func (s *Store) TouchLRSClient(ctx context.Context, key string, t time.Time) error {
	const q = `UPDATE lrs_clients SET last_used_at = ? WHERE key = ?`
	if _, err := s.write.ExecContext(ctx, s.write.Rebind(q), s.d.Time(Round(t)), key); err != nil {
		return s.d.Error(err, "record the use of LRS client "+key)
	}
	return nil
}
