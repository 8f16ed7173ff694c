package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"hushnote/internal/store"
)

// writerEnv makes this test binary act as a second process writing to the database named by it.
const writerEnv = "HUSHNOTE_TEST_WRITER_DB"

// TestMain turns this test binary into the second writer when writerEnv is set.
func TestMain(m *testing.M) {
	if path := os.Getenv(writerEnv); path != "" {
		if err := writeMeetings(path, "other", 40); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeMeetings creates n meetings, renaming every fourth and searching after each.
func writeMeetings(path, who string, n int) error {
	ctx := context.Background()
	s, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	for i := range n {
		id, err := s.CreateMeeting(ctx, store.NewMeeting{Title: fmt.Sprintf("%s %d", who, i), Transcript: sampleTranscript("A: words from " + who)})
		if err != nil {
			return fmt.Errorf("%s: create %d: %w", who, i, err)
		}
		if i%4 == 0 {
			if err := s.RenameMeeting(ctx, id, who+" renamed "+strconv.Itoa(i)); err != nil {
				return fmt.Errorf("%s: rename: %w", who, err)
			}
		}
		if _, err := s.Search(ctx, who, 5); err != nil {
			return fmt.Errorf("%s: search: %w", who, err)
		}
	}
	return nil
}

// TestTwoProcessesWriteAtOnce runs a second OS process writing to the same database while this one
// writes and reads: neither may see "database is locked", and every meeting must arrive.
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	s, path := openTemp(t)
	s.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), writerEnv+"="+path)
	var wg sync.WaitGroup
	var out []byte
	var cmdErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		out, cmdErr = cmd.CombinedOutput()
	}()
	if err := writeMeetings(path, "this", 40); err != nil {
		t.Error(err)
	}
	wg.Wait()
	if cmdErr != nil {
		t.Fatalf("the other process failed: %v\n%s", cmdErr, out)
	}
	s2, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.CountMeetings(context.Background()); err != nil || n != 80 {
		t.Errorf("meetings = %d, %v; want 80", n, err)
	}
	if res, err := s2.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Errorf("integrity = %q, %v", res, err)
	}
}
