# The two commands a newcomer needs:
#   make plan   installs what is missing, builds, plans December 2026 for the 17 AuRA zones
#   make test   runs every test (unit, integration, property, broken inputs, shared checker)
#   make serve  starts the planner's web app (prints the address to open in a browser)

DATASET ?= datasets/aura-2026-12
MODEL   ?= models/default.toml
OUT     ?= out/aura-2026-12
SHARED  ?= ../shared
SHELL   := /bin/bash

.PHONY: plan test setup build validate bench bench-national bench-quarter clean serve

plan: build
	./target/release/renfort plan $(DATASET) --model $(MODEL) --out $(OUT)
	@if [ -f $(SHARED)/tools/validate_plan.py ]; then \
	  python3 $(SHARED)/tools/validate_plan.py $(DATASET) $(MODEL) $(OUT); fi

test: setup
	@mkdir -p target
	set -o pipefail; cargo test --release 2>&1 | tee target/test.log
	@awk '/^test result:/ {p+=$$4; f+=$$6} END {printf "tests: %d passed, %d failed\n", p, f}' target/test.log | tee target/test-summary.txt

setup:
	@./scripts/setup.sh

build: setup
	cargo build --release

PORT      ?= 8080
WORKSPACE ?= renfort-workspace

serve: build
	./target/release/renfort serve --port $(PORT) --workspace $(WORKSPACE)

validate:
	python3 $(SHARED)/tools/validate_plan.py $(DATASET) $(MODEL) $(OUT)

bench: setup
	cargo bench --bench plan --bench solvers --bench whatif

# The national months (4k, 16k, 40k volunteers; needs ../shared/data): about half an hour.
bench-national: setup
	cargo bench --bench national

# A quarter at once, AuRA and national 4k (needs ../shared/data): about half an hour;
# RENFORT_BENCH_QUARTERS=aura for the AuRA quarter alone.
bench-quarter: setup
	cargo bench --bench quarter

clean:
	rm -rf out
