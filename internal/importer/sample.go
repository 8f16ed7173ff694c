package importer

import (
	"context"
	"fmt"

	"hushnote/assets"
	"hushnote/internal/store"
)

// Sample imports the bundled sample meeting (assets.SampleMeeting) with its example notes as version 1,
// so that a newcomer sees a meeting with notes at once. The notes say where they come from: Provider
// assets.SampleNotesProvider, Model assets.SampleNotesModel, made on this device. All or nothing: when
// the notes cannot be stored, the meeting is not kept either.
func Sample(ctx context.Context, st *store.Store) (Result, error) {
	res, err := Bytes(ctx, st, assets.SampleName, assets.SampleMeeting, assets.SampleTitle, store.NewMeeting{})
	if err != nil {
		return Result{}, err
	}
	_, err = st.AddSummary(ctx, store.Summary{MeetingID: res.ID, Status: store.StatusDone, Text: assets.SampleNotes,
		Provider: assets.SampleNotesProvider, Model: assets.SampleNotesModel, MadeOnDevice: true, Language: "English"})
	if err != nil {
		if derr := st.DeleteMeeting(context.WithoutCancel(ctx), res.ID); derr != nil {
			return Result{}, fmt.Errorf("%s: its notes could not be saved (%w), and the meeting was left without them", assets.SampleName, err)
		}
		return Result{}, fmt.Errorf("%s: %w", assets.SampleName, err)
	}
	return res, nil
}
