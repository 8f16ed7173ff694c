// Command hushnote is a private meeting-notes app: with no command it opens the desktop app, with one it
// runs the command line (see "hushnote help"). Both use the same data folder and store.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"hushnote/app"
	"hushnote/internal/cli"
	"hushnote/internal/datadir"
	"hushnote/internal/provider"
	"hushnote/internal/redact"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	_ "hushnote/internal/uilocale" // a locale Fyne can read, before it reads it (see the package)
)

func main() {
	home, args, err := cli.SplitHome(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "hushnote:", err)
		os.Exit(cli.ExitUsage)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	red := redact.New() // learns every key Hushnote uses; what it keeps or shows passes through it
	if len(args) > 0 {
		code := cli.Run(ctx, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Redactor: red}, home, args)
		stop()
		os.Exit(code)
	}
	if err := runGUI(ctx, home, red); err != nil {
		fmt.Fprintln(os.Stderr, "hushnote:", red.Scrub(err.Error()))
		os.Exit(cli.ExitError)
	}
}

// guiMemoryLimit is the Go heap the desktop app aims to stay within (a soft limit: the collector works
// harder near it rather than letting garbage pile up; GOMEMLIMIT overrides it). A long transcript and
// the fonts fit well inside it.
const guiMemoryLimit = 64 << 20

func runGUI(ctx context.Context, home string, red *redact.Redactor) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(guiMemoryLimit)
	}
	dir, err := datadir.Resolve(home)
	if err != nil {
		return err
	}
	if err := datadir.Ensure(dir); err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithScrubber(red))
	if err != nil {
		return err
	}
	defer st.Close()
	mgr := provider.NewManager(st, secret.New(dir), provider.WithRedactor(red))
	app.Run(ctx, app.Services{Store: st, Providers: mgr, DataDir: dir, Redactor: red})
	return nil
}
