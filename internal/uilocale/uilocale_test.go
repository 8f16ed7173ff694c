package uilocale

import "testing"

func TestCLocales(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"LANG": "C.UTF-8"}, true},
		{map[string]string{"LANG": "C.utf8"}, true},
		{map[string]string{"LANG": "POSIX.UTF-8"}, true},
		{map[string]string{"LANG": "C@euro"}, true},
		{map[string]string{"LANG": "C"}, false}, // Fyne reads plain C and POSIX as no locale: nothing to do
		{map[string]string{"LANG": "POSIX"}, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, false},
		{map[string]string{"LANG": "Ca_ES.UTF-8"}, false},
		{map[string]string{"LANG": "de_DE.UTF-8", "LC_ALL": "C.UTF-8"}, true}, // LC_ALL governs
		{map[string]string{"LANG": "C.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, false},
		{map[string]string{}, false},
	}
	for _, tc := range tests {
		t.Run(effective(func(k string) string { return tc.env[k] }), func(t *testing.T) {
			if got := isCLocale(effective(func(k string) string { return tc.env[k] })); got != tc.want {
				t.Errorf("isCLocale under %v = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}
