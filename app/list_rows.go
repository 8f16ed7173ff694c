package app

import "hushnote/internal/store"

// listPageSize is how many meetings the list reads at a time, as they are scrolled into view: a history
// of ten thousand meetings costs the memory of the pages looked at, not of all of them.
const listPageSize = 100

// listRows is what the meeting list shows: a search's hits (at most a few hundred, read at once), or the
// meetings newest first, read a page at a time. Guarded by mainScreen.mu.
type listRows struct {
	total   int           // rows in the list
	hits    []row         // a search's rows, all of them; nil for the meeting list
	pages   map[int][]row // the meeting list's pages read so far, by page number
	stale   map[int][]row // pages of the list's previous reading, shown until read again
	loading map[int]bool  // pages being read
}

// searchRows is the list of a search's hits.
func searchRows(hits []row) listRows { return listRows{total: len(hits), hits: hits} }

// meetingRows is the meeting list with its first page read.
func meetingRows(total int, first []row) listRows {
	return listRows{total: total, pages: map[int][]row{0: first}, loading: map[int]bool{}}
}

// at returns row i: from its page, else from the previous reading of that page; ok is false while
// neither has been read (the caller asks for the page with needPage).
func (l *listRows) at(i int) (r row, ok bool) {
	if i < 0 || i >= l.total {
		return row{}, false
	}
	if l.pages == nil {
		return l.hits[i], true
	}
	j := i % listPageSize
	if page, read := l.pages[i/listPageSize]; read {
		if j < len(page) {
			return page[j], true
		}
		return row{}, false
	}
	if page := l.stale[i/listPageSize]; j < len(page) {
		return page[j], true
	}
	return row{}, false
}

// keepShowing carries the pages of an earlier reading of the meeting list over as stale ones, so that
// reading the list again (as it does whenever the store changes) does not blank the rows scrolled to;
// each is read again when next in view.
func (l *listRows) keepShowing(before listRows) {
	if l.pages == nil || before.pages == nil {
		return
	}
	l.stale = map[int][]row{}
	for p, rows := range before.stale {
		l.stale[p] = rows
	}
	for p, rows := range before.pages {
		l.stale[p] = rows
	}
}

// needPage reports whether the page holding row i must be read, and marks it as being read.
func (l *listRows) needPage(i int) (page int, need bool) {
	page = i / listPageSize
	if l.pages == nil || i >= l.total || l.loading[page] {
		return page, false
	}
	if _, ok := l.pages[page]; ok {
		return page, false
	}
	l.loading[page] = true
	return page, true
}

// setPage stores a page that has been read.
func (l *listRows) setPage(page int, rows []row) {
	delete(l.loading, page)
	l.pages[page] = rows
}

// index is the position of a meeting among the rows read so far, -1 when it is not there.
func (l *listRows) index(id int64) int {
	if l.pages == nil {
		for i, r := range l.hits {
			if r.meeting.ID == id {
				return i
			}
		}
		return -1
	}
	find := func(p int, rows []row) int {
		for j, r := range rows {
			if r.meeting.ID == id {
				return p*listPageSize + j
			}
		}
		return -1
	}
	for p, rows := range l.pages {
		if i := find(p, rows); i >= 0 {
			return i
		}
	}
	for p, rows := range l.stale {
		if _, read := l.pages[p]; read {
			continue // read again: the old copy no longer counts
		}
		if i := find(p, rows); i >= 0 {
			return i
		}
	}
	return -1
}

// meetingsToRows makes list rows of meetings.
func meetingsToRows(ms []store.Meeting) []row {
	rows := make([]row, len(ms))
	for i, mt := range ms {
		rows[i] = newRow(mt)
	}
	return rows
}
