# Témoin — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# OCR (French + English), audio/video decoding, test audio, PDF tools, browser for the web tests.
APT_RUN := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng ffmpeg
APT_TEST := $(APT_RUN) espeak-ng poppler-utils chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check lint typecheck pytest pytest-servers bench screenshots docs apt-run apt-test postgres clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(RUN_STAMP)

define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

apt-run:
	$(call apt_install,$(APT_RUN))

apt-test:
	$(call apt_install,$(APT_TEST))

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL"; $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

## make run: install what the archive needs and serve it at http://$(HOST):$(PORT) (embedded default)
run: $(RUN_STAMP) apt-run
	$(BIN)/temoin serve --host $(HOST) --port $(PORT)

## make test: install everything (Debian packages too) and run every check and test
test: $(DEV_STAMP) apt-test postgres
	$(MAKE) --no-print-directory check

check: lint typecheck pytest pytest-servers

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

# The archive's suite again on the production parts: PostgreSQL, S3 (moto's server over HTTP) and
# Elasticsearch (osmem-server over HTTP). The libraries' own suites already run both search backends.
pytest-servers:
	TEMOIN_TEST_DB=postgresql TEMOIN_TEST_STORAGE=s3 TEMOIN_TEST_SEARCH=elasticsearch \
	  $(BIN)/python -m pytest tests/archive

## make screenshots: regenerate docs/screenshots/ (a real server, Debian's chromium)
screenshots: $(DEV_STAMP) apt-test
	$(BIN)/python -m tests.web.screenshots

## make docs: regenerate the settings reference
docs: $(DEV_STAMP)
	$(BIN)/python -m archive.reference

## make bench: measure and write docs/benchmarks.md
bench: $(DEV_STAMP) apt-test
	for script in bench/[a-z]*.py; do \
	  case $$script in bench/report.py|bench/__init__.py) continue;; esac; \
	  echo "== $$script"; $(BIN)/python -m bench.$$(basename $$script .py) || exit 1; \
	done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
