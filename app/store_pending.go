package app

// TEMPORARY until wt-core's store API is merged: deleted at merge.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hushnote/internal/store"
)

type notesStore interface {
	AddEditedSummary(ctx context.Context, meetingID, fromID int64, text string) (store.Summary, error)
	DeleteSummary(ctx context.Context, meetingID, summaryID int64) error
	DeleteMeeting(ctx context.Context, id int64) error
}

type pendingStore struct{}

var errPending = errors.New("not in this build yet")

func (pendingStore) AddEditedSummary(context.Context, int64, int64, string) (store.Summary, error) {
	return store.Summary{}, errPending
}
func (pendingStore) DeleteSummary(context.Context, int64, int64) error { return errPending }
func (pendingStore) DeleteMeeting(context.Context, int64) error        { return errPending }

func pending(st *store.Store) notesStore {
	if ns, ok := any(st).(notesStore); ok {
		return ns
	}
	return pendingStore{}
}

func editedFrom(store.Summary) int { return 0 }

func lengthWords(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	if m < 1 {
		return "under a minute"
	}
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
