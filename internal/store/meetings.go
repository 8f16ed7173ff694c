package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"hushnote/internal/transcript"
)

// Meeting is a meeting's metadata, without its transcript.
type Meeting struct {
	ID           int64
	Title        string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	MeetingDate  time.Time // when the meeting took place; zero when unknown
	Duration     time.Duration
	SourceName   string // the file the transcript came from
	SourceFormat transcript.Format
	Language     string
	Speakers     []string
	SegmentCount int
	Notes        NotesSource // who wrote the newest finished summary; zero when there is none
}

// NotesSource is who wrote a meeting's newest finished summary: enough to say whether it was made on this
// device or in the cloud without reading the summary itself.
type NotesSource struct {
	Provider     string
	Model        string
	BaseURLHost  string
	MadeOnDevice bool // as the summary recorded it (Summary.MadeOnDevice)
}

// NewMeeting is what CreateMeeting stores.
type NewMeeting struct {
	Title       string
	MeetingDate time.Time
	SourceName  string
	Transcript  *transcript.Transcript
}

// ErrNoSegments is returned by CreateMeeting for a transcript without text.
var ErrNoSegments = errors.New("the transcript has no text")

// MaxSegments is the most segments one meeting can hold (a ten-hour meeting has a few thousand).
const MaxSegments = 1 << segmentBits

// segmentBits is how many low bits of a segment's id hold its index; the rest is the meeting's id.
const segmentBits = 20

// segmentRange is the first and last segment id a meeting can have.
func segmentRange(meetingID int64) (first, last int64) {
	return meetingID << segmentBits, meetingID<<segmentBits + MaxSegments - 1
}

// CreateMeeting stores a meeting and its transcript in one transaction and returns its ID.
func (s *Store) CreateMeeting(ctx context.Context, nm NewMeeting) (int64, error) {
	t := nm.Transcript
	if t == nil || len(t.Segments) == 0 {
		return 0, ErrNoSegments
	}
	if len(t.Segments) > MaxSegments {
		return 0, fmt.Errorf("the transcript has %d segments, more than the %d a meeting can hold", len(t.Segments), MaxSegments)
	}
	title := s.scrub.Scrub(strings.TrimSpace(nm.Title))
	if title == "" {
		title = "Untitled meeting"
	}
	names := nonNil(t.Speakers())
	speakerNo := make(map[string]int, len(names))
	clean := make([]string, len(names))
	for i, n := range names {
		speakerNo[n] = i + 1
		clean[i] = s.scrub.Scrub(n)
	}
	speakers, err := json.Marshal(clean)
	if err != nil {
		return 0, err
	}
	now := formatTime(s.now())
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// A deleted meeting's ID is not given again while the ledger names it: its rows must not come to
		// speak of another meeting.
		res, err := tx.ExecContext(ctx, `INSERT INTO meetings
			(id, title, created_at, updated_at, meeting_date, duration_ms, source_name, source_format, language, speakers, segment_count)
			VALUES (MAX((SELECT COALESCE(MAX(id), 0) FROM meetings), (SELECT COALESCE(MAX(meeting_id), 0) FROM egress)) + 1,
			?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			title, now, now, nullTime(nm.MeetingDate), t.Duration().Milliseconds(), s.scrub.Scrub(nm.SourceName), string(t.Format),
			s.scrub.Scrub(t.Language), string(speakers), len(t.Segments))
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO segments (id, start_ms, length_ms, speaker_no, text) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		first, _ := segmentRange(id)
		for i, seg := range t.Segments {
			if _, err := stmt.ExecContext(ctx, first+int64(i), seg.Start.Milliseconds(),
				max(0, seg.End-seg.Start).Milliseconds(), speakerNo[seg.Speaker], s.scrub.Scrub(seg.Text)); err != nil {
				return err
			}
		}
		return indexMeeting(ctx, tx, id)
	})
	if err != nil {
		return 0, fmt.Errorf("save the meeting %q: %w", title, err)
	}
	return id, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// meetingColumns are a meeting's columns, and who wrote its newest finished summary (through the
// summaries' unique (meeting_id, version) index), for a query over the meetings table.
const meetingColumns = `id, title, created_at, updated_at, meeting_date, duration_ms, source_name, source_format, language, speakers, segment_count,
	(SELECT provider || char(31) || model || char(31) || base_url_host || char(31) || on_device FROM summaries
	  WHERE summaries.meeting_id = meetings.id AND status = 'done' ORDER BY version DESC LIMIT 1)`

type scanner interface{ Scan(dest ...any) error }

func scanMeeting(row scanner) (Meeting, error) {
	var (
		m                          Meeting
		created, updated, speakers string
		date, notes                sql.NullString
		durMS                      int64
		format                     string
	)
	if err := row.Scan(&m.ID, &m.Title, &created, &updated, &date, &durMS, &m.SourceName, &format, &m.Language, &speakers, &m.SegmentCount, &notes); err != nil {
		return Meeting{}, err
	}
	if notes.Valid {
		if f := strings.SplitN(notes.String, "\x1f", 4); len(f) == 4 {
			m.Notes = NotesSource{Provider: f[0], Model: f[1], BaseURLHost: f[2], MadeOnDevice: f[3] == "1"}
		}
	}
	m.CreatedAt, m.UpdatedAt = parseTime(created), parseTime(updated)
	if date.Valid {
		m.MeetingDate = parseTime(date.String)
	}
	m.Duration = time.Duration(durMS) * time.Millisecond
	m.SourceFormat = transcript.Format(format)
	if err := json.Unmarshal([]byte(speakers), &m.Speakers); err != nil {
		return Meeting{}, fmt.Errorf("meeting %d: speakers: %w", m.ID, err)
	}
	return m, nil
}

// When is when the meeting took place: its date when known, else when it was imported.
func (m Meeting) When() time.Time {
	if m.MeetingDate.IsZero() {
		return m.CreatedAt
	}
	return m.MeetingDate
}

// speaker returns the name of speaker number no (1-based), or "" for none.
func (m Meeting) speaker(no int) string {
	if no < 1 || no > len(m.Speakers) {
		return ""
	}
	return m.Speakers[no-1]
}

// Meeting returns one meeting's metadata, or ErrNotFound.
func (s *Store) Meeting(ctx context.Context, id int64) (Meeting, error) {
	m, err := scanMeeting(s.db.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Meeting{}, ErrNotFound
	}
	return m, err
}

// ListMeetings returns up to limit meetings, newest first (by the meeting's date, else when it was
// imported), skipping the first offset.
func (s *Store) ListMeetings(ctx context.Context, offset, limit int) ([]Meeting, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+meetingColumns+` FROM meetings
		ORDER BY COALESCE(meeting_date, created_at) DESC, id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CountMeetings returns how many meetings the store holds.
func (s *Store) CountMeetings(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings`).Scan(&n)
	return n, err
}

// Segments returns a meeting's transcript in order, or ErrNotFound for an unknown meeting.
func (s *Store) Segments(ctx context.Context, meetingID int64) ([]transcript.Segment, error) {
	m, err := s.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	first, last := segmentRange(meetingID)
	rows, err := s.db.QueryContext(ctx, `SELECT start_ms, end_ms, speaker_no, text FROM segments
		WHERE id BETWEEN ? AND ? ORDER BY id`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]transcript.Segment, 0, m.SegmentCount)
	for rows.Next() {
		var seg transcript.Segment
		var start, end int64
		var no int
		if err := rows.Scan(&start, &end, &no, &seg.Text); err != nil {
			return nil, err
		}
		seg.Start, seg.End = time.Duration(start)*time.Millisecond, time.Duration(end)*time.Millisecond
		seg.Speaker = m.speaker(no)
		out = append(out, seg)
	}
	return out, rows.Err()
}

// RenameMeeting sets a meeting's title.
func (s *Store) RenameMeeting(ctx context.Context, id int64, title string) error {
	title = s.scrub.Scrub(strings.TrimSpace(title))
	if title == "" {
		return errors.New("a meeting's title cannot be empty")
	}
	return s.reindex(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET title = ?, updated_at = ? WHERE id = ?`, title, formatTime(s.now()), id)
		return err
	})
}

