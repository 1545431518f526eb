-- Administrators, their sessions and the audit log of the admin area.

-- Email is the key, in lower case; the password is kept as its argon2id
-- hash (PHC format).
CREATE TABLE administrators (
	email         TEXT PRIMARY KEY,
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL
);

-- A session is kept under the SHA-256 of its cookie's token; removing an
-- administrator ends their sessions.
CREATE TABLE admin_sessions (
	token_hash TEXT PRIMARY KEY,
	email      TEXT NOT NULL REFERENCES administrators (email) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);

-- Who changed what, when; details is a JSON object. Never updated.
CREATE TABLE audit_log (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	target  TEXT NOT NULL DEFAULT '',
	details TEXT NOT NULL DEFAULT '{}'
);

-- Modules an administrator unpublished: left out of the catalog when a
-- server starts. A module absent here is published.
CREATE TABLE unpublished_modules (
	module_id TEXT PRIMARY KEY,
	since     INTEGER NOT NULL
);
