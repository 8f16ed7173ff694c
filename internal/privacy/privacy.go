// Package privacy holds what each provider preset does with the text it is sent, as data: one privacy
// card per preset, from the vendors' published policies (cards.json, embedded), each with the date it was
// checked, where the facts come from and links to read more, plus what Hushnote itself sends.
package privacy

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// cardsJSON is the cards, in the order Cards returns them.
//
//go:embed cards.json
var cardsJSON []byte

// Kind says where a preset's model runs, which decides what Hushnote sends to it.
type Kind string

// Kinds.
const (
	KindCloud  Kind = "cloud"  // a vendor's service on the internet
	KindLocal  Kind = "local"  // a model on this computer (Ollama)
	KindCustom Kind = "custom" // a server the user names: this computer or anywhere
)

// What Hushnote sends, by kind.
const (
	SendsCloud  = "Transcript text only, over TLS (HTTPS), never audio. Every request is recorded in the egress ledger."
	SendsLocal  = "Transcript text only, never audio, and only to the model on this computer. Nothing leaves this device; only model downloads (ollama pull) use the network."
	SendsCustom = "Transcript text only, never audio; over TLS unless the server is on this computer (loopback)."
)

// VerifiedLayout is the layout of Card.Verified, for time.Parse.
const VerifiedLayout = "2006-01-02"

// Link is a vendor page to read more.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Card is one preset's privacy facts, in words for people.
type Card struct {
	Preset            string `json:"preset"`              // preset name: together, ollama, ...
	Provider          string `json:"provider"`            // for people: "Together AI"
	Kind              Kind   `json:"kind"`                // where the model runs
	TrainsOnAPIData   string `json:"trains_on_api_data"`  // whether the vendor trains on API traffic by default
	DefaultRetention  string `json:"default_retention"`   // how long the vendor keeps what it is sent
	ZeroDataRetention string `json:"zero_data_retention"` // whether it can keep nothing, and how to turn that on
	Region            string `json:"region"`              // where the data is processed
	Notes             string `json:"notes"`               // anything else worth knowing; may be empty
	Links             []Link `json:"links"`               // the vendor's pages
	Verified          string `json:"verified"`            // when the facts were checked, YYYY-MM-DD
	Source            string `json:"source"`              // where the facts come from
	// Sends says what Hushnote sends to this provider; it follows from Kind, not from the data file.
	Sends string `json:"-"`
}

// Cards returns every preset's card: together, ollama, openai, groq, openrouter, mistral, gemini, custom.
// Each call returns fresh copies the caller may change.
func Cards() []Card {
	cards, err := decode(cardsJSON)
	if err != nil {
		panic("privacy: embedded cards.json: " + err.Error()) // data compiled in, checked by the tests
	}
	return cards
}

// Lookup returns the card of a preset (its name, case-insensitive).
func Lookup(preset string) (Card, bool) {
	preset = strings.TrimSpace(preset)
	for _, c := range Cards() {
		if strings.EqualFold(c.Preset, preset) {
			return c, true
		}
	}
	return Card{}, false
}

// Fact is one labelled fact of a card.
type Fact struct{ Label, Value string }

// Facts are the card's facts in the order people read them, leaving out the ones the card does not
// state; the terminal and the settings screen show the same list.
func (c Card) Facts() []Fact {
	all := []Fact{
		{"Trains on API data", c.TrainsOnAPIData},
		{"Default retention", c.DefaultRetention},
		{"Zero data retention", c.ZeroDataRetention},
		{"Region", c.Region},
		{"Notes", c.Notes},
		{"What Hushnote sends", c.Sends},
	}
	out := all[:0]
	for _, f := range all {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	return out
}

// Text renders the card for a terminal: a title line, one labelled line per fact, what Hushnote sends,
// the links, where the facts come from and when they were checked.
func (c Card) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: privacy card (preset %s)\n", c.Provider, c.Preset)
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	for _, f := range c.Facts() {
		line(f.Label, f.Value)
	}
	if len(c.Links) > 0 {
		b.WriteString("Links:\n")
		for _, l := range c.Links {
			fmt.Fprintf(&b, "  %s: %s\n", l.Title, l.URL)
		}
	}
	line("Source", c.Source)
	line("Verified", c.Verified)
	return b.String()
}

// decode reads cards from JSON, refusing fields it does not know, and fills in what each sends.
func decode(data []byte) ([]Card, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cards []Card
	if err := dec.Decode(&cards); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the list of cards")
	}
	for i := range cards {
		switch cards[i].Kind {
		case KindCloud:
			cards[i].Sends = SendsCloud
		case KindLocal:
			cards[i].Sends = SendsLocal
		case KindCustom:
			cards[i].Sends = SendsCustom
		default:
			return nil, fmt.Errorf("card %q: unknown kind %q", cards[i].Preset, cards[i].Kind)
		}
	}
	return cards, nil
}
