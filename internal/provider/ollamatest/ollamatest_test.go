package ollamatest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// ---- GGUF ----------------------------------------------------------------------------------------

type parsedTensor struct {
	name   string
	dims   []uint64
	typ    uint32
	offset uint64
}

type parsedGGUF struct {
	version     uint32
	tensorCount uint64
	kvCount     uint64
	kv          map[string]any // scalars as their Go types; arrays as []any
	tensors     []parsedTensor
	dataStart   uint64
}

// parseGGUF reads a GGUF file back independently of the writer's code.
func parseGGUF(t *testing.T, b []byte) parsedGGUF {
	t.Helper()
	r := bytes.NewReader(b)
	fail := func(what string, err error) {
		t.Helper()
		t.Fatalf("parsing %s at offset %d: %v", what, len(b)-r.Len(), err)
	}
	read := func(what string, v any) {
		t.Helper()
		if err := binary.Read(r, binary.LittleEndian, v); err != nil {
			fail(what, err)
		}
	}
	readStr := func(what string) string {
		t.Helper()
		var n uint64
		read(what+" length", &n)
		if n > uint64(r.Len()) {
			fail(what, fmt.Errorf("length %d past the end", n))
		}
		s := make([]byte, n)
		io.ReadFull(r, s)
		return string(s)
	}
	var readVal func(what string, typ uint32) any
	readVal = func(what string, typ uint32) any {
		t.Helper()
		switch typ {
		case ggufUint8, ggufInt8, ggufBool:
			var v uint8
			read(what, &v)
			if typ == ggufBool {
				return v != 0
			}
			return v
		case ggufUint16, ggufInt16:
			var v uint16
			read(what, &v)
			return v
		case ggufUint32:
			var v uint32
			read(what, &v)
			return v
		case ggufInt32:
			var v int32
			read(what, &v)
			return v
		case ggufFloat32:
			var v float32
			read(what, &v)
			return v
		case ggufUint64, ggufInt64, ggufFloat64:
			var v uint64
			read(what, &v)
			return v
		case ggufString:
			return readStr(what)
		case ggufArray:
			var et uint32
			var n uint64
			read(what+" element type", &et)
			read(what+" length", &n)
			out := make([]any, 0, n)
			for range n {
				out = append(out, readVal(what, et))
			}
			return out
		}
		fail(what, fmt.Errorf("unknown type %d", typ))
		return nil
	}

	var p parsedGGUF
	magic := make([]byte, 4)
	io.ReadFull(r, magic)
	if string(magic) != "GGUF" {
		t.Fatalf("magic %q, want GGUF", magic)
	}
	read("version", &p.version)
	read("tensor count", &p.tensorCount)
	read("kv count", &p.kvCount)
	p.kv = map[string]any{}
	for range p.kvCount {
		k := readStr("key")
		var typ uint32
		read(k+" type", &typ)
		if _, dup := p.kv[k]; dup {
			t.Errorf("duplicate key %s", k)
		}
		p.kv[k] = readVal(k, typ)
	}
	for range p.tensorCount {
		var ti parsedTensor
		ti.name = readStr("tensor name")
		var nd uint32
		read(ti.name+" n_dims", &nd)
		ti.dims = make([]uint64, nd)
		for i := range ti.dims {
			read(ti.name+" dim", &ti.dims[i])
		}
		read(ti.name+" type", &ti.typ)
		read(ti.name+" offset", &ti.offset)
		p.tensors = append(p.tensors, ti)
	}
	align := uint64(32)
	if a, ok := p.kv["general.alignment"].(uint32); ok {
		align = uint64(a)
	}
	pos := uint64(len(b) - r.Len())
	p.dataStart = (pos + align - 1) / align * align
	return p
}

