-- Settings that administrators change in the admin area while the site
-- runs (the embed allow-list), read by every server of the site. value is
-- JSON; a key absent here takes the configuration file's value.
CREATE TABLE site_settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
);
