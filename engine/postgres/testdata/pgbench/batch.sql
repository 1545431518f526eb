-- A batch of 100 statements in one transaction: the statements and their
-- four related activities each (statement_activities), as StoreStatements
-- wrote them at migration 0001. Later migrations add rows (statement_agents)
-- that this script does not write.
\set c :client_id + 1
WITH ins AS (
	INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp)
	SELECT id, lode_doc(id, :c, now()), 'account::https://ce.library.example|learner-' || :c,
		'http://adlnet.gov/expapi/verbs/answered',
		'https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
		lode_reg(:c), now(), now()
	FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 100)) AS s
	RETURNING id, object_id)
INSERT INTO statement_activities (activity_id, statement_id)
SELECT a, id FROM ins, unnest(ARRAY[object_id,
	'https://ce.library.example/modules/reference-desk-basics/objects/check',
	'https://ce.library.example/modules/reference-desk-basics',
	'https://w3id.org/xapi/cmi5/v1.0']) AS a;
