-- LRS clients and the outbox of statements to forward to remote LRSs.

-- A client of the LRS: HTTP Basic key and the argon2id hash of its secret
-- (PHC format; the secret itself is never stored). scopes is
-- space-separated, as OAuth writes scopes.
CREATE TABLE lrs_clients (
	key          TEXT PRIMARY KEY,
	secret_hash  TEXT NOT NULL,
	label        TEXT NOT NULL DEFAULT '',
	scopes       TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER
);

-- A remote LRS statements are forwarded to (the forward setting). Only
-- active targets receive new statements; the lease keeps one server at a
-- time delivering to each, so that statements go once and in order.
CREATE TABLE forward_targets (
	id          INTEGER PRIMARY KEY,
	endpoint    TEXT NOT NULL UNIQUE,
	active      INTEGER NOT NULL DEFAULT 1,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL
);

-- One row per statement and active target, until delivered (then deleted)
-- or rejected by the remote for good (then kept, with why).
CREATE TABLE forward_outbox (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	target_id    INTEGER NOT NULL REFERENCES forward_targets (id),
	statement_id TEXT NOT NULL REFERENCES statements (id),
	stored       INTEGER NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	rejected_at  INTEGER
);

CREATE INDEX forward_outbox_pending ON forward_outbox (target_id, seq) WHERE rejected_at IS NULL;

-- Every statement stored, by whichever path, is queued for every active
-- target in the transaction that stores it: forwarding cannot miss one.
-- INSERT ... ON CONFLICT DO NOTHING of a statement already stored inserts
-- no row and so queues nothing.
CREATE TRIGGER statements_forward AFTER INSERT ON statements
BEGIN
	INSERT INTO forward_outbox (target_id, statement_id, stored)
	SELECT id, NEW.id, NEW.stored FROM forward_targets WHERE active = 1;
END;