func TestWriteTinyGGUF(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTinyGGUF(&buf, TinyModel{}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	p := parseGGUF(t, b)

	if p.version != 3 {
		t.Errorf("version %d, want 3", p.version)
	}
	if want := uint64(3 + 9*2); p.tensorCount != want {
		t.Errorf("tensor count %d, want %d", p.tensorCount, want)
	}
	if int(p.kvCount) != len(p.kv) {
		t.Errorf("kv count %d, %d distinct keys", p.kvCount, len(p.kv))
	}
	wantKV := map[string]any{
		"general.architecture":                   "llama",
		"general.alignment":                      uint32(32),
		"llama.context_length":                   uint32(2048),
		"llama.embedding_length":                 uint32(64),
		"llama.block_count":                      uint32(2),
		"llama.feed_forward_length":              uint32(128),
		"llama.attention.head_count":             uint32(4),
		"llama.attention.head_count_kv":          uint32(4),
		"llama.rope.dimension_count":             uint32(16),
		"llama.attention.layer_norm_rms_epsilon": float32(1e-5),
		"tokenizer.ggml.model":                   "llama",
		"tokenizer.ggml.bos_token_id":            uint32(1),
		"tokenizer.ggml.eos_token_id":            uint32(2),
		"tokenizer.ggml.unknown_token_id":        uint32(0),
	}
	for k, want := range wantKV {
		if got := p.kv[k]; got != want {
			t.Errorf("%s = %v (%T), want %v (%T)", k, got, got, want, want)
		}
	}

	tokens, _ := p.kv["tokenizer.ggml.tokens"].([]any)
	scores, _ := p.kv["tokenizer.ggml.scores"].([]any)
	types, _ := p.kv["tokenizer.ggml.token_type"].([]any)
	vocab := len(tokens)
	if vocab < 300 || len(scores) != vocab || len(types) != vocab {
		t.Fatalf("vocabulary: %d tokens, %d scores, %d types", vocab, len(scores), len(types))
	}
	if got := p.kv["llama.vocab_size"]; got != uint32(vocab) {
		t.Errorf("llama.vocab_size = %v, want %d", got, vocab)
	}
	seen := map[any]bool{}
	for i, tok := range tokens {
		if seen[tok] {
			t.Errorf("token %d %q is a duplicate", i, tok)
		}
		seen[tok] = true
	}
	for i, want := range map[int]string{0: "<unk>", 1: "<s>", 2: "</s>", 3: "<0x00>", 3 + 0x0A: "<0x0A>", 258: "<0xFF>"} {
		if tokens[i] != want {
			t.Errorf("token %d = %q, want %q", i, tokens[i], want)
		}
	}
	if types[0] != int32(2) || types[1] != int32(3) || types[3] != int32(6) || types[vocab-1] != int32(1) {
		t.Errorf("token types %v %v %v ... %v", types[0], types[1], types[3], types[vocab-1])
	}
	for _, w := range []string{"▁the", "▁meeting", "▁notes", "▁", "e"} {
		if !seen[w] {
			t.Errorf("vocabulary lacks %q", w)
		}
	}

	// Tensor layout: aligned, in order, back to back, ending at the end of the file.
	if p.dataStart%32 != 0 {
		t.Errorf("data section starts at %d, not aligned to 32", p.dataStart)
	}
	var next uint64
	byName := map[string]parsedTensor{}
	for _, ti := range p.tensors {
		byName[ti.name] = ti
		if ti.typ != 0 {
			t.Errorf("%s has type %d, want F32 (0)", ti.name, ti.typ)
		}
		if ti.offset%32 != 0 {
			t.Errorf("%s offset %d not aligned to 32", ti.name, ti.offset)
		}
		if ti.offset != next {
			t.Errorf("%s offset %d, want %d", ti.name, ti.offset, next)
		}
		n := uint64(4)
		for _, d := range ti.dims {
			n *= d
		}
		next = ti.offset + (n+31)/32*32
	}
	if got := uint64(len(b)); got != p.dataStart+next {
		t.Errorf("file is %d bytes, tensor data ends at %d", got, p.dataStart+next)
	}
	if len(b) < 400_000 || len(b) > 700_000 {
		t.Errorf("file is %d bytes, want about 0.5 MB", len(b))
	}
	t.Logf("tiny GGUF: %d bytes, %d tokens, %d tensors, %d keys", len(b), vocab, len(p.tensors), len(p.kv))

	wantDims := map[string][]uint64{
		"token_embd.weight":        {64, uint64(vocab)},
		"output.weight":            {64, uint64(vocab)},
		"output_norm.weight":       {64},
		"blk.1.attn_q.weight":      {64, 64},
		"blk.1.ffn_gate.weight":    {64, 128},
		"blk.1.ffn_down.weight":    {128, 64},
		"blk.0.attn_norm.weight":   {64},
		"blk.0.attn_output.weight": {64, 64},
	}
	for name, want := range wantDims {
		if got := byName[name].dims; !slices.Equal(got, want) {
			t.Errorf("%s dims %v, want %v", name, got, want)
		}
	}

	floats := func(name string) []float32 {
		ti := byName[name]
		n := uint64(1)
		for _, d := range ti.dims {
			n *= d
		}
		out := make([]float32, n)
		start := p.dataStart + ti.offset
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[start+uint64(i)*4:]))
		}
		return out
	}
	for _, v := range floats("output_norm.weight") {
		if v != 1 {
			t.Fatalf("output_norm.weight has %v, want all 1", v)
		}
	}
	var sum, sq, n float64
	emb := floats("token_embd.weight")
	for i, v := range emb {
		if i%64 == 0 {
			if v != 1 {
				t.Fatalf("token %d embeds %v in channel 0, want 1", i/64, v)
			}
			continue
		}
		sum += float64(v)
		sq += float64(v) * float64(v)
		n++
	}
	mean := sum / n
	std := math.Sqrt(sq/n - mean*mean)
	if math.Abs(mean) > 0.002 || std < 0.018 || std > 0.022 {
		t.Errorf("token_embd.weight mean %.4f std %.4f, want about 0 and 0.02", mean, std)
	}

	// Channel 0: nothing writes it, and it keeps the non-normal tokens from being sampled.
	for _, name := range []string{"blk.0.attn_output.weight", "blk.1.ffn_down.weight"} {
		w := floats(name)
		in := int(byName[name].dims[0])
		for i, v := range w[:in] {
			if v != 0 {
				t.Fatalf("%s[%d] = %v, want 0 (output channel 0)", name, i, v)
			}
		}
		if w[in] == 0 {
			t.Errorf("%s[%d] = 0, want random", name, in)
		}
	}
	out := floats("output.weight")
	for tok := range vocab {
		want := float32(0)
		if types[tok] != int32(1) {
			want = -suppressWeight
		}
		if got := out[tok*64]; got != want {
			t.Fatalf("output.weight channel 0 of token %d (%v) = %v, want %v", tok, tokens[tok], got, want)
		}
	}

	// Deterministic from the seed.
	var again, other bytes.Buffer
	WriteTinyGGUF(&again, TinyModel{})
	WriteTinyGGUF(&other, TinyModel{Seed: 7})
	if !bytes.Equal(b, again.Bytes()) {
		t.Error("two writes with the same options differ")
	}
	if bytes.Equal(b, other.Bytes()) || other.Len() != len(b) {
		t.Errorf("another seed: equal=%v, %d bytes vs %d", bytes.Equal(b, other.Bytes()), other.Len(), len(b))
	}

	// Other shapes.
	var big bytes.Buffer
	if err := WriteTinyGGUF(&big, TinyModel{ContextLength: 4096, Width: 96, Layers: 3}); err != nil {
		t.Fatal(err)
	}
	pb := parseGGUF(t, big.Bytes())
	if pb.kv["llama.context_length"] != uint32(4096) || pb.kv["llama.rope.dimension_count"] != uint32(24) || pb.tensorCount != 3+9*3 {
		t.Errorf("96-wide 3-layer model: ctx %v rope %v tensors %d", pb.kv["llama.context_length"], pb.kv["llama.rope.dimension_count"], pb.tensorCount)
	}
	if err := WriteTinyGGUF(io.Discard, TinyModel{Width: 60}); err == nil {
		t.Error("width 60 (head size 15, odd) accepted")
	}
}

