-- Notes the user edited, and version numbers that are never given twice.
-- A version the user edited names the version it came from (0: written by a model, as every version
-- before this was).
ALTER TABLE summaries ADD COLUMN edited_from INTEGER NOT NULL DEFAULT 0;

-- The highest version number a meeting has ever given: a deleted version's number is not given again,
-- so "version 3" always means the same notes. Existing meetings start from the versions they hold.
ALTER TABLE meetings ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
UPDATE meetings SET last_version = (SELECT COALESCE(MAX(version), 0) FROM summaries WHERE summaries.meeting_id = meetings.id);
