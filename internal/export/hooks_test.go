package export

// Uncompressed makes PDF write its content streams as plain text, so a test can read what it drew.
func Uncompressed() Option { return func(o *options) { o.uncompressed = true } }
