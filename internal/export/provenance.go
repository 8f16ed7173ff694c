package export

import (
	"fmt"
	"strings"

	"hushnote/assets"
	"hushnote/internal/provider"
	"hushnote/internal/store"
)

// Provenance says in one line where a version of the notes came from: its number, who wrote it (the
// model and the service it ran on, or the user who edited it from another version), whether the text
// stayed on this device, and how the run ended when it did not finish: "Version 3 · edited by you from
// version 2, written by llama3.2:3b with Ollama on this device".
func Provenance(su store.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Version %d · ", su.Version)
	if su.EditedFrom > 0 {
		fmt.Fprintf(&b, "edited by you from version %d, ", su.EditedFrom)
	}
	switch {
	case su.Provider == assets.SampleNotesProvider:
		b.WriteString(strings.ToLower(assets.SampleNotesProvenance[:1]) + assets.SampleNotesProvenance[1:])
	case su.Provider == "" && su.Model == "":
		b.WriteString("written by an unrecorded model")
	default:
		by := su.Provider
		if p, ok := provider.PresetByName(su.Provider); ok {
			by = p.Title
		}
		if su.Model != "" {
			fmt.Fprintf(&b, "written by %s with %s", su.Model, by)
		} else {
			fmt.Fprintf(&b, "written with %s", by)
		}
		if su.MadeOnDevice {
			b.WriteString(" on this device")
		} else if su.BaseURLHost != "" {
			fmt.Fprintf(&b, " in the cloud (%s)", su.BaseURLHost)
		} else {
			b.WriteString(" in the cloud")
		}
	}
	if !su.CreatedAt.IsZero() {
		b.WriteString(" · " + su.CreatedAt.Local().Format("2 Jan 2006 15:04"))
	}
	switch su.Status {
	case store.StatusFailed:
		b.WriteString(" · failed")
	case store.StatusPartial:
		b.WriteString(" · interrupted before it finished")
	case store.StatusDraft:
		b.WriteString(" · still being written")
	}
	return b.String()
}
