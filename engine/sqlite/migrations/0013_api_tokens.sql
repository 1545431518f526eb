-- Tokens of the JSON API at /api/v1. Only the SHA-256 of a token is kept
-- (the token is 32 random bytes: a fast hash suffices), so a copy of the
-- database authenticates nobody; the token itself is shown once.
-- A token expires at expires_at, if set, as if revoked then.
CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,
	created_by   TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER,
	expires_at   INTEGER -- NULL: until revoked
);
