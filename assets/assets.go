// Package assets holds the files bundled into the binary: the app icon (and, as they arrive, the sample
// meeting and the built-in summary templates).
package assets

import _ "embed"

// Icon is the application icon, a 512×512 PNG.
//
//go:embed icon.png
var Icon []byte
