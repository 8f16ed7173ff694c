package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"hushnote/internal/store"
)

// runRenameSpeaker renames a speaker of a meeting in every segment, merging into a speaker of the new
// name when there is one, and says how many segments changed.
func runRenameSpeaker(ctx context.Context, c *call) error {
	m, segs, err := c.transcriptArg(ctx)
	if err != nil {
		return err
	}
	old, name := c.args[1], strings.TrimSpace(c.args[2])
	changed := 0
	for _, s := range segs {
		if s.Speaker == old {
			changed++
		}
	}
	merged := slices.Contains(m.Speakers, name) && name != old
	n, err := c.st.RenameSpeaker(ctx, m.ID, old, name)
	switch {
	case errors.Is(err, store.ErrUnknownSpeaker):
		return fmt.Errorf("meeting %d has no speaker called %q; its speakers are %s", m.ID, old, quoteAll(m.Speakers))
	case err != nil:
		return notFound(m.ID, err)
	}
	fmt.Fprintf(c.Stdout, "Renamed %q to %q in %s.\n", old, name, plural(changed, "segment"))
	if merged {
		fmt.Fprintf(c.Stdout, "%q was already a speaker of this meeting: the two are now one, in %s.\n", name, plural(n, "segment"))
	}
	return nil
}

// runDeleteVersion deletes one version of a meeting's notes, by its number.
func runDeleteVersion(ctx context.Context, c *call) error {
	m, err := c.meetingArg(ctx)
	if err != nil {
		return err
	}
	v, err := strconv.Atoi(c.args[1])
	if err != nil || v <= 0 {
		return usagef("%q is not a version number (a positive number, as \"hushnote summaries %d\" shows)", c.args[1], m.ID)
	}
	sums, err := c.st.Summaries(ctx, m.ID)
	if err != nil {
		return notFound(m.ID, err)
	}
	i := slices.IndexFunc(sums, func(su store.Summary) bool { return su.Version == v })
	if i < 0 {
		if len(sums) == 0 {
			return fmt.Errorf("meeting %d has no versions of its notes", m.ID)
		}
		nums := make([]string, len(sums))
		for j, su := range sums {
			nums[j] = strconv.Itoa(su.Version)
		}
		return fmt.Errorf("meeting %d has no version %d; its versions are %s", m.ID, v, strings.Join(nums, ", "))
	}
	if err := c.st.DeleteSummary(ctx, m.ID, sums[i].ID); err != nil {
		return notFound(m.ID, err)
	}
	fmt.Fprintf(c.Stderr, "Deleted version %d of meeting %d (%s).\n", v, m.ID, m.Title)
	return nil
}

// quoteAll lists names quoted, joined by commas.
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// plural says n of what: "1 segment", "3 segments".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
