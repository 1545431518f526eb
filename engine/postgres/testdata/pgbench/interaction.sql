-- An interaction with one statement, in one transaction: the object's
-- state and the statement, as RecordInteraction writes them.
\set c :client_id + 1
BEGIN;
INSERT INTO object_states (registration_id, object_id, state, completed, version, updated_at)
VALUES (lode_reg(:c), 'first-shift', '{"ticked":["tour","policy"]}', false, 1, now())
ON CONFLICT (registration_id, object_id) DO UPDATE
SET state = excluded.state, version = object_states.version + 1, updated_at = excluded.updated_at;
INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, activities, agents, related_agents)
SELECT id, lode_doc(id, :c, now()), 'account::https://ce.library.example|learner-' || :c,
	'http://adlnet.gov/expapi/verbs/answered',
	'https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
	lode_reg(:c), now(), now(), lode_activities(), '{}', lode_related_agents()
FROM (SELECT gen_random_uuid() AS id) AS s;
END;
