package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"hushnote/internal/store"
)

// BenchmarkOpen measures opening an existing store, which the app does before its window appears.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), store.FileName)
	s, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	for b.Loop() {
		s, err := store.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
