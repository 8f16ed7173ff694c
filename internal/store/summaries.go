package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
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
	// EditedFrom is the number of the version the user edited into this one, which keeps that version's
	// provenance (the notes were shaped by its model); 0 for notes written by a model.
	EditedFrom int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

const summaryColumns = `id, meeting_id, version, status, ` + draftText + `, error, provider, model, base_url_host, on_device, template, language,
	chunk_count, prompt_tokens, answer_tokens, first_token_ms, duration_ms, edited_from, created_at, updated_at`

func scanSummary(row scanner) (Summary, error) {
	var su Summary
	var firstMS, durMS int64
	var created, updated string
	err := row.Scan(&su.ID, &su.MeetingID, &su.Version, &su.Status, &su.Text, &su.Error, &su.Provider, &su.Model,
		&su.BaseURLHost, &su.MadeOnDevice, &su.Template, &su.Language, &su.ChunkCount, &su.PromptTokens, &su.AnswerTokens,
		&firstMS, &durMS, &su.EditedFrom, &created, &updated)
	su.FirstToken, su.Duration = time.Duration(firstMS)*time.Millisecond, time.Duration(durMS)*time.Millisecond
	su.CreatedAt, su.UpdatedAt = parseTime(created), parseTime(updated)
	return su, err
}

// AddSummary stores su as the meeting's next version (never replacing an earlier one) and returns it with
// its ID, version and times set. A version number is given once: one whose version was deleted is not
// given again.
func (s *Store) AddSummary(ctx context.Context, su Summary) (Summary, error) {
	if su.Status == "" {
		su.Status = StatusDraft
	}
	su = s.scrubSummary(su)
	err := s.reindex(ctx, su.MeetingID, func(tx *sql.Tx) error { return s.insertSummary(ctx, tx, &su) })
	return su, err
}

// insertSummary stores su (already scrubbed) as its meeting's next version, setting its ID, version and
// times.
func (s *Store) insertSummary(ctx context.Context, tx *sql.Tx, su *Summary) error {
	now := s.now()
	su.CreatedAt, su.UpdatedAt = now, now
	// last_version is the highest number ever given; the MAX also covers versions a build before it added.
	if err := tx.QueryRowContext(ctx, `SELECT MAX(last_version, (SELECT COALESCE(MAX(version), 0) FROM summaries WHERE meeting_id = meetings.id)) + 1
		FROM meetings WHERE id = ?`, su.MeetingID).Scan(&su.Version); errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound // the meeting was deleted meanwhile
	} else if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET last_version = ? WHERE id = ?`, su.Version, su.MeetingID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO summaries (meeting_id, version, status, text, error, provider, model,
		base_url_host, on_device, template, language, chunk_count, prompt_tokens, answer_tokens, first_token_ms, duration_ms,
		edited_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		su.MeetingID, su.Version, su.Status, su.Text, su.Error, su.Provider, su.Model, su.BaseURLHost, su.MadeOnDevice, su.Template,
		su.Language, su.ChunkCount, su.PromptTokens, su.AnswerTokens, su.FirstToken.Milliseconds(),
		su.Duration.Milliseconds(), su.EditedFrom, formatTime(now), formatTime(now))
	if err != nil {
		return err
	}
	su.ID, err = res.LastInsertId()
	return err
}

// ErrEmptyNotes is returned by AddEditedSummary for notes with no text: deleting a version is how notes
// are removed.
var ErrEmptyNotes = errors.New("the notes cannot be empty")

// AddEditedSummary stores text, the user's edit of version fromID (a summary ID) of the meeting, as the
// meeting's next version, finished. The new version keeps fromID's provenance (provider, model, host,
// where it was made, template and language: the notes were shaped by that model) and names its number
// in EditedFrom; its tokens, parts and times are zero. Version fromID is left as it was. It returns
// ErrNotFound when the meeting has no such version and ErrEmptyNotes when text has only spaces.
func (s *Store) AddEditedSummary(ctx context.Context, meetingID, fromID int64, text string) (Summary, error) {
	if strings.TrimSpace(text) == "" {
		return Summary{}, ErrEmptyNotes
	}
	var su Summary
	err := s.reindex(ctx, meetingID, func(tx *sql.Tx) error {
		from, err := scanSummary(tx.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM summaries WHERE id = ? AND meeting_id = ?`, fromID, meetingID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		su = s.scrubSummary(Summary{MeetingID: meetingID, Status: StatusDone, Text: text, Provider: from.Provider, Model: from.Model,
			BaseURLHost: from.BaseURLHost, MadeOnDevice: from.MadeOnDevice, Template: from.Template, Language: from.Language,
			EditedFrom: from.Version})
		return s.insertSummary(ctx, tx, &su)
	})
	if err != nil {
		return Summary{}, err
	}
	return su, nil
}

// DeleteSummary removes version summaryID of the meeting with its parts and unsaved draft text, and
// returns ErrNotFound when the meeting has no such version. The meeting is then known by (searched by,
// and its Notes tell of) its newest remaining finished version; the deleted version's number is not
// given again.
func (s *Store) DeleteSummary(ctx context.Context, meetingID, summaryID int64) error {
	return s.reindex(ctx, meetingID, func(tx *sql.Tx) error {
		if err := changedRows(tx.ExecContext(ctx, `DELETE FROM summaries WHERE id = ? AND meeting_id = ?`, summaryID, meetingID)); err != nil {
			return err
		}
		// Its parts and draft tails go with it (ON DELETE CASCADE); said here too, not to depend on it.
		for _, q := range []string{`DELETE FROM summary_parts WHERE summary_id = ?`, `DELETE FROM summary_draft_tails WHERE summary_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, summaryID); err != nil {
				return err
			}
		}
		// The meeting changed (its notes may now be another version's): screens polling Version reload.
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET updated_at = ? WHERE id = ?`, formatTime(s.now()), meetingID)
		return err
	})
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
		return changedRows(tx.ExecContext(ctx, `UPDATE summaries SET status = ?, text = ?, error = ?, provider = ?, model = ?,
			base_url_host = ?, on_device = ?, template = ?, language = ?, chunk_count = ?, prompt_tokens = ?, answer_tokens = ?,
			first_token_ms = ?, duration_ms = ?, updated_at = ? WHERE id = ? AND meeting_id = ?`,
			su.Status, su.Text, su.Error, su.Provider, su.Model, su.BaseURLHost, su.MadeOnDevice, su.Template, su.Language, su.ChunkCount,
			su.PromptTokens, su.AnswerTokens, su.FirstToken.Milliseconds(), su.Duration.Milliseconds(),
			formatTime(su.UpdatedAt), su.ID, su.MeetingID))
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
