# DulceVicio developer commands. `make run` and `make test` work on a fresh machine
# with Python 3.11+ (venv module) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench lint bandit format clean chromium wrk security-report

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## Set up, migrate, load the demo content and serve at http://127.0.0.1:5000
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) reindex-search --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

AXE := tests/browser/node_modules/axe-core/axe.min.js

## Run the test suite (SQLite; set TEST_DATABASE_URL to run it on PostgreSQL)
test: $(STAMP) chromium $(AXE)
	$(BIN)/python -m pytest

# axe-core (accessibility checks in the browser tests), from the npm registry, pinned.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --silent --no-audit --no-fund
	touch $(AXE)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## Benchmarks (figures, not tests): the recipe book, page queries and latency, a 10 000-row
## CSV export's memory, gunicorn load (pages.py, exports.py and serve.py exit with 1 when a
## goal is missed; make goes on regardless)
bench: $(STAMP) wrk
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/recipe_book.py
	-$(BIN)/python bench/pages.py
	-$(BIN)/python bench/exports.py
	-$(BIN)/python bench/book_stamp.py
	-$(BIN)/python bench/certificates.py
	-$(BIN)/python bench/serve.py
	-$(BIN)/python bench/search.py

# bench/serve.py's load generator, from Debian.
wrk:
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }

## Security figures: authorization matrix, bad inputs, sessions, concurrency, faults, headers
security-report: $(STAMP)
	$(BIN)/python -m pytest tests/security -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check dulcevicio tests bench config.py wsgi.py

## Static security check: no medium or high bandit finding in dulcevicio/ (a reviewed
## exception is marked inline: `# nosec BXXX: reason`)
bandit: $(STAMP)
	$(BIN)/bandit -r dulcevicio --severity-level medium --quiet

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format dulcevicio tests bench config.py wsgi.py

clean:
	rm -rf $(VENV) .pytest_cache
