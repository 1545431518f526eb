-- Module versions and failure on registrations: the version a learner
-- started and the one they completed (a certificate names it), and when a
-- mastery score was missed for good (cmi5 failed). '' for registrations
-- made before versions were kept.
ALTER TABLE registrations ADD COLUMN started_version TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN completed_version TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN failed_at INTEGER;
