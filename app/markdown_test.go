package app

import "testing"

func TestNotesForDisplayTurnsTablesIntoBullets(t *testing.T) {
	in := "## Action items\n\n| Owner | Task | Due date | Timestamp |\n|---|:---|---:|---|\n" +
		"| Ana | Draft the UI | Friday | 12:05 |\n| Ben | Ask about `a \\| b` batteries |  | |\n\nThat is all.\n" +
		"A | pipe in prose stays.\n"
	want := "## Action items\n\n- **Ana** · Draft the UI · Due date: Friday · Timestamp: 12:05\n" +
		"- **Ben** · Ask about `a | b` batteries\n\nThat is all.\nA | pipe in prose stays.\n"
	if got := notesForDisplay(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	plain := "| not a table, no rule below |\nsecond line"
	if got := notesForDisplay(plain); got != plain {
		t.Errorf("a lone pipe line changed: %q", got)
	}
}
