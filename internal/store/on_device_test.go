package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"hushnote/internal/store"
)

// Versions written before Hushnote recorded where their text went keep the judgement they were shown
// with; new versions record it themselves.
func TestUpgradeRecordsWhereOldVersionsWereMade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	old, err := store.Open(ctx, path, store.WithMigrationsUpTo(5))
	if err != nil {
		t.Fatal(err)
	}
	id, err := old.CreateMeeting(ctx, store.NewMeeting{Title: "Before the upgrade", Transcript: sampleTranscript("A: marmalade recipes")})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		preset, model, host string
		onDevice            bool
	}{
		{"ollama", "llama3.2:3b", "127.0.0.1:11434", true},
		{"ollama", "llama3.2", "localhost:11434", true},
		{"ollama", "qwen3", "[::1]:11434", true},
		{"ollama", "gpt-oss:120b-cloud", "127.0.0.1:11434", false}, // Ollama's cloud models, by their names then
		{"ollama", "gpt-oss:cloud", "127.0.0.1:11434", false},
		{"ollama", "qwen3-coder-cloud:latest", "127.0.0.1:11434", false},
		{"ollama", "llama3.2", "gpu-box.example.com:11434", false},
		{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "api.together.xyz", false},
		{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "127.0.0.1:8443", false}, // a tunnel here still sends it on
		{"custom", "local-model", "127.0.0.1:1234", true},
		{"custom", "local-model", "10.0.0.7:1234", false},
		{"ollama", "llama3.2", "", false},
	}
	db := rawDB(t, path)
	for i, c := range cases {
		if _, err := db.Exec(`INSERT INTO summaries (meeting_id, version, status, provider, model, base_url_host, created_at, updated_at)
			VALUES (?, ?, 'done', ?, ?, ?, '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z')`, id, i+1, c.preset, c.model, c.host); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s := upgrade(t, path)
	sums, err := s.Summaries(ctx, id)
	if err != nil || len(sums) != len(cases) {
		t.Fatalf("summaries: %d, %v", len(sums), err)
	}
	for i, c := range cases {
		if sums[i].MadeOnDevice != c.onDevice {
			t.Errorf("%s · %s at %q: made on device %v, want %v", c.preset, c.model, c.host, sums[i].MadeOnDevice, c.onDevice)
		}
	}
	m, err := s.Meeting(ctx, id)
	if err != nil || m.Notes.MadeOnDevice {
		t.Errorf("the list badge of a meeting whose newest notes are from a cloud: %+v, %v", m.Notes, err)
	}

	su, err := s.AddSummary(ctx, store.Summary{MeetingID: id, Status: store.StatusDone, Provider: "ollama", Model: "gpt-oss:120b-cloud", BaseURLHost: "127.0.0.1:11434", MadeOnDevice: true})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Meeting(ctx, id); !m.Notes.MadeOnDevice {
		t.Errorf("a new version says where it was made, whatever its model is called: %+v", m.Notes)
	}
	su.MadeOnDevice = false
	if err := s.UpdateSummary(ctx, su); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Summaries(ctx, id); got[len(got)-1].MadeOnDevice {
		t.Error("UpdateSummary did not keep MadeOnDevice")
	}
}
