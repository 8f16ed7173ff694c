# Hushnote. `make run` opens the app, `make test` runs every test; both install what is missing first.
# Plain `go` commands work too once the packages from build/deps.sh are there; pass -tags migrated_fynedo.

BINARY   := hushnote
FUZZTIME ?= 60s

# Fyne's threading model: background work reaches widgets only through fyne.Do.
export GOFLAGS := -tags=migrated_fynedo
# Fyne logs an error at start-up when the locale is C/POSIX or unset.
C_LOCALES := C C.UTF-8 C.utf8 POSIX
ifeq ($(filter-out $(C_LOCALES),$(LANG)),)
export LANG := en_US.UTF-8
endif
ifneq ($(filter $(C_LOCALES),$(LC_ALL)),)
export LC_ALL := en_US.UTF-8
endif

.PHONY: all deps test-deps build run test vet bench fuzz package measure screenshots clean

all: build

deps:
	@build/deps.sh build

test-deps:
	@build/deps.sh test

build: deps
	go build -o $(BINARY) .

run: build
	./$(BINARY)

vet:
	go vet ./...

# Every test: the real app under Xvfb, a real Ollama (built once from the Go module proxy by
# build/ollama.sh, about 5 minutes cold, then cached), and the key store against a real Secret Service
# (build/keyring-test.sh, inside its own D-Bus session). The first cgo build of Fyne's GLFW driver takes a
# few minutes too; later builds are cached. Tests wait on progress, not on budgets of their own: -timeout
# is the only bound, generous so that a loaded machine is slow, not failing.
test: test-deps vet
	@bin="$$(build/ollama.sh | tail -n 1)" && test -x "$$bin" || { echo "could not build Ollama for the integration tests" >&2; exit 1; }; \
	echo "go test -race -count=1 -timeout 60m ./...   (Ollama: $$bin)"; \
	HUSHNOTE_OLLAMA_BIN="$$bin" HUSHNOTE_REQUIRE_OLLAMA=1 HUSHNOTE_ARTIFACTS="$(CURDIR)/.artifacts" go test -race -count=1 -timeout 60m ./...
	build/keyring-test.sh -count=1

# Benchmarks (numbers, not pass/fail). HUSHNOTE_BENCH_MEETINGS sets the synthetic history size.
bench:
	go test -run '^$$' -bench . -benchtime 3x -timeout 60m ./internal/store ./internal/importer ./internal/summarize

# Each parser's fuzz target for FUZZTIME.
fuzz:
	@for t in $$(go test -list '^Fuzz' ./internal/transcript | grep '^Fuzz'); do \
		echo "== $$t"; go test ./internal/transcript -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s || exit 1; \
	done

# A package for this system in dist/ with `fyne package` (fyne.io/tools, installed by build/fyne.sh). On Linux
# a .tar.xz with binary, desktop entry and icon, checked by build/check-package.sh. See build/README.md.
package:
	build/package.sh

# Start-up time against a Fyne hello-world, memory with 10,000 meetings and a long transcript open, binary
# sizes (numbers, not pass/fail; about 10 minutes the first time). See build/README.md.
measure:
	build/measure.sh

# The README's screenshots (assets/screenshots/), made under Xvfb from the shared test data.
screenshots:
	build/screenshots.sh

clean:
	rm -rf $(BINARY) dist