// SetMeetingDate sets when a meeting took place; the zero time means unknown.
func (s *Store) SetMeetingDate(ctx context.Context, id int64, date time.Time) error {
	return s.update(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET meeting_date = ?, updated_at = ? WHERE id = ?`, nullTime(date), formatTime(s.now()), id)
		return err
	})
}

// DeleteMeeting removes a meeting with its transcript, summaries and search entry in one transaction.
// Egress records stay: the text did leave the device.
func (s *Store) DeleteMeeting(ctx context.Context, id int64) error {
	return s.update(ctx, id, func(tx *sql.Tx) error {
		if err := unindexMeeting(ctx, tx, id); err != nil {
			return err
		}
		first, last := segmentRange(id)
		if _, err := tx.ExecContext(ctx, `DELETE FROM segments WHERE id BETWEEN ? AND ?`, first, last); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM meetings WHERE id = ?`, id)
		return err
	})
}

// update runs fn in a write transaction after checking that the meeting exists.
func (s *Store) update(ctx context.Context, id int64, fn func(tx *sql.Tx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM meetings WHERE id = ?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return fn(tx)
	})
}

// reindex runs fn, which changes what the search index holds for the meeting, and keeps the index in step.
func (s *Store) reindex(ctx context.Context, id int64, fn func(tx *sql.Tx) error) error {
	return s.update(ctx, id, func(tx *sql.Tx) error {
		if err := unindexMeeting(ctx, tx, id); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return indexMeeting(ctx, tx, id)
	})
}

// The index is external-content: it is told the exact text it indexed when an entry is removed, so removal
// must happen before the text changes.
func indexMeeting(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_fts (rowid, title, speakers, transcript, summary)
		SELECT id, title, speakers, transcript, summary FROM meeting_docs WHERE id = ?`, id)
	return err
}

func unindexMeeting(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meeting_fts (meeting_fts, rowid, title, speakers, transcript, summary)
		SELECT 'delete', id, title, speakers, transcript, summary FROM meeting_docs WHERE id = ?`, id)
	return err
}

// Version changes whenever a meeting is added, changed or removed, by this process or another; a screen
// polls it to know when to reload.
func (s *Store) Version(ctx context.Context) (string, error) {
	var n, maxID int64
	var maxUpdated, maxSummary string
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), ''),
		(SELECT COALESCE(MAX(updated_at), '') FROM summaries) FROM meetings`).Scan(&n, &maxID, &maxUpdated, &maxSummary)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d/%d/%s/%s", n, maxID, maxUpdated, maxSummary), nil
}
