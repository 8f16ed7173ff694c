package app

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plural says how many of something: "1 meeting", "3 meetings".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// upperFirst starts s with a capital letter.
func upperFirst(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// fullStop ends s with a full stop, unless it is empty or ends with one.
func fullStop(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// sentence makes a message a sentence for a status line: a capital letter first, a full stop last.
func sentence(s string) string { return fullStop(upperFirst(s)) }
