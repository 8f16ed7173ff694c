package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hushnote/assets"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

func newTestStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func addMeeting(t *testing.T, st *store.Store, title string, lines ...string) int64 {
	t.Helper()
	tr := &transcript.Transcript{Format: transcript.FormatText}
	for i, l := range lines {
		sp, text, _ := strings.Cut(l, ": ")
		tr.Segments = append(tr.Segments, transcript.Segment{Start: time.Duration(i) * time.Minute, End: time.Duration(i+1) * time.Minute, Speaker: sp, Text: text})
	}
	id, err := st.CreateMeeting(context.Background(), store.NewMeeting{Title: title, Transcript: tr})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// uiQueue stands in for fyne.Do: the test driver runs fyne.Do on the caller's goroutine, so background
// work queues its widget updates here and the test goroutine runs them, as the real driver would on its
// one UI goroutine.
type uiQueue chan func()

func (q uiQueue) do(fn func()) { q <- fn }

// drain runs the queued updates on the test goroutine and says how many ran.
func (q uiQueue) drain() int {
	n := 0
	for {
		select {
		case fn := <-q:
			fn()
			n++
		default:
			return n
		}
	}
}

// Waits in these tests are on conditions and on progress, never on a budget sized for an idle machine:
// a wait fails only when nothing at all has happened for a stall limit, or just before the test
// binary's -timeout would end the run (the one global bound), with what it was waiting for.
const (
	// uiStall is how long a wait for the window tolerates no UI update and no change in what it
	// watches: background work that reads the store queues one long before, however busy the machine.
	uiStall = 2 * time.Minute
	// modelStall is how long a wait for a real model tolerates no sign of life from it or the window:
	// as long as Hushnote itself waits for the first word of a cold local model.
	modelStall = 10 * time.Minute
	// pollEvery is how often a condition is looked at again when no UI update came in meanwhile.
	pollEvery = 20 * time.Millisecond
	// timeoutMargin is how long before the test binary's -timeout a wait gives up, so that it can say
	// what it was waiting for.
	timeoutMargin = 30 * time.Second
)

// eventually runs queued UI updates until cond holds; it fails when nothing happened for uiStall.
func eventually(t *testing.T, q uiQueue, what string, cond func() bool) {
	t.Helper()
	waitProgressing(t, q, what, uiStall, nil, cond)
}

// waitProgressing runs queued UI updates until cond holds. Each UI update that runs counts as progress,
// and so does a change in what progress returns (a server's log growing, a status line; nil for none).
// It fails when there was no progress for stall, or when the test binary's -timeout comes near.
func waitProgressing(t *testing.T, q uiQueue, what string, stall time.Duration, progress func() string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	near := nearTimeout(t)
	last, seen := time.Now(), ""
	if progress != nil {
		seen = progress()
	}
	for {
		if q.drain() > 0 {
			last = time.Now()
		}
		if cond() {
			return
		}
		if progress != nil {
			if p := progress(); p != seen {
				seen, last = p, time.Now()
			}
		}
		if idle := time.Since(last); idle > stall {
			t.Fatalf("gave up waiting until %s: nothing happened for %v", what, idle.Round(time.Second))
		}
		select {
		case fn := <-q:
			fn()
			last = time.Now()
		case <-tick.C:
		case <-near:
			t.Fatalf("still waiting until %s when the test run's -timeout came near", what)
		}
	}
}

// nearTimeout fires timeoutMargin before the test binary's -timeout ends the run; it never fires when
// there is no timeout.
func nearTimeout(t *testing.T) <-chan time.Time {
	d, ok := t.Deadline()
	if !ok {
		return nil
	}
	return time.After(max(time.Until(d)-timeoutMargin, 0))
}

// waitClosed waits until ch is closed, or fails when the test binary's -timeout comes near: for a
// thing that either happens or never does, with no progress to watch meanwhile.
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-nearTimeout(t):
		t.Fatalf("still waiting until %s when the test run's -timeout came near", what)
	}
}

