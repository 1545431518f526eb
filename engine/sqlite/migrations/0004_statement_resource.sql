-- The xAPI Statement resource: statement references, the agents a
-- statement mentions, and attachment contents.

-- The lower-case id of the statement a StatementRef object targets, for
-- voiding and for matching queries through references.
ALTER TABLE statements ADD COLUMN ref_id TEXT;

CREATE INDEX statements_ref ON statements (ref_id) WHERE ref_id IS NOT NULL;

-- Every agent or identified group a statement mentions, by IFI, for xAPI's
-- agent and related_agents. relation is 'direct' for the actor and an agent
-- object (and their group members), which the agent parameter matches;
-- 'authority' for the authority (and its members), and 'related' for the
-- others (instructor, team, context agents and groups, SubStatement
-- agents), which match only with related_agents.
CREATE TABLE statement_agents (
	agent_ifi    TEXT NOT NULL,
	relation     TEXT NOT NULL,
	statement_id TEXT NOT NULL REFERENCES statements (id),
	PRIMARY KEY (agent_ifi, relation, statement_id)
) WITHOUT ROWID;

CREATE INDEX statement_agents_statement ON statement_agents (statement_id);

-- Statements stored before the LRS were Lode's own: an agent actor and an
-- activity object.
INSERT INTO statement_agents (agent_ifi, relation, statement_id)
	SELECT actor_ifi, 'direct', id FROM statements WHERE actor_ifi <> '';

-- The content of attachments sent without a fileUrl, once per SHA-256.
CREATE TABLE attachments (
	sha2       TEXT PRIMARY KEY, -- lower-case hex SHA-256 of content
	content    BLOB NOT NULL,
	created_at INTEGER NOT NULL
);
