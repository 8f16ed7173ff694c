package app

// TEMPORARY until wt-core's export.Length is merged: deleted at merge.

import (
	"fmt"
	"time"
)

func lengthWords(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	if m < 1 {
		return "under a minute"
	}
	if m < 60 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}
