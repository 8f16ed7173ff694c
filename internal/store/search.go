package store

import (
	"context"
	"errors"
	"strings"

	"unicode"
)

// ErrEmptyQuery is returned by Search for a query with no words in it.
var ErrEmptyQuery = errors.New("the search has no words in it")

// Snippet markers: private-use characters that never occur in transcripts, turned into Parts by Search.
const (
	markOpen  = "\uE000"
	markClose = "\uE001"
)

// SnippetPart is a piece of a search snippet; Match is true for the words that matched the query.
type SnippetPart struct {
	Text  string
	Match bool
}

// Hit is one meeting found by Search.
type Hit struct {
	Meeting Meeting
	Rank    float64 // lower is better (BM25, negated as SQLite reports it)
	Snippet []SnippetPart
}

// SnippetText renders the snippet with each match between open and close, e.g. "[" and "]".
func (h Hit) SnippetText(open, close string) string {
	var b strings.Builder
	for _, p := range h.Snippet {
		if p.Match {
			b.WriteString(open + p.Text + close)
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// Search finds meetings whose title, transcript or latest summary hold every word of query, best first.
// Words in double quotes must appear as a phrase; a word ending in * matches any word it begins; OR
// between words matches either.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	match := ftsQuery(query)
	if match == "" {
		return nil, ErrEmptyQuery
	}
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("m.", meetingColumns)+`, f.rank,
			snippet(meeting_fts, -1, '`+markOpen+`', '`+markClose+`', '…', 16)
		FROM meeting_fts f JOIN meetings m ON m.id = f.rowid
		WHERE meeting_fts MATCH ? ORDER BY f.rank LIMIT ?`, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		var snippet string
		m, err := scanMeeting(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &h.Rank, &snippet)...)
		}))
		if err != nil {
			return nil, err
		}
		h.Meeting = m
		h.Snippet = splitSnippet(snippet)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ", ")
	for i := range cols {
		cols[i] = prefix + cols[i]
	}
	return strings.Join(cols, ", ")
}

func splitSnippet(s string) []SnippetPart {
	var parts []SnippetPart
	s = strings.Join(strings.Fields(s), " ")
	for s != "" {
		i := strings.Index(s, markOpen)
		if i < 0 {
			parts = append(parts, SnippetPart{Text: s})
			break
		}
		if i > 0 {
			parts = append(parts, SnippetPart{Text: s[:i]})
		}
		s = s[i+len(markOpen):]
		j := strings.Index(s, markClose)
		if j < 0 {
			j = len(s)
		}
		parts = append(parts, SnippetPart{Text: s[:j], Match: true})
		s = strings.TrimPrefix(s[j:], markClose)
	}
	return parts
}

// ftsQuery turns what a person typed into an FTS5 query that cannot be a syntax error: every word and
// phrase is quoted, so FTS5's operators and punctuation lose their meaning except for OR and a final *.
func ftsQuery(q string) string {
	var terms []string
	for q = strings.TrimSpace(q); q != ""; q = strings.TrimSpace(q) {
		var term string
		prefix := false
		if q[0] == '"' {
			end := strings.IndexByte(q[1:], '"')
			if end < 0 {
				term, q = q[1:], ""
			} else {
				term, q = q[1:end+1], q[end+2:]
			}
		} else {
			end := strings.IndexFunc(q, unicode.IsSpace)
			if end < 0 {
				end = len(q)
			}
			term, q = q[:end], q[end:]
			if term == "OR" {
				if len(terms) > 0 && terms[len(terms)-1] != "OR" {
					terms = append(terms, "OR")
				}
				continue
			}
			term, prefix = strings.CutSuffix(term, "*")
		}
		if !hasWord(term) {
			continue
		}
		quoted := `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
		if prefix {
			quoted += "*"
		}
		terms = append(terms, quoted)
	}
	if len(terms) > 0 && terms[len(terms)-1] == "OR" {
		terms = terms[:len(terms)-1]
	}
	return strings.Join(terms, " ")
}

func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}
