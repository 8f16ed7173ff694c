-- Full-text search over each meeting as one document: its title, its speakers, its transcript and its
-- newest finished summary (a draft, a failed or an interrupted version is not what the meeting is known by). The text is stored once (in meetings, segments and summaries); the index reads it
-- through a view.

CREATE VIEW meeting_docs (id, title, speakers, transcript, summary) AS
SELECT m.id,
       m.title,
       (SELECT group_concat(j.value, char(10)) FROM json_each(m.speakers) j),
       (SELECT group_concat(s.text, char(10) ORDER BY s.id)
          FROM segments s WHERE s.id BETWEEN m.id << 20 AND (m.id << 20) + 1048575),
       (SELECT su.text FROM summaries su WHERE su.meeting_id = m.id AND su.status = 'done' ORDER BY su.version DESC LIMIT 1)
  FROM meetings m;

CREATE VIRTUAL TABLE meeting_fts USING fts5 (
    title, speakers, transcript, summary,
    content = 'meeting_docs',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- A word in the title weighs most, then the speakers and the summary, then the transcript.
INSERT INTO meeting_fts (meeting_fts, rank) VALUES ('rank', 'bm25(10.0, 3.0, 1.0, 3.0)');

INSERT INTO meeting_fts (rowid, title, speakers, transcript, summary)
SELECT id, title, speakers, transcript, summary FROM meeting_docs;
