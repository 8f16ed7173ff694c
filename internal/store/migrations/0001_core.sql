-- Meetings, their transcript segments, summary versions, settings and the egress ledger.
-- Times are stored as RFC 3339 UTC text; durations and offsets as integer milliseconds.

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    meeting_date  TEXT,                         -- when the meeting took place, if known
    duration_ms   INTEGER NOT NULL DEFAULT 0,
    source_name   TEXT    NOT NULL DEFAULT '',  -- file name the transcript came from
    source_format TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    speakers      TEXT    NOT NULL DEFAULT '[]', -- JSON array, in order of first appearance
    segment_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meetings_newest ON meetings (created_at DESC, id DESC);

-- A meeting's segments are one key range: id = meeting id * 2^20 + index, so reading or deleting a
-- transcript is a range scan and no second index is needed. speaker_no is 1-based into the meeting's
-- speakers list, 0 when the segment names nobody. The length is stored rather than the end (a smaller
-- number); meeting_id, idx and end_ms are computed, not stored.
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    start_ms   INTEGER NOT NULL DEFAULT 0,
    length_ms  INTEGER NOT NULL DEFAULT 0,
    speaker_no INTEGER NOT NULL DEFAULT 0,
    text       TEXT    NOT NULL,
    meeting_id INTEGER GENERATED ALWAYS AS (id >> 20) VIRTUAL,
    idx        INTEGER GENERATED ALWAYS AS (id & 1048575) VIRTUAL,
    end_ms     INTEGER GENERATED ALWAYS AS (start_ms + length_ms) VIRTUAL
);

-- One row per summary version. Provenance columns are filled by the summarizer.
CREATE TABLE summaries (
    id                  INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version             INTEGER NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'draft', -- draft, partial, failed, done
    text                TEXT    NOT NULL DEFAULT '',
    error               TEXT    NOT NULL DEFAULT '',
    provider            TEXT    NOT NULL DEFAULT '',
    model               TEXT    NOT NULL DEFAULT '',
    base_url_host       TEXT    NOT NULL DEFAULT '',
    template            TEXT    NOT NULL DEFAULT '',
    language            TEXT    NOT NULL DEFAULT '',
    chunk_count         INTEGER NOT NULL DEFAULT 0,
    prompt_tokens       INTEGER NOT NULL DEFAULT 0,
    answer_tokens       INTEGER NOT NULL DEFAULT 0,
    first_token_ms      INTEGER NOT NULL DEFAULT 0,
    duration_ms         INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (meeting_id, version)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- What left this device: one row per request that carried transcript text off the machine.
CREATE TABLE egress (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    provider   TEXT    NOT NULL,
    host       TEXT    NOT NULL,
    model      TEXT    NOT NULL,
    chars_sent INTEGER NOT NULL,
    meeting_id INTEGER,          -- kept after the meeting is deleted: the text did leave
    tls        INTEGER NOT NULL
);
