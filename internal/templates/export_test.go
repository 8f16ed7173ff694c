package templates

import "io/fs"

// LoadBuiltIns is loadBuiltIns, for tests: it reports every problem with the embedded files.
func LoadBuiltIns(fsys fs.FS) ([]Template, []error) { return loadBuiltIns(fsys) }

// BuiltInOrder is the display order of the built-in templates.
var BuiltInOrder = builtInOrder
