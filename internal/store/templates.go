package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// StoredTemplate is a user's summary template as the store keeps it: a name and a JSON body the store does
// not interpret.
type StoredTemplate struct {
	Name      string
	Body      []byte // JSON
	CreatedAt time.Time
	UpdatedAt time.Time
}

func scanTemplate(row scanner) (StoredTemplate, error) {
	var t StoredTemplate
	var body, created, updated string
	err := row.Scan(&t.Name, &body, &created, &updated)
	t.Body = []byte(body)
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return t, err
}

// Templates returns every stored template, ordered by name.
func (s *Store) Templates(ctx context.Context) ([]StoredTemplate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, body, created_at, updated_at FROM templates ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredTemplate
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Template returns the stored template called name, or ErrNotFound.
func (s *Store) Template(ctx context.Context, name string) (StoredTemplate, error) {
	t, err := scanTemplate(s.db.QueryRowContext(ctx,
		`SELECT name, body, created_at, updated_at FROM templates WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return StoredTemplate{}, ErrNotFound
	}
	return t, err
}

// SaveTemplate stores body under name: a new template, or a new body for an existing one (which keeps its
// creation time).
func (s *Store) SaveTemplate(ctx context.Context, name string, body []byte) error {
	if name == "" {
		return errors.New("save a template: the name is empty")
	}
	now := formatTime(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO templates (name, body, created_at, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
			name, s.scrub.Scrub(string(body)), now, now)
		return err
	})
}

// DeleteTemplate removes the stored template called name, or returns ErrNotFound.
func (s *Store) DeleteTemplate(ctx context.Context, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM templates WHERE name = ?`, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}
