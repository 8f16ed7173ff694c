// Command hello is the smallest Fyne program with a window: the yardstick build/measure.sh compares
// Hushnote's start-up time and memory with. It is built exactly as Hushnote is (same tags and flags) and
// opens a window of the same size with one label. It is the one Fyne program outside app/ and main.go,
// because the measurement needs Fyne without Hushnote.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("io.hushnote.measure.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, world"))
	w.Resize(fyne.NewSize(1100, 720))
	w.ShowAndRun()
}
