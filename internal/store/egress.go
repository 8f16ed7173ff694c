package store

import (
	"context"
	"database/sql"
	"time"
)

// Egress records one request that carried transcript text off this device.
type Egress struct {
	ID       int64
	At       time.Time
	Provider string // preset name, e.g. "together"
	Host     string // host the text was sent to
	Proxy    string // the proxy it went through (host:port); "" for a direct connection
	Model    string // the model asked for
	// AnsweredBy is the model the service said answered, when it was not the one asked for.
	AnsweredBy string
	CharsSent  int
	MeetingID  int64 // 0 when the text belonged to no stored meeting
	// MeetingDeleted says the meeting MeetingID names has since been deleted; the row stays, since the
	// text did leave.
	MeetingDeleted bool
	TLS            bool
}

// Route is where the text went, in words: the host, and the proxy it went through ("api.together.ai
// via proxy.corp:3128").
func (e Egress) Route() string {
	if e.Proxy == "" {
		return e.Host
	}
	return e.Host + " via " + e.Proxy
}

// ModelLine is the model asked for, and the one that answered when it was another
// ("m (answered by n)").
func (e Egress) ModelLine() string {
	if e.AnsweredBy == "" {
		return e.Model
	}
	return e.Model + " (answered by " + e.AnsweredBy + ")"
}

// AddEgress appends a row to the egress ledger. At defaults to now.
func (s *Store) AddEgress(ctx context.Context, e Egress) (int64, error) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	var meeting any
	if e.MeetingID != 0 {
		meeting = e.MeetingID
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO egress (at, provider, host, proxy, model, answered_by, chars_sent, meeting_id, tls)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(e.At), s.scrub.Scrub(e.Provider), s.scrub.Scrub(e.Host), s.scrub.Scrub(e.Proxy),
			s.scrub.Scrub(e.Model), s.scrub.Scrub(e.AnsweredBy), e.CharsSent, meeting, e.TLS)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// SetEgressAnsweredBy notes on ledger row id the model the service said answered.
func (s *Store) SetEgressAnsweredBy(ctx context.Context, id int64, model string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE egress SET answered_by = ? WHERE id = ?`, s.scrub.Scrub(model), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// EgressLedger returns the ledger, newest first, at most limit rows (0: all).
func (s *Store) EgressLedger(ctx context.Context, limit int) ([]Egress, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.at, e.provider, e.host, e.proxy, e.model, e.answered_by, e.chars_sent,
		COALESCE(e.meeting_id, 0), e.meeting_id IS NOT NULL AND m.id IS NULL, e.tls
		FROM egress e LEFT JOIN meetings m ON m.id = e.meeting_id ORDER BY e.at DESC, e.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Egress
	for rows.Next() {
		var e Egress
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Provider, &e.Host, &e.Proxy, &e.Model, &e.AnsweredBy, &e.CharsSent, &e.MeetingID, &e.MeetingDeleted, &e.TLS); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
