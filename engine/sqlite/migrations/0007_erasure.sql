-- Erasure of a learner (issue 10): which remote received which statement,
-- so that an erased statement is voided where it went; the record of each
-- erasure; and the rows a statement is found by, deleted with it.

-- A statement delivered to a forward target (the outbox row is deleted on
-- delivery). Erasing a statement queues its voiding for exactly these.
CREATE TABLE forward_delivered (
	statement_id TEXT NOT NULL REFERENCES statements (id),
	target_id    INTEGER NOT NULL REFERENCES forward_targets (id),
	delivered_at INTEGER NOT NULL,
	PRIMARY KEY (statement_id, target_id)
) WITHOUT ROWID;

-- What was delivered before this migration is not known exactly: a
-- statement stored after a target was created and no longer in its outbox
-- was delivered, unless the target was inactive meanwhile. Voiding a
-- statement a remote never received is harmless; failing to void one it
-- holds is not, so count them all as delivered.
INSERT INTO forward_delivered (statement_id, target_id, delivered_at)
	SELECT s.id, t.id, s.stored FROM forward_targets t JOIN statements s ON s.stored >= t.created_at
	WHERE NOT EXISTS (SELECT 1 FROM forward_outbox o WHERE o.target_id = t.id AND o.statement_id = s.id);

-- One row per erased learner: the random id only, never a name or email.
CREATE TABLE erasures (
	seq            INTEGER PRIMARY KEY AUTOINCREMENT,
	learner_id     TEXT NOT NULL,
	reason         TEXT NOT NULL, -- 'patron', 'administrator' or 'retention'
	erased_at      INTEGER NOT NULL,
	registrations  INTEGER NOT NULL,
	object_states  INTEGER NOT NULL,
	statements     INTEGER NOT NULL,
	documents      INTEGER NOT NULL,
	attachments    INTEGER NOT NULL,
	voided         INTEGER NOT NULL, -- voiding statements queued for remotes
	dropped        INTEGER NOT NULL  -- outbox rows removed unsent
);

-- The State and Agent Profile documents about one agent, to erase them.
CREATE INDEX documents_agent ON documents (agent_ifi) WHERE agent_ifi <> '';

-- The rows a statement is found by go with it, whoever deletes it.
CREATE TRIGGER statements_erase BEFORE DELETE ON statements
BEGIN
	DELETE FROM statement_agents WHERE statement_id = OLD.id;
	DELETE FROM statement_activities WHERE statement_id = OLD.id;
END;
