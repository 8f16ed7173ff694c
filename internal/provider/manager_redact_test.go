package provider_test

import (
	"context"
	"path/filepath"
	"testing"

	"hushnote/internal/provider"
	"hushnote/internal/redact"
	"hushnote/internal/secret"
	"hushnote/internal/store"
)

// TestManagerTeachesTheRedactorItsKeys: a key saved with SetKey, or read for a provider Open makes
// (from the key store or the environment), is known to the redactor before it is sent anywhere.
func TestManagerTeachesTheRedactorItsKeys(t *testing.T) {
	const (
		saved = "tgp_v1_SAVED_1a2b3c4d5e6f7a8b"
		env   = "gsk_ENVIRONMENT_9z8y7x6w5v4u"
	)
	for _, tc := range []struct {
		name   string
		key    string
		stored bool // the keychain holds it before the test
		use    func(*provider.Manager) error
	}{
		{"saved", saved, false, func(m *provider.Manager) error {
			_, err := m.SetKey(provider.Together, saved)
			return err
		}},
		{"read from the key store", saved, true, func(m *provider.Manager) error {
			_, _, err := m.Open(context.Background(), provider.Together)
			return err
		}},
		{"read from the environment", env, false, func(m *provider.Manager) error {
			_, _, err := m.Open(context.Background(), provider.Groq)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			kr := &memKeyring{}
			if tc.stored {
				kr.Set(secret.KeyringService, provider.Together, saved)
			}
			getenv := func(k string) string {
				if k == "GROQ_API_KEY" {
					return env
				}
				return ""
			}
			r := redact.New()
			m := provider.NewManager(st, secret.New(dir, secret.WithKeyring(kr), secret.WithGetenv(getenv)),
				provider.WithGetenv(getenv), provider.WithRedactor(r))
			if got := r.Scrub(tc.key); got != tc.key {
				t.Fatalf("the redactor knew the key before it was used: %q", got)
			}
			if err := tc.use(m); err != nil {
				t.Fatal(err)
			}
			if got := r.Scrub("echo: " + tc.key); got != "echo: "+redact.Placeholder {
				t.Errorf("the redactor does not know the key: %q", got)
			}
		})
	}
}
