package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/lib/pq"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

type lrsClientRow struct {
	Key        string         `db:"key"`
	SecretHash string         `db:"secret_hash"`
	Label      string         `db:"label"`
	Scopes     pq.StringArray `db:"scopes"`
	CreatedAt  time.Time      `db:"created_at"`
	LastUsedAt sql.NullTime   `db:"last_used_at"`
	RevokedAt  sql.NullTime   `db:"revoked_at"`
}

func (r *lrsClientRow) client() *lrs.StoredClient {
	return &lrs.StoredClient{SecretHash: r.SecretHash, Client: lrs.Client{
		Key: r.Key, Label: r.Label, Scopes: []string(r.Scopes), CreatedAt: r.CreatedAt.UTC(),
		LastUsedAt: fromNullTime(r.LastUsedAt), RevokedAt: fromNullTime(r.RevokedAt),
	}}
}

const lrsClientColumns = `key, secret_hash, label, scopes, created_at, last_used_at, revoked_at`

// CreateLRSClient stores a new client. EINVALID without a key or secret
// hash; ECONFLICT if the key is taken.
func (db *DB) CreateLRSClient(ctx context.Context, c *lrs.StoredClient) error {
	if c.Key == "" || c.SecretHash == "" {
		return engine.FieldError("key", "an LRS client needs a key and a secret hash")
	}
	scopes := c.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	const q = `INSERT INTO lrs_clients (` + lrsClientColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (key) DO NOTHING`
	res, err := db.db.ExecContext(ctx, q, c.Key, c.SecretHash, c.Label, pq.StringArray(scopes),
		pgTime(c.CreatedAt), nullTime(c.LastUsedAt), nullTime(c.RevokedAt))
	if err != nil {
		return dbError(err, "create LRS client "+c.Key)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "create LRS client "+c.Key)
	} else if n == 0 && !db.sameLRSClient(ctx, c) {
		return engine.Errorf(engine.ECONFLICT, "LRS client %s already exists", c.Key)
	}
	return nil
}

// sameLRSClient reports whether the client stored under c.Key is c: this
// call's own INSERT, run twice by database/sql (see sameLearner).
func (db *DB) sameLRSClient(ctx context.Context, c *lrs.StoredClient) bool {
	got, err := db.Client(ctx, c.Key)
	return err == nil && got.SecretHash == c.SecretHash && got.CreatedAt.Equal(pgTime(c.CreatedAt))
}

// LRSClient returns a client, revoked or not; ENOTFOUND if absent.
func (db *DB) Client(ctx context.Context, key string) (*lrs.StoredClient, error) {
	var row lrsClientRow
	const q = `SELECT ` + lrsClientColumns + ` FROM lrs_clients WHERE key = $1`
	if err := db.db.GetContext(ctx, &row, q, key); notFound(err) {
		return nil, engine.Errorf(engine.ENOTFOUND, "LRS client %s not found", key)
	} else if err != nil {
		return nil, dbError(err, "read LRS client")
	}
	return row.client(), nil
}

// LRSClients returns every client, oldest first.
func (db *DB) LRSClients(ctx context.Context) ([]lrs.Client, error) {
	var rows []lrsClientRow
	const q = `SELECT ` + lrsClientColumns + ` FROM lrs_clients ORDER BY created_at, key`
	if err := db.db.SelectContext(ctx, &rows, q); err != nil {
		return nil, dbError(err, "list LRS clients")
	}
	out := make([]lrs.Client, len(rows))
	for i := range rows {
		out[i] = rows[i].client().Client
	}
	return out, nil
}

// RevokeLRSClient marks a client revoked at t, keeping the first time if
// it already was; ENOTFOUND if absent.
func (db *DB) RevokeLRSClient(ctx context.Context, key string, t time.Time) error {
	const q = `UPDATE lrs_clients SET revoked_at = COALESCE(revoked_at, $1) WHERE key = $2`
	res, err := db.db.ExecContext(ctx, q, pgTime(t), key)
	if err != nil {
		return dbError(err, "revoke LRS client "+key)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "revoke LRS client "+key)
	} else if n == 0 {
		return engine.Errorf(engine.ENOTFOUND, "LRS client %s not found", key)
	}
	return nil
}

// TouchLRSClient records that the client was used at t.
func (db *DB) TouchLRSClient(ctx context.Context, key string, t time.Time) error {
	const q = `UPDATE lrs_clients SET last_used_at = $1 WHERE key = $2`
	if _, err := db.db.ExecContext(ctx, q, pgTime(t), key); err != nil {
		return dbError(err, "record the use of LRS client "+key)
	}
	return nil
}