// ---- binary location ----------------------------------------------------------------------------

func TestBinaryPath(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("..", "..", "..", "build", "ollama.sh"))
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("HUSHNOTE_CACHE", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HUSHNOTE_OLLAMA_BIN", "")

	rel := filepath.Join("ollama-"+Version, "bin", "ollama")
	check := func(want string) {
		t.Helper()
		got, err := cachedBinary()
		if err != nil || got != want {
			t.Errorf("cachedBinary() = %q, %v; want %q", got, err, want)
		}
	}
	check(filepath.Join(home, ".cache", "hushnote", rel))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "xdg"))
	check(filepath.Join(home, "xdg", "hushnote", rel))
	t.Setenv("HUSHNOTE_CACHE", filepath.Join(home, "hc"))
	check(filepath.Join(home, "hc", rel))

	if _, err := Binary(); !errors.Is(err, ErrNoBinary) {
		t.Errorf("Binary() with an empty cache: %v, want ErrNoBinary", err)
	}
	fake := filepath.Join(home, "hc", rel)
	os.MkdirAll(filepath.Dir(fake), 0o755)
	os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755)
	if got, err := Binary(); err != nil || got != fake {
		t.Errorf("Binary() = %q, %v; want %q", got, err, fake)
	}
	t.Chdir(filepath.Dir(fake))
	t.Setenv("HUSHNOTE_OLLAMA_BIN", "./ollama")
	if got, err := Binary(); err != nil || got != fake {
		t.Errorf("Binary() with a relative HUSHNOTE_OLLAMA_BIN = %q, %v; want %q", got, err, fake)
	}
	t.Setenv("PATH", filepath.Dir(fake))
	t.Setenv("HUSHNOTE_OLLAMA_BIN", "ollama")
	if got, err := Binary(); err != nil || got != fake {
		t.Errorf("Binary() with HUSHNOTE_OLLAMA_BIN in PATH = %q, %v; want %q", got, err, fake)
	}
	t.Setenv("HUSHNOTE_OLLAMA_BIN", filepath.Join(home, "missing"))
	if _, err := Binary(); !errors.Is(err, ErrNoBinary) {
		t.Errorf("Binary() with HUSHNOTE_OLLAMA_BIN missing: %v, want ErrNoBinary", err)
	}

	// The script builds the version this package looks for, at the same place.
	if m := regexp.MustCompile(`(?m)^OLLAMA_VERSION=(\S+)$`).FindSubmatch(script); m == nil || string(m[1]) != Version {
		t.Errorf("build/ollama.sh builds version %q, the package wants %q", m, Version)
	}
	for _, s := range []string{
		`cache_root=${HUSHNOTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hushnote}`,
		`cache_dir=$cache_root/ollama-$OLLAMA_VERSION`,
		`bin=$cache_dir/bin/ollama`,
	} {
		if !bytes.Contains(script, []byte(s)) {
			t.Errorf("build/ollama.sh no longer has %s", s)
		}
	}
}

