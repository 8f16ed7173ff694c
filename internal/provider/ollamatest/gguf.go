package ollamatest

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
)

// TinyModel describes the random-weight Llama model WriteTinyGGUF writes. Zero fields take the defaults.
type TinyModel struct {
	// ContextLength is the trained context length the file declares (llama.context_length). Default 2048.
	ContextLength int
	// Width is the embedding size (llama.embedding_length). It must be a multiple of 8: the model has 4
	// attention heads whose size must be even for RoPE. Default 64.
	Width int
	// Layers is the number of transformer blocks (llama.block_count). Default 2.
	Layers int
	// Seed makes the weights: the same options always give the same bytes.
	Seed uint64
}

// Shape of the tiny model that the options do not set.
const (
	tinyHeads     = 4
	tinyAlignment = 32
	ggmlTypeF32   = 0
	ggufVersion   = 3
	ggufMagic     = "GGUF"
	tinyModelName = "hushnote-tiny"
	// The output weight that keeps a token from being sampled (see WriteTinyGGUF).
	suppressWeight = 50
)

// GGUF metadata value types (the gguf_type enum of the GGUF specification).
const (
	ggufUint8 uint32 = iota
	ggufInt8
	ggufUint16
	ggufInt16
	ggufUint32
	ggufInt32
	ggufFloat32
	ggufBool
	ggufString
	ggufArray
	ggufUint64
	ggufInt64
	ggufFloat64
)

// SentencePiece token types (llama.cpp's llama_token_type).
const (
	tokenNormal  int32 = 1
	tokenUnknown int32 = 2
	tokenControl int32 = 3
	tokenByte    int32 = 6
)

func (o TinyModel) withDefaults() (TinyModel, error) {
	if o.ContextLength == 0 {
		o.ContextLength = 2048
	}
	if o.Width == 0 {
		o.Width = 64
	}
	if o.Layers == 0 {
		o.Layers = 2
	}
	switch {
	case o.ContextLength < 16:
		return o, fmt.Errorf("tiny model: context length %d is below 16", o.ContextLength)
	case o.Width < 8 || o.Width%(2*tinyHeads) != 0:
		return o, fmt.Errorf("tiny model: width %d is not a positive multiple of %d", o.Width, 2*tinyHeads)
	case o.Layers < 1:
		return o, fmt.Errorf("tiny model: %d layers", o.Layers)
	}
	return o, nil
}

// tinyVocab is the SentencePiece vocabulary: <unk>, <s>, </s>, the 256 byte-fallback tokens, then
// pieces. Every multi-character piece is reachable by merging two shorter pieces that are also in the
// vocabulary, so the SentencePiece merge actually produces it; text with anything else falls back to
// single characters or bytes.
func tinyVocab() (tokens []string, scores []float32, types []int32) {
	add := func(tok string, score float32, typ int32) {
		tokens = append(tokens, tok)
		scores = append(scores, score)
		types = append(types, typ)
	}
	add("<unk>", 0, tokenUnknown)
	add("<s>", 0, tokenControl)
	add("</s>", 0, tokenControl)
	for b := range 256 {
		add(fmt.Sprintf("<0x%02X>", b), 0, tokenByte)
	}

	seen := map[string]bool{}
	var pieces []string
	piece := func(p string) {
		if !seen[p] {
			seen[p] = true
			pieces = append(pieces, p)
		}
	}
	// Single characters first; then every word as the chain of its prefixes, so "▁the" comes from
	// "▁t"+"h" and then "▁th"+"e".
	piece("▁")
	for c := 'a'; c <= 'z'; c++ {
		piece(string(c))
	}
	for c := 'A'; c <= 'Z'; c++ {
		piece(string(c))
	}
	for _, c := range "0123456789.,:;!?'\"-()/" {
		piece(string(c))
	}
	words := []string{
		"the", "a", "and", "to", "of", "in", "is", "we", "on", "for", "it", "that", "with", "be", "this",
		"meeting", "notes", "action", "item", "items", "summary", "agenda", "decision", "next", "week",
		"team", "hello", "project", "update", "follow", "up", "discuss", "budget", "release", "plan",
	}
	for _, w := range words {
		runes := []rune("▁" + w)
		for n := 2; n <= len(runes); n++ {
			piece(string(runes[:n]))
		}
	}
	// Later (longer) pieces score higher so whole words win over their fragments.
	for i, p := range pieces {
		score := float32(-len(pieces) + i)
		if len([]rune(p)) == 1 {
			score = -1000 - float32(i)
		}
		add(p, score, tokenNormal)
	}
	return tokens, scores, types
}

