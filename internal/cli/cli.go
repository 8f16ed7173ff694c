// Package cli is Hushnote's command-line interface: the same meetings, store and services as the desktop
// app, for people who live in a terminal and for scripts. Its commands, output lines, JSON field names and
// exit codes are a contract (see the README).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"hushnote/internal/datadir"
	"hushnote/internal/netguard"
	"hushnote/internal/provider"
	"hushnote/internal/redact"
	"hushnote/internal/secret"
	"hushnote/internal/store"
	"hushnote/internal/transcript"
)

// Exit codes.
const (
	ExitOK    = 0 // success
	ExitError = 1 // the command failed; one line on stderr says why
	ExitUsage = 2 // the command line was wrong
)

// Env is what a command runs with.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Keyring, Getenv and Guard stand in for the system keychain, the environment and the network
	// client in tests; nil means the real ones.
	Keyring secret.Keyring
	Getenv  func(string) string
	Guard   *netguard.Guard
	// Redactor learns the API keys the command uses and removes them from everything it stores, exports
	// and prints (Stdout and Stderr go through it); nil means a new one.
	Redactor *redact.Redactor
}

// command is one subcommand.
type command struct {
	usage string // arguments, after the command's name
	help  string
	flags flagSpec
	args  func(n int) bool // whether n positional arguments are acceptable
	run   func(ctx context.Context, c *call) error
}

// call is a running command: its parsed arguments, its environment and its services.
type call struct {
	Env // Stdout and Stderr scrubbed by Redactor
	parsed
	st   *store.Store
	prov *provider.Manager
	tty  terminals // which streams are terminals (those get no raw control characters but our own)
}

func commands() map[string]command {
	return map[string]command{
		"import":         {usage: "FILE... [--title T]", help: "import transcript files; prints \"<id>\\t<title>\" per meeting", flags: flagSpec{"title": true}, args: atLeast(1), run: runImport},
		"list":           {usage: "[--json]", help: "list meetings, newest first", flags: flagSpec{"json": false}, args: exactly(0), run: runList},
		"show":           {usage: "ID [--json]", help: "show a meeting: metadata, transcript, latest summary", flags: flagSpec{"json": false}, args: exactly(1), run: runShow},
		"search":         {usage: "QUERY [--json]", help: "full-text search over titles, transcripts and summaries", flags: flagSpec{"json": false}, args: atLeast(1), run: runSearch},
		"rename":         {usage: "ID TITLE", help: "rename a meeting", args: atLeast(2), run: runRename},
		"delete":         {usage: "ID", help: "delete a meeting with its transcript and summaries", args: exactly(1), run: runDelete},
		"rename-speaker": {usage: "ID OLD NEW", help: "rename a speaker in every segment of a meeting (into another speaker: merged)", args: exactly(3), run: runRenameSpeaker},
		"delete-version": {usage: "ID VERSION", help: "delete one version of a meeting's notes (as \"summaries ID\" numbers them)", args: exactly(2), run: runDeleteVersion},
		"export":         {usage: "ID [--format md|json|pdf] [-o FILE]", help: "write a meeting as Markdown, JSON or PDF (the format follows FILE's extension)", flags: flagSpec{"format": true, "o": true, "output": true}, args: exactly(1), run: runExport},

		"provider list":   {usage: "[--json]", help: "providers: active, configured, model, where the key is kept", flags: flagSpec{"json": false}, args: exactly(0), run: runProviderList},
		"provider set":    {usage: "NAME [--base-url URL] [--model ID] [--context N]", help: "configure a provider", flags: flagSpec{"base-url": true, "model": true, "context": true}, args: exactly(1), run: runProviderSet},
		"provider key":    {usage: "NAME", help: "store a provider's API key, read from standard input", args: exactly(1), run: runProviderKey},
		"provider use":    {usage: "NAME", help: "send summaries to this provider", args: exactly(1), run: runProviderUse},
		"provider test":   {usage: "[NAME]", help: "check that a provider answers and accepts the key", args: atMost(1), run: runProviderTest},
		"provider models": {usage: "[NAME] [--json] [--all]", help: "the provider's chat models with context length and prices", flags: flagSpec{"json": false, "all": false}, args: atMost(1), run: runProviderModels},
		"provider card":   {usage: "NAME", help: "the provider's privacy facts and what Hushnote sends", args: exactly(1), run: runProviderCard},
		"local":           {usage: "on|off|status", help: "local only: summaries stay on this device (Ollama)", args: exactly(1), run: runLocal},
		"ollama pull":     {usage: "MODEL", help: "download a model into Ollama", args: exactly(1), run: runOllamaPull},
		"summarize":       {usage: "ID [--template NAME] [--lang L] [--provider NAME] [--model ID] [--fresh]", help: "write the meeting's notes: streamed to stdout, progress on stderr, saved as a new version", flags: flagSpec{"template": true, "lang": true, "provider": true, "model": true, "fresh": false}, args: exactly(1), run: runSummarize},
		"summaries":       {usage: "ID [--json]", help: "a meeting's summary versions with provenance", flags: flagSpec{"json": false}, args: exactly(1), run: runSummaries},
		"templates":       {usage: "[--json]", help: "summary templates (* is the default)", flags: flagSpec{"json": false}, args: exactly(0), run: runTemplates},
		"ledger":          {usage: "[--json]", help: "what left this device, when, to whom, how much", flags: flagSpec{"json": false}, args: exactly(0), run: runLedger},
	}
}