// ---- the real server ----------------------------------------------------------------------------

type chatChunk struct {
	Model   string `json:"model"`
	Message struct {
		Role     string `json:"role"`
		Content  string `json:"content"`
		Thinking string `json:"thinking"`
	} `json:"message"`
	Done               bool   `json:"done"`
	DoneReason         string `json:"done_reason"`
	TotalDuration      int64  `json:"total_duration"`
	LoadDuration       int64  `json:"load_duration"`
	PromptEvalCount    int    `json:"prompt_eval_count"`
	PromptEvalDuration int64  `json:"prompt_eval_duration"`
	EvalCount          int    `json:"eval_count"`
	EvalDuration       int64  `json:"eval_duration"`
	Error              string `json:"error"`
}

type chatResult struct {
	status     int
	lines      int
	content    string
	final      chatChunk
	firstToken time.Duration // from sending the request
	elapsed    time.Duration
	body       string // the body of a non-200 answer
}

// chat POSTs a streaming /api/chat and reads the NDJSON answer.
func chat(ctx context.Context, t *testing.T, s *Server, req map[string]any) chatResult {
	t.Helper()
	j, _ := json.Marshal(req)
	start := time.Now()
	hreq, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/api/chat", bytes.NewReader(j))
	hreq.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatalf("POST /api/chat: %v", err)
	}
	defer resp.Body.Close()
	res := chatResult{status: resp.StatusCode}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		res.body = strings.TrimSpace(string(b))
		return res
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type %q, want application/x-ndjson", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var content strings.Builder
	for sc.Scan() {
		var c chatChunk
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", res.lines+1, err, sc.Bytes())
		}
		if res.lines == 0 {
			res.firstToken = time.Since(start)
		}
		res.lines++
		content.WriteString(c.Message.Content)
		res.final = c
		if c.Error != "" || c.Done {
			break
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading the stream: %v", err)
	}
	res.elapsed = time.Since(start)
	res.content = content.String()
	return res
}

