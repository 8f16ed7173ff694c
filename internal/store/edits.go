package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxSpeakerName is the longest speaker name RenameSpeaker takes, in characters.
const MaxSpeakerName = 100

// Errors of RenameSpeaker and SetSegmentText, in the user's terms.
var (
	ErrUnknownSpeaker     = errors.New("no speaker of this meeting has that name")
	ErrEmptySpeakerName   = errors.New("a speaker's name cannot be empty")
	ErrSpeakerNameTooLong = fmt.Errorf("a speaker's name can be at most %d characters long", MaxSpeakerName)
	ErrEmptySegment       = errors.New("a segment's text cannot be empty: the words said cannot be removed, only corrected")
)

// RenameSpeaker gives speaker old of the meeting the name new (spaces around it trimmed) in every segment
// and returns how many segments now carry the new name. When new is already a speaker of the meeting the
// two become one: their segments carry the new name and the list of speakers names it once, in the order
// of first appearance. Search finds the meeting by the new name and no longer by the old one; a summary
// written afterwards reads the new name. Errors: ErrNotFound for an unknown meeting, ErrUnknownSpeaker,
// ErrEmptySpeakerName, ErrSpeakerNameTooLong.
func (s *Store) RenameSpeaker(ctx context.Context, meetingID int64, old, new string) (int, error) {
	new = strings.TrimSpace(new)
	if new == "" {
		return 0, ErrEmptySpeakerName
	}
	if utf8.RuneCountInString(new) > MaxSpeakerName {
		return 0, ErrSpeakerNameTooLong
	}
	new = s.scrub.Scrub(new)
	var n int
	err := s.reindex(ctx, meetingID, func(tx *sql.Tx) error {
		var list string
		if err := tx.QueryRowContext(ctx, `SELECT speakers FROM meetings WHERE id = ?`, meetingID).Scan(&list); err != nil {
			return err
		}
		var names []string
		if err := json.Unmarshal([]byte(list), &names); err != nil {
			return fmt.Errorf("meeting %d: speakers: %w", meetingID, err)
		}
		from := slices.Index(names, old)
		if from < 0 {
			from = slices.Index(names, strings.TrimSpace(old))
		}
		if from < 0 {
			return ErrUnknownSpeaker
		}
		names[from] = new
		kept, renumber := dedupe(names)
		if renumber != nil {
			// Each segment's number becomes renumber[number] (number 0, nobody, stays): one statement, so
			// a number given up is never read as the one taking its place.
			first, last := segmentRange(meetingID)
			if _, err := tx.ExecContext(ctx, `UPDATE segments SET speaker_no = json_extract(?, '$[' || speaker_no || ']')
				WHERE id BETWEEN ? AND ? AND speaker_no > 0`, renumber, first, last); err != nil {
				return err
			}
		}
		body, err := json.Marshal(kept)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET speakers = ?, updated_at = ? WHERE id = ?`, string(body), formatTime(s.now()), meetingID); err != nil {
			return err
		}
		first, last := segmentRange(meetingID)
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM segments WHERE id BETWEEN ? AND ? AND speaker_no = ?`,
			first, last, slices.Index(kept, new)+1).Scan(&n)
	})
	return n, err
}

// dedupe returns names with each name once, at its first place, and, when a name was there more than
// once, the JSON array that maps each 1-based number into names to its number into the result (index 0
// unused); renumber is nil when nothing moved.
func dedupe(names []string) (kept []string, renumber []byte) {
	at := make(map[string]int, len(names))
	mapping := make([]int, len(names)+1)
	for i, n := range names {
		no, seen := at[n]
		if !seen {
			kept = append(kept, n)
			no = len(kept)
			at[n] = no
		}
		mapping[i+1] = no
	}
	if len(kept) == len(names) {
		return kept, nil
	}
	renumber, _ = json.Marshal(mapping) // a list of ints always marshals
	return kept, renumber
}

// SetSegmentText replaces the text of segment index (its place in Segments, from 0) of the meeting with
// text (spaces around it trimmed), as when the user corrects a word the transcriber misheard; the search
// index follows. Errors: ErrNotFound for an unknown meeting or segment, ErrEmptySegment.
func (s *Store) SetSegmentText(ctx context.Context, meetingID int64, index int, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return ErrEmptySegment
	}
	if index < 0 || index >= MaxSegments {
		return ErrNotFound
	}
	text = s.scrub.Scrub(text)
	return s.reindex(ctx, meetingID, func(tx *sql.Tx) error {
		first, _ := segmentRange(meetingID)
		if err := changedRows(tx.ExecContext(ctx, `UPDATE segments SET text = ? WHERE id = ?`, text, first+int64(index))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE meetings SET updated_at = ? WHERE id = ?`, formatTime(s.now()), meetingID)
		return err
	})
}
