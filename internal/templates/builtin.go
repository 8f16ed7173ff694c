package templates

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"hushnote/assets"
)

// Default is the name of the template used when the user has chosen none.
const Default = "standard"

// builtInOrder is the order BuiltIns lists the templates in; each has a file assets/templates/<name>.json.
var builtInOrder = []string{"standard", "action-items", "standup", "one-on-one", "interview", "customer-call", "lecture"}

// builtIns parses the embedded files once, on first use.
var builtIns = sync.OnceValues(func() ([]Template, []error) { return loadBuiltIns(assets.Templates) })

// BuiltIns returns the templates shipped with the app, in their display order, marked BuiltIn. The
// result is the caller's to change.
//
// A file that does not parse is left out; the package's tests guarantee that none is.
func BuiltIns() []Template {
	ts, _ := builtIns()
	out := make([]Template, len(ts))
	for i, t := range ts {
		out[i] = t.clone()
	}
	return out
}

// builtIn returns the built-in template called name.
func builtIn(name string) (Template, bool) {
	ts, _ := builtIns()
	for _, t := range ts {
		if t.Name == name {
			return t.clone(), true
		}
	}
	return Template{}, false
}

// loadBuiltIns parses every templates/*.json file in fsys and orders the templates by builtInOrder (any
// others after them, by name). It returns the templates that parsed and an error for every problem.
func loadBuiltIns(fsys fs.FS) ([]Template, []error) {
	var errs []error
	files, err := fs.Glob(fsys, "templates/*.json")
	if err != nil {
		return nil, []error{err}
	}
	byName := map[string]Template{}
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, err := Parse(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("built-in template %s: %w", file, err))
			continue
		}
		if want := strings.TrimSuffix(path.Base(file), ".json"); t.Name != want {
			errs = append(errs, fmt.Errorf("built-in template %s is named %q; the file must be named after it", file, t.Name))
			continue
		}
		t.BuiltIn = true
		byName[t.Name] = t
	}
	var out []Template
	for _, name := range builtInOrder {
		t, ok := byName[name]
		if !ok {
			errs = append(errs, fmt.Errorf("built-in template %q has no valid file templates/%s.json", name, name))
			continue
		}
		out = append(out, t)
		delete(byName, name)
	}
	var rest []string
	for name := range byName {
		rest = append(rest, name)
	}
	slices.Sort(rest)
	for _, name := range rest {
		errs = append(errs, fmt.Errorf("built-in template %q is not in the display order list", name))
		out = append(out, byName[name])
	}
	return out, errs
}
