-- The meeting list is newest first by when the meeting took place (its date, set from the file or by the
-- user), else by when it was imported: the date each row shows.
DROP INDEX meetings_newest;
CREATE INDEX meetings_by_date ON meetings (COALESCE(meeting_date, created_at) DESC, id DESC);
