package ollamatest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Registry is a stand-in for Ollama's model registry on a loopback port, so that a real Ollama can
// pull a model without the network. It speaks the registry's wire format as Ollama reads it: a manifest
// at /v2/NAMESPACE/MODEL/manifests/TAG, and each blob at /v2/NAMESPACE/MODEL/blobs/DIGEST, which
// answers HEAD with its size and GET with a redirect to where the bytes are (a host name other than the
// registry's, as a CDN's is, because Ollama downloads from the address the redirect names).
//
// A registry on this computer speaks plain http, so Ollama pulls from it only with `insecure: true`;
// the provider package sets that for model names whose host is on this computer.
//
//	reg := ollamatest.NewRegistry(t)
//	name, err := reg.Add("library/tiny:latest", ollamatest.TinyModel{})
//	// POST /api/pull {"model": name, "insecure": true} to a running server
type Registry struct {
	// Host is the registry's host:port, the first part of the names Add returns.
	Host string

	srv *httptest.Server

	mu        sync.Mutex
	manifests map[string][]byte // "namespace/model:tag" -> manifest
	blobs     map[string][]byte // digest -> bytes
	hold      chan struct{}     // while not nil, model downloads stop halfway until it is closed
	stopped   chan struct{}     // closed when a held download's client went away
	stopOnce  *sync.Once
	requests  []string
}

// Registry media types, as Ollama writes and reads them.
const (
	mediaManifest = "application/vnd.docker.distribution.manifest.v2+json"
	mediaConfig   = "application/vnd.docker.container.image.v1+json"
	mediaModel    = "application/vnd.ollama.image.model"
	mediaTemplate = "application/vnd.ollama.image.template"
	mediaParams   = "application/vnd.ollama.image.params"
)

// NewRegistry starts a registry on a loopback port and closes it in t.Cleanup.
func NewRegistry(t testing.TB) *Registry {
	t.Helper()
	r := &Registry{manifests: map[string][]byte{}, blobs: map[string][]byte{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(func() {
		r.Release()
		r.srv.Close()
	})
	r.Host = strings.TrimPrefix(r.srv.URL, "http://")
	return r
}

// Add publishes a tiny model (WriteTinyGGUF with shape, the chat template TinyTemplate and num_predict
// TinyNumPredict, as CreateModel makes it) under name, "namespace/model:tag", and returns the name to
// pull: "HOST/namespace/model:tag".
func (r *Registry) Add(name string, shape TinyModel) (string, error) {
	repo, tag, ok := strings.Cut(name, ":")
	if !ok || strings.Count(repo, "/") != 1 {
		return "", fmt.Errorf("registry: %q is not namespace/model:tag", name)
	}
	var gguf bytes.Buffer
	if err := WriteTinyGGUF(&gguf, shape); err != nil {
		return "", err
	}
	params, err := json.Marshal(map[string]any{"num_predict": TinyNumPredict})
	if err != nil {
		return "", err
	}
	type layer struct {
		MediaType string `json:"mediaType"`
		Digest    string `json:"digest"`
		Size      int64  `json:"size"`
	}
	var layers []layer
	var diffIDs []string
	r.mu.Lock()
	defer r.mu.Unlock()
	put := func(media string, b []byte) layer {
		sum := sha256.Sum256(b)
		d := "sha256:" + hex.EncodeToString(sum[:])
		r.blobs[d] = b
		return layer{MediaType: media, Digest: d, Size: int64(len(b))}
	}
	for _, l := range []struct {
		media string
		b     []byte
	}{{mediaModel, gguf.Bytes()}, {mediaTemplate, []byte(TinyTemplate)}, {mediaParams, params}} {
		ly := put(l.media, l.b)
		layers = append(layers, ly)
		diffIDs = append(diffIDs, ly.Digest)
	}
	config, err := json.Marshal(map[string]any{
		"model_format": "gguf", "model_family": "llama", "model_families": []string{"llama"},
		"model_type": shape.parameterSize(), "file_type": "F32", "architecture": "amd64", "os": "linux",
		"rootfs": map[string]any{"type": "layers", "diff_ids": diffIDs},
	})
	if err != nil {
		return "", err
	}
	manifest, err := json.Marshal(map[string]any{
		"schemaVersion": 2, "mediaType": mediaManifest, "config": put(mediaConfig, config), "layers": layers,
	})
	if err != nil {
		return "", err
	}
	r.manifests[repo+":"+tag] = manifest
	return r.Host + "/" + name, nil
}

// Hold makes every model download from now on stop halfway, until Release. Stopped is closed when a
// held download's client goes away (Ollama cancelled the download).
func (r *Registry) Hold() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hold == nil {
		r.hold = make(chan struct{})
		r.stopped = make(chan struct{})
		r.stopOnce = new(sync.Once)
	}
}

// Release lets held downloads finish.
func (r *Registry) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hold != nil {
		close(r.hold)
		r.hold = nil
	}
}

