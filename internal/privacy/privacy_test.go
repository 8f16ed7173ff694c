package privacy

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEveryPresetHasACard(t *testing.T) {
	// The provider presets, in the order the app offers them.
	presets := []string{"together", "ollama", "openai", "groq", "openrouter", "mistral", "gemini", "custom"}
	cards := Cards()
	var got []string
	for _, c := range cards {
		got = append(got, c.Preset)
	}
	if !slices.Equal(got, presets) {
		t.Fatalf("cards for %v, want %v in that order", got, presets)
	}
	for _, c := range cards {
		t.Run(c.Preset, func(t *testing.T) {
			facts := map[string]string{
				"provider":            c.Provider,
				"trains_on_api_data":  c.TrainsOnAPIData,
				"default_retention":   c.DefaultRetention,
				"zero_data_retention": c.ZeroDataRetention,
				"region":              c.Region,
				"source":              c.Source,
				"sends":               c.Sends,
			}
			for name, v := range facts {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s is empty", name)
				}
			}
			d, err := time.Parse(VerifiedLayout, c.Verified)
			if err != nil {
				t.Errorf("verified %q: %v", c.Verified, err)
			} else if d.Before(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("verified %s: not a plausible checking date", c.Verified)
			}
			if c.Kind != KindCustom && len(c.Links) == 0 {
				t.Error("no links to the vendor's pages")
			}
			for _, l := range c.Links {
				u, err := url.Parse(l.URL)
				if err != nil || u.Scheme != "https" || u.Host == "" || l.Title == "" {
					t.Errorf("link %q (%s): want a titled https URL", l.Title, l.URL)
				}
			}
			// Every card says what Hushnote sends: transcript text only, never audio.
			for _, want := range []string{"Transcript text only", "never audio"} {
				if !strings.Contains(c.Sends, want) {
					t.Errorf("what Hushnote sends (%q) does not say %q", c.Sends, want)
				}
			}
			text := c.Text()
			for _, want := range []string{c.Provider, "What Hushnote sends: " + c.Sends, "Verified: " + c.Verified} {
				if !strings.Contains(text, want) {
					t.Errorf("Text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestWhatHushnoteSends(t *testing.T) {
	tests := []struct {
		preset string
		want   []string // in Text
		not    []string
	}{
		{"together", []string{
			// the cautious reading of Together's two pages, and the switch that changes it
			"Treat your prompts as stored", "“Store prompts and model responses”", "Organization Settings → Privacy",
			"may use them to improve its products", "older privacy page says inputs are not stored by default",
			// passthrough models hand the text to another company
			"Passthrough models", "another company", "its own policy", "Turning storage off also disables them",
			// the seed facts
			"only if you opt in", "self-serve", "only from when it is switched on", "every one of its API keys", "North America",
			// links, and when it was checked
			"https://www.together.ai/privacy", "2025-12-17", "https://docs.together.ai/docs/privacy-and-security",
			"https://docs.together.ai/docs/zero-data-retention", "Verified: 2026-12-01",
			// what Hushnote sends
			"Transcript text only", "over TLS", "never audio", "egress ledger",
		}, []string{"Privacy & Security in your account profile", "not stored by default, though"}},
		{"ollama", []string{"Nothing leaves this device", "never audio", "ollama pull", "-cloud"}, []string{"over TLS"}},
		{"openrouter", []string{"never audio", "Two hops"}, nil},
		{"custom", []string{"never audio", "loopback"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.preset, func(t *testing.T) {
			c, ok := Lookup(tt.preset)
			if !ok {
				t.Fatalf("no card for %s", tt.preset)
			}
			text := c.Text()
			for _, s := range tt.want {
				if !strings.Contains(text, s) {
					t.Errorf("Text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(text, s) {
					t.Errorf("Text says %q:\n%s", s, text)
				}
			}
		})
	}
	for _, c := range Cards() {
		if c.Kind == KindCloud && c.Sends != SendsCloud {
			t.Errorf("%s is a cloud service but its card says it is sent %q", c.Preset, c.Sends)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"together", "Together AI", true},
		{" Together ", "Together AI", true},
		{"OLLAMA", "Ollama (local)", true},
		{"anthropic", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.in)
		if ok != tt.ok || c.Provider != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.in, c.Provider, ok, tt.want, tt.ok)
		}
	}
	// Cards hands out copies: changing one does not change the next.
	c, _ := Lookup("together")
	c.Links[0].URL = "http://changed"
	if again, _ := Lookup("together"); again.Links[0].URL != "https://www.together.ai/privacy" {
		t.Error("a caller's change to a card reached the next caller")
	}
}

func TestDecodeIsStrict(t *testing.T) {
	if _, err := decode(cardsJSON); err != nil {
		t.Fatalf("embedded cards.json: %v", err)
	}
	tests := []struct {
		name string
		data string
	}{
		{"unknown field", `[{"preset": "x", "kind": "cloud", "trains_on_api_dta": "no"}]`},
		{"unknown link field", `[{"preset": "x", "kind": "cloud", "links": [{"title": "t", "href": "https://x"}]}]`},
		{"sends is computed, not data", `[{"preset": "x", "kind": "cloud", "sends": "audio too"}]`},
		{"unknown kind", `[{"preset": "x", "kind": "remote"}]`},
		{"trailing data", `[] []`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decode([]byte(tt.data)); err == nil {
				t.Error("decoded without an error")
			}
		})
	}
}
