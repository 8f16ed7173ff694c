// Command genstore fills a Hushnote data folder with a large synthetic history, for build/measure.sh:
// many meetings of made-up speech, and, as the newest, one long meeting imported from WebVTT.
//
//	genstore -home DIR [-meetings 10000] [-chars 20000] [-long 200000]
//
// The words are the bundled sample meeting's, drawn with Zipf-distributed frequencies so that, as in
// speech, a few words are everywhere and most are rare. The long meeting is the sample meeting's turns
// repeated (with later times) up to -long characters of text. A folder that already holds exactly this
// history is reused; one holding anything else is refused.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"hushnote/internal/datadir"
	"hushnote/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "genstore:", err)
		stop()
		os.Exit(1)
	}
}

// config is what to generate.
type config struct {
	home     string
	meetings int // synthetic meetings
	chars    int // characters of text in each
	long     int // characters of the long meeting's text; 0 for none
}

func run(ctx context.Context, args []string, progress io.Writer) error {
	fs := flag.NewFlagSet("genstore", flag.ContinueOnError)
	fs.SetOutput(progress)
	var c config
	fs.StringVar(&c.home, "home", "", "the data folder to fill (created if missing)")
	fs.IntVar(&c.meetings, "meetings", 10_000, "synthetic meetings")
	fs.IntVar(&c.chars, "chars", 20_000, "characters of text in each synthetic meeting (20,000 is about 25 minutes of speech)")
	fs.IntVar(&c.long, "long", 200_000, "characters of text in the long meeting, the newest one (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.home == "" || fs.NArg() > 0 || c.meetings < 0 || c.chars < 100 || c.long < 0 {
		return errors.New("usage: genstore -home DIR [-meetings N] [-chars N] [-long N]")
	}
	return generate(ctx, c, progress)
}

// generate fills the store in c.home, or reuses it when it already holds this history.
func generate(ctx context.Context, c config, progress io.Writer) error {
	if err := datadir.Ensure(c.home); err != nil {
		return err
	}
	want := c.meetings
	if c.long > 0 {
		want++
	}
	// Meetings are created an hour apart, the last one now, so the list shows a believable history.
	at := time.Now().Add(-time.Duration(want) * time.Hour)
	clock := func() time.Time { return at }
	st, err := store.Open(ctx, filepath.Join(c.home, store.FileName), store.WithClock(clock))
	if err != nil {
		return err
	}
	defer st.Close()
	have, err := st.CountMeetings(ctx)
	if err != nil {
		return err
	}
	if have == want {
		fmt.Fprintf(progress, "genstore: %s already holds %d meetings; reusing them\n", c.home, have)
		return nil
	}
	if have != 0 {
		return fmt.Errorf("%s holds %d meetings, not the %d asked for: use an empty folder", c.home, have, want)
	}
	gen, err := newSpeech(1)
	if err != nil {
		return err
	}
	start := time.Now()
	for i := range c.meetings {
		if i > 0 && i%1000 == 0 {
			fmt.Fprintf(progress, "genstore: %d meetings (%.0f s)\n", i, time.Since(start).Seconds())
		}
		if _, err := st.CreateMeeting(ctx, gen.meeting(i, c.chars)); err != nil {
			return err
		}
		at = at.Add(time.Hour)
	}
	if c.long > 0 {
		if err := importLong(ctx, st, c.long); err != nil {
			return err
		}
	}
	if _, err := st.Checkpoint(ctx); err != nil {
		return err
	}
	fmt.Fprintf(progress, "genstore: %d meetings in %s (%.0f s)\n", want, c.home, time.Since(start).Seconds())
	return nil
}
