-- The final notes of a summary still being written, saved as they stream: each save adds only what
-- arrived since the one before, so a save costs the same however long the answer has grown. A draft's
-- text is its summaries.text followed by its tails in order; the final save (and marking an
-- interrupted draft partial) folds them into summaries.text and deletes them.
CREATE TABLE summary_draft_tails (
    seq        INTEGER PRIMARY KEY, -- order of saving
    summary_id INTEGER NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL
);
CREATE INDEX summary_draft_tails_by_summary ON summary_draft_tails (summary_id, seq);
