package app

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// The WCAG 2.x AA lines: body text, and large text and the parts of a control that show its state.
const (
	minText    = 4.5
	minNonText = 3.0
)

// contrastPair is one colour drawn on another somewhere in the app.
type contrastPair struct {
	what   string // the text (or mark) and the background, in words
	fg, bg color.Color
	min    float64
}

// over is how Fyne draws a colour with alpha over another (widget/button.go's blendColor, and the
// GL painter for a translucent rectangle): the "over" operator on the colours' components.
func over(under, top color.Color) color.Color {
	ur, ug, ub, ua := under.RGBA()
	tr, tg, tb, ta := top.RGBA()
	a := float64(ta) / 0xffff
	mix := func(u, t uint32) uint16 { return uint16(float64(t) + float64(u)*(1-a)) }
	return color.RGBA64{R: mix(ur, tr), G: mix(ug, tg), B: mix(ub, tb), A: uint16(float64(ta) + float64(ua)*(1-a))}
}

// luminance is a colour's relative luminance as WCAG 2.x defines it (sRGB, linearised).
func luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	r, g, b := n.R, n.G, n.B
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// hex writes an opaque colour as #RRGGBB.
func hex(c color.Color) string {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return fmt.Sprintf("#%02X%02X%02X", n.R, n.G, n.B)
}

// themePairs lists every text colour (and every mark that shows a state) on every background Fyne 2.7.1
// draws it on in this app, with the background composited as Fyne paints it (hover, selection and focus
// tints carry alpha and are drawn over what is beneath). Why each pair is here is said beside it.
func themePairs(th fyne.Theme, v fyne.ThemeVariant) []contrastPair {
	c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	bg := c(theme.ColorNameBackground)
	fg := c(theme.ColorNameForeground)
	// texts limits a background to the first n text colours below, when only those are drawn on it.
	backgrounds := []struct {
		name  string
		col   color.Color
		texts int
	}{
		// Window background: labels, list rows, the top bar, cards (widget.Card draws a shadow, no fill
		// of its own), accordions, tabs, RichText notes, Check and Radio labels.
		{"the background", bg, 0},
		// List, Table and Tree rows under the pointer; the keyboard-focused list row is drawn hovered
		// (list.go setupListItem); a hovered tab, split handle and Select are the same tint over the
		// background.
		{"a hovered row", over(bg, c(theme.ColorNameHover)), 0},
		// The selected row of the meeting list, the template list and the installed-models table.
		{"a selected row", over(bg, c(theme.ColorNameSelection)), 0},
		// A focused Select (select.go fills it with the focus colour over what is beneath): its choice,
		// or "(Select one)" in the disabled colour.
		{"a focused select", over(bg, c(theme.ColorNameFocus)), 2},
		// Entries (search, key, Paste), and the placeholder in them.
		{"an input field", c(theme.ColorNameInputBackground), 0},
		// Dialogs and pop-ups (Edit meeting, About, errors, the Select's drop-down is a menu).
		{"a dialog", c(theme.ColorNameOverlayBackground), 0},
		// The drop-down of a Select (items in the text colour, disabled ones in the disabled colour), and
		// its item under the pointer or the keys (menu_item.go fills it with the focus colour).
		{"a menu", c(theme.ColorNameMenuBackground), 2},
		{"the active menu item", over(c(theme.ColorNameMenuBackground), c(theme.ColorNameFocus)), 1},
		// A table's header row (text only).
		{"a table header", c(theme.ColorNameHeaderBackground), 1},
	}
	var pairs []contrastPair
	add := func(what string, f, b color.Color, min float64) {
		pairs = append(pairs, contrastPair{what, f, b, min})
	}
	texts := []struct {
		name string
		col  fyne.ThemeColorName
	}{
		{"text", theme.ColorNameForeground},
		// LowImportance labels are drawn in the disabled colour (label.go syncSegments): the meeting's
		// date and details, the list's second line, hints, the status line.
		{"secondary text", theme.ColorNameDisabled},
		// HighImportance labels and the selected tab's title are primary; links are hyperlink.
		{"primary text", theme.ColorNamePrimary},
		{"a link", theme.ColorNameHyperlink},
		// SuccessImportance: "On this device", "local notes"; WarningImportance: the cloud; errors.
		{"local (success) text", theme.ColorNameSuccess},
		{"cloud (warning) text", theme.ColorNameWarning},
		{"error text", theme.ColorNameError},
	}
	for _, b := range backgrounds {
		ts := texts
		if b.texts > 0 {
			ts = texts[:b.texts]
		}
		for _, t := range ts {
			add(t.name+" on "+b.name, c(t.col), b.col, minText)
		}
	}
	input := c(theme.ColorNameInputBackground)
	add("a placeholder in an input field", c(theme.ColorNamePlaceHolder), input, minText)
	add("a placeholder in a hovered input field", c(theme.ColorNamePlaceHolder), over(input, c(theme.ColorNameHover)), minText)

	// Buttons (button.go buttonColorNames): the fill, tinted by hover or focus.
	button, primary := c(theme.ColorNameButton), c(theme.ColorNamePrimary)
	for _, s := range []struct {
		state string
		tint  fyne.ThemeColorName
	}{{"", ""}, {"hovered ", theme.ColorNameHover}, {"focused ", theme.ColorNameFocus}} {
		tinted := func(base color.Color) color.Color {
			if s.tint == "" {
				return base
			}
			return over(base, c(s.tint))
		}
		add("text on a "+s.state+"button", fg, tinted(button), minText)
		// A LowImportance button has no fill until hovered or focused, then the button colour.
		if s.tint != "" {
			add("text on a "+s.state+"low-importance button", fg, over(bg, tinted(button)), minText)
		}
		add("text on a "+s.state+"primary button", c(theme.ColorNameForegroundOnPrimary), tinted(primary), minText)
		add("text on a "+s.state+"success button", c(theme.ColorNameForegroundOnSuccess), tinted(c(theme.ColorNameSuccess)), minText)
		add("text on a "+s.state+"warning button", c(theme.ColorNameForegroundOnWarning), tinted(c(theme.ColorNameWarning)), minText)
		add("text on a "+s.state+"danger button", c(theme.ColorNameForegroundOnError), tinted(c(theme.ColorNameError)), minText)
	}
	// Disabled controls are exempt from WCAG's line, but here the disabled colour is also secondary
	// text, so it is held to the line on the disabled button too.
	add("a disabled button's text", c(theme.ColorNameDisabled), c(theme.ColorNameDisabledButton), minText)

	// Marks that show a state, at 3:1 against what surrounds them.
	ring := c(colorNameFocusRing)
	for _, b := range backgrounds[:6] {
		// The focus ring is drawn just outside the focused widget, on what is around it.
		add("the focus ring on "+b.name, ring, b.col, minNonText)
	}
	// ... and must be told from the widget it surrounds, primary buttons included (their fill touches
	// the ring's inner edge).
	add("the focus ring next to a button", ring, over(button, c(theme.ColorNameFocus)), minNonText)
	add("the focus ring next to an input field", ring, input, minNonText)
	// A focused entry's border is primary (entry.go); a checked box is primary on the focus circle.
	add("a focused entry's border on the background", primary, bg, minNonText)
	add("a focused entry's border on its field", primary, input, minNonText)
	add("a checked box in its focus circle", primary, over(bg, c(theme.ColorNameFocus)), minNonText)
	add("an empty box's border on the background", c(theme.ColorNameInputBorder), bg, minNonText)
	// The selected tab's bar is primary on the background.
	add("the selected tab's bar", primary, bg, minNonText)
	return pairs
}

