-- Settings that administrators change in the admin area while the site
-- runs (the embed allow-list), read by every server of the site. value is
-- JSON; a key absent here takes the configuration file's value.
CREATE TABLE site_settings (
	key        text PRIMARY KEY,
	value      text NOT NULL,
	updated_at timestamptz NOT NULL,
	updated_by text NOT NULL
);
