-- The documents of the xAPI document resources: State, Activity Profile and
-- Agent Profile, told apart by kind. A kind leaves the key columns it does
-- not use empty: an activity profile has no agent, an agent profile no
-- activity, and only State has a registration ('' when none).
CREATE TABLE documents (
	kind         TEXT NOT NULL,             -- 'state', 'activity_profile' or 'agent_profile'
	activity_id  TEXT NOT NULL DEFAULT '',
	agent_ifi    TEXT NOT NULL DEFAULT '',  -- xapi.Agent.IFI
	registration TEXT NOT NULL DEFAULT '',  -- lower-case UUID
	document_id  TEXT NOT NULL,             -- stateId or profileId
	content_type TEXT NOT NULL,
	content      BLOB NOT NULL,
	etag         TEXT NOT NULL,             -- hex SHA-1 of content
	updated      INTEGER NOT NULL,          -- Unix nanoseconds, UTC
	PRIMARY KEY (kind, activity_id, agent_ifi, registration, document_id)
);
