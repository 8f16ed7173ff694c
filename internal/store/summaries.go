package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SummaryStatus is where a summary version stands.
type SummaryStatus string

// Summary statuses.
const (
	StatusDraft   SummaryStatus = "draft"   // being written
	StatusPartial SummaryStatus = "partial" // interrupted; holds what had arrived
	StatusFailed  SummaryStatus = "failed"  // the provider failed; Error says why
	StatusDone    SummaryStatus = "done"
)

// Summary is one version of a meeting's notes with where it came from.
type Summary struct {
	ID          int64
	MeetingID   int64
	Version     int
	Status      SummaryStatus
	Text        string // Markdown
	Error       string
	Provider    string
	Model       string
	BaseURLHost string
	// MadeOnDevice says every request for this version stayed on this computer, by the addresses the
	// dialer checked and what the model's server reported; false when any left, or it is not known.
	MadeOnDevice bool
	Template     string
	Language     string
	ChunkCount   int
	PromptTokens int
	AnswerTokens int
	FirstToken   time.Duration
	Duration     time.Duration
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

const summaryColumns = `id, meeting_id, version, status, ` + draftText + `, error, provider, model, base_url_host, on_device, template, language,
	chunk_count, prompt_tokens, answer_tokens, first_token_ms, duration_ms, created_at, updated_at`

func scanSummary(row scanner) (Summary, error) {
	var su Summary
	var firstMS, durMS int64
	var created, updated string
	err := row.Scan(&su.ID, &su.MeetingID, &su.Version, &su.Status, &su.Text, &su.Error, &su.Provider, &su.Model,
		&su.BaseURLHost, &su.MadeOnDevice, &su.Template, &su.Language, &su.ChunkCount, &su.PromptTokens, &su.AnswerTokens,
		&firstMS, &durMS, &created, &updated)
	su.FirstToken, su.Duration = time.Duration(firstMS)*time.Millisecond, time.Duration(durMS)*time.Millisecond
	su.CreatedAt, su.UpdatedAt = parseTime(created), parseTime(updated)
	return su, err
}

// AddSummary stores su as the meeting's next version (never replacing an earlier one) and returns it with
// its ID, version and times set.
func (s *Store) AddSummary(ctx context.Context, su Summary) (Summary, error) {
	if su.Status == "" {
		su.Status = StatusDraft
	}
	su = s.scrubSummary(su)
	now := s.now()
	su.CreatedAt, su.UpdatedAt = now, now
	err := s.reindex(ctx, su.MeetingID, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM summaries WHERE meeting_id = ?`,
			su.MeetingID).Scan(&su.Version); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO summaries (meeting_id, version, status, text, error, provider, model,
			base_url_host, on_device, template, language, chunk_count, prompt_tokens, answer_tokens, first_token_ms, duration_ms,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			su.MeetingID, su.Version, su.Status, su.Text, su.Error, su.Provider, su.Model, su.BaseURLHost, su.MadeOnDevice, su.Template,
			su.Language, su.ChunkCount, su.PromptTokens, su.AnswerTokens, su.FirstToken.Milliseconds(),
			su.Duration.Milliseconds(), formatTime(now), formatTime(now))
		if err != nil {
			return err
		}
		su.ID, err = res.LastInsertId()
		return err
	})
	return su, err
}

// UpdateSummary saves the text, status and provenance of an existing version, its whole text (what
// AppendDraft added is replaced by it).
func (s *Store) UpdateSummary(ctx context.Context, su Summary) error {
	su = s.scrubSummary(su)
	su.UpdatedAt = s.now()
	return s.reindex(ctx, su.MeetingID, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM summary_draft_tails WHERE summary_id = ?`, su.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE summaries SET status = ?, text = ?, error = ?, provider = ?, model = ?,
			base_url_host = ?, on_device = ?, template = ?, language = ?, chunk_count = ?, prompt_tokens = ?, answer_tokens = ?,
			first_token_ms = ?, duration_ms = ?, updated_at = ? WHERE id = ? AND meeting_id = ?`,
			su.Status, su.Text, su.Error, su.Provider, su.Model, su.BaseURLHost, su.MadeOnDevice, su.Template, su.Language, su.ChunkCount,
			su.PromptTokens, su.AnswerTokens, su.FirstToken.Milliseconds(), su.Duration.Milliseconds(),
			formatTime(su.UpdatedAt), su.ID, su.MeetingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// scrubSummary passes a version's texts through the store's Scrubber.
func (s *Store) scrubSummary(su Summary) Summary {
	for _, f := range []*string{&su.Text, &su.Error, &su.Provider, &su.Model, &su.BaseURLHost, &su.Template, &su.Language} {
		*f = s.scrub.Scrub(*f)
	}
	return su
}

// Summaries returns every version of a meeting's notes, oldest first.
func (s *Store) Summaries(ctx context.Context, meetingID int64) ([]Summary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+summaryColumns+` FROM summaries WHERE meeting_id = ? ORDER BY version`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		su, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, su)
	}
	return out, rows.Err()
}

// LatestSummary returns the version a meeting is known by: its newest finished summary, else (when
// none finished) its newest version; ErrNotFound when it has none. A failed or interrupted regeneration
// never hides the last good notes.
func (s *Store) LatestSummary(ctx context.Context, meetingID int64) (Summary, error) {
	su, err := scanSummary(s.db.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM summaries
		WHERE meeting_id = ? ORDER BY status = 'done' DESC, version DESC LIMIT 1`, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return Summary{}, ErrNotFound
	}
	return su, err
}