// Stopped is closed when a download held by Hold was abandoned by its client. It is nil before Hold.
func (r *Registry) Stopped() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopped
}

// Requests returns "METHOD path" for every request so far.
func (r *Registry) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

func (r *Registry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Method+" "+req.URL.Path)
	r.mu.Unlock()
	p := req.URL.Path
	switch {
	case strings.HasPrefix(p, "/v2/") && strings.Contains(p, "/manifests/"):
		repo, tag, _ := strings.Cut(strings.TrimPrefix(p, "/v2/"), "/manifests/")
		r.mu.Lock()
		m, ok := r.manifests[repo+":"+tag]
		r.mu.Unlock()
		if !ok {
			http.Error(w, `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", mediaManifest)
		w.Write(m)
	case strings.HasPrefix(p, "/v2/") && strings.Contains(p, "/blobs/"):
		_, digest, _ := strings.Cut(p, "/blobs/")
		b, ok := r.blob(digest)
		if !ok {
			http.NotFound(w, req)
			return
		}
		if req.Method == http.MethodHead {
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			return
		}
		// The bytes are "elsewhere": the same server under the name localhost.
		_, port, _ := net.SplitHostPort(r.Host)
		http.Redirect(w, req, "http://localhost:"+port+"/blobs/"+digest, http.StatusTemporaryRedirect)
	case strings.HasPrefix(p, "/blobs/"):
		r.serveBlob(w, req, strings.TrimPrefix(p, "/blobs/"))
	default:
		http.NotFound(w, req)
	}
}

func (r *Registry) blob(digest string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.blobs[digest]
	return b, ok
}

// serveBlob answers a ranged GET for a blob's bytes; a held model blob stops halfway until Release.
func (r *Registry) serveBlob(w http.ResponseWriter, req *http.Request, digest string) {
	b, ok := r.blob(digest)
	if !ok {
		http.NotFound(w, req)
		return
	}
	start, end := 0, len(b)-1
	if v, ok := strings.CutPrefix(req.Header.Get("Range"), "bytes="); ok {
		s, e, _ := strings.Cut(v, "-")
		if n, err := strconv.Atoi(s); err == nil {
			start = n
		}
		if n, err := strconv.Atoi(e); err == nil && n < len(b) {
			end = n
		}
	}
	if start > end {
		http.Error(w, "bad range", http.StatusRequestedRangeNotSatisfiable)
		return
	}
	part := b[start : end+1]
	w.Header().Set("Content-Length", strconv.Itoa(len(part)))
	w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, len(b)))
	w.WriteHeader(http.StatusPartialContent)

	r.mu.Lock()
	hold, stopped, once := r.hold, r.stopped, r.stopOnce
	r.mu.Unlock()
	if hold == nil || len(part) < 1024 { // small blobs (template, parameters) are never held
		w.Write(part)
		return
	}
	half := len(part) / 2
	w.Write(part[:half])
	w.(http.Flusher).Flush()
	select {
	case <-hold:
		w.Write(part[half:])
	case <-req.Context().Done():
		once.Do(func() { close(stopped) })
	}
}

// parameterSize is the model's parameter count as Ollama words it in a model's details ("140K"),
// counted from the tensors WriteTinyGGUF writes.
func (o TinyModel) parameterSize() string {
	o, err := o.withDefaults()
	if err != nil {
		return ""
	}
	w, layers := uint64(o.Width), uint64(o.Layers)
	tokens, _, _ := tinyVocab()
	ff := 2 * w
	n := 2*w*uint64(len(tokens)) + w + layers*(2*w+4*w*w+3*w*ff)
	return fmt.Sprintf("%.0fK", float64(n)/1000)
}
