# tuneforge: every target sets up what it needs (virtual environment, npm tools).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUF := node_modules/.bin/buf
PROTOS := $(wildcard proto/tuneforge/v1/*.proto)
TORCH_VERSION := 2.13.0

.PHONY: help venv demo test test-fast with-postgres lint proto proto-check bench clean serve

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The venv is rebuilt when pyproject.toml changes. torch is pinned and installed
# first: an unpinned torch would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==$(TORCH_VERSION)
	$(PY) -m pip install -q -e '.[server,dev]'
	touch $@

venv: $(VENV)/.installed  ## create .venv with everything installed

$(BUF): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: venv  ## run the main job on the embedded default (serve all + the SDK)
	$(VENV)/bin/tuneforge demo

serve: venv  ## serve every service on 127.0.0.1:50051
	$(VENV)/bin/tuneforge serve all

proto: venv  ## regenerate the Python stubs from proto/
	rm -f services/tuneforge/v1/*_pb2*.py services/tuneforge/v1/*_pb2*.pyi
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m grpc_tools.protoc -Iproto \
	  --python_out=services --grpc_python_out=services \
	  --mypy_out=services --mypy_grpc_out=services $(PROTOS) 2>&1 | { grep -v "^Writing mypy" || true; }

# Fails when the committed stubs differ from what the protos generate.
proto-check: venv
	@tmp=$$(mktemp -d); \
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) -m grpc_tools.protoc -Iproto --python_out=$$tmp --grpc_python_out=$$tmp \
	  --mypy_out=$$tmp --mypy_grpc_out=$$tmp $(PROTOS) 2>&1 | { grep -v "^Writing mypy" || true; } && \
	diff -r -x __init__.py -x __pycache__ -x py.typed $$tmp/tuneforge/v1 services/tuneforge/v1 \
	  || { echo "generated stubs are stale: run 'make proto'"; rm -rf $$tmp; exit 1; }; \
	rm -rf $$tmp

lint: venv $(BUF) proto-check  ## ruff + mypy + buf lint/breaking + stale-stub check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	cd proto && ../$(BUF) lint
	@if git rev-parse --verify -q main >/dev/null; then \
	  cd proto && ../$(BUF) breaking --against '../.git#branch=main,subdir=proto'; \
	else echo "buf breaking: no main branch yet, skipped"; fi

test: lint  ## lint, then the whole test suite against SQLite and a throwaway PostgreSQL
	@$(MAKE) -s with-postgres RUN='$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)'

test-fast: venv  ## the tests without lint
	@$(MAKE) -s with-postgres RUN='$(PY) -m pytest -q -x -p no:cacheprovider $(PYTEST_ARGS)'

# Runs $(RUN) with TUNEFORGE_TEST_POSTGRES_URL pointing at a PostgreSQL started
# on loopback for it (installed from Debian's packages if missing), then stops it.
# TUNEFORGE_SKIP_POSTGRES=1 skips that leg explicitly.
with-postgres:
	@if [ "$${TUNEFORGE_SKIP_POSTGRES:-0}" = 1 ]; then $(RUN); exit $$?; fi; \
	pgdir=$$(mktemp -d /tmp/tuneforge-pg.XXXXXX); \
	trap 'scripts/postgres.sh stop '"$$pgdir" EXIT; \
	scripts/postgres.sh start "$$pgdir"; \
	TUNEFORGE_TEST_POSTGRES_URL=$$(cat "$$pgdir/url") $(RUN)

bench: venv  ## benchmarks side by side with their anchors; JSON lines + tables
	@set -e; shopt -s nullglob; for b in bench/*.py; do echo "== $$b"; $(PY) $$b; done

clean:  ## remove the venv, node tools and local state
	rm -rf $(VENV) node_modules .tuneforge build .mypy_cache .ruff_cache
