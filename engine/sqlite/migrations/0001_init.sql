-- Times are INTEGER Unix nanoseconds (UTC); JSON is TEXT.

CREATE TABLE learners (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	email      TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE TABLE registrations (
	id             TEXT PRIMARY KEY, -- lower-case UUID
	learner_id     TEXT NOT NULL REFERENCES learners (id),
	module_id      TEXT NOT NULL,
	current_object TEXT NOT NULL DEFAULT '',
	started_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	completed_at   INTEGER,
	UNIQUE (learner_id, module_id)
);

CREATE TABLE object_states (
	registration_id TEXT NOT NULL REFERENCES registrations (id),
	object_id       TEXT NOT NULL,
	state           TEXT,
	completed       INTEGER NOT NULL DEFAULT 0,
	success         INTEGER,
	scaled          REAL,
	version         INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (registration_id, object_id)
);

-- seq orders statements stored at the same instant and is the rowid, which
-- AUTOINCREMENT keeps from ever being reused; id is the statement's UUID.
CREATE TABLE statements (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	id           TEXT NOT NULL UNIQUE, -- lower-case UUID
	statement    TEXT NOT NULL,        -- the full statement as JSON
	actor_ifi    TEXT NOT NULL,
	verb_id      TEXT NOT NULL,
	object_id    TEXT,                 -- set when the object is an activity
	registration TEXT,
	stored       INTEGER NOT NULL,
	timestamp    INTEGER,
	voided       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX statements_stored       ON statements (stored, seq);
CREATE INDEX statements_actor        ON statements (actor_ifi, stored, seq);
CREATE INDEX statements_verb         ON statements (verb_id, stored, seq);
CREATE INDEX statements_object       ON statements (object_id, stored, seq);
CREATE INDEX statements_registration ON statements (registration, stored, seq);

-- Every activity a statement relates to (its object and context activities),
-- for xAPI's related_activities.
CREATE TABLE statement_activities (
	activity_id  TEXT NOT NULL,
	statement_id TEXT NOT NULL REFERENCES statements (id),
	PRIMARY KEY (activity_id, statement_id)
) WITHOUT ROWID;

CREATE INDEX statement_activities_statement ON statement_activities (statement_id);
