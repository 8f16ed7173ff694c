package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hushnote/internal/store"
)

// ledgerCell is what the ledger table shows in a cell, through the table's own callbacks: the line and
// the line under it, joined by " / " when there is one. Row -1 is the header.
func ledgerCell(tb *widget.Table, row, col int) string {
	id := widget.TableCellID{Row: row, Col: col}
	if row < 0 {
		h := tb.CreateHeader()
		tb.UpdateHeader(id, h)
		return h.(*widget.Label).Text
	}
	o := tb.CreateCell()
	tb.UpdateCell(id, o)
	box := o.(*fyne.Container)
	top, under := box.Objects[0].(*widget.Label).Text, box.Objects[1].(*widget.Label).Text
	if under == "" {
		return top
	}
	return top + " / " + under
}

// ledgerTable is every row of the ledger table, header first, cells joined by " | ".
func ledgerTable(tb *widget.Table) []string {
	rows, cols := tb.Length()
	var out []string
	for r := -1; r < rows; r++ {
		var cells []string
		for c := range cols {
			cells = append(cells, ledgerCell(tb, r, c))
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

func TestPrivacyLedgerNewestFirst(t *testing.T) {
	s, q, _ := newSettingsForTest(t, nil)
	p := s.privacy
	ctx := context.Background()
	st := s.svc.Store
	budget := addMeeting(t, st, "Budget review", "Ana: Twelve euros per remote.")
	gone := addMeeting(t, st, "Kick-off", "Ben: Trendy and cheap.")
	base := time.Date(2026, 6, 29, 9, 12, 3, 0, time.UTC)
	for _, e := range []store.Egress{ // not in time order
		{At: base.Add(2 * time.Hour), Provider: "together", Host: "api.together.xyz", Model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", CharsSent: 48213, MeetingID: budget, TLS: true},
		{At: base, Provider: "groq", Host: "api.groq.com", Model: "llama-3.1-8b-instant", CharsSent: 912, TLS: true},
		{At: base.Add(time.Hour), Provider: "ollama", Host: "192.168.1.20:11434", Model: "llama3.2:3b", CharsSent: 20410, MeetingID: gone, TLS: false},
	} {
		if _, err := st.AddEgress(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteMeeting(ctx, gone); err != nil {
		t.Fatal(err)
	}

	s.showPrivacy() // reads the ledger again
	if s.tabs.Selected() != p.item {
		t.Fatal("showPrivacy did not select the Privacy page")
	}
	eventually(t, q, "the table lists three requests", func() bool { n, _ := p.table.Length(); return n == 3 && p.table.Visible() })
	local := func(d time.Duration) (string, string) {
		at := base.Add(d).Local()
		return at.Format("2006-01-02"), at.Format("15:04:05")
	}
	d0, t0 := local(2 * time.Hour)
	d1, t1 := local(time.Hour)
	d2, t2 := local(0)
	want := []string{
		"When | Sent to | Model | Characters | TLS | Meeting",
		d0 + " / " + t0 + " | Together AI / api.together.xyz | meta-llama/Llama-3.3-70B-Instruct-Turbo | 48,213 | Yes | Budget review",
		d1 + " / " + t1 + " | Ollama / 192.168.1.20:11434 | llama3.2:3b | 20,410 | No | a meeting since deleted",
		d2 + " / " + t2 + " | Groq / api.groq.com | llama-3.1-8b-instant | 912 | Yes | —",
	}
	if got := ledgerTable(p.table); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ledger table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p.empty.Visible() {
		t.Error("the empty state shows under a full ledger")
	}
	if want := "3 requests, newest first."; !strings.Contains(p.summary.Text, want) {
		t.Errorf("summary = %q, want %q", p.summary.Text, want)
	}

	// A cell too narrow for its text: picking the row says all of it.
	p.table.Select(widget.TableCellID{Row: 1, Col: ledgerModel})
	for _, want := range []string{"20,410 characters to Ollama at 192.168.1.20:11434", "model llama3.2:3b", "without TLS", "from a meeting since deleted"} {
		if !p.chosen.Visible() || !strings.Contains(p.chosen.Text, want) {
			t.Errorf("picked row says %q; want %q in it", p.chosen.Text, want)
		}
	}

	// Refresh shows a request made since, at the top.
	if _, err := st.AddEgress(ctx, store.Egress{At: base.Add(3 * time.Hour), Provider: "mistral", Host: "api.mistral.ai", Model: "mistral-small-latest", CharsSent: 1234567, MeetingID: budget, TLS: true}); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.refresh)
	eventually(t, q, "the new request is listed", func() bool { n, _ := p.table.Length(); return n == 4 })
	if got := ledgerCell(p.table, 0, ledgerTo); got != "Mistral / api.mistral.ai" {
		t.Errorf("first row sent to %q, want the newest request's Mistral / api.mistral.ai", got)
	}
	if got := ledgerCell(p.table, 0, ledgerSent); got != "1,234,567" {
		t.Errorf("first row characters = %q", got)
	}
	if p.chosen.Visible() {
		t.Errorf("the picked row's text outlived the refresh: %q", p.chosen.Text)
	}
}

func TestPrivacyEmptyLedger(t *testing.T) {
	s, q, _ := newSettingsForTest(t, nil)
	p := s.privacy
	eventually(t, q, "the ledger was read", func() bool { return !p.refresh.Disabled() })
	if n, _ := p.table.Length(); n != 0 || p.table.Visible() {
		t.Errorf("table with %d rows shown (%v) for an empty ledger", n, p.table.Visible())
	}
	if !p.empty.Visible() || !strings.Contains(settingsVisibleText(p.empty), "Nothing has left this device.") {
		t.Errorf("empty state shown %v, says %q", p.empty.Visible(), settingsVisibleText(p.empty))
	}
}

func TestPrivacyShowsTheDataFile(t *testing.T) {
	s, _, _ := newSettingsForTest(t, nil)
	text := settingsVisibleText(s.privacy.item.Content)
	for _, want := range []string{"Audio never leaves this device.", dataFilePath(s.svc.DataDir), "Open the data folder"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Privacy page does not say %q", want)
		}
	}
}

// showPrivacy selects the Privacy page, which reads the ledger again (see settingsScreen.build).
func (s *settingsScreen) showPrivacy() {
	s.tabs.Select(s.privacy.item)
}

// TestLedgerRowNamesProxyAndAnsweringModel: a request that went through a proxy, answered by another model
// than the one asked for, says both.
func TestLedgerRowNamesProxyAndAnsweringModel(t *testing.T) {
	r := ledgerRowOf(store.Egress{At: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC), Provider: "together", Host: "api.together.ai",
		Proxy: "proxy.corp:3128", Model: "meta-llama/Llama-3-70b-chat-hf", AnsweredBy: "meta-llama/Llama-3.3-70B-Instruct-Turbo", CharsSent: 1200, TLS: true}, ledgerNoMeeting)
	if r.under[ledgerTo] != "api.together.ai via proxy.corp:3128" || r.under[ledgerModel] != "answered by meta-llama/Llama-3.3-70B-Instruct-Turbo" {
		t.Errorf("cells under: %q", r.under)
	}
	if !strings.Contains(r.whole, "at api.together.ai via proxy.corp:3128, model meta-llama/Llama-3-70b-chat-hf (answered by meta-llama/Llama-3.3-70B-Instruct-Turbo)") {
		t.Errorf("whole row: %s", r.whole)
	}
}
