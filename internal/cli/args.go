package cli

import (
	"fmt"
	"strings"
)

// flagSpec says which flags a command takes; a flag maps to true when it takes a value.
type flagSpec map[string]bool

// parsed is a command line split into flags and positional arguments.
type parsed struct {
	flags map[string]string
	args  []string
}

func (p parsed) has(name string) bool { _, ok := p.flags[name]; return ok }

// parseArgs splits args by spec. Flags may come before, between or after positional arguments, as
// --name value, --name=value, or -o value for one-letter names; "--" ends the flags.
func parseArgs(args []string, spec flagSpec) (parsed, error) {
	p := parsed{flags: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			p.args = append(p.args, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' || a == "-" {
			p.args = append(p.args, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		takesValue, known := spec[name]
		if !known {
			return parsed{}, fmt.Errorf("unknown flag %s", a)
		}
		switch {
		case takesValue && !hasValue:
			if i+1 >= len(args) {
				return parsed{}, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		case !takesValue && hasValue:
			return parsed{}, fmt.Errorf("flag --%s takes no value", name)
		}
		p.flags[name] = value
	}
	return p, nil
}
