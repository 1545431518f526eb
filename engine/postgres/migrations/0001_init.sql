CREATE TABLE learners (
	id         text PRIMARY KEY,
	name       text NOT NULL DEFAULT '',
	email      text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE registrations (
	id             uuid PRIMARY KEY,
	learner_id     text NOT NULL REFERENCES learners (id),
	module_id      text NOT NULL,
	current_object text NOT NULL DEFAULT '',
	started_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL,
	completed_at   timestamptz,
	UNIQUE (learner_id, module_id)
);

-- state is json, not jsonb: a plugin gets back exactly the bytes it gave.
CREATE TABLE object_states (
	registration_id uuid NOT NULL REFERENCES registrations (id),
	object_id       text NOT NULL,
	state           json,
	completed       boolean NOT NULL DEFAULT false,
	success         boolean,
	scaled          double precision,
	version         bigint NOT NULL,
	updated_at      timestamptz NOT NULL,
	PRIMARY KEY (registration_id, object_id)
);

-- seq orders statements stored at the same instant, for keyset paging on
-- (stored, seq).
CREATE TABLE statements (
	id           uuid PRIMARY KEY,
	seq          bigserial NOT NULL,
	statement    jsonb NOT NULL,
	actor_ifi    text NOT NULL,
	verb_id      text NOT NULL,
	object_id    text,        -- set when the object is an activity
	registration uuid,
	stored       timestamptz NOT NULL,
	timestamp    timestamptz,
	voided       boolean NOT NULL DEFAULT false
);

CREATE INDEX statements_stored       ON statements (stored DESC, seq DESC);
CREATE INDEX statements_actor        ON statements (actor_ifi, stored DESC, seq DESC);
CREATE INDEX statements_verb         ON statements (verb_id, stored DESC, seq DESC);
CREATE INDEX statements_object       ON statements (object_id, stored DESC, seq DESC);
CREATE INDEX statements_registration ON statements (registration, stored DESC, seq DESC);

-- Every activity a statement relates to (its object and context activities),
-- for xAPI's related_activities.
CREATE TABLE statement_activities (
	activity_id  text NOT NULL,
	statement_id uuid NOT NULL REFERENCES statements (id),
	PRIMARY KEY (activity_id, statement_id)
);

CREATE INDEX statement_activities_statement ON statement_activities (statement_id);