func getJSON(ctx context.Context, t *testing.T, s *Server, method, path string, body any, out any) (int, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequestWithContext(ctx, method, s.URL+path, r)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func tokensPerSecond(c chatChunk) float64 {
	if c.EvalDuration <= 0 {
		return 0
	}
	return float64(c.EvalCount) / (float64(c.EvalDuration) / 1e9)
}

func TestRealOllama(t *testing.T) {
	s := Start(t)
	ctx := t.Context() // no budget of its own: the test binary's -timeout bounds a server that hangs

	var version struct{ Version string }
	getJSON(ctx, t, s, http.MethodGet, "/api/version", nil, &version)
	t.Logf("server %s at %s (binary %s)", version.Version, s.URL, s.Binary)
	if version.Version != Version {
		t.Errorf("/api/version says %q, want %q", version.Version, Version)
	}

	start := time.Now()
	if err := s.CreateTinyModel(ctx, "tiny"); err != nil {
		t.Fatalf("%v\nserver log:\n%s", err, s.LogTail(4000))
	}
	t.Logf("CreateTinyModel took %v", time.Since(start).Round(time.Millisecond))
	// Creating it again (same blob) works too.
	if err := s.CreateTinyModel(ctx, "tiny2"); err != nil {
		t.Errorf("second CreateTinyModel: %v", err)
	}

	t.Run("tags", func(t *testing.T) {
		var tags struct {
			Models []struct {
				Name, Model string
				Size        int64
				Details     map[string]any
			}
		}
		getJSON(ctx, t, s, http.MethodGet, "/api/tags", nil, &tags)
		var names []string
		for _, m := range tags.Models {
			names = append(names, m.Name)
		}
		t.Logf("/api/tags: %v; details of the first: %v", names, tags.Models[0].Details)
		if !slices.Contains(names, "tiny:latest") && !slices.Contains(names, "tiny") {
			t.Errorf("/api/tags lists %v, no tiny", names)
		}
	})

	t.Run("show", func(t *testing.T) {
		var show struct {
			Parameters   string         `json:"parameters"`
			Template     string         `json:"template"`
			Details      map[string]any `json:"details"`
			ModelInfo    map[string]any `json:"model_info"`
			Capabilities []string       `json:"capabilities"`
		}
		code, body := getJSON(ctx, t, s, http.MethodPost, "/api/show", map[string]string{"model": "tiny"}, &show)
		if code != http.StatusOK {
			t.Fatalf("/api/show: %d %s", code, body)
		}
		t.Logf("/api/show capabilities=%q details=%v", show.Capabilities, show.Details)
		t.Logf("/api/show parameters=%q template=%q", show.Parameters, show.Template)
		t.Logf("/api/show model_info keys: %v", slices.Sorted(func(yield func(string) bool) {
			for k := range show.ModelInfo {
				if !yield(k) {
					return
				}
			}
		}))
		if got := show.ModelInfo["llama.context_length"]; got != float64(2048) {
			t.Errorf(`model_info["llama.context_length"] = %v, want 2048`, got)
		}
		if !slices.Contains(show.Capabilities, "completion") {
			t.Errorf("capabilities %q lack completion", show.Capabilities)
		}
		if show.Template != TinyTemplate {
			t.Errorf("template %q, want %q", show.Template, TinyTemplate)
		}
	})

	t.Run("chat", func(t *testing.T) {
		res := chat(ctx, t, s, map[string]any{
			"model":    "tiny",
			"messages": []map[string]string{{"role": "user", "content": "hello meeting"}},
			"stream":   true,
			"options":  map[string]any{"num_ctx": 512, "num_predict": 20},
		})
		if res.status != http.StatusOK {
			t.Fatalf("status %d: %s", res.status, res.body)
		}
		f := res.final
		t.Logf("chat: %d NDJSON lines, done=%v done_reason=%q prompt_eval_count=%d eval_count=%d load=%v total=%v first line after %v",
			res.lines, f.Done, f.DoneReason, f.PromptEvalCount, f.EvalCount,
			time.Duration(f.LoadDuration).Round(time.Millisecond), time.Duration(f.TotalDuration).Round(time.Millisecond),
			res.firstToken.Round(time.Millisecond))
		t.Logf("chat content (%d bytes): %q", len(res.content), res.content)
		if !f.Done || f.Error != "" {
			t.Fatalf("final line: %+v", f)
		}
		// The model never ends on its own: exactly num_predict tokens, all printable.
		if f.PromptEvalCount <= 0 || f.EvalCount != 20 || f.DoneReason != "length" {
			t.Errorf("prompt_eval_count %d, eval_count %d, done_reason %q; want >0, 20 (num_predict), length", f.PromptEvalCount, f.EvalCount, f.DoneReason)
		}
		if res.lines != 21 {
			t.Errorf("%d lines, want 20 tokens and the final line", res.lines)
		}
		if !utf8.ValidString(res.content) || strings.ContainsFunc(res.content, unicode.IsControl) || res.content == "" {
			t.Errorf("content %q: want printable text", res.content)
		}

		// Speed, with the model loaded: a longer answer.
		res = chat(ctx, t, s, map[string]any{
			"model":    "tiny",
			"messages": []map[string]string{{"role": "user", "content": "summarize the meeting notes"}},
			"options":  map[string]any{"num_ctx": 512, "num_predict": 200, "seed": 1},
		})
		f = res.final
		wall := 0.0
		if d := res.elapsed - res.firstToken; d > 0 && res.lines > 1 {
			wall = float64(res.lines-1) / d.Seconds()
		}
		t.Logf("speed: eval_count=%d in eval_duration=%v: %.0f tokens/s (server's count); %.0f lines/s on the wire; prompt %d tokens in %v",
			f.EvalCount, time.Duration(f.EvalDuration), tokensPerSecond(f), wall, f.PromptEvalCount, time.Duration(f.PromptEvalDuration))

		// Without num_predict the model's default (TinyNumPredict) bounds the answer.
		res = chat(ctx, t, s, map[string]any{
			"model":    "tiny",
			"messages": []map[string]string{{"role": "user", "content": "hello"}},
			"options":  map[string]any{"num_ctx": 512},
		})
		t.Logf("no num_predict: eval_count=%d done_reason=%q", res.final.EvalCount, res.final.DoneReason)
		if res.final.EvalCount != TinyNumPredict {
			t.Errorf("eval_count %d, want the model's num_predict %d", res.final.EvalCount, TinyNumPredict)
		}
	})

	t.Run("truncation", func(t *testing.T) {
		var long strings.Builder
		for long.Len() < 3000 {
			long.WriteString("the meeting notes say the team will follow up on the budget and the release plan next week. ")
		}
		prompt := long.String()
		msgs := []map[string]string{{"role": "user", "content": prompt}}

		// The prompt's real length, with room to spare.
		full := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "options": map[string]any{"num_ctx": 2048, "num_predict": 5}})
		t.Logf("%d-char prompt, num_ctx 2048: status %d prompt_eval_count=%d eval_count=%d %s",
			len(prompt), full.status, full.final.PromptEvalCount, full.final.EvalCount, full.body)
		again := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "options": map[string]any{"num_ctx": 2048, "num_predict": 5}})
		t.Logf("same request again (prompt cache warm): prompt_eval_count=%d", again.final.PromptEvalCount)

		small := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "options": map[string]any{"num_ctx": 256, "num_predict": 20}})
		t.Logf("num_ctx 256 (truncate unset): status %d prompt_eval_count=%d eval_count=%d done_reason=%q error=%q body=%q",
			small.status, small.final.PromptEvalCount, small.final.EvalCount, small.final.DoneReason, small.final.Error, small.body)
		if small.status != http.StatusOK || small.final.PromptEvalCount > 256 {
			t.Errorf("status %d, prompt_eval_count %d above num_ctx 256", small.status, small.final.PromptEvalCount)
		}
		for _, line := range strings.Split(s.LogTail(1<<20), "\n") {
			if strings.Contains(line, "truncating input prompt") {
				t.Logf("server log: %s", line)
			}
		}
		noShift := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "shift": false, "options": map[string]any{"num_ctx": 256, "num_predict": 20}})
		t.Logf("num_ctx 256, shift:false: status %d prompt_eval_count=%d eval_count=%d done_reason=%q error=%q body=%q",
			noShift.status, noShift.final.PromptEvalCount, noShift.final.EvalCount, noShift.final.DoneReason, noShift.final.Error, noShift.body)
		// The prompt fits but prompt plus answer does not: the context shifts (shift defaults to true).
		over := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "options": map[string]any{"num_ctx": full.final.PromptEvalCount + 10, "num_predict": 60, "seed": 3}})
		t.Logf("num_ctx = prompt+10, num_predict 60: status %d prompt_eval_count=%d eval_count=%d done_reason=%q error=%q",
			over.status, over.final.PromptEvalCount, over.final.EvalCount, over.final.DoneReason, over.final.Error)

		strict := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": msgs, "truncate": false, "options": map[string]any{"num_ctx": 256, "num_predict": 5}})
		t.Logf("num_ctx 256, truncate:false: status %d lines=%d prompt_eval_count=%d error=%q body=%q",
			strict.status, strict.lines, strict.final.PromptEvalCount, strict.final.Error, strict.body)

		// History: old messages are dropped to fit, the last one is kept.
		hist := []map[string]string{
			{"role": "system", "content": "you write meeting notes"},
			{"role": "user", "content": prompt[:1500]},
			{"role": "assistant", "content": "noted"},
			{"role": "user", "content": "hello meeting"},
		}
		h := chat(ctx, t, s, map[string]any{"model": "tiny", "messages": hist, "options": map[string]any{"num_ctx": 256, "num_predict": 5}})
		t.Logf("history over num_ctx 256: status %d prompt_eval_count=%d error=%q body=%q", h.status, h.final.PromptEvalCount, h.final.Error, h.body)
	})

	t.Run("think", func(t *testing.T) {
		res := chat(ctx, t, s, map[string]any{
			"model": "tiny", "think": true,
			"messages": []map[string]string{{"role": "user", "content": "hello"}},
			"options":  map[string]any{"num_predict": 5},
		})
		t.Logf(`think:true: status %d body=%q final=%+v`, res.status, res.body, res.final)
		res = chat(ctx, t, s, map[string]any{
			"model": "tiny", "think": false,
			"messages": []map[string]string{{"role": "user", "content": "hello"}},
			"options":  map[string]any{"num_predict": 5},
		})
		t.Logf(`think:false: status %d body=%q done=%v`, res.status, res.body, res.final.Done)
	})

	t.Run("unknown model", func(t *testing.T) {
		res := chat(ctx, t, s, map[string]any{"model": "nope", "messages": []map[string]string{{"role": "user", "content": "hi"}}})
		t.Logf("/api/chat unknown model: status %d body=%s", res.status, res.body)
		if res.status != http.StatusNotFound {
			t.Errorf("status %d, want 404", res.status)
		}
		code, body := getJSON(ctx, t, s, http.MethodPost, "/api/show", map[string]string{"model": "nope"}, nil)
		t.Logf("/api/show unknown model: status %d body=%s", code, body)
		code, body = getJSON(ctx, t, s, http.MethodPost, "/api/chat", map[string]any{"model": "", "messages": []any{}}, nil)
		t.Logf("/api/chat empty model: status %d body=%s", code, body)
	})

	t.Run("pull offline", func(t *testing.T) {
		pctx, pcancel := context.WithTimeout(ctx, 30*time.Second)
		defer pcancel()
		req, _ := http.NewRequestWithContext(pctx, http.MethodPost, s.URL+"/api/pull", strings.NewReader(`{"model":"llama3.2"}`))
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Logf("/api/pull: %v after %v", err, time.Since(start))
			return
		}
		defer resp.Body.Close()
		t.Logf("/api/pull: status %s, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
		sc := bufio.NewScanner(resp.Body)
		for n := 0; sc.Scan() && n < 20; n++ {
			t.Logf("/api/pull line %d after %v: %s", n+1, time.Since(start).Round(time.Millisecond), sc.Text())
		}
		if err := sc.Err(); err != nil {
			t.Logf("/api/pull read: %v after %v", err, time.Since(start))
		}
	})

	t.Run("stopped", func(t *testing.T) {
		s.StopNow()
		s.StopNow() // idempotent
		_, err := http.Get(s.URL + "/api/version")
		t.Logf("after StopNow: %v", err)
		if err == nil {
			t.Error("the server still answers after StopNow")
		}
	})
}

func TestStartMain(t *testing.T) {
	s, stop, err := StartMain()
	if errors.Is(err, ErrNoBinary) && !Required() {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.URL + "/api/version")
	if err != nil {
		stop()
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := os.Stat(filepath.Join(s.Home, ".ollama")); err != nil {
		t.Logf("no .ollama in the server's HOME: %v", err)
	}
	stop()
	stop()
	if _, err := http.Get(s.URL + "/api/version"); err == nil {
		t.Error("the server still answers after stop")
	}
	if _, err := os.Stat(s.Home); !os.IsNotExist(err) {
		t.Errorf("the server's directories remain: %v", err)
	}
}
