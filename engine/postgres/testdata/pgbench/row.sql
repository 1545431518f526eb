-- One statement row per transaction, with the statements table's indexes:
-- PostgreSQL's single-row insert rate for Lode's statements.
\set c :client_id + 1
INSERT INTO statements (id, statement, actor_ifi, verb_id, object_id, registration, stored, timestamp, activities, agents, related_agents)
SELECT id, lode_doc(id, :c, now()), 'account::https://ce.library.example|learner-' || :c,
	'http://adlnet.gov/expapi/verbs/answered',
	'https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
	lode_reg(:c), now(), now(), lode_activities(), '{}', lode_related_agents()
FROM (SELECT gen_random_uuid() AS id) AS s;
