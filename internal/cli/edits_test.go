package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hushnote/internal/cli"
	"hushnote/internal/store"
)

func TestRenameSpeaker(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	out := mustRun(t, home, "rename-speaker", "1", "Ana Lima", "Ana Souza")
	if out != "Renamed \"Ana Lima\" to \"Ana Souza\" in 2 segments.\n" {
		t.Errorf("rename-speaker printed %q", out)
	}
	show := mustRun(t, home, "show", "1")
	if !strings.Contains(show, "[0:01] Ana Souza: Good morning.") || !strings.Contains(show, "[0:10] Ana Souza: Let's fix") || strings.Contains(show, "Ana Lima") {
		t.Errorf("show after the rename:\n%s", show)
	}
	if s := mustRun(t, home, "search", "Souza"); !strings.HasPrefix(s, "1\tstandup") {
		t.Errorf("search by the new name: %q", s)
	}

	// Into a speaker the meeting has: the two become one.
	out = mustRun(t, home, "rename-speaker", "1", "Ben Okafor", "Ana Souza")
	if !strings.Contains(out, "in 1 segment.") || !strings.Contains(out, "the two are now one, in 3 segments") {
		t.Errorf("merge printed %q", out)
	}
	var doc struct{ Speakers []string }
	json.Unmarshal([]byte(mustRun(t, home, "show", "1", "--json")), &doc)
	if len(doc.Speakers) != 1 || doc.Speakers[0] != "Ana Souza" {
		t.Errorf("speakers after the merge = %q", doc.Speakers)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rename-speaker", "1", "Nobody", "X"}, cli.ExitError, `meeting 1 has no speaker called "Nobody"; its speakers are "Ana Souza"`},
		{[]string{"rename-speaker", "1", "Ana Souza", " "}, cli.ExitError, "a speaker's name cannot be empty"},
		{[]string{"rename-speaker", "9", "A", "B"}, cli.ExitError, "no meeting with id 9"},
		{[]string{"rename-speaker", "1", "Ana Souza"}, cli.ExitUsage, "usage"},
	} {
		code, _, errOut := run(t, home, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, %q; want %d, %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestDeleteVersion(t *testing.T) {
	home := t.TempDir()
	importSamples(t, home)
	st, err := store.Open(context.Background(), filepath.Join(home, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v1, _ := st.AddSummary(ctx, store.Summary{MeetingID: 1, Status: store.StatusDone, Text: "## Summary\nfirst notes", Provider: "ollama", Model: "m"})
	if _, err := st.AddEditedSummary(ctx, 1, v1.ID, "## Summary\nedited notes"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	if out := mustRun(t, home, "summaries", "1"); !strings.Contains(out, "done (edited from 1)") {
		t.Errorf("summaries does not say version 2 was edited:\n%s", out)
	}
	code, out, errOut := run(t, home, "delete-version", "1", "2")
	if code != cli.ExitOK || out != "" || errOut != "Deleted version 2 of meeting 1 (standup).\n" {
		t.Errorf("delete-version: exit %d, %q, %q", code, out, errOut)
	}
	if show := mustRun(t, home, "show", "1"); !strings.Contains(show, "first notes") || strings.Contains(show, "edited notes") {
		t.Errorf("show after deleting version 2:\n%s", show)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"delete-version", "1", "2"}, cli.ExitError, "meeting 1 has no version 2; its versions are 1"},
		{[]string{"delete-version", "2", "1"}, cli.ExitError, "meeting 2 has no versions of its notes"},
		{[]string{"delete-version", "1", "two"}, cli.ExitUsage, `"two" is not a version number`},
		{[]string{"delete-version", "9", "1"}, cli.ExitError, "no meeting with id 9"},
	} {
		code, _, errOut := run(t, home, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, %q; want %d, %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	mustRun(t, home, "delete-version", "1", "1")
	if show := mustRun(t, home, "show", "1"); !strings.Contains(show, "No summary yet.") {
		t.Errorf("show after deleting every version:\n%s", show)
	}
	if help := mustRun(t, home, "help"); !strings.Contains(help, "rename-speaker ID OLD NEW") || !strings.Contains(help, "delete-version ID VERSION") {
		t.Errorf("the usage text lacks the new commands:\n%s", help)
	}
}
