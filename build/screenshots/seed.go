// Command seed fills a data folder for the README screenshots: the bundled sample meeting (AMI ES2004a)
// with one version of notes made from QMSum's human-written reference summary of it, and two more
// meetings from the shared test data. Its provenance says what it is: example notes, made on this
// device, by no model.
//
//	go run ./build/screenshots -home DIR -testdata ../shared/testdata [-active together]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hushnote/assets"
	"hushnote/internal/datadir"
	"hushnote/internal/importer"
	"hushnote/internal/provider"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// qmsum is the part of a QMSum meeting file the notes are made from.
type qmsum struct {
	General []struct {
		Answer string `json:"answer"`
	} `json:"general_query_list"`
	Topics []struct {
		Topic string `json:"topic"`
	} `json:"topic_list"`
	Specific []struct {
		Query  string `json:"query"`
		Answer string `json:"answer"`
	} `json:"specific_query_list"`
}

func main() {
	home := flag.String("home", "", "the data folder to fill (created; must not hold a store yet)")
	testdata := flag.String("testdata", "../shared/testdata", "the shared test data folder")
	active := flag.String("active", provider.Ollama, "the provider to make active: ollama or together")
	welcomed := flag.Bool("welcomed", true, "mark the first-run choice as made")
	flag.Parse()
	if err := seed(context.Background(), *home, *testdata, *active, *welcomed); err != nil {
		fmt.Fprintln(os.Stderr, "seed:", err)
		os.Exit(1)
	}
}

func seed(ctx context.Context, home, testdata, active string, welcomed bool) error {
	if home == "" {
		return fmt.Errorf("-home is required")
	}
	if err := datadir.Ensure(home); err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(home, store.FileName))
	if err != nil {
		return err
	}
	defer st.Close()

	// Two older meetings, days ago, so the sample (this morning) is on top of the list.
	now := time.Now()
	for i, f := range []string{"transcripts/TS3010a.zoom.vtt", "transcripts/covid_2.srt"} {
		res, err := importer.File(ctx, st, filepath.Join(testdata, f), "")
		if err != nil {
			return err
		}
		when := time.Date(now.Year(), now.Month(), now.Day()-2-5*i, 14, 0, 0, 0, time.Local)
		if err := st.SetMeetingDate(ctx, res.ID, when); err != nil {
			return err
		}
	}
	res, err := importer.Bytes(ctx, st, assets.SampleName, assets.SampleMeeting, assets.SampleTitle,
		store.NewMeeting{MeetingDate: time.Date(now.Year(), now.Month(), now.Day(), 9, 30, 0, 0, time.Local)})
	if err != nil {
		return err
	}
	notes, err := referenceNotes(filepath.Join(testdata, "qmsum", "ES2004a.json"))
	if err != nil {
		return err
	}
	if _, err := st.AddSummary(ctx, store.Summary{MeetingID: res.ID, Status: store.StatusDone, Text: notes,
		Provider: "example", Model: "QMSum reference notes", BaseURLHost: "127.0.0.1", MadeOnDevice: true, Template: "standard", Language: "English"}); err != nil {
		return err
	}

	mgr := provider.NewManager(st, secret.New(home))
	if err := mgr.Configure(ctx, provider.Ollama, provider.PresetSettings{Model: "llama3.2:3b", ContextLength: 131072}); err != nil {
		return err
	}
	if err := mgr.Configure(ctx, provider.Together, provider.PresetSettings{Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo"}); err != nil {
		return err
	}
	if err := mgr.Use(ctx, active); err != nil {
		return err
	}
	if welcomed {
		return st.SetSetting(ctx, store.SettingWelcomed, "yes")
	}
	return nil
}

// referenceNotes writes QMSum's human summary of a meeting as Hushnote notes: the summary, the topics,
// and the answers to its questions about the meeting.
func referenceNotes(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var q qmsum
	if err := json.Unmarshal(data, &q); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if len(q.General) == 0 {
		return "", fmt.Errorf("%s has no summary", path)
	}
	var b strings.Builder
	b.WriteString("## Summary\n\n" + strings.TrimSpace(q.General[0].Answer) + "\n\n## Topics\n\n")
	for _, t := range q.Topics {
		b.WriteString("- " + t.Topic + "\n")
	}
	b.WriteString("\n## Details\n\n")
	for _, s := range q.Specific[:min(3, len(q.Specific))] {
		b.WriteString("- **" + strings.TrimSpace(s.Query) + "** " + strings.TrimSpace(s.Answer) + "\n")
	}
	return b.String(), nil
}
