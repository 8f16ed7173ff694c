package transcript

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// seg builds a segment with times in milliseconds.
func seg(startMS, endMS int, speaker, text string) Segment {
	return Segment{Start: time.Duration(startMS) * time.Millisecond, End: time.Duration(endMS) * time.Millisecond, Speaker: speaker, Text: text}
}

type parseCase struct {
	name     string
	file     string
	input    string
	format   Format
	language string
	want     []Segment
}

// runParseCases parses each case and compares the whole result.
func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Parse(tc.file, []byte(tc.input))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.file, err)
			}
			if tr.Format != tc.format {
				t.Errorf("format %q, want %q", tr.Format, tc.format)
			}
			if tr.Language != tc.language {
				t.Errorf("language %q, want %q", tr.Language, tc.language)
			}
			if got, want := formatSegments(tr.Segments), formatSegments(tc.want); got != want {
				t.Errorf("segments:\n%s\nwant:\n%s", got, want)
			}
			if f, err := Detect(tc.file, []byte(tc.input)); err != nil || f != tc.format {
				t.Errorf("Detect = %q, %v; want %q", f, err, tc.format)
			}
		})
	}
}

func formatSegments(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		fmt.Fprintf(&b, "  [%v-%v] %q: %q\n", s.Start, s.End, s.Speaker, s.Text)
	}
	return b.String()
}

