# Holdfast — the commands a newcomer needs. `make run` and `make test` are the two
# the README shows first; both install what they need themselves.
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test test-sqlite test-postgres lint bench soak assets lighthouse screenshots clean

install: $(VENV)/.installed static/vendor/holdfast.css

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { scripts/find-python; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Front-end packages come from npm at install time and are built into a git-ignored
# folder, so nothing third-party is committed and no CDN is used: Bootstrap compiled from
# its Sass sources with only the parts we use, bundled with our design system, and a
# sprite of the icons the templates name (scripts/build-assets.mjs; docs/design.md).
static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor
	touch $@

# Built again whenever a template (the classes and icons in use) or our CSS changes.
static/vendor/holdfast.css: static/vendor/.installed assets/bootstrap.scss scripts/build-assets.mjs \
		$(wildcard static/css/*.css) $(shell find templates static/js -type f)
	node scripts/build-assets.mjs

assets:
	node scripts/build-assets.mjs

# Lighthouse (mobile) on a production-mode server with the demo content: docs/design.md.
lighthouse: install
	@scripts/system-deps
	$(BIN)/python -m bench.lighthouse

# Phone and desktop, light and dark screenshots of the main pages into docs/screenshots/.
screenshots: install
	@scripts/system-deps
	HOLDFAST_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/e2e/screenshots.py -q -p no:cacheprovider

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, twice: on SQLite, then on a PostgreSQL server started for the
# run. Both summaries are printed; either failing fails the target.
test: install
	@scripts/system-deps
	@status=0; \
	echo "=== SQLite ==="; $(MAKE) --no-print-directory test-sqlite || status=1; \
	echo "=== PostgreSQL ==="; $(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite:
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	scripts/pg-server $(BIN)/python -m pytest $(PYTEST_ARGS)

# lint-imports: the layers contract in pyproject.toml (docs/layers.md); the suite runs
# it too (tests/test_architecture.py), since CI runs only `make test`.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The per-page table (with its cold column) and the mixed workload, on SQLite and PostgreSQL:
# bench/RESULTS.md.
bench: install
	@scripts/system-deps wrk
	$(BIN)/python -m bench

# The mixed workload for 30 minutes at a steady rate: memory per worker and p99 drift
# (bench/soak.py; BENCH_SOAK_MINUTES and BENCH_SOAK_RPS to change them).
soak: install
	@scripts/system-deps wrk
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) node_modules static/vendor db.sqlite3
