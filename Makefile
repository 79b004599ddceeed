# make run: the service on http://127.0.0.1:5000 against the built-in Vitec sandbox
# (make run PORT=5201 for another port).
# make test: lint plus every test, spread over the cores (installs what is missing first).
# make mutate: mutation testing of the modules that guard data and money (slow; not in test).
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run start test test-deps lint format bench clean check-html lock settings-table catalogue mutate

# Every package at the version and hashes of the lock files (see `make lock`).
$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $(STAMP)

# The lock files, written from the edited requirements.in and requirements-dev.in: every
# package pinned, with the hashes of all its files, for Python 3.11 on Linux. Existing pins are
# kept where they still fit; `make lock LOCK_FLAGS=--upgrade` takes the newest that fit.
# uv runs from a venv of its own, so the project's .venv only ever holds the locked set.
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
LOCK_FLAGS ?=
COMPILE = $(UV) pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform linux --custom-compile-command "make lock" $(LOCK_FLAGS)

$(UV):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet uv==$(UV_VERSION)

lock: $(UV)
	$(COMPILE) -o requirements.txt requirements.in
	$(COMPILE) -o requirements-dev.txt requirements-dev.in
	$(COMPILE) -o requirements-mutate.txt requirements-mutate.in

# The sandbox only when asked for: make run asks for it, production never does.
run: $(STAMP)
	VITEC_SANDBOX=true LOG_FORMAT=text $(BIN)/python -m app db upgrade
	VITEC_SANDBOX=true LOG_FORMAT=text DELIVERY_IN_PROCESS=1 PORT=$(PORT) $(BIN)/python -m app run --host 127.0.0.1 --port $(PORT)

# As production runs it: gunicorn plus a separate delivery worker (same script as the image).
# Outside sandbox mode set the secrets first (docs/configuration.md).
start: $(STAMP)
	PYTHON=$(BIN)/python scripts/entrypoint.sh migrate
	PYTHON=$(BIN)/python BIND=$${BIND:-127.0.0.1:8000} scripts/entrypoint.sh worker & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  PYTHON=$(BIN)/python BIND=$${BIND:-127.0.0.1:8000} scripts/entrypoint.sh web

# Chromium, PostgreSQL and Redis from Debian when missing; the tests start their own servers.
test-deps:
	@scripts/ensure-test-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) test-deps lint
	$(BIN)/pytest -n auto

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache .vnu .mutate mutants

# The Nu Html Checker (W3C's validator, from npm; needs Java) on every page. Not part of
# `make test`: the tests parse every page strictly with html5lib instead.
VNU_VERSION := 26.9.27
VNU_JAR := .vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	npm install --prefix .vnu --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)

check-html: $(STAMP) $(VNU_JAR)
	$(BIN)/python scripts/check_html.py $(VNU_JAR)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The settings table of docs/configuration.md, written from app/settings/declarations.py.
settings-table: $(STAMP)
	$(BIN)/python scripts/settings_table.py

# The command line's Swedish for click's own words: app/locale/sv/LC_MESSAGES/*.mo from the .po.
catalogue: $(STAMP)
	$(BIN)/python scripts/catalogue.py

# Each module's mutants against its own tests; the result goes to docs/mutation.md (and .json).
# MODULES=app/outbox/queue.py runs only those modules; the others keep their last result.
MUTATE_STAMP := $(VENV)/.mutate-installed
$(MUTATE_STAMP): $(STAMP) requirements-mutate.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements-mutate.txt
	touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	$(BIN)/python scripts/mutate.py $(MODULES)
