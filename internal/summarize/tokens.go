package summarize

import (
	"context"
	"errors"
	"strconv"
	"unicode/utf8"

	"hushnote/internal/store"
)

// DefaultCharsPerToken is where the estimate starts for a model Hushnote has not measured yet: 3
// characters per token, fewer than English takes on Llama-family and GPT tokenizers (about 4), so the
// first requests err on the small side. Other languages and byte-level tokenizers take fewer still (the
// tiny test model about 1 to 2); the first answer's real prompt token count corrects it (see Learn), and
// a "context too long" answer shrinks it at once.
const DefaultCharsPerToken = 3.0

// Bounds on a measured ratio, against a nonsense count.
const (
	minCharsPerToken = 0.5
	maxCharsPerToken = 8.0
)

// calibrationKey is the setting that holds a model's measured characters per token.
func calibrationKey(preset, model string) string {
	return "tokens.chars_per_token." + preset + "/" + model
}

// calibration reads and learns how many characters a model's tokens hold.
type calibration struct {
	st            *store.Store
	preset, model string
}

// charsPerToken returns the measured ratio, or DefaultCharsPerToken.
func (c calibration) charsPerToken(ctx context.Context) (float64, error) {
	v, err := c.st.Setting(ctx, calibrationKey(c.preset, c.model))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultCharsPerToken, nil
	}
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < minCharsPerToken || f > maxCharsPerToken {
		return DefaultCharsPerToken, nil
	}
	return f, nil
}

// learn records a measurement: chars characters were tokens tokens. The next estimate errs 10 % on the
// small side of it; learn returns it, or 0 when the measurement was too small to use (the chat
// template's own tokens skew small prompts).
func (c calibration) learn(ctx context.Context, chars, tokens int) (float64, error) {
	if tokens < 64 || chars < 256 {
		return 0, nil
	}
	ratio := float64(chars) / float64(tokens) * 0.9
	ratio = max(minCharsPerToken, min(maxCharsPerToken, ratio))
	return ratio, c.st.SetSetting(ctx, calibrationKey(c.preset, c.model), strconv.FormatFloat(ratio, 'f', 3, 64))
}

// shrink makes the estimate more cautious after the model said a prompt did not fit.
func (c calibration) shrink(ctx context.Context, current float64) (float64, error) {
	next := max(minCharsPerToken, current*0.7)
	return next, c.st.SetSetting(ctx, calibrationKey(c.preset, c.model), strconv.FormatFloat(next, 'f', 3, 64))
}

// tokensFor estimates the tokens of s at cpt characters per token, rounding up.
func tokensFor(s string, cpt float64) int {
	return int(float64(utf8.RuneCountInString(s))/cpt) + 1
}
