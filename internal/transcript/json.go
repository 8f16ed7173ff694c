package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"
)

// whisperJSON is whisper.cpp's -oj output. Fields it may also have (systeminfo, model, tokens,
// speaker_turn_next from tinydiarize) are ignored.
type whisperJSON struct {
	Params        json.RawMessage `json:"params"`
	Result        json.RawMessage `json:"result"`
	Transcription []struct {
		Timestamps *struct {
			From string `json:"from"` // "hh:mm:ss,mmm"
			To   string `json:"to"`
		} `json:"timestamps"`
		Offsets *struct {
			From *float64 `json:"from"` // milliseconds
			To   *float64 `json:"to"`
		} `json:"offsets"`
		Text string `json:"text"`
	} `json:"transcription"`
}

// parseWhisperJSON reads whisper.cpp JSON. Times come from "offsets" (milliseconds) when present,
// else from "timestamps"; the language from result.language, else params.language.
func parseWhisperJSON(text string) (*Transcript, *ParseError) {
	var doc whisperJSON
	if perr := decodeJSON(text, &doc, FormatWhisperJSON); perr != nil {
		return nil, perr
	}
	t := &Transcript{Format: FormatWhisperJSON, Language: jsonLanguage(doc.Result)}
	if t.Language == "" {
		t.Language = jsonLanguage(doc.Params)
	}
	for i, s := range doc.Transcription {
		seg := Segment{Text: normalizeSpace(s.Text)}
		var fromMS, toMS *float64
		if s.Offsets != nil {
			fromMS, toMS = s.Offsets.From, s.Offsets.To
		}
		var from, to string
		if s.Timestamps != nil {
			from, to = s.Timestamps.From, s.Timestamps.To
		}
		var ok bool
		if seg.Start, ok = whisperTime(fromMS, from); !ok {
			return nil, segmentError(FormatWhisperJSON, i, "start", fromMS, from)
		}
		if seg.End, ok = whisperTime(toMS, to); !ok {
			return nil, segmentError(FormatWhisperJSON, i, "end", toMS, to)
		}
		seg.End = max(seg.End, seg.Start)
		if seg.Text != "" {
			t.Segments = append(t.Segments, seg)
		}
	}
	if len(t.Segments) == 0 {
		return nil, fail(FormatWhisperJSON, 0, ErrNoSpeech, `the whisper JSON has no transcribed text in "transcription"`)
	}
	return t, nil
}

// whisperTime is a whisper segment time: the offset in milliseconds if there is one, else the
// "hh:mm:ss,mmm" timestamp, else zero.
func whisperTime(ms *float64, stamp string) (time.Duration, bool) {
	if ms != nil {
		return secondsToDuration(*ms / 1000)
	}
	if stamp = strings.TrimSpace(stamp); stamp == "" {
		return 0, true
	}
	return parseClock(stamp)
}

// segmentError reports a bad time in segment i (0-based) of a JSON transcript.
func segmentError(f Format, i int, which string, number *float64, stamp string) *ParseError {
	value := fmt.Sprintf("%q is not hh:mm:ss,mmm", stamp)
	if number != nil {
		value = fmt.Sprintf("%v is not a valid time (it is negative or far too large)", *number)
	}
	return fail(f, 0, ErrMalformed, fmt.Sprintf("segment %d: the %s time %s", i+1, which, value))
}

// secondsToDuration converts a time in seconds, refusing what no recording can have: negative times
// and times past about 30 years (which would overflow time.Duration's range sooner or later).
func secondsToDuration(s float64) (time.Duration, bool) {
	if math.IsNaN(s) || s < 0 || s > 1e9 {
		return 0, false
	}
	return time.Duration(math.Round(s * float64(time.Second))), true
}

// jsonLanguage reads the "language" field of a JSON object, if it is a string.
func jsonLanguage(object json.RawMessage) string {
	var v struct {
		Language json.RawMessage `json:"language"`
	}
	if json.Unmarshal(object, &v) != nil {
		return ""
	}
	return language(jsonString(v.Language))
}

// language cleans up a stated language; whisper.cpp's "auto" (detect it) is none.
func language(s string) string {
	if s = normalizeSpace(s); s == "auto" {
		return ""
	}
	return s
}