func TestParseVTT(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "zoom numbered cues with speaker prefixes",
			file: "meeting.vtt",
			input: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nAnna Smith: Hello there.\n\n" +
				"2\n00:00:03.000 --> 00:00:04.000\nBob: Hi Anna.\n\n3\n00:00:04.000 --> 00:00:05.000\nBob: Shall we start?\n",
			format: FormatVTT,
			want: []Segment{
				seg(1000, 2500, "Anna Smith", "Hello there."),
				seg(3000, 4000, "Bob", "Hi Anna."),
				seg(4000, 5000, "Bob", "Shall we start?"), // consecutive cues of one speaker stay apart
			},
		},
		{
			name: "teams GUID ids and voice spans with classes",
			file: "teams.vtt",
			input: "WEBVTT\n\n00000001-0000-4000-8000-000000000001/1-0\n00:00:00.000 --> 00:00:01.600\n<v Project Manager>Hmm hmm .</v>\n\n" +
				"00000002-0000-4000-8000-000000000002/2-0\n00:00:01.800 --> 00:00:09.800\n<v.loud.fast Anna Smith>Can you hear me?</v>\n\n" +
				"0000000a-0000-4000-8000-00000000000a/10-0\n00:00:10.000 --> 00:00:11.000\n<v Bob>Yes,\nloud and clear.</v>\n",
			format: FormatVTT,
			want: []Segment{
				seg(0, 1600, "Project Manager", "Hmm hmm ."),
				seg(1800, 9800, "Anna Smith", "Can you hear me?"),
				seg(10000, 11000, "Bob", "Yes, loud and clear."),
			},
		},
		{
			name:   "two voices in one cue become two segments",
			file:   "teams.vtt",
			input:  "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Yes.</v>\n<v Bob>No.</v>\n<v Bob>Maybe.</v>\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "Yes."), seg(1000, 2000, "Bob", "No. Maybe.")},
		},
		{
			name: "cue settings after the timing",
			file: "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10%\nAnna: One.\n\n" +
				"00:00:02.000 --> 00:00:03.000 line:0 size:50% region:fred\nAnna: Two.\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "One."), seg(2000, 3000, "Anna", "Two.")},
		},
		{
			name: "NOTE STYLE and REGION blocks are skipped",
			file: "a.vtt",
			input: "WEBVTT\n\nSTYLE\n::cue {\n  color: yellow;\n}\n\nREGION\nid:fred\nwidth:40%\n\n" +
				"NOTE This is a comment\nthat spans two lines\n\n1\n00:00:01.000 --> 00:00:02.000\nAnna: Hello.\n\n" +
				"NOTE\nanother comment\n\n2\n00:00:02.000 --> 00:00:03.000\nBob: Bye.\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello."), seg(2000, 3000, "Bob", "Bye.")},
		},
		{
			name: "character references are decoded",
			file: "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Tom &amp; Jerry>Fish &amp; chips &lt;3 &gt; caf&#233; &#x263A; a&nbsp;b &lrm;c&rlm; &quot;q&quot;</v>\n\n" +
				"00:00:02.000 --> 00:00:03.000\n<v Bob>&lt;v Eve&gt;not a tag</v>\n",
			format: FormatVTT,
			want: []Segment{
				seg(1000, 2000, "Tom & Jerry", "Fish & chips <3 > café ☺ a b c \"q\""),
				seg(2000, 3000, "Bob", "<v Eve>not a tag"),
			},
		},
		{
			name: "formatting tags and inline timestamps are stripped, other angle brackets kept",
			file: "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nAnna: <c.yellow.bg_blue>Hi</c> <i>there</i> <b>bold</b> <u>under</u> " +
				"<lang en-GB>colour</lang> <ruby>kanji<rt>reading</rt></ruby> one<00:00:02.000> two<00:03.500> three\n\n" +
				"00:00:05.000 --> 00:00:06.000\nAnna: x < y and y > z, {vocalsound} <grin>\n",
			format: FormatVTT,
			want: []Segment{
				seg(1000, 5000, "Anna", "Hi there bold under colour kanjireading one two three"),
				seg(5000, 6000, "Anna", "x < y and y > z, {vocalsound} <grin>"),
			},
		},
		{
			name:   "hours-less timestamps",
			file:   "a.vtt",
			input:  "WEBVTT\n\n01:02.500 --> 01:04.000\nAnna: Short.\n\n59:59.999 --> 1:00:00.000\nBob: Long.\n",
			format: FormatVTT,
			want:   []Segment{seg(62500, 64000, "Anna", "Short."), seg(3599999, 3600000, "Bob", "Long.")},
		},
		{
			name:   "multi-line cue text is joined with spaces",
			file:   "a.vtt",
			input:  "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAnna: first line\n  second   line\nthird line\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 4000, "Anna", "first line second line third line")},
		},
		{
			name:     "header text and language",
			file:     "a.vtt",
			input:    "WEBVTT - Weekly sync\nKind: captions\nLanguage: en-GB\n\n00:00:01.000 --> 00:00:02.000\nAnna: Hello.\n",
			format:   FormatVTT,
			language: "en-GB",
			want:     []Segment{seg(1000, 2000, "Anna", "Hello.")},
		},
		{
			name:   "byte order mark and CRLF",
			file:   "a.vtt",
			input:  "\uFEFFWEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:02.000\r\nAnna: Hello\r\nagain.\r\n\r\n2\r\n00:00:02.000 --> 00:00:03.000\r\nBob: Hi.\r\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello again."), seg(2000, 3000, "Bob", "Hi.")},
		},
		{
			name:   "lone CR line ends",
			file:   "a.vtt",
			input:  "WEBVTT\r\r1\r00:00:01.000 --> 00:00:02.000\rAnna: Hello.\r",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello.")},
		},
		{
			name: "speaker lines with colons in the content",
			file: "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: The time is 10:30: we are late.\n\n" +
				"00:00:02.000 --> 00:00:03.000\nBob: Agenda: item one: budget.\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "The time is 10:30: we are late."), seg(2000, 3000, "Bob", "Agenda: item one: budget.")},
		},
		{
			name: "a stray colon in captions without speakers names nobody",
			file: "captions.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nGood morning everyone.\n\n" +
				"00:00:02.000 --> 00:00:03.000\nThe plan is: ship it.\n\n00:00:03.000 --> 00:00:04.000\nThanks.\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "", "Good morning everyone."), seg(2000, 3000, "", "The plan is: ship it."), seg(3000, 4000, "", "Thanks.")},
		},
		{
			name:   "cues empty after stripping tags are skipped",
			file:   "a.vtt",
			input:  "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<i></i>\n\n00:00:02.000 --> 00:00:03.000\n<v Anna></v>\n\n00:00:03.000 --> 00:00:04.000\nAnna: Words.\n",
			format: FormatVTT,
			want:   []Segment{seg(3000, 4000, "Anna", "Words.")},
		},
		{
			name: "text that only looks like a tag keeps its words",
			file: "a.vtt",
			input: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: x <b and y> z, <c.loud>kept</c> <lang en>words</lang> <i so>\n\n" +
				"00:00:02.000 --> 00:00:03.000\n<v Bob>a <3 b</v>\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "x <b and y> z, kept words <i so>"), seg(2000, 3000, "Bob", "a <3 b")},
		},
		{
			name:   "end before start is taken as the start",
			file:   "a.vtt",
			input:  "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nAnna: Backwards.\n",
			format: FormatVTT,
			want:   []Segment{seg(5000, 5000, "Anna", "Backwards.")},
		},
		{
			name:   "vtt file without its header",
			file:   "noheader.vtt",
			input:  "cue-1\n00:00:01.000 --> 00:00:02.000\nAnna: Hello.\n",
			format: FormatVTT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello.")},
		},
	})
}

