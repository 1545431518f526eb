-- LRS clients and the outbox of statements to forward to remote LRSs.

-- A client of the LRS: HTTP Basic key and the argon2id hash of its secret
-- (PHC format; the secret itself is never stored).
CREATE TABLE lrs_clients (
	key          text PRIMARY KEY,
	secret_hash  text NOT NULL,
	label        text NOT NULL DEFAULT '',
	scopes       text[] NOT NULL,
	created_at   timestamptz NOT NULL,
	last_used_at timestamptz,
	revoked_at   timestamptz
);

-- A remote LRS statements are forwarded to (the forward setting). Only
-- active targets receive new statements; the lease keeps one server at a
-- time delivering to each, so that statements go once and in order.
CREATE TABLE forward_targets (
	id          bigserial PRIMARY KEY,
	endpoint    text NOT NULL UNIQUE,
	active      boolean NOT NULL DEFAULT true,
	lease_owner text NOT NULL DEFAULT '',
	lease_until timestamptz NOT NULL DEFAULT '-infinity',
	created_at  timestamptz NOT NULL
);

-- One row per statement and active target, until delivered (then deleted)
-- or rejected by the remote for good (then kept, with why).
CREATE TABLE forward_outbox (
	seq          bigserial PRIMARY KEY,
	target_id    bigint NOT NULL REFERENCES forward_targets (id),
	statement_id uuid NOT NULL REFERENCES statements (id),
	stored       timestamptz NOT NULL,
	attempts     integer NOT NULL DEFAULT 0,
	last_error   text NOT NULL DEFAULT '',
	rejected_at  timestamptz
);

CREATE INDEX forward_outbox_pending ON forward_outbox (target_id, seq) WHERE rejected_at IS NULL;

-- Every statement stored, by whichever path, is queued for every active
-- target in the transaction that stores it: forwarding cannot miss one.
-- INSERT ... ON CONFLICT DO NOTHING of a statement already stored fires
-- no row trigger and so queues nothing.
CREATE FUNCTION forward_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO forward_outbox (target_id, statement_id, stored)
	SELECT id, NEW.id, NEW.stored FROM forward_targets WHERE active;
	RETURN NULL;
END
$$;

CREATE TRIGGER statements_forward AFTER INSERT ON statements
	FOR EACH ROW EXECUTE FUNCTION forward_enqueue();
