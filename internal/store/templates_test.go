package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"hushnote/internal/store"
)

func TestTemplatesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)

	if got, err := s.Templates(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Templates on a new database = %v, %v; want none", got, err)
	}
	// The store keeps bodies as they are given: it does not parse them.
	bodies := map[string]string{
		"retro":    `{"name":"retro"}`,
		"a-first":  `{"name":"a-first","title":"Zürich ✓"}`,
		"not-json": `this is not JSON at all`,
	}
	for _, name := range []string{"retro", "a-first", "not-json"} {
		if err := s.SaveTemplate(ctx, name, []byte(bodies[name])); err != nil {
			t.Fatalf("SaveTemplate(%s): %v", name, err)
		}
	}
	list, err := s.Templates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range list {
		names = append(names, st.Name)
		if string(st.Body) != bodies[st.Name] {
			t.Errorf("%s body = %q, want %q", st.Name, st.Body, bodies[st.Name])
		}
		if st.CreatedAt.IsZero() || !st.CreatedAt.Equal(st.UpdatedAt) {
			t.Errorf("%s times = %v, %v; want both set and equal", st.Name, st.CreatedAt, st.UpdatedAt)
		}
	}
	if want := []string{"a-first", "not-json", "retro"}; !slices.Equal(names, want) {
		t.Errorf("Templates order = %v, want %v", names, want)
	}

	before, err := s.Template(ctx, "retro")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveTemplate(ctx, "retro", []byte(`{"name":"retro","title":"v2"}`)); err != nil {
		t.Fatal(err)
	}
	after, err := s.Template(ctx, "retro")
	if err != nil {
		t.Fatal(err)
	}
	if string(after.Body) != `{"name":"retro","title":"v2"}` {
		t.Errorf("body after update = %q", after.Body)
	}
	if !after.CreatedAt.Equal(before.CreatedAt) {
		t.Errorf("CreatedAt changed on update: %v -> %v", before.CreatedAt, after.CreatedAt)
	}
	if !after.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("UpdatedAt did not move on update: %v -> %v", before.UpdatedAt, after.UpdatedAt)
	}
	if list, _ := s.Templates(ctx); len(list) != 3 {
		t.Errorf("update added a row: %d templates, want 3", len(list))
	}

	if err := s.DeleteTemplate(ctx, "retro"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Template(ctx, "retro"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Template after delete: err = %v, want ErrNotFound", err)
	}
	if list, _ := s.Templates(ctx); len(list) != 2 {
		t.Errorf("after delete %d templates, want 2", len(list))
	}
}

func TestTemplateErrors(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	tests := []struct {
		name string
		run  func() error
		want error // nil: any error
	}{
		{"get unknown", func() error { _, err := s.Template(ctx, "nope"); return err }, store.ErrNotFound},
		{"delete unknown", func() error { return s.DeleteTemplate(ctx, "nope") }, store.ErrNotFound},
		{"save without a name", func() error { return s.SaveTemplate(ctx, "", []byte("{}")) }, nil},
		{"delete twice", func() error {
			if err := s.SaveTemplate(ctx, "once", []byte("{}")); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteTemplate(ctx, "once"); err != nil {
				t.Fatal(err)
			}
			return s.DeleteTemplate(ctx, "once")
		}, store.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if list, err := s.Templates(ctx); err != nil || len(list) != 0 {
		t.Errorf("after the failures Templates = %v, %v; want none", list, err)
	}
}

func TestUpgradeFromSchema2AddsTemplates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	old, err := store.Open(ctx, path, store.WithMigrationsUpTo(2))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.SaveTemplate(ctx, "retro", []byte("{}")); err == nil {
		t.Error("SaveTemplate on schema 2 succeeded; the test does not build an old database")
	}
	old.Close()

	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if err := s.SaveTemplate(ctx, "retro", []byte("{}")); err != nil {
		t.Fatalf("SaveTemplate after upgrade: %v", err)
	}
	if st, err := s.Template(ctx, "retro"); err != nil || string(st.Body) != "{}" {
		t.Errorf("Template after upgrade = %+v, %v", st, err)
	}
}
