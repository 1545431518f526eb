-- Signing out revokes a learner's cookies on the server: a learner cookie
-- restores the learner only if it was signed with the current generation.
ALTER TABLE learners ADD COLUMN cookie_generation bigint NOT NULL DEFAULT 0;
