# tuneforge: every target sets up what it needs (virtual environment, npm tools).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUF := node_modules/.bin/buf
PROTOS := $(wildcard proto/tuneforge/v1/*.proto)
# The one torch pin (also for the container image and the docs): constraints/torch.txt.
TORCH_PIN := constraints/torch.txt
TORCH_VERSION := $(shell sed -n 's/^torch==\([^ ;]*\).*/\1/p' $(TORCH_PIN))
ifeq ($(TORCH_VERSION),)
$(error no torch==VERSION line in $(TORCH_PIN))
endif
# Every bench/*.py but the shared harness, run as modules from the repository root.
BENCHES := $(sort $(basename $(notdir $(filter-out bench/__init__.py bench/harness.py,$(wildcard bench/*.py)))))

.PHONY: help venv demo test test-fast test-node with-postgres lint proto proto-check bench bench-quick clean serve e2e-k8s

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The venv is rebuilt when pyproject.toml or the torch pin changes. torch is installed
# first, and the pin kept as a constraint after: an unpinned torch would pull a
# multi-GB CUDA build. `all` = server + train + bench + dev (see pyproject.toml).
$(VENV)/.installed: pyproject.toml $(TORCH_PIN)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==$(TORCH_VERSION)
	$(PY) -m pip install -q -c $(TORCH_PIN) -e '.[all]'
	touch $@

venv: $(VENV)/.installed  ## create .venv with everything installed (torch pinned in constraints/torch.txt)

$(BUF): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: venv  ## run the main job on the embedded default (serve all + the SDK)
	$(VENV)/bin/tuneforge demo

serve: venv  ## serve every service on 127.0.0.1:50051
	$(VENV)/bin/tuneforge serve all

proto: venv $(BUF)  ## regenerate the Python stubs and the Node client's types from proto/
	rm -f services/tuneforge/v1/*_pb2*.py services/tuneforge/v1/*_pb2*.pyi
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m grpc_tools.protoc -Iproto \
	  --python_out=services --grpc_python_out=services \
	  --mypy_out=services --mypy_grpc_out=services $(PROTOS) 2>&1 | { grep -v "^Writing mypy" || true; }
	npm run -s gen --workspace clients/node

# Fails when the committed stubs differ from what the protos generate.
proto-check: venv $(BUF)
	@tmp=$$(mktemp -d); \
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m grpc_tools.protoc -Iproto --python_out=$$tmp --grpc_python_out=$$tmp \
	  --mypy_out=$$tmp --mypy_grpc_out=$$tmp $(PROTOS) 2>&1 | { grep -v "^Writing mypy" || true; } && \
	diff -r -x __init__.py -x __pycache__ -x py.typed $$tmp/tuneforge/v1 services/tuneforge/v1 \
	  || { echo "generated stubs are stale: run 'make proto'"; rm -rf $$tmp; exit 1; }; \
	rm -rf $$tmp
	@npm run -s gen:check --workspace clients/node  # the Node client's types (clients/node/src/gen)

lint: venv $(BUF) proto-check  ## ruff + mypy + buf lint/breaking + stale-stub check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	cd proto && ../$(BUF) lint
	scripts/buf-breaking.sh $(BUF)

# Workers of the test run: most tests wait on servers and processes, so more workers
# than cores still pay (2-core CI: 3).
PYTEST_WORKERS ?= 3
test: lint  ## lint, then the whole test suite against SQLite and a throwaway PostgreSQL
	@$(MAKE) -s with-postgres RUN='$(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) $(PYTEST_ARGS)'
	@$(MAKE) -s test-node

# The Node client, an npm workspace of the root package.json (installed by `npm ci`
# with the tools): built with tsc, tested with node's runner against a live
# `tuneforge serve all` from the venv that the tests start themselves.
test-node: venv $(BUF)  ## build and test the Node client (clients/node)
	npm test --workspace clients/node

test-fast: venv  ## the tests without lint
	@$(MAKE) -s with-postgres RUN='$(PY) -m pytest -q -x -p no:cacheprovider -n $(PYTEST_WORKERS) $(PYTEST_ARGS)'

# Runs $(RUN) with TUNEFORGE_TEST_POSTGRES_URL pointing at a PostgreSQL started
# on loopback for it (installed from Debian's packages if missing), then stops it.
# TUNEFORGE_SKIP_POSTGRES=1 skips that leg explicitly.
with-postgres:
	@if [ "$${TUNEFORGE_SKIP_POSTGRES:-0}" = 1 ]; then $(RUN); exit $$?; fi; \
	pgdir=$$(mktemp -d /tmp/tuneforge-pg.XXXXXX); \
	trap 'scripts/postgres.sh stop '"$$pgdir" EXIT; \
	scripts/postgres.sh start "$$pgdir"; \
	TUNEFORGE_TEST_POSTGRES_URL=$$(cat "$$pgdir/url") $(RUN)

e2e-k8s: venv  ## the chart on a kind cluster, a job trained in a pod (needs docker, kind, helm; not run in CI)
	scripts/e2e-k8s.sh

bench: venv  ## every benchmark side by side with its anchor (long); JSON lines + tables
	@for b in $(BENCHES); do echo "== python -m bench.$$b"; $(PY) -m bench.$$b; done

bench-quick: venv  ## every benchmark in its --quick smoke mode (about a minute)
	@start=$$SECONDS; for b in $(BENCHES); do \
	  echo "== python -m bench.$$b --quick"; $(PY) -m bench.$$b --quick; done; \
	echo "== bench-quick: $(words $(BENCHES)) benchmarks in $$((SECONDS - start)) s"

clean:  ## remove the venv, node tools and local state
	rm -rf $(VENV) node_modules .tuneforge build .mypy_cache .ruff_cache