func atLeast(n int) func(int) bool { return func(k int) bool { return k >= n } }
func atMost(n int) func(int) bool  { return func(k int) bool { return k <= n } }
func exactly(n int) func(int) bool { return func(k int) bool { return k == n } }

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// SplitHome takes the global --home DIR (or --home=DIR) out of args wherever it stands.
func SplitHome(args []string) (home string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return home, append(rest, args[i:]...), nil
		case a == "--home" || a == "-home":
			if i+1 >= len(args) {
				return "", nil, errors.New("flag --home needs a folder")
			}
			home = args[i+1]
			i++
		case strings.HasPrefix(a, "--home="):
			home = strings.TrimPrefix(a, "--home=")
		default:
			rest = append(rest, a)
		}
	}
	return home, rest, nil
}

// Run runs the command line args (without the program name) and returns the exit code. home is the
// data folder chosen with --home, or "" for the default. Everything it prints passes through
// env.Redactor, which learns the keys the command uses.
func Run(ctx context.Context, env Env, home string, args []string) int {
	// Terminals first (they must be seen as the files they are), then the redactor in front of them.
	env, tty := guardTerminals(env)
	if env.Redactor == nil {
		env.Redactor = redact.New()
	}
	stdout, stderr := env.Redactor.Writer(env.Stdout), env.Redactor.Writer(env.Stderr)
	defer stderr.Close()
	defer stdout.Close()
	env.Stdout, env.Stderr = stdout, stderr
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		printUsage(env.Stdout)
		return ExitOK
	}
	name, rest := args[0], args[1:]
	if len(rest) > 0 {
		if _, ok := commands()[name+" "+rest[0]]; ok {
			name, rest = name+" "+rest[0], rest[1:]
		}
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "hushnote: unknown command %q (run \"hushnote help\")\n", strings.Join(args[:min(2, len(args))], " "))
		return ExitUsage
	}
	p, err := parseArgs(rest, cmd.flags)
	if err == nil && !cmd.args(len(p.args)) {
		err = errors.New("wrong number of arguments")
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hushnote %s: %v\nusage: hushnote %s %s\n", name, err, name, cmd.usage)
		return ExitUsage
	}
	dir, err := datadir.Resolve(home)
	if err == nil {
		err = datadir.Ensure(dir)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "hushnote: %v\n", err)
		return ExitError
	}
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName), store.WithScrubber(env.Redactor))
	if err != nil {
		fmt.Fprintf(env.Stderr, "hushnote: %v\n", err)
		return ExitError
	}
	defer st.Close()
	err = cmd.run(ctx, &call{Env: env, parsed: p, st: st, prov: newManager(env, st, dir), tty: tty})
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue) || errors.Is(err, provider.ErrUnknownPreset):
		fmt.Fprintf(env.Stderr, "hushnote %s: %v\nusage: hushnote %s %s\n", name, err, name, cmd.usage)
		return ExitUsage
	case errors.Is(err, errReported):
		return ExitError
	default:
		fmt.Fprintf(env.Stderr, "hushnote %s: %s\n", name, oneLine(err))
		return ExitError
	}
}

// errReported means the command already told the user what went wrong.
var errReported = errors.New("reported")

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// newManager wires the provider manager to the store, the key store and env's stand-ins.
func newManager(env Env, st *store.Store, dir string) *provider.Manager {
	var keyOpts []secret.Option
	opts := []provider.ManagerOption{provider.WithRedactor(env.Redactor)}
	if env.Keyring != nil {
		keyOpts = append(keyOpts, secret.WithKeyring(env.Keyring))
	}
	if env.Getenv != nil {
		keyOpts = append(keyOpts, secret.WithGetenv(env.Getenv))
		opts = append(opts, provider.WithGetenv(env.Getenv))
	}
	if env.Guard != nil {
		opts = append(opts, provider.WithGuard(env.Guard))
	}
	return provider.NewManager(st, secret.New(dir, keyOpts...), opts...)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Hushnote: private meeting notes. With no command, opens the desktop app.")
	fmt.Fprintln(w, "\nusage: hushnote [--home DIR] COMMAND [ARGS]\n\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-52s %s\n", n+" "+cmds[n].usage, cmds[n].help)
	}
	fmt.Fprintf(w, "\n--home DIR (or $%s) chooses the data folder.\n", datadir.EnvHome)
}

// meetingID parses a meeting ID argument.
func meetingID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not a meeting id (a positive number, as \"hushnote list\" shows)", s)
	}
	return id, nil
}

// meetingArg reads the meeting named by the first argument.
func (c *call) meetingArg(ctx context.Context) (store.Meeting, error) {
	id, err := meetingID(c.args[0])
	if err != nil {
		return store.Meeting{}, err
	}
	m, err := c.st.Meeting(ctx, id)
	return m, notFound(id, err)
}

// transcriptArg reads the meeting named by the first argument with its transcript.
func (c *call) transcriptArg(ctx context.Context) (store.Meeting, []transcript.Segment, error) {
	m, err := c.meetingArg(ctx)
	if err != nil {
		return m, nil, err
	}
	segs, err := c.st.Segments(ctx, m.ID)
	return m, segs, notFound(m.ID, err)
}

// notFound words a missing meeting for the user.
func notFound(id int64, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no meeting with id %d", id)
	}
	return err
}
