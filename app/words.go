package app

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"hushnote/internal/provider"
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

// cloudModelMark marks a model that runs in Ollama's cloud, not here, with the host it runs on (from
// provider.Model.RemoteHost, e.g. "https://ollama.com:443"): "cloud — runs on ollama.com, text leaves
// this device". Every list that offers models says it the same way.
func cloudModelMark(remoteHost string) string {
	return "cloud — runs on " + remoteHostName(remoteHost) + ", text leaves this device"
}

// remoteHostName names where a remote model runs, "another computer" when Ollama did not say.
func remoteHostName(remoteHost string) string {
	if h := provider.RemoteHostName(remoteHost); h != "" {
		return h
	}
	return "another computer"
}
