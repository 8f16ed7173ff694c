// Package assets holds the files bundled into the binary: the app icon, the built-in summary templates
// and the sample meeting with its example notes.
package assets

import "embed"

// Icon is the application icon for the window, a 128×128 PNG made from icon.png (512×512, which the
// packages use) by build/icons.sh: small enough to decode in a millisecond at start-up.
//
//go:embed icon-128.png
var Icon []byte

// Templates holds the built-in summary templates, one JSON file per template under templates/, named
// after the template (templates/standard.json). The templates package parses and orders them.
//
//go:embed templates/*.json
var Templates embed.FS

// SampleMeeting is a real meeting to try Hushnote with: AMI meeting ES2004a from the QMSum benchmark, as
// WebVTT with its text cleaned of the corpus's markers (see SAMPLE-LICENSE.md for its sources and
// licences, and sample_test.go for the cleaning).
//
//go:embed sample-ES2004a.vtt
var SampleMeeting []byte

// SampleName is the sample meeting's file name and SampleTitle the title it is imported under.
const (
	SampleName  = "sample-ES2004a.vtt"
	SampleTitle = "Sample: product design kick-off (AMI ES2004a)"
)

// SampleNotes are the sample meeting's example notes, in Markdown: QMSum's human-written reference
// summary of the meeting as the Summary, its decisions and action items from the annotators' answers and
// the meeting's own words, with the times they were said (see SAMPLE-LICENSE.md). They are stored as the
// sample's version 1, so a newcomer sees notes at once.
//
//go:embed sample-ES2004a-notes.md
var SampleNotes string

// SampleNotesProvider is the Provider of the sample meeting's bundled notes (store.Summary.Provider):
// no model wrote them, people did; SampleNotesModel is their Model.
const (
	SampleNotesProvider = "sample"
	SampleNotesModel    = "QMSum reference summary"
)

// SampleNotesProvenance says where the sample meeting's notes come from, where a version's provenance
// is shown.
const SampleNotesProvenance = "Example notes written by people, bundled with Hushnote"

// SampleAttribution credits the sample meeting, for the About box.
const SampleAttribution = "The sample meeting is AMI meeting ES2004a (AMI Meeting Corpus, CC BY 4.0) as transcribed in the QMSum benchmark (Zhong et al., NAACL 2021, MIT licence)."