// openOnly waits for the one meeting in the list and opens it.
func openOnly(t *testing.T, m *mainScreen, q uiQueue) {
	t.Helper()
	eventually(t, q, "the meeting is listed", func() bool { return len(titles(m)) == 1 })
	m.list.Select(0)
	eventually(t, q, "it opens", func() bool { return m.summary.meeting.ID != 0 && m.detail.meeting.ID != 0 })
}

func titles(m *mainScreen) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, r := range m.rows.loaded() {
		out = append(out, r.meeting.Title)
	}
	return out
}

func newScreen(t *testing.T, st *store.Store) (*mainScreen, uiQueue) {
	t.Helper()
	a := test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w := a.NewWindow("Hushnote")
	m := newMainScreen(ctx, Services{Store: st, DataDir: t.TempDir()}, w)
	q := make(uiQueue, 64)
	m.do = q.do
	w.SetContent(m.build())
	w.Resize(fyne.NewSize(1000, 700))
	m.reload()
	return m, q
}

// TestSearchAsYouTypeSaysWhenItSearchesInPart: a query past the search bounds (here a one-letter prefix,
// which would read most of the index) is searched in part, and the status line says how.
func TestSearchAsYouTypeSaysWhenItSearchesInPart(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.")
	m, q := newScreen(t, st)
	eventually(t, q, "the list shows the meeting", func() bool { return len(titles(m)) == 1 })
	test.Type(m.search, "r*")
	eventually(t, q, "the status says the prefix is searched as a whole word", func() bool {
		return strings.Contains(m.status.Text, "0 meetings matching “r*” — a word's beginning needs 3 letters before the *, so “r*” is searched as a whole word")
	})
}

func TestMainScreenListsSearchesAndShowsMeetings(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: We will build a remote control.", "Ben: Trendy and cheap, please.")
	addMeeting(t, st, "Budget review", "Cleo: Twelve euros per remote.", "Dan: Agreed.")
	addMeeting(t, st, "Stand-up", "Eve: I fixed the login bug.")
	m, q := newScreen(t, st)

	eventually(t, q, "the list shows three meetings, newest first", func() bool {
		return strings.Join(titles(m), "|") == "Stand-up|Budget review|Kick-off"
	})
	if !strings.Contains(m.status.Text, "3 meetings") || m.empty.Visible() {
		t.Errorf("status %q, empty state hidden: %v", m.status.Text, !m.empty.Visible())
	}

	test.Type(m.search, "remote")
	eventually(t, q, "search filters the list", func() bool {
		got := titles(m)
		slices.Sort(got)
		return strings.Join(got, "|") == "Budget review|Kick-off"
	})
	eventually(t, q, "the status says what matched", func() bool { return strings.Contains(m.status.Text, "2 meetings matching “remote”") })
	m.mu.Lock()
	first, _ := m.rows.at(0)
	snippet := first.speaker + ": " + snippetText(first.snippet)
	m.mu.Unlock()
	if !strings.Contains(snippet, "“remote") || !(strings.HasPrefix(snippet, "Ana: ") || strings.HasPrefix(snippet, "Cleo: ")) {
		t.Errorf("search row shows %q, want the match quoted in its snippet", snippet)
	}

	budget := slices.Index(titles(m), "Budget review")
	m.list.Select(budget)
	eventually(t, q, "the meeting opens", func() bool { return m.detail.title.Text == "Budget review" && len(m.detail.transcript.segs) == 2 })
	if m.detail.hint.Visible() || m.detail.speakers.Text != "2 speakers" || !m.detail.speakers.Visible() {
		t.Errorf("detail: hint hidden %v, speakers chip %q", !m.detail.hint.Visible(), m.detail.speakers.Text)
	}

	m.search.SetText("")
	eventually(t, q, "clearing the search lists every meeting", func() bool { return len(titles(m)) == 3 })
}

func TestEmptyStoreInvitesAnImportOrTheSample(t *testing.T) {
	m, q := newScreen(t, newTestStore(t))
	eventually(t, q, "the empty state shows", func() bool { return m.empty.Visible() && !m.list.Visible() })
	if !strings.Contains(m.status.Text, "0 meetings") {
		t.Errorf("status = %q", m.status.Text)
	}
	m.onSample()
	eventually(t, q, "the sample meeting is imported and opened", func() bool {
		return len(titles(m)) == 1 && m.detail.title.Text == assets.SampleTitle && len(m.detail.transcript.segs) > 250
	})
	if m.empty.Visible() {
		t.Error("the empty state is still shown")
	}
}

