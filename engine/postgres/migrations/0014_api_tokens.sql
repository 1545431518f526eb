-- Tokens of the JSON API at /api/v1. Only the SHA-256 of a token is kept
-- (the token is 32 random bytes: a fast hash suffices), so a copy of the
-- database authenticates nobody; the token itself is shown once.
-- A token expires at expires_at, if set, as if revoked then.
CREATE TABLE api_tokens (
	id           text PRIMARY KEY,
	name         text NOT NULL,
	token_hash   text NOT NULL UNIQUE,
	created_by   text NOT NULL,
	created_at   timestamptz NOT NULL,
	last_used_at timestamptz,
	revoked_at   timestamptz,
	expires_at   timestamptz -- NULL: until revoked
);
