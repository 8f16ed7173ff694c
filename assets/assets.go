// Package assets holds the files bundled into the binary: the app icon, the built-in summary templates
// (and, as it arrives, the sample meeting).
package assets

import "embed"

// Icon is the application icon, a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte

// Templates holds the built-in summary templates, one JSON file per template under templates/, named
// after the template (templates/standard.json). The templates package parses and orders them.
//
//go:embed templates/*.json
var Templates embed.FS