// TestThemeContrast: every pair reaches WCAG AA in both variants; the worst pair of each is logged.
func TestThemeContrast(t *testing.T) {
	test.NewTempApp(t)
	for _, v := range []struct {
		name    string
		variant fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		t.Run(v.name, func(t *testing.T) {
			pairs := themePairs(newTheme(), v.variant)
			for _, p := range pairs {
				if r := contrast(p.fg, p.bg); r < p.min {
					t.Errorf("%s: %s on %s is %.2f:1, below %.1f:1", p.what, hex(p.fg), hex(p.bg), r, p.min)
				}
			}
			sort.Slice(pairs, func(i, j int) bool {
				return contrast(pairs[i].fg, pairs[i].bg)/pairs[i].min < contrast(pairs[j].fg, pairs[j].bg)/pairs[j].min
			})
			for _, p := range pairs[:6] {
				t.Logf("%-55s %s on %s %5.2f:1 (line %.1f)", p.what, hex(p.fg), hex(p.bg), contrast(p.fg, p.bg), p.min)
			}
		})
	}
}

// TestThemeContrastCanFail: the same check finds the failures the issue measured in Fyne's default
// theme, so a pass above means something.
func TestThemeContrastCanFail(t *testing.T) {
	test.NewTempApp(t)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		var failed []string
		for _, p := range themePairs(theme.DefaultTheme(), v) {
			if contrast(p.fg, p.bg) < p.min {
				failed = append(failed, p.what)
			}
		}
		joined := strings.Join(failed, "|")
		if !strings.Contains(joined, "secondary text on the background") || !strings.Contains(joined, "secondary text on a selected row") {
			t.Errorf("variant %d: Fyne's default theme passes the secondary-text pairs; failures: %v", v, failed)
		}
	}
	if r := contrast(rgb(0x39393a), rgb(0x171718)); math.Abs(r-1.6) > 0.1 {
		t.Errorf("the issue's dark pair measures %.2f:1, want about 1.6", r)
	}
}

// TestThemeHeldToAVariant: themeFor answers its variant whatever is asked; newTheme follows the ask.
func TestThemeHeldToAVariant(t *testing.T) {
	test.NewTempApp(t)
	light := themeFor(theme.VariantLight)
	if got := hex(light.Color(theme.ColorNameBackground, theme.VariantDark)); got != "#FFFFFF" {
		t.Errorf("light theme asked for dark gives background %s", got)
	}
	if got := hex(newTheme().Color(theme.ColorNameBackground, theme.VariantDark)); got != "#171718" {
		t.Errorf("system theme asked for dark gives background %s", got)
	}
	if newTheme().Size(theme.SizeNameText) != theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Error("sizes are not Fyne's")
	}
}
