package app

import (
	"regexp"
	"strings"
)

// tableRule matches the line under a Markdown table's header: | --- | :---: | ---: |
var tableRule = regexp.MustCompile(`^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$`)

// notesForDisplay prepares a summary's Markdown for Fyne's RichText, which shows tables as raw pipes:
// each table row becomes a bullet, "**Ana** · Draft the UI · Due: Friday" (the first cell in bold,
// the second as it is, later cells with their column's name; empty cells left out). The rest is kept.
func notesForDisplay(md string) string {
	lines := strings.Split(md, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if i+1 < len(lines) && isTableRow(lines[i]) && tableRule.MatchString(strings.TrimSpace(lines[i+1])) {
			head := tableCells(lines[i])
			i += 2
			for ; i < len(lines) && isTableRow(lines[i]); i++ {
				out = append(out, tableBullet(head, tableCells(lines[i])))
			}
			i--
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}

func isTableRow(line string) bool {
	return strings.HasPrefix(strings.TrimSpace(line), "|")
}

// tableCells splits "| a | b \| c |" into its trimmed cells ("\|" is a pipe inside a cell).
func tableCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			b.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// tableBullet words one table row as a bullet.
func tableBullet(head, cells []string) string {
	var parts []string
	for i, c := range cells {
		if c == "" {
			continue
		}
		switch {
		case i == 0:
			parts = append(parts, "**"+c+"**")
		case i == 1 || i >= len(head) || head[i] == "":
			parts = append(parts, c)
		default:
			parts = append(parts, head[i]+": "+c)
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return "- " + strings.Join(parts, " · ")
}