type ggufTensor struct {
	name string
	dims []uint64 // fastest-varying first
	norm bool     // all ones instead of random
	// set, if not nil, overrides element i (in file order) when it returns true.
	set func(i uint64) (float32, bool)
}

func (t ggufTensor) elements() uint64 {
	n := uint64(1)
	for _, d := range t.dims {
		n *= d
	}
	return n
}

func alignUp(n, a uint64) uint64 { return (n + a - 1) / a * a }

// WriteTinyGGUF writes a small random-weight Llama model as a GGUF version 3 file: all tensors F32,
// weights drawn from a normal distribution with standard deviation 0.02 (deterministic from opt.Seed),
// norm weights 1. It has a SentencePiece ("llama") tokenizer of a few hundred tokens with byte
// fallback, so any text tokenizes. With the defaults the file is about 0.5 MB and Ollama loads it
// with llama.cpp; its output is gibberish, produced fast.
//
// A few weights are set rather than random so that answers are predictable in length and printable:
// the model never produces its end token (nor <unk>, <s> or byte tokens), so an answer ends only at
// num_predict, a stop sequence or the caller, and it is made of the ordinary pieces only
// (words such as "▁meeting", fragments, letters, digits, punctuation).
func WriteTinyGGUF(w io.Writer, opt TinyModel) error {
	opt, err := opt.withDefaults()
	if err != nil {
		return err
	}
	width := uint64(opt.Width)
	ff := 2 * width
	tokens, scores, types := tinyVocab()
	vocab := uint64(len(tokens))

	// Channel 0 of the residual stream carries a constant: every token embeds 1 there and no block
	// writes to it (the rows of attn_output and ffn_down for output 0 are zero), so after the final
	// norm it is always large and positive. The output rows of the tokens the model must never
	// produce (<unk>, <s>, </s> and the byte tokens) weigh it strongly negative, the others not at
	// all: the model never ends on its own and only emits printable pieces.
	embed := func(i uint64) (float32, bool) { return 1, i%width == 0 }
	unembed := func(i uint64) (float32, bool) {
		if i%width != 0 {
			return 0, false
		}
		if types[i/width] != tokenNormal {
			return -suppressWeight, true
		}
		return 0, true
	}
	noChannel0 := func(in uint64) func(uint64) (float32, bool) {
		return func(i uint64) (float32, bool) { return 0, i < in }
	}
	tensors := []ggufTensor{
		{name: "token_embd.weight", dims: []uint64{width, vocab}, set: embed},
		{name: "output_norm.weight", dims: []uint64{width}, norm: true},
		{name: "output.weight", dims: []uint64{width, vocab}, set: unembed},
	}
	for i := range opt.Layers {
		p := fmt.Sprintf("blk.%d.", i)
		tensors = append(tensors,
			ggufTensor{name: p + "attn_norm.weight", dims: []uint64{width}, norm: true},
			ggufTensor{name: p + "attn_q.weight", dims: []uint64{width, width}},
			ggufTensor{name: p + "attn_k.weight", dims: []uint64{width, width}},
			ggufTensor{name: p + "attn_v.weight", dims: []uint64{width, width}},
			ggufTensor{name: p + "attn_output.weight", dims: []uint64{width, width}, set: noChannel0(width)},
			ggufTensor{name: p + "ffn_norm.weight", dims: []uint64{width}, norm: true},
			ggufTensor{name: p + "ffn_gate.weight", dims: []uint64{width, ff}},
			ggufTensor{name: p + "ffn_up.weight", dims: []uint64{width, ff}},
			ggufTensor{name: p + "ffn_down.weight", dims: []uint64{ff, width}, set: noChannel0(ff)},
		)
	}

	kvs := []ggufKV{
		{"general.architecture", ggufString, "llama"},
		{"general.name", ggufString, tinyModelName},
		{"general.alignment", ggufUint32, uint32(tinyAlignment)},
		{"general.file_type", ggufUint32, uint32(0)}, // LLAMA_FTYPE_ALL_F32
		{"llama.context_length", ggufUint32, uint32(opt.ContextLength)},
		{"llama.embedding_length", ggufUint32, uint32(width)},
		{"llama.block_count", ggufUint32, uint32(opt.Layers)},
		{"llama.feed_forward_length", ggufUint32, uint32(ff)},
		{"llama.attention.head_count", ggufUint32, uint32(tinyHeads)},
		{"llama.attention.head_count_kv", ggufUint32, uint32(tinyHeads)},
		{"llama.attention.layer_norm_rms_epsilon", ggufFloat32, float32(1e-5)},
		{"llama.rope.dimension_count", ggufUint32, uint32(width / tinyHeads)},
		{"llama.rope.freq_base", ggufFloat32, float32(10000)},
		{"llama.vocab_size", ggufUint32, uint32(vocab)},
		{"tokenizer.ggml.model", ggufString, "llama"},
		{"tokenizer.ggml.tokens", ggufArray, tokens},
		{"tokenizer.ggml.scores", ggufArray, scores},
		{"tokenizer.ggml.token_type", ggufArray, types},
		{"tokenizer.ggml.bos_token_id", ggufUint32, uint32(1)},
		{"tokenizer.ggml.eos_token_id", ggufUint32, uint32(2)},
		{"tokenizer.ggml.unknown_token_id", ggufUint32, uint32(0)},
		{"tokenizer.ggml.add_bos_token", ggufBool, true},
		{"tokenizer.ggml.add_eos_token", ggufBool, false},
	}

	gw := &ggufWriter{w: bufio.NewWriterSize(w, 64<<10)}
	gw.bytes([]byte(ggufMagic))
	gw.u32(ggufVersion)
	gw.u64(uint64(len(tensors)))
	gw.u64(uint64(len(kvs)))
	for _, kv := range kvs {
		gw.str(kv.key)
		gw.u32(kv.typ)
		gw.value(kv.typ, kv.val)
	}
	// Tensor infos. Offsets are relative to the start of the data section; each tensor starts aligned
	// and is padded to the alignment, the layout ggml expects.
	var offset uint64
	for _, t := range tensors {
		gw.str(t.name)
		gw.u32(uint32(len(t.dims)))
		for _, d := range t.dims {
			gw.u64(d)
		}
		gw.u32(ggmlTypeF32)
		gw.u64(offset)
		offset += alignUp(t.elements()*4, tinyAlignment)
	}
	gw.pad(tinyAlignment)

	rng := rand.New(rand.NewPCG(opt.Seed, 0x68757368_6e6f7465)) // "hushnote"
	buf := make([]byte, 4)
	for _, t := range tensors {
		for i := range t.elements() {
			v := float32(1)
			if !t.norm {
				v = float32(rng.NormFloat64() * 0.02)
			}
			if t.set != nil {
				if x, ok := t.set(i); ok {
					v = x
				}
			}
			binary.LittleEndian.PutUint32(buf, math.Float32bits(v))
			gw.bytes(buf)
		}
		gw.pad(tinyAlignment)
	}
	if gw.err != nil {
		return gw.err
	}
	return gw.w.Flush()
}

