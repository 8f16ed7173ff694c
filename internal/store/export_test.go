package store

// WithMigrationsUpTo stops Open after migration n, to build databases as older versions left them.
func WithMigrationsUpTo(n int) Option { return func(o *options) { o.upToStep = n } }

// BroadSearch is broadSearch, for tests.
const BroadSearch = broadSearch
