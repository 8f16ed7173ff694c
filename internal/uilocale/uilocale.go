// Package uilocale gives the GUI toolkit a locale it can read before it reads one. Importing it is all
// it takes (main.go does, for its side effect).
//
// Fyne's lang package reads the locale while the program initialises, before main runs, and logs a
// three-line error to standard error when it cannot parse it: under LANG=C.UTF-8, the default of
// Debian and Ubuntu containers, it takes "C" for a language. That would break the command line's
// promise that standard error carries only its own messages. The C and POSIX locales mean "no
// translation", which for Fyne is English; when the locale is one of them and LANGUAGE is not set, this
// package sets LANGUAGE=en, which Fyne's locale lookup reads instead and which programs that honour
// LANGUAGE ignore under the C locale anyway.
//
// It runs first because of Go's initialisation order: packages are initialised in import-path order
// among those whose imports are ready, this one needs only os (so it is ready as soon as os is), and
// Fyne's lang package needs text/template, whose path sorts after this one's and which needs os too.
// The end-to-end test of the command line under LANG=C.UTF-8 proves it stays so. This package must not
// import anything beyond os and strings.
package uilocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") == "" && isCLocale(effective(os.Getenv)) {
		os.Setenv("LANGUAGE", "en")
	}
}

// effective is the locale that governs messages: the first of LC_ALL, LC_MESSAGES and LANG that is set.
func effective(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return v
		}
	}
	return ""
}

// isCLocale reports whether loc is the C or POSIX locale with a character set or modifier ("C.UTF-8",
// "POSIX.utf8", "C@euro"). Plain "C" and "POSIX" are left alone: Fyne reads them as no locale.
func isCLocale(loc string) bool {
	name, _, _ := strings.Cut(loc, "@")
	name, charset, dotted := strings.Cut(name, ".")
	return (name == "C" || name == "POSIX") && (dotted && charset != "" || name != loc)
}