func TestParseSRT(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "bracketed speakers",
			file: "a.srt",
			input: "1\n00:00:00,000 --> 00:00:01,600\n[User Interface] Hmm hmm hmm .\n\n" +
				"2\n00:00:01,800 --> 00:00:09,800\n[Project Manager] {vocalsound} Are we {disfmarker} ready ?\n\n" +
				"3\n00:00:10,000 --> 00:00:10,800\n[Project Manager] Yes .\n",
			format: FormatSRT,
			want: []Segment{
				seg(0, 1600, "User Interface", "Hmm hmm hmm ."),
				seg(1800, 9800, "Project Manager", "{vocalsound} Are we {disfmarker} ready ?"),
				seg(10000, 10800, "Project Manager", "Yes ."),
			},
		},
		{
			name:   "colon speakers and colons in the content",
			file:   "a.srt",
			input:  "1\n00:00:01,000 --> 00:00:02,000\nAnna: Note: this matters.\n\n2\n00:00:02,000 --> 00:00:03,000\nBob: OK.\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "Anna", "Note: this matters."), seg(2000, 3000, "Bob", "OK.")},
		},
		{
			name:   "dots instead of commas and multi-line text",
			file:   "a.srt",
			input:  "1\n00:00:01.250 --> 00:00:02.500\n[Anna] One\ntwo\n\n2\n00:00:03.000 --> 00:00:04.000\n[Bob] Three.\n",
			format: FormatSRT,
			want:   []Segment{seg(1250, 2500, "Anna", "One two"), seg(3000, 4000, "Bob", "Three.")},
		},
		{
			name:   "missing index lines",
			file:   "a.srt",
			input:  "00:00:01,000 --> 00:00:02,000\nHello.\n\n00:00:02,000 --> 00:00:03,000\nWorld.\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "", "Hello."), seg(2000, 3000, "", "World.")},
		},
		{
			name: "extra blank lines",
			file: "a.srt",
			input: "\n\n1\n\n00:00:01,000 --> 00:00:02,000\n[Anna] Hello\n\n\nstill Anna\n\n\n\n" +
				"2\n00:00:02,000 --> 00:00:03,000\n\n[Bob] Hi.\n\n\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello still Anna"), seg(2000, 3000, "Bob", "Hi.")},
		},
		{
			name:   "next index without a blank line",
			file:   "a.srt",
			input:  "1\n00:00:01,000 --> 00:00:02,000\nHello.\n2\n00:00:02,000 --> 00:00:03,000\nWorld.\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "", "Hello."), seg(2000, 3000, "", "World.")},
		},
		{
			name:   "formatting tags and positioning",
			file:   "a.srt",
			input:  "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Anna:</i> <font color=\"#ff0000\">Red</font> <B>alert</B>\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "Anna", "Red alert")},
		},
		{
			name: "text that only looks like a tag keeps its words",
			file: "a.srt",
			input: "1\n00:00:01,000 --> 00:00:02,000\nAnna: x <b and y> z\n\n2\n00:00:02,000 --> 00:00:03,000\nBob: a <3 b\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\nAnna: <i>a <3 b</i> and <i so> and <font and more>\n\n" +
				"4\n00:00:04,000 --> 00:00:05,000\nBob: <font face=\"Arial\" size=3 color=#00ff00>green</font> <u >under</u > < /b>\n",
			format: FormatSRT,
			want: []Segment{
				seg(1000, 2000, "Anna", "x <b and y> z"), seg(2000, 3000, "Bob", "a <3 b"),
				seg(3000, 4000, "Anna", "a <3 b and <i so> and <font and more>"),
				seg(4000, 5000, "Bob", "green under < /b>"),
			},
		},
		{
			name:   "byte order mark and CRLF",
			file:   "a.srt",
			input:  "\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\n[Anna] Hello.\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\n[Bob] Hi.\r\n",
			format: FormatSRT,
			want:   []Segment{seg(1000, 2000, "Anna", "Hello."), seg(2000, 3000, "Bob", "Hi.")},
		},
		{
			name: "sound labels alone are text",
			file: "a.srt",
			input: "1\n00:00:01,000 --> 00:00:02,000\n[Music]\n\n2\n00:00:02,000 --> 00:00:03,000\n[Anna] Hi.\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\n[Bob] [laughs] Hello.\n\n4\n00:00:04,000 --> 00:00:05,000\n[Anna] Bye.\n",
			format: FormatSRT,
			want: []Segment{
				seg(1000, 2000, "", "[Music]"), seg(2000, 3000, "Anna", "Hi."),
				seg(3000, 4000, "Bob", "[laughs] Hello."), seg(4000, 5000, "Anna", "Bye."),
			},
		},
	})
}

