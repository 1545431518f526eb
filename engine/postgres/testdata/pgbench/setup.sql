-- Run after Lode's migrations, in the database pgbench writes to: learners
-- and registrations for 64 clients, and functions that make the rows Lode
-- writes for one statement (engine/postgres lodeStatement: a quiz answer,
-- 1,786 bytes of JSON, four related activities, the engine as authority).

CREATE FUNCTION lode_reg(c integer) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
	SELECT overlay(overlay(md5('pgbench-' || c) placing '4' from 13) placing '8' from 17)::uuid
$$;

-- lode_doc is the statement's JSON, as Lode sends it: text that PostgreSQL
-- parses into jsonb, as it does Lode's. Filling a text template costs the
-- server less than building the document with jsonb functions, so that
-- pgbench's rate is not held back by making its rows.
CREATE FUNCTION lode_doc(id uuid, c integer, at timestamptz) RETURNS jsonb LANGUAGE sql STABLE AS $$
	SELECT replace(replace(replace(replace(
		'{"id":"@ID@","actor":{"objectType":"Agent","name":"Ada Reader","account":{"homePage":"https://ce.library.example","name":"@LEARNER@"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},"object":{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question","definition":{"name":{"en-US":"A patron says \"I need a book on dogs.\" What is the best first reply?"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice","correctResponsesPattern":["p1"],"choices":[{"id":"p1","description":{"en-US":"\"What would you like to know about dogs?\""}},{"id":"p2","description":{"en-US":"\"The 636.7 shelf is over there.\""}},{"id":"p3","description":{"en-US":"\"Do you have a library card?\""}}]}},"result":{"score":{"scaled":1,"raw":1,"min":0,"max":1},"success":true,"response":"p1 p","duration":"PT12.5S"},"context":{"registration":"@REG@","contextActivities":{"parent":[{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics/objects/check"}],"grouping":[{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics"}],"category":[{"objectType":"Activity","id":"https://w3id.org/xapi/cmi5/v1.0","definition":{"type":"http://adlnet.gov/expapi/activities/profile"}}]},"platform":"Lode","language":"en-US","extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"ca979fd5-7ee9-5b64-8f58-1dc80fc22130"}},"timestamp":"@AT@","stored":"@AT@","authority":{"objectType":"Agent","name":"Lode","account":{"homePage":"https://ce.library.example","name":"lode engine"}},"version":"1.0.3"}',
		'@ID@', id::text), '@LEARNER@', 'learner-' || c), '@REG@', lode_reg(c)::text),
		'@AT@', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::jsonb
$$;

-- The activities and related_agents columns of such a statement (migration
-- 0005); its agents column is empty.
CREATE FUNCTION lode_activities() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question',
		'https://ce.library.example/modules/reference-desk-basics/objects/check',
		'https://ce.library.example/modules/reference-desk-basics',
		'https://w3id.org/xapi/cmi5/v1.0']
$$;

CREATE FUNCTION lode_related_agents() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['a:account::https://ce.library.example|lode engine']
$$;

INSERT INTO learners (id, created_at, updated_at)
SELECT 'learner-' || c, now(), now() FROM generate_series(1, 64) AS c;

INSERT INTO registrations (id, learner_id, module_id, started_at, updated_at)
SELECT lode_reg(c), 'learner-' || c, 'reference-desk-basics', now(), now() FROM generate_series(1, 64) AS c;
