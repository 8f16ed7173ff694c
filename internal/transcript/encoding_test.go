package transcript

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// A real transcript saved as Windows-1252 (as Windows' "ANSI" text and older tools save it) reads as
// the same transcript saved as UTF-8, and says it was converted. Its speakers are given accented names
// and its text the characters Windows-1252 has beyond Latin-1 (€, curly quotes, dashes), so every byte
// range of the encoding is in it.
func TestWindows1252IsConverted(t *testing.T) {
	for _, name := range []string{"ES2004a.txt", "ES2004a.zoom.vtt", "ES2004a.srt"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "transcripts", name))
			if err != nil {
				t.Fatal(err)
			}
			utf := strings.NewReplacer("Project Manager", "Zoë Müller", "Marketing", "José Ñúñez", "Industrial Designer", "Ådne Øvreås",
				"fine", "fine – “café” for 5 €, naïve … ’tis", "Okay", "D’accord").Replace(string(raw))
			ansi, err := charmap.Windows1252.NewEncoder().Bytes([]byte(utf))
			if err != nil {
				t.Fatal(err)
			}
			if string(ansi) == utf {
				t.Fatal("the test file is no different in Windows-1252")
			}
			want, err := Parse(name, []byte(utf))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(name, ansi)
			if err != nil {
				t.Fatalf("the Windows-1252 file was refused: %v", err)
			}
			if got.Encoding != Windows1252 || want.Encoding != "" {
				t.Errorf("Encoding = %q (converted), %q (UTF-8); want %q and none", got.Encoding, want.Encoding, Windows1252)
			}
			got.Encoding = ""
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the converted transcript differs from the UTF-8 one")
			}
			if !strings.Contains(strings.Join(got.Speakers(), ", "), "Zoë Müller") || !strings.Contains(utf, "“café” for 5 €") {
				t.Errorf("speakers = %q", got.Speakers())
			}
			if f, err := Detect(name, ansi); err != nil || f != want.Format {
				t.Errorf("Detect = %q, %v; want %q", f, err, want.Format)
			}
		})
	}
}
