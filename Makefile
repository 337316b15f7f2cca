# mazerat: `make run` lives the default scenario, `make test` runs the whole
# suite. Both first install what the build needs (scripts/deps.sh).

GO       ?= go
FUZZTIME ?= 20s
BIN      := bin/mazerat

.PHONY: run test deps build headless lint vet fmt-check race soak slurm fuzz bench frames clean

# Without a display, bin/mazerat hands over to bin/mazerat-headless beside
# it (internal/display), which lives the default scenario headless.
run: deps build headless
	./$(BIN)

test: deps fmt-check vet race soak slurm fuzz headless

deps:
	@./scripts/deps.sh

build:
	$(GO) build -o $(BIN) ./cmd/mazerat

# The headless build has every command but the window and needs no cgo.
headless:
	CGO_ENABLED=0 $(GO) build -tags headless -o bin/mazerat-headless ./cmd/mazerat

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags headless ./...

# The window tests open the real window: without a display they run under
# Xvfb (scripts/deps.sh installs it), with Mesa's software OpenGL.
XRUN := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1920x1080x24")

race:
	$(XRUN) env MAZERAT_WINDOW_TESTS=1 $(GO) test -race -shuffle=on ./...

# Long physics soaks, the agent tests at full length (under the race
# detector they shorten themselves below the world changes they cover) and
# the reproductions at a reduced size (skipped under the race detector,
# which slows them tenfold and has nothing to find in them): run here
# without it.
soak:
	$(GO) test -count=1 -run 'TestNoEscape' ./sim
	$(GO) test -count=1 ./agent
	$(GO) test -count=1 -run 'TestFlatMemory|TestDynaMemory|TestRepro|TestSweepMemory' -v ./lab/...

# deploy/slurm/sweep.sh on a real one-node Slurm that TestSlurm starts (as
# root, from Debian's packages, which scripts/deps.sh slurm installs;
# skipped otherwise, saying why).
slurm:
	@./scripts/deps.sh slurm
	$(GO) test -tags headless -count=1 -run '^TestSlurm$$' -v ./cmd/mazerat

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

bench:
	$(XRUN) $(GO) test -run '^$$' -bench . -benchmem ./...

# Frame time of the window: a 30x30 maze, every overlay on, 1x.
frames: deps build headless
	./bin/mazerat-headless new --gen dfs --size 30x30 --braid 0.5 --seed 1 -o bin/maze30.maze --force
	$(XRUN) ./$(BIN) watch bin/maze30.maze --overlays all --measure-frames 600

clean:
	rm -rf bin
