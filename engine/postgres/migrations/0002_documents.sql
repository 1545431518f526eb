-- The documents of the xAPI document resources: State, Activity Profile and
-- Agent Profile, told apart by kind. A kind leaves the key columns it does
-- not use empty: an activity profile has no agent, an agent profile no
-- activity, and only State has a registration ('' when none, so that the
-- primary key can hold it).
CREATE TABLE documents (
	kind         text NOT NULL,             -- 'state', 'activity_profile' or 'agent_profile'
	activity_id  text NOT NULL DEFAULT '',
	agent_ifi    text NOT NULL DEFAULT '',  -- xapi.Agent.IFI
	registration text NOT NULL DEFAULT '',  -- lower-case UUID
	document_id  text NOT NULL,             -- stateId or profileId
	content_type text NOT NULL,
	content      bytea NOT NULL,
	etag         text NOT NULL,             -- hex SHA-1 of content
	updated      timestamptz NOT NULL,
	PRIMARY KEY (kind, activity_id, agent_ifi, registration, document_id)
);
