package templates

import (
	"errors"
	"strings"
)

// ErrUnknownLanguage is matched (errors.Is) by every refusal of a summary language that is not one of
// Languages: Hushnote asks a model for notes only in a language it can name, never in another one
// silently.
var ErrUnknownLanguage = errors.New("not a language Hushnote can ask a model to write in")

// Language is one language summaries can be written in.
type Language struct {
	Name   string   // in English, as the prompt names it: "German"
	Native string   // as its speakers write it: "Deutsch"; typed in the field, it is the same language
	Codes  []string // ISO 639-1 codes, as transcripts name their language: "de"
}

// languages is the one list of summary languages, in the order Settings offers them.
var languages = []Language{
	{"English", "English", []string{"en"}},
	{"German", "Deutsch", []string{"de"}},
	{"French", "Français", []string{"fr"}},
	{"Spanish", "Español", []string{"es"}},
	{"Italian", "Italiano", []string{"it"}},
	{"Portuguese", "Português", []string{"pt"}},
	{"Dutch", "Nederlands", []string{"nl"}},
	{"Polish", "Polski", []string{"pl"}},
	{"Swedish", "Svenska", []string{"sv"}},
	{"Danish", "Dansk", []string{"da"}},
	{"Norwegian", "Norsk", []string{"no", "nb", "nn"}},
	{"Finnish", "Suomi", []string{"fi"}},
	{"Czech", "Čeština", []string{"cs"}},
	{"Hungarian", "Magyar", []string{"hu"}},
	{"Romanian", "Română", []string{"ro"}},
	{"Greek", "Ελληνικά", []string{"el"}},
	{"Turkish", "Türkçe", []string{"tr"}},
	{"Russian", "Русский", []string{"ru"}},
	{"Ukrainian", "Українська", []string{"uk"}},
	{"Catalan", "Català", []string{"ca"}},
	{"Hebrew", "עברית", []string{"he"}},
	{"Arabic", "العربية", []string{"ar"}},
	{"Hindi", "हिन्दी", []string{"hi"}},
	{"Indonesian", "Bahasa Indonesia", []string{"id"}},
	{"Vietnamese", "Tiếng Việt", []string{"vi"}},
	{"Thai", "ไทย", []string{"th"}},
	{"Japanese", "日本語", []string{"ja"}},
	{"Korean", "한국어", []string{"ko"}},
	{"Chinese", "中文", []string{"zh"}},
}

// Languages returns the languages summaries can be written in, in the order Settings offers them. The
// caller may change the copy it gets.
func Languages() []Language {
	out := make([]Language, len(languages))
	for i, l := range languages {
		l.Codes = append([]string(nil), l.Codes...)
		out[i] = l
	}
	return out
}

// LanguageNames returns the names of Languages, in order: what the summary language field offers.
func LanguageNames() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.Name
	}
	return out
}

// LookupLanguage finds a language by its English name, its own name or its code, ignoring case and
// spaces around it; a code may carry a region ("pt-BR", "de_AT"). It reports false for anything else,
// "" included.
func LookupLanguage(s string) (Language, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Language{}, false
	}
	code, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	for _, l := range languages {
		if strings.EqualFold(l.Name, s) || strings.EqualFold(l.Native, s) {
			return l, true
		}
		for _, c := range l.Codes {
			if strings.EqualFold(c, code) {
				return l, true
			}
		}
	}
	return Language{}, false
}

// unknownLanguage is the refusal of a language that is not in the list, for the field it was typed in.
func unknownLanguage(s string) *ValidationError {
	return &ValidationError{Field: "language", Err: ErrUnknownLanguage,
		Problem: "Hushnote cannot ask a model to write in “" + strings.TrimSpace(s) + "”: choose one of the listed languages, such as English, German or French"}
}
