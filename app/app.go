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
}

// Run opens the main window and blocks until it is closed.
func Run(ctx context.Context, svc Services) {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := NewMainWindow(ctx, a, svc)
	w.ShowAndRun()
}

// NewMainWindow builds the main window on a, ready to show.
func NewMainWindow(ctx context.Context, a fyne.App, svc Services) fyne.Window {
	w := a.NewWindow("Hushnote")
	ctx, cancel := context.WithCancel(ctx)
	m := newMainScreen(ctx, svc, w)
	w.SetContent(m.build())
	m.addShortcuts(w.Canvas())
	w.SetOnDropped(m.onDropped)
	w.Resize(fyne.NewSize(1100, 720))
	w.SetOnClosed(cancel)
	m.reload()
	m.checkFirstRun()
	go m.watch(pollInterval)
	return w
}
