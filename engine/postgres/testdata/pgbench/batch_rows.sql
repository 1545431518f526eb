-- 100 statement rows in one multi-row INSERT (one transaction):
-- PostgreSQL's batched insert rate for Lode's statements.
\set c :client_id + 1
INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, activities, agents, related_agents)
SELECT id, lode_doc(id, :c, now()), 'account::https://ce.library.example|learner-' || :c,
	'http://adlnet.gov/expapi/verbs/answered',
	'https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
	lode_reg(:c), now(), now(), lode_activities(), '{}', lode_related_agents()
FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 100)) AS s;