func TestParseJSON(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "whisper offsets win over timestamps",
			file: "out.json",
			input: `{"systeminfo": "AVX = 1", "model": {"type": "base"}, "params": {"language": "auto"}, "result": {"language": "de"},
"transcription": [
 {"timestamps": {"from": "00:00:00,000", "to": "00:00:01,600"}, "offsets": {"from": 0, "to": 1600}, "text": " Hallo  zusammen"},
 {"timestamps": {"from": "00:00:09,000", "to": "00:00:09,500"}, "offsets": {"from": 1800, "to": 9800}, "text": "  Wie geht's? ", "speaker_turn_next": true},
 {"timestamps": {"from": "00:00:10,000", "to": "00:00:11,000"}, "offsets": {"from": 10000, "to": 11000}, "text": "   "}
]}`,
			format:   FormatWhisperJSON,
			language: "de",
			want:     []Segment{seg(0, 1600, "", "Hallo zusammen"), seg(1800, 9800, "", "Wie geht's?")},
		},
		{
			name: "whisper timestamps only, language from params",
			file: "out.whisper.json",
			input: `{"params": {"language": "en"}, "transcription": [
 {"timestamps": {"from": "00:01:00,250", "to": "00:01:02,000"}, "text": " One."},
 {"timestamps": {"from": "00:01:02.000", "to": "01:01:03,000"}, "text": " [BLANK_AUDIO] Two."}]}`,
			format:   FormatWhisperJSON,
			language: "en",
			want:     []Segment{seg(60250, 62000, "", "One."), seg(62000, 3663000, "", "[BLANK_AUDIO] Two.")},
		},
		{
			name: "verbose JSON",
			file: "openai.json",
			input: `{"task": "transcribe", "language": "english", "duration": 4.2, "text": "Hi there. Bye.",
"segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.6, "text": " Hi there.", "tokens": [1, 2]},
             {"id": 1, "start": 1.6, "end": 4.25, "text": " Bye."}]}`,
			format:   FormatVerboseJSON,
			language: "english",
			want:     []Segment{seg(0, 1600, "", "Hi there."), seg(1600, 4250, "", "Bye.")},
		},
		{
			name: "verbose JSON with speakers",
			file: "whisperx.json",
			input: `{"segments": [{"start": 0.5, "end": 1, "text": "Hi.", "speaker": "SPEAKER_00"},
{"start": 1, "end": 2, "text": "Hello.", "speaker": 1}, {"start": 2, "end": 3, "text": "Who?"}]}`,
			format: FormatVerboseJSON,
			want:   []Segment{seg(500, 1000, "SPEAKER_00", "Hi."), seg(1000, 2000, "1", "Hello."), seg(2000, 3000, "", "Who?")},
		},
		{
			name:   "plain OpenAI JSON with only text",
			file:   "openai.json",
			input:  `{"text": " Just the text. "}`,
			format: FormatVerboseJSON,
			want:   []Segment{seg(0, 0, "", "Just the text.")},
		},
		{
			name: "QMSum skips turns without content and ignores other keys",
			file: "meeting.json",
			input: "\uFEFF" + `{"topic_list": [{"topic": "x", "relevant_text_span": [["0", "3"]]}], "general_query_list": [],
"meeting_transcripts": [{"speaker": "Project Manager", "content": "Okay . {vocalsound} Hello  everybody ."},
 {"speaker": "Marketing", "content": ""}, {"speaker": "Marketing", "content": " \t "},
 {"speaker": "User Interface", "content": "Hi , good\u00a0morning ."}]}`,
			format: FormatQMSum,
			want:   []Segment{seg(0, 0, "Project Manager", "Okay . {vocalsound} Hello everybody ."), seg(0, 0, "User Interface", "Hi , good morning .")},
		},
	})
}

