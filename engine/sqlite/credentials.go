package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/lode-elearning/lode/engine"
	"github.com/lode-elearning/lode/engine/lrs"
)

type lrsClientRow struct {
	Key        string        `db:"key"`
	SecretHash string        `db:"secret_hash"`
	Label      string        `db:"label"`
	Scopes     string        `db:"scopes"` // space-separated
	CreatedAt  int64         `db:"created_at"`
	LastUsedAt sql.NullInt64 `db:"last_used_at"`
	RevokedAt  sql.NullInt64 `db:"revoked_at"`
}

func (r *lrsClientRow) client() *lrs.StoredClient {
	return &lrs.StoredClient{SecretHash: r.SecretHash, Client: lrs.Client{
		Key: r.Key, Label: r.Label, Scopes: strings.Fields(r.Scopes), CreatedAt: fromNanos(r.CreatedAt),
		LastUsedAt: fromNullNanos(r.LastUsedAt), RevokedAt: fromNullNanos(r.RevokedAt),
	}}
}

const lrsClientColumns = `key, secret_hash, label, scopes, created_at, last_used_at, revoked_at`

// CreateLRSClient stores a new client. EINVALID without a key or secret
// hash; ECONFLICT if the key is taken.
func (db *DB) CreateLRSClient(ctx context.Context, c *lrs.StoredClient) error {
	if c.Key == "" || c.SecretHash == "" {
		return engine.FieldError("key", "an LRS client needs a key and a secret hash")
	}
	row := lrsClientRow{Key: c.Key, SecretHash: c.SecretHash, Label: c.Label, Scopes: strings.Join(c.Scopes, " "),
		CreatedAt: nanos(c.CreatedAt), LastUsedAt: nullNanos(c.LastUsedAt), RevokedAt: nullNanos(c.RevokedAt)}
	const q = `INSERT INTO lrs_clients (` + lrsClientColumns + `)
		VALUES (:key, :secret_hash, :label, :scopes, :created_at, :last_used_at, :revoked_at)
		ON CONFLICT (key) DO NOTHING`
	res, err := db.write.NamedExecContext(ctx, q, row)
	if err != nil {
		return dbError(err, "create LRS client "+c.Key)
	}
	if n, err := res.RowsAffected(); err != nil {
		return dbError(err, "create LRS client "+c.Key)
	} else if n == 0 {
		return engine.Errorf(engine.ECONFLICT, "LRS client %s already exists", c.Key)
	}
	return nil
}

// LRSClient returns a client, revoked or not; ENOTFOUND if absent.
func (db *DB) Client(ctx context.Context, key string) (*lrs.StoredClient, error) {
	var row lrsClientRow
	const q = `SELECT ` + lrsClientColumns + ` FROM lrs_clients WHERE key = ?`
	if err := db.read.GetContext(ctx, &row, q, key); notFound(err) {
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
	if err := db.read.SelectContext(ctx, &rows, q); err != nil {
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
	const q = `UPDATE lrs_clients SET revoked_at = COALESCE(revoked_at, ?) WHERE key = ?`
	res, err := db.write.ExecContext(ctx, q, nanos(t), key)
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
	const q = `UPDATE lrs_clients SET last_used_at = ? WHERE key = ?`
	if _, err := db.write.ExecContext(ctx, q, nanos(t), key); err != nil {
		return dbError(err, "record the use of LRS client "+key)
	}
	return nil
}
