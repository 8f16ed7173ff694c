package app

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"

	"hushnote/internal/store"
)

// Setting keys of what the main window remembers across runs. They live in the store's settings table,
// not in Fyne's preferences, so that a --home of its own starts with a window of its own.
const (
	settingWindowSize  = "app.window_size"  // "1100x720", in Fyne's units
	settingLastMeeting = "app.last_meeting" // the ID of the meeting last opened
)

// defaultWindowSize is the main window's size on a first start.
var defaultWindowSize = fyne.NewSize(1100, 720)

// minRememberedSize is the smallest size restored: a window saved smaller than this (or a value that
// does not read as a size) gives the default.
var minRememberedSize = fyne.NewSize(600, 400)

// windowMemory saves and reads the main window's size and the meeting last opened. Saving runs in the
// background, newest value last; wait lets the app finish saving before it exits.
type windowMemory struct {
	st *store.Store

	saving sync.WaitGroup
	mu     sync.Mutex       // serialises the writes; guards the maps
	asked  map[string]int   // per key, how many saves were asked for
	wrote  map[string]int   // per key, the number of the newest save written
	failed map[string]error // per key, the last save's failure, for tests
}

func newWindowMemory(st *store.Store) *windowMemory {
	return &windowMemory{st: st, asked: map[string]int{}, wrote: map[string]int{}, failed: map[string]error{}}
}

// restored reads the size to open at and the meeting to select (0 for none). It runs once before the
// window shows, so that the window opens at its size rather than jumping to it: one read of a small
// table.
func (wm *windowMemory) restored(ctx context.Context) (fyne.Size, int64) {
	size := defaultWindowSize
	if v, err := wm.st.Setting(ctx, settingWindowSize); err == nil {
		var w, h float32
		if _, err := fmt.Sscanf(v, "%gx%g", &w, &h); err == nil && w >= minRememberedSize.Width && h >= minRememberedSize.Height {
			size = fyne.NewSize(w, h)
		}
	}
	var last int64
	if v, err := wm.st.Setting(ctx, settingLastMeeting); err == nil {
		last, _ = strconv.ParseInt(v, 10, 64)
	}
	return size, last
}

// rememberSize saves the window's size in the background.
func (wm *windowMemory) rememberSize(s fyne.Size) {
	wm.save(settingWindowSize, fmt.Sprintf("%.0fx%.0f", s.Width, s.Height))
}

// rememberMeeting saves the meeting last opened in the background.
func (wm *windowMemory) rememberMeeting(id int64) {
	if id != 0 {
		wm.save(settingLastMeeting, strconv.FormatInt(id, 10))
	}
}

// save writes a setting in the background; a save asked for later is never overwritten by an earlier
// one. It outlives the window's context (the size is saved as the window closes). A failure loses
// nothing but the window's memory, so it is only kept for tests.
func (wm *windowMemory) save(key, value string) {
	wm.mu.Lock()
	wm.asked[key]++
	n := wm.asked[key]
	wm.mu.Unlock()
	wm.saving.Add(1)
	go func() {
		defer wm.saving.Done()
		wm.mu.Lock()
		defer wm.mu.Unlock()
		if n < wm.wrote[key] {
			return // a newer value is written already
		}
		err := wm.st.SetSetting(context.Background(), key, value)
		if err == nil {
			wm.wrote[key] = n
		}
		wm.failed[key] = err
	}()
}

// wait returns once the saves asked for so far are written.
func (wm *windowMemory) wait() { wm.saving.Wait() }
