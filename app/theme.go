package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// colorNameFocusRing is the colour of the ring drawn around the focused widget (see focusRing): Fyne
// itself shows focus only as a tint of the widget's own background, which no colour can make both
// readable and visible on every kind of button, so the ring says it instead.
const colorNameFocusRing fyne.ThemeColorName = "hushnoteFocusRing"

// hushTheme is Hushnote's theme: Fyne's default theme with colours chosen so that every text colour is
// readable on every background it is drawn on (WCAG AA, checked by TestThemeContrast) in the light and
// the dark variant. Sizes, fonts and icons are Fyne's.
type hushTheme struct {
	fyne.Theme
	// variant, when fixed is set, is the variant used whatever the system asks for (tests and golden
	// images hold the theme to one).
	variant fyne.ThemeVariant
	fixed   bool
}

// newTheme is Hushnote's theme following the system's light or dark setting.
func newTheme() fyne.Theme { return hushTheme{Theme: theme.DefaultTheme()} }

// themeFor is Hushnote's theme held to one variant, as the system's setting would choose it.
func themeFor(v fyne.ThemeVariant) fyne.Theme {
	return hushTheme{Theme: theme.DefaultTheme(), variant: v, fixed: true}
}

// Color answers Hushnote's colour for the names it sets and Fyne's for the rest.
func (t hushTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.fixed {
		v = t.variant
	}
	palette := darkPalette
	if v == theme.VariantLight {
		palette = lightPalette
	}
	if c, ok := palette[n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}

// rgb is an opaque colour from its hex triplet.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// rgba is a colour from its hex triplet and an alpha: Fyne draws such colours over what is beneath
// (hover, selection and focus tints).
func rgba(hex uint32, a uint8) color.NRGBA {
	c := rgb(hex)
	c.A = a
	return c
}

// lightPalette is the light variant. Fyne's own greys for secondary text (#E3E3E3 on white, 1.2:1) and
// its status colours (bright green 1.5:1, orange 2.2:1) are replaced by darker shades; primary blue is
// a shade darker too, so that white on a primary button and blue links on white both pass.
var lightPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0xffffff),
	theme.ColorNameForeground:          rgb(0x1d1d1f),
	theme.ColorNameDisabled:            rgb(0x5c5c60), // also LowImportance labels: dates, details, hints
	theme.ColorNamePlaceHolder:         rgb(0x636367),
	theme.ColorNamePrimary:             rgb(0x1a56c4),
	theme.ColorNameHyperlink:           rgb(0x1a56c4),
	theme.ColorNameForegroundOnPrimary: rgb(0xffffff),
	theme.ColorNameSuccess:             rgb(0x176b2c), // local: stays on this device
	theme.ColorNameWarning:             rgb(0xa14d00), // cloud: leaves this device
	theme.ColorNameError:               rgb(0xc0231e),
	theme.ColorNameForegroundOnSuccess: rgb(0xffffff),
	theme.ColorNameForegroundOnWarning: rgb(0xffffff),
	theme.ColorNameForegroundOnError:   rgb(0xffffff),
	theme.ColorNameButton:              rgb(0xeeeef0),
	theme.ColorNameDisabledButton:      rgb(0xf2f2f4),
	theme.ColorNameInputBackground:     rgb(0xf4f4f6),
	theme.ColorNameInputBorder:         rgb(0x8a8a8e), // 3:1 on white: the field's edge is seen
	theme.ColorNameMenuBackground:      rgb(0xf7f7f9),
	theme.ColorNameOverlayBackground:   rgb(0xffffff),
	theme.ColorNameHeaderBackground:    rgb(0xf6f6f8),
	theme.ColorNameSeparator:           rgb(0xd6d6da),
	theme.ColorNameHover:               rgba(0x000000, 0x0f),
	theme.ColorNameSelection:           rgba(0x1a56c4, 0x2a),
	theme.ColorNameFocus:               rgba(0x0a2a6e, 0x28),
	theme.ColorNamePressed:             rgba(0x000000, 0x19),
	colorNameFocusRing:                 rgb(0x1a56c4),
}

// darkPalette is the dark variant. Fyne's grey for secondary text (#39393A on #171718, 1.6:1) is
// replaced by a light grey; primary is a lighter blue (readable as text on the dark background), so
// text on a primary button is dark.
var darkPalette = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          rgb(0x171718),
	theme.ColorNameForeground:          rgb(0xf3f3f3),
	theme.ColorNameDisabled:            rgb(0xa6a6ab),
	theme.ColorNamePlaceHolder:         rgb(0xa3a3a8),
	theme.ColorNamePrimary:             rgb(0x6ea2ff),
	theme.ColorNameHyperlink:           rgb(0x7cabff),
	theme.ColorNameForegroundOnPrimary: rgb(0x111114),
	theme.ColorNameSuccess:             rgb(0x5ad36e),
	theme.ColorNameWarning:             rgb(0xffa23a),
	theme.ColorNameError:               rgb(0xff7468),
	theme.ColorNameForegroundOnSuccess: rgb(0x111114),
	theme.ColorNameForegroundOnWarning: rgb(0x111114),
	theme.ColorNameForegroundOnError:   rgb(0x111114),
	theme.ColorNameButton:              rgb(0x2a2b30),
	theme.ColorNameDisabledButton:      rgb(0x242529),
	theme.ColorNameInputBackground:     rgb(0x212124),
	theme.ColorNameInputBorder:         rgb(0x6e6e74),
	theme.ColorNameMenuBackground:      rgb(0x28292e),
	theme.ColorNameOverlayBackground:   rgb(0x1c1f26),
	theme.ColorNameHeaderBackground:    rgb(0x1f1f21),
	theme.ColorNameSeparator:           rgb(0x3a3a3e),
	theme.ColorNameHover:               rgba(0xffffff, 0x0f),
	theme.ColorNameSelection:           rgba(0x6ea2ff, 0x30),
	theme.ColorNameFocus:               rgba(0xffffff, 0x24),
	theme.ColorNamePressed:             rgba(0xffffff, 0x33),
	colorNameFocusRing:                 rgb(0x8ab4ff),
}
