-- Erasure of a learner (issue 10): which remote received which statement,
-- so that an erased statement is voided where it went, and the record of
-- each erasure. (The rows a statement is found by are in its own row since
-- 0005, and go with it.)

-- A statement delivered to a forward target (the outbox row is deleted on
-- delivery). Erasing a statement queues its voiding for exactly these.
CREATE TABLE forward_delivered (
	statement_id uuid NOT NULL REFERENCES statements (id),
	target_id    bigint NOT NULL REFERENCES forward_targets (id),
	delivered_at timestamptz NOT NULL,
	PRIMARY KEY (statement_id, target_id)
);

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
	seq            bigserial PRIMARY KEY,
	learner_id     text NOT NULL,
	reason         text NOT NULL, -- 'patron', 'administrator' or 'retention'
	erased_at      timestamptz NOT NULL,
	registrations  integer NOT NULL,
	object_states  integer NOT NULL,
	statements     integer NOT NULL,
	documents      integer NOT NULL,
	attachments    integer NOT NULL,
	voided         integer NOT NULL, -- voiding statements queued for remotes
	dropped        integer NOT NULL  -- outbox rows removed unsent
);

-- The State and Agent Profile documents about one agent, to erase them.
CREATE INDEX documents_agent ON documents (agent_ifi) WHERE agent_ifi <> '';
