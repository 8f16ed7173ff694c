package store

import "time"

// WithMigrationsUpTo stops Open after migration n, to build databases as older versions left them.
func WithMigrationsUpTo(n int) Option { return func(o *options) { o.upToStep = n } }

// BroadSearch is broadSearch, for tests.
const BroadSearch = broadSearch

// WithRankBudget sets how long ranking a search may take, to test searches too costly to rank.
func WithRankBudget(d time.Duration) Option { return func(o *options) { o.rankBudget = d } }
