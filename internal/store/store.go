// Package store keeps every meeting, transcript, summary, setting and egress record in one SQLite file on
// the device (modernc.org/sqlite, pure Go).
//
// The database runs in WAL mode with foreign keys on and a busy timeout, and every write takes the write
// lock up front (BEGIN IMMEDIATE), so the desktop app and a command-line process can use the same file at
// the same time. The schema is a list of numbered migrations embedded in the binary; opening an older
// database upgrades it, opening a newer one is refused before anything is touched.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's file name inside the data folder.
const FileName = "hushnote.db"

// pageSize is the page size of a new database: large pages waste less of each page on long transcript
// rows and on the search index's leaves.
const pageSize = 16384

// busyTimeout is how long a statement waits for another process's write to finish before failing.
const busyTimeout = 10 * time.Second

// ErrNotFound is returned when a meeting, summary or setting does not exist.
var ErrNotFound = errors.New("not found")

// SchemaTooNewError is returned by Open for a database written by a newer Hushnote.
type SchemaTooNewError struct {
	Path  string
	Found int // schema version in the file
	Known int // newest schema version this build knows
}

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("%s was written by a newer version of Hushnote (schema %d; this version knows up to %d): "+
		"update Hushnote to open it; the file was left untouched", e.Path, e.Found, e.Known)
}

// Store is an open database. It is safe for concurrent use.
type Store struct {
	db         *sql.DB
	path       string
	now        func() time.Time
	scrub      Scrubber
	rankBudget time.Duration // how long ranking a search may take (rankBudget)
}

// Option configures Open.
type Option func(*options)

type options struct {
	now        func() time.Time
	scrub      Scrubber
	upToStep   int           // apply migrations only up to this number (0: all); for upgrade tests
	rankBudget time.Duration // for tests of searches too costly to rank
}

// WithClock makes the store read the time from now instead of time.Now.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// Scrubber removes secrets from text; *redact.Redactor is the one Hushnote uses.
type Scrubber interface {
	Scrub(text string) string
}

// WithScrubber makes the store pass every text it writes through sc first: titles, transcripts, speaker
// names, summaries with their drafts, parts and errors, settings, templates and the ledger's names. An
// API key a service echoed therefore never reaches the database file, its write-ahead log or the search
// index. Without it (or with nil), text is written as given.
func WithScrubber(sc Scrubber) Option {
	return func(o *options) {
		if sc != nil {
			o.scrub = sc
		}
	}
}

// keep is the Scrubber that changes nothing.
type keep struct{}

func (keep) Scrub(text string) string { return text }

// Open opens (creating if needed) the database at path and brings its schema up to date. A new file is
// created readable by its owner only.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	o := options{now: time.Now, scrub: keep{}, rankBudget: rankBudget}
	for _, opt := range opts {
		opt(&o)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the database: %w", err)
	}
	f.Close()

	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_foreign_keys", "1")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	q.Set("_pragma", "page_size("+fmt.Sprint(pageSize)+")") // only a new file takes it
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open the database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: o.now, scrub: o.scrub, rankBudget: o.rankBudget}
	// Nothing is written before the version check, not even the switch to WAL: a newer Hushnote's file
	// stays exactly as it was.
	err = s.refuseNewer(ctx)
	if err == nil {
		err = s.useWAL(ctx)
	}
	if err == nil {
		err = s.migrate(ctx, o.upToStep)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// useWAL puts the database in write-ahead-log mode (kept in the file, so every later connection uses it):
// readers do not wait for a writer, and the app and a command can share the file.
func (s *Store) useWAL(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("open the database %s: %w", s.path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("open the database %s: it stays in %s journal mode instead of WAL", s.path, mode)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// IntegrityCheck runs SQLite's integrity check and returns its verdict ("ok" when the file is sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// inTx runs fn in one write transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// changedRows returns the error of an Exec, or ErrNotFound when it changed no row.
func changedRows(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return err
}

// timeLayout is how times are stored: fixed width, UTC, so text order is time order.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// Checkpoint copies the write-ahead log into the database file and truncates it; it returns the number
// of pages the log held.
func (s *Store) Checkpoint(ctx context.Context) (int, error) {
	var busy, logPages, done int
	err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done)
	return logPages, err
}
