-- The pieces of a summary as they finish: the notes on each part of the transcript (round 0) and each
-- merge of notes (round 1, 2, ...). An interrupted summary keeps them, and the next run reuses those
-- whose input is the same (key: a hash of what the model was given).
CREATE TABLE summary_parts (
    summary_id    INTEGER NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    idx           INTEGER NOT NULL,
    key           TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    answer_tokens INTEGER NOT NULL DEFAULT 0,
    limit_chars   INTEGER NOT NULL DEFAULT 0, -- the part size the run cut the transcript to
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (summary_id, round, idx)
) WITHOUT ROWID;
CREATE INDEX summary_parts_key ON summary_parts (key);
