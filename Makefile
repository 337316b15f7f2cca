# mazerat: `make run` lives the default scenario, `make test` runs the whole
# suite. Both first install what the build needs (scripts/deps.sh).

GO       ?= go
FUZZTIME ?= 20s
BIN      := bin/mazerat

.PHONY: run test deps build headless lint vet fmt-check race soak fuzz bench clean

run: deps build
	./$(BIN)

test: deps fmt-check vet race soak fuzz headless

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

race:
	$(GO) test -race -shuffle=on ./...

# Long physics soaks and the reproductions at a reduced size: skipped under
# the race detector (which slows them tenfold and has nothing to find in
# them), run here without it.
soak:
	$(GO) test -count=1 -run 'TestNoEscape' ./sim
	$(GO) test -count=1 -run 'TestFlatMemory|TestDynaMemory|TestRepro' -v ./lab

fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