// TestWindowFollowsChangesFromAnotherProcess: a meeting imported from the command line appears without
// any action in the window.
func TestWindowFollowsChangesFromAnotherProcess(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "First", "A: one")
	m, q := newScreen(t, st)
	go m.watch(20 * time.Millisecond)
	eventually(t, q, "the first meeting shows", func() bool { return len(titles(m)) == 1 })

	other, err := store.Open(context.Background(), st.Path()) // a second connection, as the CLI opens it
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	addMeeting(t, other, "Imported elsewhere", "B: two")
	eventually(t, q, "the new meeting appears", func() bool { return strings.Join(titles(m), "|") == "Imported elsewhere|First" })
}

func TestSplitMatches(t *testing.T) {
	parts := store.Highlight("We need the remote, remotes and a control.", store.QueryStems("remote"))
	var marked []string
	for _, p := range parts {
		if p.Match {
			marked = append(marked, strings.TrimSpace(p.Text))
		}
	}
	if strings.Join(marked, "|") != "remote,|remotes" {
		t.Errorf("marked %q", marked)
	}
}

// TestLongHistoryIsReadAPageAtATime: with more meetings than a page, the list knows how many there are,
// reads only the first page at once, and reads the others as they are scrolled into view.
func TestLongHistoryIsReadAPageAtATime(t *testing.T) {
	st := newTestStore(t)
	n := listPageSize*2 + 30
	for i := range n {
		addMeeting(t, st, fmt.Sprintf("Meeting %03d", i), "Ana: hello")
	}
	m, q := newScreen(t, st)
	eventually(t, q, "the first page is read", func() bool { return len(titles(m)) == listPageSize })
	if got := m.rowCount(); got != n {
		t.Fatalf("the list has %d rows, want all %d", got, n)
	}
	if first := titles(m)[0]; first != fmt.Sprintf("Meeting %03d", n-1) {
		t.Errorf("first row %q, want the newest", first)
	}

	m.list.ScrollToBottom()
	eventually(t, q, "the last page is read once it is in view", func() bool {
		m.mu.Lock()
		r, ok := m.rows.at(n - 1)
		m.mu.Unlock()
		return ok && r.meeting.Title == "Meeting 000"
	})
	m.mu.Lock()
	_, middle := m.rows.pages[1]
	m.mu.Unlock()
	if middle {
		t.Error("the page between was read although it was never in view")
	}

	m.list.Select(n - 1)
	eventually(t, q, "the oldest meeting opens", func() bool { return m.detail.title.Text == "Meeting 000" })

	// The store changes (as it does every few seconds while a summary streams): the list is read again,
	// the rows scrolled to stay on screen and the oldest meeting stays selected.
	if err := st.RenameMeeting(t.Context(), 1, "Meeting 000, renamed"); err != nil {
		t.Fatal(err)
	}
	m.reload()
	eventually(t, q, "the list is read again", func() bool {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.rows.stale != nil
	})
	m.mu.Lock()
	r, ok := m.rows.at(n - 1)
	m.mu.Unlock()
	if !ok || r.meeting.ID != 1 {
		t.Errorf("right after reading the list again, the last row is %+v (shown %v), want the old copy", r.meeting, ok)
	}
	eventually(t, q, "the last row is read again and stays selected", func() bool {
		m.mu.Lock()
		r, _ := m.rows.at(n - 1)
		_, read := m.rows.pages[(n-1)/listPageSize]
		m.mu.Unlock()
		return read && r.meeting.Title == "Meeting 000, renamed" && m.selected == 1
	})
}

// loaded is the rows of the pages read so far, page after page (for tests).
func (l *listRows) loaded() []row {
	if l.pages == nil {
		return l.hits
	}
	var out []row
	for p := 0; p*listPageSize < l.total; p++ {
		out = append(out, l.pages[p]...)
	}
	return out
}
