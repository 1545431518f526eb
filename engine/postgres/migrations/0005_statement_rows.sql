-- Everything a statement is found by, in the statement's own row.
--
-- Until now each statement also wrote about five rows into two link tables
-- (statement_activities, statement_agents), each with two indexes: most of
-- the cost of storing a statement, and a join on every query by agent.
-- Arrays in the row, indexed with GIN, answer the same questions with one
-- row per statement, so a batch is one COPY and a single statement one
-- INSERT.

-- activities: every activity the statement relates to (xAPI's
-- related_activities): its object, context activities and those of a
-- SubStatement.
--
-- agents: the agents and identified groups the agent parameter matches
-- other than the actor (whose IFI is actor_ifi): an agent object, and the
-- members of the actor or object. Most statements have none, and the
-- partial index leaves them out, so that writing them costs nothing there
-- and the agent query's second branch reads a small index.
--
-- related_agents: the others, as relation ':' IFI, where the relation is
--   a  the authority and its members;
--   r  related: instructor, team, context agents and groups, SubStatement
--      agents, which match only with related_agents.
-- The common query, by the actor, reads the ordered btree index on
-- actor_ifi and touches neither.
ALTER TABLE statements
	ADD COLUMN activities     text[] NOT NULL DEFAULT '{}',
	ADD COLUMN agents         text[] NOT NULL DEFAULT '{}',
	ADD COLUMN related_agents text[] NOT NULL DEFAULT '{}';

UPDATE statements s SET
	activities = coalesce((SELECT array_agg(a.activity_id ORDER BY a.activity_id)
		FROM statement_activities a WHERE a.statement_id = s.id), '{}'),
	agents = coalesce((SELECT array_agg(g.agent_ifi ORDER BY g.agent_ifi)
		FROM statement_agents g WHERE g.statement_id = s.id
			AND g.relation = 'direct' AND g.agent_ifi <> s.actor_ifi), '{}'),
	related_agents = coalesce((SELECT array_agg(left(g.relation, 1) || ':' || g.agent_ifi ORDER BY g.relation, g.agent_ifi)
		FROM statement_agents g WHERE g.statement_id = s.id AND g.relation <> 'direct'), '{}');

DROP TABLE statement_activities;
DROP TABLE statement_agents;

CREATE INDEX statements_activities     ON statements USING gin (activities);
CREATE INDEX statements_agents         ON statements USING gin (agents) WHERE agents <> '{}';
CREATE INDEX statements_related_agents ON statements USING gin (related_agents);

-- A learner's statements about one activity, newest first: the transcript
-- query, and the most common one the LRS answers.
CREATE INDEX statements_actor_object ON statements (actor_ifi, object_id, stored DESC, seq DESC);

-- Queue new statements for forwarding once per INSERT or COPY rather than
-- once per row: a row trigger ran a query for each statement stored.
DROP TRIGGER statements_forward ON statements;

CREATE OR REPLACE FUNCTION forward_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO forward_outbox (target_id, statement_id, stored)
	SELECT t.id, n.id, n.stored FROM forward_targets t CROSS JOIN inserted n
	WHERE t.active
	ORDER BY t.id, n.seq;
	RETURN NULL;
END
$$;

CREATE TRIGGER statements_forward AFTER INSERT ON statements
	REFERENCING NEW TABLE AS inserted
	FOR EACH STATEMENT EXECUTE FUNCTION forward_enqueue();

-- The planner needs statistics for the new indexes, and autovacuum may be
-- off or slow to come by.
ANALYZE statements;
