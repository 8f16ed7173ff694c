package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hushnote/internal/provider"
	"hushnote/internal/secret"
)

// BenchmarkBuildMainWindow measures making the main window's widgets and laying them out once: the part
// of start-up that is Hushnote's own, before the first frame is drawn.
func BenchmarkBuildMainWindow(b *testing.B) {
	a := test.NewTempApp(b)
	st := newTestStore(b)
	dir := b.TempDir()
	mgr := provider.NewManager(st, secret.New(dir, secret.WithKeyring(&memKeys{})), provider.WithGetenv(func(string) string { return "" }))
	svc := Services{Store: st, Providers: mgr, DataDir: dir}
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		w := a.NewWindow("Hushnote")
		m := newMainScreen(ctx, svc, w)
		m.do = func(func()) {} // background results are not part of the first frame
		w.SetContent(m.build())
		w.Resize(fyne.NewSize(1100, 720))
		cancel()
		w.Close()
	}
}
