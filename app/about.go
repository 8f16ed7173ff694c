package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"hushnote/assets"
)

// licences lists what Hushnote is built from, with their licences.
const licences = "Hushnote: MIT licence.\n" +
	"Built with Fyne (BSD 3-Clause), modernc.org/sqlite (BSD 3-Clause), openai-go (Apache 2.0), " +
	"the Ollama API client (MIT) and go-keyring (MIT).\n" + assets.SampleAttribution

// onAbout shows the version, the licences and where the data lives, with a button to open the folder.
func (m *mainScreen) onAbout() {
	version := fyne.CurrentApp().Metadata().Version
	if version == "" {
		version = "development build"
	}
	text := widget.NewLabel("Hushnote " + version + " — private meeting notes.\n\n" + licences)
	text.Wrapping = fyne.TextWrapWord
	folder := widget.NewLabel("Your meetings are in " + dataFilePath(m.svc.DataDir))
	folder.Wrapping = fyne.TextWrapWord
	open := widget.NewButton("Open the data folder", func() { openDataFolder(m.svc.DataDir, m.win) })
	d := dialog.NewCustom("About Hushnote", "Close", container.NewVBox(text, widget.NewSeparator(), folder, open), m.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}
