package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrEmptyQuery is returned by Search for a query with no words in it.
var ErrEmptyQuery = errors.New("the search has no words in it")

// SnippetPart is a piece of a search snippet; Match is true for the words that matched the query.
type SnippetPart struct {
	Text  string
	Match bool
}

// Hit is one meeting found by Search.
type Hit struct {
	Meeting Meeting
	Rank    float64 // lower is better (SQLite's BM25, title words weighing most); 0 past broadSearch or rankBudget
	// Snippet is a few words around the first match in the transcript (or the summary, when only the
	// summary matched); empty when only the title matched.
	Snippet []SnippetPart
	// Segment is the index of the transcript segment the snippet comes from, or -1; At and Speaker are
	// that segment's start time and speaker.
	Segment int
	At      time.Duration
	Speaker string
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

// broadSearch is how many matching meetings a search ranks. Past it the query's words are in so many
// meetings that BM25 cannot tell them apart (their weight approaches zero) and ranking them all would be
// slow; such a search lists the meetings that match in their title or speakers first (ranked, or newest
// first when those are as many), then the newest of the rest.
const broadSearch = 1000

// rankBudget is how long a search may take before its matches are ranked. Ranking reads the whole
// index entry of every word and prefix of the query (to weigh how rare each is), which for words found
// in nearly every meeting takes long and tells little; past the budget (finding the matches counts) the
// matches are listed as for a broad search.
const rankBudget = 200 * time.Millisecond

// The bounds that keep every search quick, typed or pasted: the cost of a search grows with its words
// and above all with its prefixes (a word ending in *), whose every matching word the index reads in
// full — a one-letter prefix reads most of it. Past them a query is searched in part, and SearchNote
// says how.
const (
	MaxSearchWords    = 16 // words in all, phrases' words included; the rest are left out
	MaxSearchPrefixes = 2  // words ending in * that find the words they begin; further ones count as whole words
	MinPrefixLetters  = 3  // letters before the * for it to find the words they begin
	MaxPhraseWords    = 8  // words in phrases, all phrases together; the words past them are searched one by one
)

// Search finds meetings whose title, speakers, transcript or latest summary hold every word of query,
// best first, at most limit (0: 50). Words in double quotes must appear as a phrase; a word ending in *
// matches any word it begins; OR between words matches either. Words match their other forms
// ("designing" finds "designed"). See broadSearch for searches that match very many meetings, and
// MaxSearchWords for the bounds a query is held to (SearchNote words them for the user).
func (s *Store) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	q := parseQuery(query)
	if len(q.terms) == 0 {
		return nil, ErrEmptyQuery
	}
	if limit <= 0 {
		limit = 50
	}
	match := q.fts()
	rankBy := time.Now().Add(s.rankBudget)
	ranked, broad, err := s.rankedOrNewest(ctx, match, limit, rankBy)
	if err != nil {
		return nil, err
	}
	if broad {
		first, _, err := s.rankedOrNewest(ctx, "{title speakers} : ("+match+")", limit, rankBy)
		if err != nil {
			return nil, err
		}
		ranked = appendNew(first, ranked, limit)
	}
	hits := make([]Hit, 0, len(ranked))
	for _, r := range ranked {
		m, err := s.Meeting(ctx, r.id)
		if err != nil {
			return nil, err
		}
		h := Hit{Meeting: m, Rank: r.rank, Segment: -1}
		if err := s.snippet(ctx, &h, q); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// rankedOrNewest returns up to limit meetings matching match: ranked best first when at most
// broadSearch meetings match and ranking them is done by rankBy, else the newest, unranked (broad is
// then true).
func (s *Store) rankedOrNewest(ctx context.Context, match string, limit int, rankBy time.Time) (hits []idRank, broad bool, err error) {
	newest, err := s.matchIDs(ctx, `SELECT rowid, 0 FROM meeting_fts WHERE meeting_fts MATCH ? ORDER BY rowid DESC LIMIT ?`, match, broadSearch+1)
	if err != nil || len(newest) > broadSearch {
		return newest[:min(len(newest), limit)], true, err
	}
	if len(newest) == 0 {
		return nil, false, nil // ranking would read the index again to find nothing again
	}
	rctx, cancel := context.WithDeadline(ctx, rankBy)
	defer cancel()
	hits, err = s.matchIDs(rctx, `SELECT rowid, rank FROM meeting_fts WHERE meeting_fts MATCH ? ORDER BY rank LIMIT ?`, match, limit)
	if err != nil && rctx.Err() != nil && ctx.Err() == nil {
		return newest[:min(len(newest), limit)], true, nil // too common to rank in time: as a broad search
	}
	return hits, false, err
}

// appendNew appends to list the entries of more it lacks, up to limit entries in all.
func appendNew(list, more []idRank, limit int) []idRank {
	seen := make(map[int64]bool, len(list))
	for _, r := range list {
		seen[r.id] = true
	}
	for _, r := range more {
		if len(list) >= limit {
			break
		}
		if !seen[r.id] {
			list = append(list, r)
		}
	}
	return list
}

type idRank struct {
	id   int64
	rank float64
}

func (s *Store) matchIDs(ctx context.Context, sqlText, match string, limit int) ([]idRank, error) {
	rows, err := s.db.QueryContext(ctx, sqlText, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []idRank
	for rows.Next() {
		var r idRank
		if err := rows.Scan(&r.id, &r.rank); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// snippet finds the first transcript segment that holds the query's most telling word and cuts the
// words around it; without one it tries the latest summary.
func (s *Store) snippet(ctx context.Context, h *Hit, q query) error {
	like := q.likePattern()
	var text string
	var segID, startMS int64
	var speakerNo int
	first, last := segmentRange(h.Meeting.ID)
	err := s.db.QueryRowContext(ctx, `SELECT id, start_ms, speaker_no, text FROM segments
		WHERE id BETWEEN ? AND ? AND text LIKE ? ESCAPE '\' ORDER BY id LIMIT 1`, first, last, like).
		Scan(&segID, &startMS, &speakerNo, &text)
	h.Segment, h.Speaker = int(segID-first), h.Meeting.speaker(speakerNo)
	if errors.Is(err, sql.ErrNoRows) {
		h.Segment = -1
		err = s.db.QueryRowContext(ctx, `SELECT text FROM summaries WHERE meeting_id = ? AND text LIKE ? ESCAPE '\'
			ORDER BY version DESC LIMIT 1`, h.Meeting.ID, like).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
	}
	if err != nil {
		return err
	}
	h.At = time.Duration(startMS) * time.Millisecond
	h.Snippet = cutSnippet(text, q.stems(), snippetWords)
	return nil
}

// snippetWords is how many words a snippet shows, snippetLead how many of them come before the match.
const (
	snippetWords = 24
	snippetLead  = 4
)

// cutSnippet returns about width words of text from just before the first word that begins with one of
// stems (so that the match shows even where the snippet is cut short), with every such word marked.
func cutSnippet(text string, stems []string, width int) []SnippetPart {
	words := strings.Fields(text)
	first := -1
	match := make([]bool, len(words))
	for i, w := range words {
		if match[i] = wordMatches(w, stems); match[i] && first < 0 {
			first = i
		}
	}
	from := max(0, first-snippetLead)
	to := min(len(words), from+width)
	var parts []SnippetPart
	add := func(t string, m bool) {
		if n := len(parts); n > 0 && parts[n-1].Match == m {
			parts[n-1].Text += t
			return
		}
		parts = append(parts, SnippetPart{Text: t, Match: m})
	}
	if from > 0 {
		add("… ", false)
	}
	for i := from; i < to; i++ {
		if i > from {
			add(" ", false)
		}
		add(words[i], match[i])
	}
	if to < len(words) {
		add(" …", false)
	}
	return parts
}

// wordMatches reports whether a word of text begins with one of stems (case-insensitive, leading
// punctuation ignored): how search results mark what matched.
func wordMatches(word string, stems []string) bool {
	lw := strings.ToLower(strings.TrimLeftFunc(word, notWordRune))
	for _, st := range stems {
		if len(st) > 1 && strings.HasPrefix(lw, st) {
			return true
		}
	}
	return false
}

// QueryStems are the forms of a query's words that Highlight looks for (of the words Search searches for).
func QueryStems(query string) []string { return parseQuery(query).stems() }

// SearchNote says, in the user's words, how Search narrows query to keep it quick ("searching for the
// first 16 words only"), or "" when it searches for all of it.
func SearchNote(query string) string { return strings.Join(parseQuery(query).notes, "; ") }

// Highlight cuts text into parts that join back to it exactly, marking each word that Search would count
// as a match for stems (see QueryStems).
func Highlight(text string, stems []string) []SnippetPart {
	var parts []SnippetPart
	for _, tok := range strings.SplitAfter(text, " ") {
		m := wordMatches(tok, stems)
		if n := len(parts); n > 0 && parts[n-1].Match == m && !m {
			parts[n-1].Text += tok
			continue
		}
		parts = append(parts, SnippetPart{Text: tok, Match: m})
	}
	return parts
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// query is a parsed search: words and phrases, with OR between some of them, and notes on what was left
// out to keep it within the bounds.
type query struct {
	terms []term
	notes []string
}

type term struct {
	words  []string // one word, or a phrase's words
	prefix bool     // the last word matches any word it begins
	or     bool     // OR stands between this term and the previous one
}

// parseQuery reads what a person typed. Every word and phrase is quoted when handed to FTS5, so its
// operators and punctuation lose their meaning except for OR and a final *.
func parseQuery(s string) query {
	var q query
	pendingOr := false
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		var raw string
		quoted, prefix := false, false
		if s[0] == '"' {
			quoted = true
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				raw, s = s[1:], ""
			} else {
				raw, s = s[1:end+1], s[end+2:]
			}
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			raw, s = s[:end], s[end:]
			if raw == "OR" {
				pendingOr = len(q.terms) > 0
				continue
			}
			raw, prefix = strings.CutSuffix(raw, "*")
		}
		words := strings.FieldsFunc(raw, notWordRune)
		if len(words) == 0 {
			continue
		}
		if !quoted && len(words) > 1 {
			// "don't" or "e-mail": the pieces are one phrase to FTS5 as well.
			quoted = true
		}
		q.terms = append(q.terms, term{words: words, prefix: prefix, or: pendingOr})
		pendingOr = false
	}
	q.bound()
	return q
}

// bound holds q to MaxSearchWords, MaxPhraseWords, MaxSearchPrefixes and MinPrefixLetters, noting
// what it changed.
func (q *query) bound() {
	// Phrase words past the limit become words of their own: a phrase is checked word by word in every
	// meeting that holds all its words, which for common words is every meeting.
	var terms []term
	phraseWords, split := 0, false
	for _, t := range q.terms {
		keep := len(t.words)
		if keep > 1 {
			keep = min(keep, MaxPhraseWords-phraseWords)
			if keep < 2 {
				keep = 0
			}
			phraseWords += keep
		}
		if keep == len(t.words) {
			terms = append(terms, t)
			continue
		}
		split = true
		if keep > 0 {
			terms = append(terms, term{words: t.words[:keep], or: t.or})
		}
		for i := keep; i < len(t.words); i++ {
			terms = append(terms, term{words: []string{t.words[i]}, prefix: t.prefix && i == len(t.words)-1, or: t.or && i == 0})
		}
	}
	q.terms = terms
	words, prefixes := 0, 0
	var short []string
	tooMany, cut := false, false
	for i := range q.terms {
		t := &q.terms[i]
		if words+len(t.words) > MaxSearchWords {
			t.words = t.words[:MaxSearchWords-words]
			t.prefix = false // the prefix was the last word
			cut = true
		}
		words += len(t.words)
		if len(t.words) == 0 {
			q.terms = q.terms[:i]
			break
		}
		if !t.prefix {
			continue
		}
		last := t.words[len(t.words)-1]
		switch {
		case utf8.RuneCountInString(last) < MinPrefixLetters:
			t.prefix = false
			short = append(short, "“"+last+"*”")
		case prefixes >= MaxSearchPrefixes:
			t.prefix = false
			tooMany = true
		default:
			prefixes++
		}
	}
	if cut {
		q.notes = append(q.notes, fmt.Sprintf("searching for the first %d words only", MaxSearchWords))
	}
	if split {
		q.notes = append(q.notes, fmt.Sprintf("only the first %d words in quotes are searched as phrases; the others are searched one by one", MaxPhraseWords))
	}
	switch len(short) {
	case 0:
	case 1:
		q.notes = append(q.notes, fmt.Sprintf("a word's beginning needs %d letters before the *, so %s is searched as a whole word", MinPrefixLetters, short[0]))
	default:
		q.notes = append(q.notes, fmt.Sprintf("a word's beginning needs %d letters before the *, so %s are searched as whole words", MinPrefixLetters, strings.Join(short, ", ")))
	}
	if tooMany {
		q.notes = append(q.notes, fmt.Sprintf("only the first %d words ending in * find the words they begin; the others are searched as whole words", MaxSearchPrefixes))
	}
}

// fts renders the query in FTS5 syntax.
func (q query) fts() string {
	var b strings.Builder
	for i, t := range q.terms {
		if i > 0 {
			if t.or {
				b.WriteString(" OR ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(`"` + strings.ReplaceAll(strings.Join(t.words, " "), `"`, `""`) + `"`)
		if t.prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// stems are the query's words cut to the part their other forms share ("designing" -> "design"),
// lower case, for finding and marking them in text.
func (q query) stems() []string {
	var out []string
	for _, t := range q.terms {
		for i, w := range t.words {
			w = strings.ToLower(w)
			if !(t.prefix && i == len(t.words)-1) {
				w = stem(w)
			}
			out = append(out, w)
		}
	}
	return out
}

// stem strips one common English ending, keeping at least four letters.
func stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ers", "er", "ly", "s", "e", "y"} {
		if base, ok := strings.CutSuffix(w, suf); ok && len(base) >= 4 {
			return base
		}
	}
	return w
}

// likePattern is a LIKE pattern for the text that most likely holds a match: the longest term (long
// words are rare words), its words in order.
func (q query) likePattern() string {
	best := q.terms[0]
	for _, t := range q.terms[1:] {
		if len(strings.Join(t.words, "")) > len(strings.Join(best.words, "")) {
			best = t
		}
	}
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	var b strings.Builder
	b.WriteByte('%')
	for i, w := range best.words {
		if !(best.prefix && i == len(best.words)-1) {
			w = stem(strings.ToLower(w))
		}
		b.WriteString(esc.Replace(w) + "%")
	}
	return b.String()
}