func TestParseText(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name:   "speaker lines",
			file:   "notes.txt",
			input:  "Anna: Hello.\nBob: Hi Anna.\nBob: Shall we?\n",
			format: FormatText,
			want:   []Segment{seg(0, 0, "Anna", "Hello."), seg(0, 0, "Bob", "Hi Anna."), seg(0, 0, "Bob", "Shall we?")},
		},
		{
			name: "other lines continue the speaker before them",
			file: "notes.txt",
			input: "Preamble without a speaker\nAnna: First point,\n\nwhich goes on and on.\nThe Chair (Hon. Anthony Rota (Nipissing, Lib.)): Order.\n" +
				"Bob: Agenda: one: budget; see https://example.com/a: it is there.\n",
			format: FormatText,
			want: []Segment{
				seg(0, 0, "", "Preamble without a speaker"),
				seg(0, 0, "Anna", "First point, which goes on and on."),
				seg(0, 0, "The Chair (Hon. Anthony Rota (Nipissing, Lib.))", "Order."),
				seg(0, 0, "Bob", "Agenda: one: budget; see https://example.com/a: it is there."),
			},
		},
		{
			name:   "leading timestamps",
			file:   "notes.txt",
			input:  "[00:01:02] Anna: Hi.\n00:01:05 Bob: Yo.\n(01:10) Anna: Bye.\nBob: Untimed.\n",
			format: FormatText,
			want:   []Segment{seg(62000, 65000, "Anna", "Hi."), seg(65000, 70000, "Bob", "Yo."), seg(70000, 70000, "Anna", "Bye."), seg(0, 0, "Bob", "Untimed.")},
		},
		{
			name: "free text paragraphs",
			file: "notes.txt",
			input: "We met on Monday.\nThe budget was discussed: it is tight.\n\n\n  Next steps  are unclear.  \n\n" +
				"Anna: follow up.\n",
			format: FormatText,
			want: []Segment{
				seg(0, 0, "", "We met on Monday. The budget was discussed: it is tight."),
				seg(0, 0, "", "Next steps are unclear."),
				seg(0, 0, "", "Anna: follow up."),
			},
		},
		{
			name:   "times, URLs and long prefixes are not speakers",
			file:   "notes.txt",
			input:  "10:30: stand-up\nhttp://example.com: link\nthis is a much longer sentence than any speaker name would ever be in a transcript: really\n",
			format: FormatText,
			want: []Segment{
				seg(0, 0, "", "10:30: stand-up http://example.com: link this is a much longer sentence than any speaker name would ever be in a transcript: really"),
			},
		},
		{
			name:   "text that starts with a brace is not JSON",
			file:   "notes",
			input:  "{vocalsound} Okay .\n[laughs] Right .\n",
			format: FormatText,
			want:   []Segment{seg(0, 0, "", "{vocalsound} Okay . [laughs] Right .")},
		},
		{
			name:   "lone CR and BOM",
			file:   "notes.txt",
			input:  "\uFEFFAnna: One.\rBob: Two.\r\rAnna: Three.",
			format: FormatText,
			want:   []Segment{seg(0, 0, "Anna", "One."), seg(0, 0, "Bob", "Two."), seg(0, 0, "Anna", "Three.")},
		},
	})
}

