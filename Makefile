# mazerat: `make run` lives the default scenario, `make test` runs the whole
# suite. Both first install what the build needs (scripts/deps.sh).

GO       ?= go
FUZZTIME ?= 10s
BIN      := bin/mazerat

.PHONY: run test deps build headless windows-build lint vet fmt-check race soak slurm fuzz bench frames clean proto python-test

# Without a display, bin/mazerat hands over to bin/mazerat-headless beside
# it (internal/display), which lives the default scenario headless.
run: deps build headless
	./$(BIN)

test: deps fmt-check vet race soak slurm fuzz headless windows-build python-test

deps:
	@./scripts/deps.sh

build:
	$(GO) build -o $(BIN) ./cmd/mazerat

# The headless build has every command but the window and needs no cgo.
headless:
	CGO_ENABLED=0 $(GO) build -tags headless -o bin/mazerat-headless ./cmd/mazerat

# The window builds for Windows without cgo (Ebitengine draws with
# DirectX there): cross-compile the command and every package, so nothing
# Linux-only slips in. (Tests are not built: the Slurm test drives Unix
# process groups.)
windows-build:
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -o bin/mazerat.exe ./cmd/mazerat
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build ./...

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
# without it. On a busy machine the agent tests and the reproductions
# each take longer than go test's default ten minutes, hence -timeout.
soak:
	$(GO) test -count=1 -run 'TestNoEscape' ./sim
	$(GO) test -count=1 -timeout 30m ./agent
	$(GO) test -count=1 -timeout 30m -run 'TestFlatMemory|TestDynaMemory|TestRepro|TestSweepMemory' -v ./lab/...

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

# Frame time of the window (docs/window.md, Speed): a 40x40 maze whose
# lifetime has lived 30,000 steps (the whole maze explored), every overlay
# on, at every speed; FRAMES frames timed at each.
FRAMES ?= 300
SPEEDS ?= 1 2 4 8 16 32 64 128 256 512 1024 0
frames: deps build headless
	./bin/mazerat-headless new --gen dfs --size 40x40 --braid 0.5 --seed 1 -o bin/maze40.maze --force
	./bin/mazerat-headless run bin/maze40.maze --steps 30000 --checkpoint-every 30000 --out bin/frames40 --force --quiet >/dev/null
	@for s in $(SPEEDS); do \
		printf 'speed %s: ' $$s; \
		$(XRUN) ./$(BIN) watch --resume bin/frames40 --no-checkpoint --overlays all --speed $$s --measure-frames $(FRAMES) 2>&1 | tail -n 1; \
	done

# The protocol of mazerat serve: proto/mazerat/v1/worlds.proto. The
# generated code is committed; this regenerates it with Debian's protoc
# (protobuf-compiler 3.21.12, whose Python output fits Debian's
# python3-protobuf) and these pinned Go generators.
PROTOC_GEN_GO      := google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
PROTOC_GEN_GO_GRPC := google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
proto: deps
	GOBIN=$(CURDIR)/bin/tools $(GO) install $(PROTOC_GEN_GO)
	GOBIN=$(CURDIR)/bin/tools $(GO) install $(PROTOC_GEN_GO_GRPC)
	protoc -I proto \
		--plugin=protoc-gen-go=bin/tools/protoc-gen-go --go_out=. --go_opt=module=github.com/mazerat/mazerat \
		--plugin=protoc-gen-go-grpc=bin/tools/protoc-gen-go-grpc --go-grpc_out=. --go-grpc_opt=module=github.com/mazerat/mazerat \
		--python_out=python \
		proto/mazerat/v1/worlds.proto

# The Python client's tests, against a real mazerat serve, with Debian's
# python3 and its grpcio, protobuf and numpy (another python3 earlier on
# PATH would not see them).
PYTHON ?= /usr/bin/python3
python-test: deps headless
	$(GO) build -o bin/golife ./serve/internal/golife
	MAZERAT_BIN=$(CURDIR)/bin/mazerat-headless MAZERAT_GOLIFE=$(CURDIR)/bin/golife PYTHONPATH=$(CURDIR)/python \
		$(PYTHON) -m unittest discover -v -s python/tests -t python

clean:
	rm -rf bin
