-- An interaction with one statement, in one transaction: the object's
-- state, the statement and its four related activities (statement_activities),
-- as RecordInteraction wrote them at migration 0001. Later migrations add
-- rows (statement_agents) that this script does not write.
\set c :client_id + 1
BEGIN;
INSERT INTO object_states (registration_id, object_id, state, completed, version, updated_at)
VALUES (lode_reg(:c), 'first-shift', '{"ticked":["tour","policy"]}', false, 1, now())
ON CONFLICT (registration_id, object_id) DO UPDATE
SET state = excluded.state, version = object_states.version + 1, updated_at = excluded.updated_at;
WITH ins AS (
	INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp)
	SELECT id, lode_doc(id, :c, now()), 'account::https://ce.library.example|learner-' || :c,
		'http://adlnet.gov/expapi/verbs/answered',
		'https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
		lode_reg(:c), now(), now()
	FROM (SELECT gen_random_uuid() AS id) AS s
	RETURNING id, object_id)
INSERT INTO statement_activities (activity_id, statement_id)
SELECT a, id FROM ins, unnest(ARRAY[object_id,
	'https://ce.library.example/modules/reference-desk-basics/objects/check',
	'https://ce.library.example/modules/reference-desk-basics',
	'https://w3id.org/xapi/cmi5/v1.0']) AS a;
END;
