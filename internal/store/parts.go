package store

import (
	"context"
	"database/sql"
	"time"
)

// SummaryPart is one finished piece of a summary: notes on one part of the transcript (Round 0) or one
// merge of notes (Round 1 and up). Key identifies its input, so a later run can reuse it.
type SummaryPart struct {
	SummaryID    int64
	Round        int
	Index        int
	Key          string
	Text         string
	PromptTokens int
	AnswerTokens int
	LimitChars   int // the part size (characters) the run cut the transcript to
	CreatedAt    time.Time
}

// SavePart stores a finished piece (replacing one with the same summary, round and index).
func (s *Store) SavePart(ctx context.Context, p SummaryPart) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO summary_parts
			(summary_id, round, idx, key, text, prompt_tokens, answer_tokens, limit_chars, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.SummaryID, p.Round, p.Index, s.scrub.Scrub(p.Key), s.scrub.Scrub(p.Text), p.PromptTokens, p.AnswerTokens, p.LimitChars, formatTime(s.now()))
		return err
	})
}

const partColumns = `p.summary_id, p.round, p.idx, p.key, p.text, p.prompt_tokens, p.answer_tokens, p.limit_chars, p.created_at`

// queryParts runs a query over summary_parts (aliased p) selecting partColumns.
func (s *Store) queryParts(ctx context.Context, query string, args ...any) ([]SummaryPart, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SummaryPart
	for rows.Next() {
		var p SummaryPart
		var created string
		if err := rows.Scan(&p.SummaryID, &p.Round, &p.Index, &p.Key, &p.Text, &p.PromptTokens, &p.AnswerTokens, &p.LimitChars, &created); err != nil {
			return nil, err
		}
		p.CreatedAt = parseTime(created)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Parts returns a summary version's finished pieces by round and index.
func (s *Store) Parts(ctx context.Context, summaryID int64) ([]SummaryPart, error) {
	return s.queryParts(ctx, `SELECT `+partColumns+` FROM summary_parts p WHERE p.summary_id = ? ORDER BY p.round, p.idx`, summaryID)
}

// PartsByKey returns, for each key, the newest finished piece of the meeting's summaries with that
// input: what a resumed run can reuse instead of asking the model again.
func (s *Store) PartsByKey(ctx context.Context, meetingID int64) (map[string]SummaryPart, error) {
	parts, err := s.queryParts(ctx, `SELECT `+partColumns+` FROM summary_parts p JOIN summaries su ON su.id = p.summary_id
		WHERE su.meeting_id = ? ORDER BY p.summary_id`, meetingID)
	out := make(map[string]SummaryPart, len(parts))
	for _, p := range parts { // in summary order: the newest wins
		out[p.Key] = p
	}
	return out, err
}

// MarkInterrupted turns the meeting's drafts that have not been written to for olderThan into partial
// versions, with their streamed text whole: their process is gone (a crash, a kill, a power cut). It
// returns how many it marked.
func (s *Store) MarkInterrupted(ctx context.Context, meetingID int64, olderThan time.Duration) (int, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE summaries SET status = ?, error = ?, text = `+draftText+`
			WHERE meeting_id = ? AND status = ? AND updated_at < ?`,
			StatusPartial, "interrupted before it finished", meetingID, StatusDraft, formatTime(s.now().Add(-olderThan)))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM summary_draft_tails WHERE summary_id IN
			(SELECT id FROM summaries WHERE meeting_id = ? AND status != ?)`, meetingID, StatusDraft)
		return err
	})
	return int(n), err
}

// TouchSummary marks a draft as still being written (its process is alive), without changing it.
func (s *Store) TouchSummary(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE summaries SET updated_at = ? WHERE id = ?`, formatTime(s.now()), id)
		return err
	})
}

// SaveDraft sets the text of a summary still being written (dropping what AppendDraft added), as when
// its answer starts again. Only finished summaries are in the search index, so this leaves it alone; the
// final save (UpdateSummary) indexes the notes. Not for a finished summary: use UpdateSummary.
func (s *Store) SaveDraft(ctx context.Context, id int64, text string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE summaries SET text = ?, updated_at = ? WHERE id = ? AND status != 'done'`, s.scrub.Scrub(text), formatTime(s.now()), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM summary_draft_tails WHERE summary_id = ?`, id)
		return err
	})
}

// AppendDraft adds tail to the text of a summary still being written, without rewriting what was saved
// before: a save costs the same however long the answer has grown. Reads see the text whole. Not for a
// finished summary (it is left as it is).
func (s *Store) AppendDraft(ctx context.Context, id int64, tail string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE summaries SET updated_at = ? WHERE id = ? AND status != 'done'`, formatTime(s.now()), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || tail == "" {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO summary_draft_tails (summary_id, text) VALUES (?, ?)`, id, s.scrub.Scrub(tail))
		return err
	})
}

// draftText is a summary's whole text in SQL, over the summaries table: what was saved in it, then the
// tails appended since.
const draftText = `(summaries.text || COALESCE((SELECT group_concat(t.text, '' ORDER BY t.seq)
	FROM summary_draft_tails t WHERE t.summary_id = summaries.id), ''))`
