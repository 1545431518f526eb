-- The module editor: roles, per-module grants, drafts, their history and
-- review comments.

-- What an administrator may do site-wide: author, reviewer or
-- administrator. Those already here keep running the site.
ALTER TABLE administrators ADD COLUMN role TEXT NOT NULL DEFAULT 'administrator';

-- A role on one module, on top of the site-wide one: an author given one
-- module edits that module only.
CREATE TABLE module_roles (
	email     TEXT NOT NULL REFERENCES administrators (email) ON DELETE CASCADE,
	module_id TEXT NOT NULL,
	role      TEXT NOT NULL,
	PRIMARY KEY (email, module_id)
);

-- A module being written in the editor, one per module: files is a JSON
-- object of path to base64 content (module.yaml, Markdown, media), written
-- out as a module folder to check, preview and publish. revision counts
-- saves: a save names the revision it was made from, so that a stale
-- copy is refused, never written over another author's work.
CREATE TABLE drafts (
	module_id  TEXT PRIMARY KEY,
	revision   INTEGER NOT NULL,
	state      TEXT NOT NULL,
	files      TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- Every save and change of state, whole, for the history and its diffs.
-- Never updated.
CREATE TABLE draft_revisions (
	module_id TEXT NOT NULL REFERENCES drafts (module_id) ON DELETE CASCADE,
	revision  INTEGER NOT NULL,
	action    TEXT NOT NULL,
	state     TEXT NOT NULL,
	files     TEXT NOT NULL,
	author    TEXT NOT NULL,
	at        INTEGER NOT NULL,
	PRIMARY KEY (module_id, revision)
);

-- Reviewers' comments on a draft, at the revision they read.
CREATE TABLE draft_comments (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	module_id TEXT NOT NULL REFERENCES drafts (module_id) ON DELETE CASCADE,
	revision  INTEGER NOT NULL,
	author    TEXT NOT NULL,
	at        INTEGER NOT NULL,
	body      TEXT NOT NULL
);
