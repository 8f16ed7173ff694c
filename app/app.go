// Package app is Hushnote's desktop GUI (Fyne). It shows the meetings in the store and calls the
// services in internal/ for everything else: it never runs SQL or HTTP itself. Background work reaches
// widgets only through fyne.Do.
package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"hushnote/assets"
	"hushnote/internal/provider"
	"hushnote/internal/redact"
	"hushnote/internal/store"
)

// ID is the application ID (also in FyneApp.toml).
const ID = "io.hushnote.app"

// pollInterval is how often the window checks the store for changes made by another process (a CLI
// import while the app is open).
const pollInterval = 2 * time.Second

// Services is what the GUI works with.
type Services struct {
	Store     *store.Store
	Providers *provider.Manager
	DataDir   string
	// Redactor knows the API keys Providers hands out; what the app shows of errors and notes, and puts
	// on the clipboard, passes through it (see scrubber). nil removes nothing.
	Redactor *redact.Redactor
}

// saveLimit is how long closing the window waits for a summary in flight to save what it has.
const saveLimit = 10 * time.Second

// Run opens the main window and blocks until it is closed and the work in flight has saved its drafts.
func Run(ctx context.Context, svc Services) {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(newTheme()) // every window: readable colours in both variants
	w, m, mem := openMainWindow(ctx, a, svc, fyne.Do)
	w.ShowAndRun()
	m.summary.wait(saveLimit)
	mem.wait() // the window's size, saved as it closed
}

// newMainWindow builds the main window on a, ready to show. Closing it cancels the work in flight. do
// runs a function on the UI goroutine: fyne.Do, or a queue in tests.
func newMainWindow(ctx context.Context, a fyne.App, svc Services, do func(func())) (fyne.Window, *mainScreen) {
	w, m, _ := openMainWindow(ctx, a, svc, do)
	return w, m
}

// openMainWindow is newMainWindow with the window's memory: it opens at the size it had when it last
// closed, with the meeting last opened selected, and remembers both again.
func openMainWindow(ctx context.Context, a fyne.App, svc Services, do func(func())) (fyne.Window, *mainScreen, *windowMemory) {
	w := a.NewWindow("Hushnote")
	w.SetMaster() // closing it closes Settings too and ends the app
	ctx, cancel := context.WithCancel(ctx)
	m := newMainScreen(ctx, svc, w)
	m.do = do
	mem := newWindowMemory(svc.Store)
	size, last := mem.restored(ctx)
	w.Resize(size) // first, so the content is laid out once, at its real size
	ring := newFocusRing(w.Canvas())
	w.SetContent(ring.wrap(m.build()))
	m.addShortcuts(w.Canvas())
	m.watchFocus(a.Lifecycle())
	w.SetOnDropped(m.onDropped)
	w.SetCloseIntercept(func() { m.summary.editor.leave(w.Close, nil) }) // edited notes go only when the user says so
	w.SetOnClosed(func() {
		mem.rememberSize(w.Canvas().Size())
		cancel()
	})
	m.onOpened = mem.rememberMeeting
	if last != 0 {
		m.mu.Lock()
		m.selected = last // the list selects its row once read
		m.mu.Unlock()
		m.open(last) // shows nothing when it was deleted meanwhile
	}
	m.reload()
	m.checkFirstRun()
	go m.watch(pollInterval)
	go ring.follow(ctx, do)
	return w, m, mem
}