// jsonString decodes raw as a JSON string, or returns "".
func jsonString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// verboseJSON is the OpenAI transcription API's verbose_json response (also written by
// faster-whisper and WhisperX, which add a speaker per segment). The plain json response, {"text":
// "..."}, is read as one untimed segment.
type verboseJSON struct {
	Language json.RawMessage `json:"language"`
	Text     json.RawMessage `json:"text"`
	Segments []struct {
		Start   *float64        `json:"start"` // seconds
		End     *float64        `json:"end"`
		Text    string          `json:"text"`
		Speaker json.RawMessage `json:"speaker"`
	} `json:"segments"`
}

// parseVerboseJSON reads OpenAI-style verbose JSON.
func parseVerboseJSON(text string) (*Transcript, *ParseError) {
	var doc verboseJSON
	if perr := decodeJSON(text, &doc, FormatVerboseJSON); perr != nil {
		return nil, perr
	}
	t := &Transcript{Format: FormatVerboseJSON, Language: language(jsonString(doc.Language))}
	for i, s := range doc.Segments {
		seg := Segment{Text: normalizeSpace(s.Text), Speaker: jsonName(s.Speaker)}
		var ok bool
		if s.Start != nil {
			if seg.Start, ok = secondsToDuration(*s.Start); !ok {
				return nil, segmentError(FormatVerboseJSON, i, "start", s.Start, "")
			}
		}
		if s.End != nil {
			if seg.End, ok = secondsToDuration(*s.End); !ok {
				return nil, segmentError(FormatVerboseJSON, i, "end", s.End, "")
			}
		}
		seg.End = max(seg.End, seg.Start)
		if seg.Text != "" {
			t.Segments = append(t.Segments, seg)
		}
	}
	if len(t.Segments) == 0 {
		// No segments: fall back on the whole text, when there is one.
		if whole := normalizeSpace(jsonString(doc.Text)); whole != "" {
			t.Segments = []Segment{{Text: whole}}
		}
	}
	if len(t.Segments) == 0 {
		return nil, fail(FormatVerboseJSON, 0, ErrNoSpeech, `the JSON has no transcribed text in "segments"`)
	}
	return t, nil
}

// jsonName reads a speaker field: a string, or a number (some diarizers number speakers).
func jsonName(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return normalizeSpace(v)
	case float64:
		return string(bytes.TrimSpace(raw))
	}
	return ""
}

// qmsumJSON is a QMSum benchmark meeting; of its fields only the transcript matters here.
type qmsumJSON struct {
	Turns []struct {
		Speaker string `json:"speaker"`
		Content string `json:"content"`
	} `json:"meeting_transcripts"`
}

// parseQMSum reads a QMSum meeting: one untimed segment per turn with content.
func parseQMSum(text string) (*Transcript, *ParseError) {
	var doc qmsumJSON
	if perr := decodeJSON(text, &doc, FormatQMSum); perr != nil {
		return nil, perr
	}
	t := &Transcript{Format: FormatQMSum}
	for _, turn := range doc.Turns {
		if content := normalizeSpace(turn.Content); content != "" {
			t.Segments = append(t.Segments, Segment{Speaker: normalizeSpace(turn.Speaker), Text: content})
		}
	}
	if len(t.Segments) == 0 {
		return nil, fail(FormatQMSum, 0, ErrNoSpeech, `the QMSum JSON has no turn with content in "meeting_transcripts"`)
	}
	return t, nil
}

// decodeJSON unmarshals text into v, describing syntax errors and fields of the wrong type in the
// user's terms.
func decodeJSON(text string, v any, f Format) *ParseError {
	data := []byte(text)
	if perr := checkJSON(data); perr != nil {
		perr.Format = f
		return perr
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		line := lineAt(data, int(typ.Offset))
		field := typ.Field
		if field == "" {
			field = "the JSON"
		} else {
			field = fmt.Sprintf("%q", field)
		}
		return fail(f, line, ErrMalformed, fmt.Sprintf("%s should be %s, not %s", field, jsonKind(typ.Type), article(typ.Value)))
	}
	return fail(f, 0, ErrMalformed, "the JSON does not have the expected layout: "+err.Error())
}

// jsonKind names, in JSON's terms, what a Go type expects.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.String:
		return "text"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	}
	return "something else"
}

// article turns the JSON value kind json reports ("string", "number 5", "array") into words.
func article(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	}
	return value
}
