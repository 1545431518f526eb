-- Run after Lode's migrations, in the database pgbench writes to: learners
-- and registrations for 64 clients, and functions that make the rows Lode
-- writes for one statement (engine/postgres lodeStatement: a quiz answer,
-- 1,664 bytes of JSON, four related activities).

CREATE FUNCTION lode_reg(c integer) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
	SELECT overlay(overlay(md5('pgbench-' || c) placing '4' from 13) placing '8' from 17)::uuid
$$;

CREATE FUNCTION lode_doc(id uuid, c integer, at timestamptz) RETURNS jsonb LANGUAGE sql STABLE AS $$
	SELECT jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(
		'{"id":"0def0982-6447-4a05-9137-f2cbc7cdf79e","actor":{"objectType":"Agent","name":"Ada Reader","account":{"homePage":"https://ce.library.example","name":"learner-0"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},"object":{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics/objects/check/questions/open-question","definition":{"name":{"en-US":"A patron says \"I need a book on dogs.\" What is the best first reply?"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice","correctResponsesPattern":["p1"],"choices":[{"id":"p1","description":{"en-US":"\"What would you like to know about dogs?\""}},{"id":"p2","description":{"en-US":"\"The 636.7 shelf is over there.\""}},{"id":"p3","description":{"en-US":"\"Do you have a library card?\""}}]}},"result":{"score":{"scaled":1,"raw":1,"min":0,"max":1},"success":true,"response":"p1 p","duration":"PT12.5S"},"context":{"registration":"5b9d3a57-1d2c-4e8f-9a0b-3c4d5e6f7a8b","contextActivities":{"parent":[{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics/objects/check"}],"grouping":[{"objectType":"Activity","id":"https://ce.library.example/modules/reference-desk-basics"}],"category":[{"objectType":"Activity","id":"https://w3id.org/xapi/cmi5/v1.0","definition":{"type":"http://adlnet.gov/expapi/activities/profile"}}]},"platform":"Lode","language":"en-US","extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"fc791525-2255-5860-a02e-e8d6eccd98d8"}},"timestamp":"2026-03-02T14:05:06.789012Z","stored":"2026-03-02T14:05:06.789012Z","version":"1.0.3"}'::jsonb,
		'{id}', to_jsonb(id::text)),
		'{actor,account,name}', to_jsonb('learner-' || c)),
		'{context,registration}', to_jsonb(lode_reg(c)::text)),
		'{timestamp}', to_jsonb(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))),
		'{stored}', to_jsonb(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
$$;

INSERT INTO learners (id, created_at, updated_at)
SELECT 'learner-' || c, now(), now() FROM generate_series(1, 64) AS c;

INSERT INTO registrations (id, learner_id, module_id, started_at, updated_at)
SELECT lode_reg(c), 'learner-' || c, 'reference-desk-basics', now(), now() FROM generate_series(1, 64) AS c;
