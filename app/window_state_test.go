package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hushnote/internal/provider"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// TestWindowRemembersSizeAndMeeting: the main window closes at one size with a meeting open; a second
// window on the same store opens at that size with that meeting selected and open. A store of its own
// (another --home) opens at the default size with nothing selected.
func TestWindowRemembersSizeAndMeeting(t *testing.T) {
	st := newTestStore(t)
	addMeeting(t, st, "Kick-off", "Ana: hello")
	second := addMeeting(t, st, "Budget", "Ben: twelve euros")
	addMeeting(t, st, "Stand-up", "Cleo: done")
	a := test.NewTempApp(t)
	dir := t.TempDir()
	open := func(st *store.Store) (fyne.Window, *mainScreen, *windowMemory, uiQueue) {
		mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{})), provider.WithGetenv(func(string) string { return "" }))
		q := make(uiQueue, 256)
		w, m, mem := openMainWindow(context.Background(), a, Services{Store: st, Providers: mgr, DataDir: dir}, q.do)
		w.Show()
		return w, m, mem, q
	}

	w, m, mem, q := open(st)
	if got := w.Canvas().Size(); got != defaultWindowSize {
		t.Errorf("first start at %v, want %v", got, defaultWindowSize)
	}
	eventually(t, q, "the list is read", func() bool { return len(titles(m)) == 3 })
	m.list.Select(1) // Budget: the list is newest first
	eventually(t, q, "Budget opens", func() bool { return m.detail.meeting.ID == second })
	w.Resize(fyne.NewSize(930, 610))
	w.Close()
	mem.wait()

	w2, m2, _, q2 := open(st)
	if got := w2.Canvas().Size(); got != fyne.NewSize(930, 610) {
		t.Errorf("the second window opens at %v, want 930x610", got)
	}
	eventually(t, q2, "the meeting last opened is open and its row selected", func() bool {
		return m2.detail.meeting.ID == second && m2.detail.title.Text == "Budget" && m2.list.Length() == 3
	})
	m2.mu.Lock()
	selected := m2.selected
	m2.mu.Unlock()
	if selected != second {
		t.Errorf("selected = %d, want %d", selected, second)
	}
	w2.Close()

	other := newTestStore(t)
	w3, m3, _, q3 := open(other)
	if got := w3.Canvas().Size(); got != defaultWindowSize {
		t.Errorf("another store's window opens at %v, want the default", got)
	}
	eventually(t, q3, "another store's list is read", func() bool { return m3.list.Length() == 0 })
	if m3.detail.meeting.ID != 0 {
		t.Errorf("another store opens meeting %d", m3.detail.meeting.ID)
	}
}

// TestWindowMemoryIgnoresNonsense: a size that does not read, or is too small to use, gives the
// default; a newer save is never overwritten by an older one.
func TestWindowMemoryIgnoresNonsense(t *testing.T) {
	ctx := context.Background()
	st := newTestStore(t)
	mem := newWindowMemory(st)
	for _, v := range []string{"huge", "100x50", "-5x900"} {
		if err := st.SetSetting(ctx, settingWindowSize, v); err != nil {
			t.Fatal(err)
		}
		if size, _ := mem.restored(ctx); size != defaultWindowSize {
			t.Errorf("%q gives %v, want the default", v, size)
		}
	}
	for id := int64(1); id <= 50; id++ {
		mem.rememberMeeting(id)
	}
	mem.wait()
	if _, last := mem.restored(ctx); last != 50 {
		t.Errorf("last meeting = %d after saving 1…50, want 50", last)
	}
}
