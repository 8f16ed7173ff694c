package app

import (
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"hushnote/internal/store"
)

// dataFilePath is the database file in the data folder dir: where everything Hushnote keeps is.
func dataFilePath(dir string) string { return filepath.Join(dir, store.FileName) }

// folderURL is the file:// address of the folder dir, which the system opens in its file manager.
func folderURL(dir string) *url.URL {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/… on Windows
	}
	return &url.URL{Scheme: "file", Path: p}
}

// openDataFolder opens the folder dir in the system's file manager; when that fails it says so in a
// dialog on win.
func openDataFolder(dir string, win fyne.Window) {
	if err := fyne.CurrentApp().OpenURL(folderURL(dir)); err != nil {
		dialog.ShowError(err, win)
	}
}
