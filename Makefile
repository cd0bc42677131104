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

.PHONY: run test check lint typecheck pytest pytest-archive pytest-rest pytest-servers bench screenshots docs apt-run apt-test postgres clean \
  lock lock-check

# Every Python package comes from a lock file with hashes (requirements/*.txt, written by `make lock`, see
# docs/install.md): pip refuses a file whose hash differs, and installs exactly what was tested.
LOCKS := requirements
BOOT_STAMP := $(VENV)/.installed-bootstrap
PIP := $(BIN)/python -m pip
PIP_LOCKED := $(PIP) install --quiet --require-hashes --no-build-isolation
# Platforms and Pythons the locks must install on from wheels (`make lock` checks each).
LOCK_PLATFORMS := x86_64-manylinux_2_28 aarch64-manylinux_2_28
LOCK_PYTHONS := 3.11 3.12 3.13 3.14
LOCK_SDIST_OK := odfpy
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(BOOT_STAMP): $(LOCKS)/bootstrap.txt | $(VENV)/bin/python
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCKS)/bootstrap.txt
	touch $@

$(RUN_STAMP): $(LOCKS)/run.txt pyproject.toml $(BOOT_STAMP)
	$(PIP_LOCKED) -r $(LOCKS)/run.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(LOCKS)/dev.txt pyproject.toml $(BOOT_STAMP)
	$(PIP_LOCKED) -r $(LOCKS)/dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
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

# The three suites run side by side (each in its own temporary folder, with its own log; the end of each log
# is printed when a suite fails): two cores stay busy and `make test` stays well inside CI's time.
SUITES := pytest-archive pytest-rest pytest-servers
check: lint typecheck
	@rm -rf .test-logs && mkdir -p .test-logs
	@echo "Running the three suites side by side (logs in .test-logs/; about 20 minutes on 2 cores)..."
	@$(MAKE) --no-print-directory -k -j3 $(SUITES); status=$$?; \
	for suite in $(SUITES); do echo "== $$suite: $$(tail -n 1 .test-logs/$$suite.log)"; done; \
	if [ $$status -ne 0 ]; then for suite in $(SUITES); do \
	  echo "==== $$suite (end of its log) ===="; tail -n 80 .test-logs/$$suite.log; done; fi; exit $$status

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/python -m pytest

pytest-archive:
	$(BIN)/python -m pytest -p no:cacheprovider --durations=40 --basetemp=.test-logs/tmp-archive tests/archive \
	  > .test-logs/$@.log 2>&1

pytest-rest:
	$(BIN)/python -m pytest -p no:cacheprovider --durations=40 --basetemp=.test-logs/tmp-rest --ignore=tests/archive \
	  > .test-logs/$@.log 2>&1

# The archive's suite again on the production parts: PostgreSQL, S3 (moto's server over HTTP) and
# Elasticsearch (osmem-server over HTTP). The libraries' own suites already run both search backends.
pytest-servers:
	TEMOIN_TEST_DB=postgresql TEMOIN_TEST_STORAGE=s3 TEMOIN_TEST_SEARCH=elasticsearch \
	  $(BIN)/python -m pytest -p no:cacheprovider --durations=40 --basetemp=.test-logs/tmp-servers tests/archive \
	  > .test-logs/$@.log 2>&1

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

## make lock: re-resolve requirements/*.txt from pyproject.toml (keeps current pins; UPGRADE=1 takes the newest)
lock: $(BOOT_STAMP)
	$(PIP) install --quiet --require-hashes --no-deps -r $(LOCKS)/uv.txt
	$(UV_COMPILE) pyproject.toml --extra dev -o $(LOCKS)/dev.txt
	$(UV_COMPILE) pyproject.toml -c $(LOCKS)/dev.txt -o $(LOCKS)/run.txt
	$(UV_COMPILE) $(LOCKS)/bootstrap.in -c $(LOCKS)/dev.txt -o $(LOCKS)/bootstrap.txt
	$(UV_COMPILE) $(LOCKS)/uv.in -o $(LOCKS)/uv.txt
	$(MAKE) --no-print-directory lock-check

## make lock-check: every lock installs from wheels (and hashes) on each platform and Python we support
lock-check: $(BOOT_STAMP)
	@test -x $(BIN)/uv || $(PIP) install --quiet --require-hashes --no-deps -r $(LOCKS)/uv.txt
	@target=$$(mktemp -d); trap 'rm -rf "$$target"' EXIT; \
	for lock in bootstrap run dev; do for platform in $(LOCK_PLATFORMS); do for python in $(LOCK_PYTHONS); do \
	  $(BIN)/uv pip install --quiet --dry-run --no-deps --require-hashes --target "$$target" \
	    --python-platform $$platform --python-version $$python --only-binary :all: --no-binary $(LOCK_SDIST_OK) \
	    -r $(LOCKS)/$$lock.txt || { echo "requirements/$$lock.txt does not install on $$platform, Python $$python"; exit 1; }; \
	done; done; echo "requirements/$$lock.txt: wheels for $(LOCK_PLATFORMS) x Python $(LOCK_PYTHONS)"; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