type ggufKV struct {
	key string
	typ uint32
	val any
}

// ggufWriter writes little-endian GGUF primitives, keeping the first error and the byte count.
type ggufWriter struct {
	w   *bufio.Writer
	n   uint64
	err error
}

func (g *ggufWriter) bytes(b []byte) {
	if g.err != nil {
		return
	}
	n, err := g.w.Write(b)
	g.n += uint64(n)
	g.err = err
}

func (g *ggufWriter) u32(v uint32) { g.bytes(binary.LittleEndian.AppendUint32(nil, v)) }
func (g *ggufWriter) u64(v uint64) { g.bytes(binary.LittleEndian.AppendUint64(nil, v)) }

func (g *ggufWriter) str(s string) {
	g.u64(uint64(len(s)))
	g.bytes([]byte(s))
}

func (g *ggufWriter) pad(align uint64) {
	if n := alignUp(g.n, align) - g.n; n > 0 {
		g.bytes(make([]byte, n))
	}
}

func (g *ggufWriter) value(typ uint32, v any) {
	switch typ {
	case ggufString:
		g.str(v.(string))
	case ggufUint32:
		g.u32(v.(uint32))
	case ggufFloat32:
		g.u32(math.Float32bits(v.(float32)))
	case ggufBool:
		b := byte(0)
		if v.(bool) {
			b = 1
		}
		g.bytes([]byte{b})
	case ggufArray:
		switch a := v.(type) {
		case []string:
			g.u32(ggufString)
			g.u64(uint64(len(a)))
			for _, s := range a {
				g.str(s)
			}
		case []float32:
			g.u32(ggufFloat32)
			g.u64(uint64(len(a)))
			for _, f := range a {
				g.u32(math.Float32bits(f))
			}
		case []int32:
			g.u32(ggufInt32)
			g.u64(uint64(len(a)))
			for _, i := range a {
				g.u32(uint32(i))
			}
		default:
			g.fail(fmt.Errorf("gguf: unsupported array %T", v))
		}
	default:
		g.fail(fmt.Errorf("gguf: unsupported value type %d", typ))
	}
}

func (g *ggufWriter) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}
