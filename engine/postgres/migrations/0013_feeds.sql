-- Open sharing between Lode sites (engine/feed): the feeds this site
-- subscribes to, the entries last read from each, and the modules
-- imported from them.

-- A feed followed; error says why its last read failed ('' if it did not).
CREATE TABLE feed_subscriptions (
	id         bigserial PRIMARY KEY,
	url        text NOT NULL UNIQUE,
	title      text NOT NULL,
	added_at   timestamptz NOT NULL,
	checked_at timestamptz NOT NULL,
	error      text NOT NULL DEFAULT ''
);

-- The entries of a feed's last successful read, replaced whole by the
-- next: a cache to browse and to compare with what was imported.
CREATE TABLE feed_entries (
	subscription_id bigint NOT NULL REFERENCES feed_subscriptions (id) ON DELETE CASCADE,
	module_id       text NOT NULL,
	version         text NOT NULL,
	entry_id        text NOT NULL,
	title           text NOT NULL,
	summary         text NOT NULL,
	license         text NOT NULL,
	attribution     text NOT NULL,
	updated_at      timestamptz NOT NULL,
	module_url      text NOT NULL,
	package_url     text NOT NULL,
	length          bigint NOT NULL,
	sha256          text NOT NULL,
	PRIMARY KEY (subscription_id, module_id, version)
);

-- Module versions imported from a feed, with where they came from and on
-- which terms: kept when the subscription is removed, so that the source
-- and attribution outlive it.
CREATE TABLE feed_imports (
	module_id       text NOT NULL,
	version         text NOT NULL,
	subscription_id bigint NOT NULL,
	feed_url        text NOT NULL,
	package_url     text NOT NULL,
	sha256          text NOT NULL,
	license         text NOT NULL,
	attribution     text NOT NULL,
	imported_at     timestamptz NOT NULL,
	PRIMARY KEY (module_id, version)
);
