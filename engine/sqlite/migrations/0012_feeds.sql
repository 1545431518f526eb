-- Open sharing between Lode sites (engine/feed): the feeds this site
-- subscribes to, the entries last read from each, and the modules
-- imported from them.

-- A feed followed; error says why its last read failed ('' if it did not).
CREATE TABLE feed_subscriptions (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	url        TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL,
	added_at   INTEGER NOT NULL,
	checked_at INTEGER NOT NULL,
	error      TEXT NOT NULL DEFAULT ''
);

-- The entries of a feed's last successful read, replaced whole by the
-- next: a cache to browse and to compare with what was imported.
CREATE TABLE feed_entries (
	subscription_id INTEGER NOT NULL REFERENCES feed_subscriptions (id) ON DELETE CASCADE,
	module_id       TEXT NOT NULL,
	version         TEXT NOT NULL,
	entry_id        TEXT NOT NULL,
	title           TEXT NOT NULL,
	summary         TEXT NOT NULL,
	license         TEXT NOT NULL,
	attribution     TEXT NOT NULL,
	updated_at      INTEGER NOT NULL,
	module_url      TEXT NOT NULL,
	package_url     TEXT NOT NULL,
	length          INTEGER NOT NULL,
	sha256          TEXT NOT NULL,
	PRIMARY KEY (subscription_id, module_id, version)
);

-- Module versions imported from a feed, with where they came from and on
-- which terms: kept when the subscription is removed, so that the source
-- and attribution outlive it.
CREATE TABLE feed_imports (
	module_id       TEXT NOT NULL,
	version         TEXT NOT NULL,
	subscription_id INTEGER NOT NULL,
	feed_url        TEXT NOT NULL,
	package_url     TEXT NOT NULL,
	sha256          TEXT NOT NULL,
	license         TEXT NOT NULL,
	attribution     TEXT NOT NULL,
	imported_at     INTEGER NOT NULL,
	PRIMARY KEY (module_id, version)
);