func TestDetect(t *testing.T) {
	tests := []struct {
		file, input string
		want        Format
	}{
		{"a.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi", FormatVTT},
		{"a.srt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi", FormatVTT},
		{"a", "1\n00:00:01,000 --> 00:00:02,000\nHi", FormatSRT},
		{"a.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi", FormatVTT},
		{"a", "00:00:01,000 --> 00:00:02,000\nHi", FormatSRT},
		{"a.srt", "Intro\n00:00:01,000 --> 00:00:02,000\nHi", FormatSRT},
		{"a.txt", "Intro\n00:00:01,000 --> 00:00:02,000\nHi", FormatText},
		{"a.txt", `{"transcription": []}`, FormatWhisperJSON},
		{"a", ` {"segments": []}`, FormatVerboseJSON},
		{"a.json", `{"meeting_transcripts": []}`, FormatQMSum},
		{"a.txt", "Anna: hi\nBob: --> there", FormatText},
		{"a.srt", "Anna: hi\nBob: --> there", FormatSRT}, // the extension tips the balance
		{"a.md", "Just some words.", FormatText},
		{"a", "Just some words.", FormatText},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.input, func(t *testing.T) {
			got, err := Detect(tc.file, []byte(tc.input))
			if err != nil || got != tc.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	// Prose in a file that promises another format, or is source code, is refused, not imported as text.
	for _, file := range []string{"a.vtt", "a.json", "a.srt", "main.go", "report.pdf.txt.go"} {
		if _, err := Detect(file, []byte("Just some words.")); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Detect(%s, prose) = %v, want ErrUnknownFormat", file, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
	tests := []struct {
		name   string
		file   string
		input  string
		want   error
		line   int
		detail string // a part of the detail
	}{
		{"empty", "empty.vtt", "", ErrEmpty, 0, "no content"},
		{"whitespace only", "blank.txt", " \n\t\r\n  \n", ErrEmpty, 0, "only blank lines"},
		{"byte order mark only", "bom.txt", "\uFEFF\n", ErrEmpty, 0, "only blank lines"},
		{"PNG image", "photo.png.txt", png, ErrBinary, 0, "zero bytes"},
		{"NUL byte in text", "nul.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\x00", ErrBinary, 0, "zero bytes"},
		{"control codes", "ctl.txt", "\x01\x02\x03\x04 hello\x1b\x1b", ErrBinary, 0, "control codes"},
		{"UTF-16", "utf16.txt", "\xff\xfeA\x00n\x00n\x00a\x00", ErrNotUTF8, 0, "UTF-16"},
		{"UTF-16 without byte order mark", "utf16.txt", "\x00A\x00n\x00n\x00a\x00:\x00 \x00H\x00i", ErrNotUTF8, 0, "UTF-16"},
		{"UTF-8 mixed with Latin-1", "mixed.txt", "Anna: Héllo\nBob: Un caf\xe9 noir.\n", ErrNotUTF8, 2, `line 2: the byte 0xE9 after "Bob: Un caf" is not UTF-8, though other letters in the file are`},
		{"mixed after CRLF", "mixed.vtt", "WEBVTT\r\n\r\n\xe9t\xe9 – été", ErrNotUTF8, 3, "at the start of the line"},
		{"truncated JSON", "cut.json", `{"transcription": [{"offsets": {"from": 0, "to": 1600}, "text": " Hi"`, ErrMalformed, 0, "the JSON ends before it is complete"},
		{"truncated JSON without extension", "cut", "{\n \"segments\": [\n  {\"start\": 0", ErrMalformed, 0, "the JSON ends before it is complete"},
		{"invalid JSON", "bad.json", "{\"segments\": [\n  {\"start\": 0, x}\n]}", ErrMalformed, 2, "invalid JSON at line 2"},
		{"text after the JSON", "bad.json", "{\"segments\": []}\n\n}", ErrMalformed, 3, "more text after the end"},
		{"JSON field of the wrong type", "bad.json", "{\"segments\": [\n {\"start\": \"0.5\", \"text\": \"x\"}]}", ErrMalformed, 2, `"segments.start" should be a number, not text`},
		{"JSON list of the wrong type", "bad.json", `{"transcription": {"text": "x"}}`, ErrMalformed, 1, `"transcription" should be a list, not an object`},
		{"negative whisper offset", "neg.json", `{"transcription": [{"offsets": {"from": -5, "to": 10}, "text": "x"}]}`, ErrMalformed, 0, "segment 1: the start time -5"},
		{"bad whisper timestamp", "ts.json", `{"transcription": [{"timestamps": {"from": "0:0:0,000", "to": "00:00:0x,000"}, "text": "x"}]}`, ErrMalformed, 0, `segment 1: the end time "00:00:0x,000" is not hh:mm:ss,mmm`},
		{"unknown JSON", "data.json", `{"name": "Anna", "age": 3}`, ErrUnknownFormat, 0, `"transcription" (whisper.cpp)`},
		{"JSON list", "list.json", `[{"start": 0, "text": "x"}]`, ErrUnknownFormat, 0, "the JSON is a list"},
		{"JSON string", "s.json", `"hello"`, ErrUnknownFormat, 0, "the JSON is a single string"},
		{"VTT broken timestamp", "broken.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnna: Hi.\n\n2\n00:00:1x.000 --> 00:00:03.000\nBob: Yo.\n", ErrMalformed, 8, `line 8: timestamp "00:00:1x.000" is not hh:mm:ss.mmm`},
		{"VTT timing without end", "broken.vtt", "WEBVTT\n\n00:00:01.000 -->\nHi", ErrMalformed, 3, "has no end time"},
		{"VTT seconds out of range", "broken.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nHi", ErrMalformed, 3, `timestamp "00:00:61.000"`},
		{"SRT broken timestamp", "broken.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02;000 --> 00:00:03,000\nYo.\n", ErrMalformed, 6, `line 6: timestamp "00:00:02;000" is not hh:mm:ss,mmm`},
		{"SRT cue that ends before it starts", "backwards.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:05,000 --> 00:00:04,500\nYo.\n", ErrMalformed, 6, `line 6: the cue ends (00:00:04,500) before it starts (00:00:05,000)`},
		{"VTT header only", "none.vtt", "WEBVTT\n\nNOTE nothing said\n", ErrNoSpeech, 0, "no cue with text"},
		{"SRT of tags only", "tags.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", ErrNoSpeech, 0, "no cue with text"},
		{"whisper without text", "quiet.json", `{"result": {"language": "en"}, "transcription": [{"offsets": {"from": 0, "to": 10}, "text": " "}]}`, ErrNoSpeech, 0, "no transcribed text"},
		{"verbose without segments", "quiet.json", `{"language": "en", "segments": []}`, ErrNoSpeech, 0, "no transcribed text"},
		{"QMSum without content", "quiet.json", `{"meeting_transcripts": [{"speaker": "A", "content": ""}]}`, ErrNoSpeech, 0, "no turn with content"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Parse(tc.file, []byte(tc.input))
			if err == nil {
				t.Fatalf("Parse succeeded with %d segments; want %v", len(tr.Segments), tc.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %q does not wrap %q", err, tc.want)
			}
			if pe.File != tc.file || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("error %q does not name the file %q", err, tc.file)
			}
			if pe.Detail == "" || !strings.Contains(pe.Detail, tc.detail) {
				t.Errorf("detail %q does not say %q", pe.Detail, tc.detail)
			}
			if pe.Line != tc.line {
				t.Errorf("line %d, want %d", pe.Line, tc.line)
			}
			if tc.line > 0 && strings.Count(err.Error(), fmt.Sprintf("line %d", tc.line)) != 1 {
				t.Errorf("error %q should name line %d once", err, tc.line)
			}
			// Detect fails the same way on files that are not text or not JSON it knows.
			if _, derr := Detect(tc.file, []byte(tc.input)); derr != nil && !errors.Is(derr, tc.want) {
				t.Errorf("Detect error %v, Parse error %v", derr, err)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	err := &ParseError{File: "a.vtt", Format: FormatVTT, Line: 3, Err: ErrMalformed, Detail: "line 3: bad"}
	if got, want := err.Error(), "a.vtt: vtt: the file is damaged (line 3: bad)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = &ParseError{File: "a.vtt", Line: 13, Err: ErrMalformed, Detail: "line 1: bad"}
	if got, want := err.Error(), "a.vtt: line 13: the file is damaged (line 1: bad)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestTranscriptHelpers(t *testing.T) {
	tr, err := Parse("a.vtt", []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: a\n\n00:00:03.000 --> 00:00:07.500\nBob: b\n\n00:00:05.000 --> 00:00:06.000\nAnna: c\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Duration(); got != 7500*time.Millisecond {
		t.Errorf("Duration = %v", got)
	}
	if got := strings.Join(tr.Speakers(), ","); got != "Anna,Bob" {
		t.Errorf("Speakers = %q", got)
	}
}
