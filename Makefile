# One command per job. `make serve` and `make test` set everything up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
SITE ?= site
DIST ?= dist
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build offline dist cards test test-fast check lint validate pytest codes corpus train select bench bench-lint bench-search bench-checker bench-companion bench-audit clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt pyproject.toml
	@echo "setting up $(VENV) (pinned dependencies from requirements.txt)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

serve: $(STAMP)  ## serve the handbook on http://127.0.0.1:8000, rebuilding on every change
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)  ## build the static site into site/ (replaced only by a complete, successful build)
	@rm -rf $(SITE).partial
	@$(BIN)/mkdocs build --strict --site-dir $(SITE).partial || { rm -rf $(SITE).partial; echo "build failed: $(SITE)/ is unchanged" >&2; exit 1; }
	@rm -rf $(SITE).previous; if [ -d $(SITE) ]; then mv $(SITE) $(SITE).previous; fi
	@mv $(SITE).partial $(SITE) && rm -rf $(SITE).previous
	@echo "built $(SITE)/"

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

offline: $(STAMP) node_modules/.installed  ## dist/handbook-offline.zip: the handbook to unzip and open from file://
	rm -rf $(DIST)/offline-site
	HANDBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir $(DIST)/offline-site
	$(BIN)/python -m handbook.tools.package $(DIST)/offline-site $(DIST)/handbook-offline.zip

# The address readers open the handbook at; its path part is where nginx serves it (default /huashu/).
SITE_URL ?=
SUBPATH := $(or $(shell python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).path)' '$(SITE_URL)'),/huashu/)

dist: $(STAMP) node_modules/.installed  ## dist/ (or DIST=…): site, offline zip, catalogue export, nginx config, release notes, stamped with the version (SITE_URL=http://host/path/)
	@rm -rf $(DIST)/site $(DIST)/site.partial $(DIST)/nginx
	HANDBOOK_SITE_URL='$(SITE_URL)' $(BIN)/mkdocs build --strict --site-dir $(DIST)/site.partial || { rm -rf $(DIST)/site.partial; exit 1; }
	@mv $(DIST)/site.partial $(DIST)/site
	$(MAKE) --no-print-directory offline DIST=$(DIST)
	cp $(DIST)/site/catalog.json $(DIST)/catalog.json
	$(BIN)/handbook export --format csv --output $(DIST)/catalog.csv
	$(BIN)/python -m handbook.tools.deploy nginx $(DIST)/site $(DIST)/nginx --prefix '$(SUBPATH)'
	$(BIN)/python -m handbook.tools.release notes $(DIST)/RELEASE-NOTES.md
	@echo "$(DIST)/ is ready: version $$($(BIN)/python -m handbook.tools.release version)"

cards: build  ## the call cards as PDF (A4 and A5) in dist/cards/, printed by headless Chromium
	rm -rf $(DIST)/cards
	$(BIN)/python -m handbook.tools.cardprint $(SITE) $(DIST)/cards

validate: $(STAMP)  ## check every catalogue file
	$(BIN)/handbook validate

lint: $(STAMP) node_modules/.installed  ## style of code, YAML, scripts and styles (biome), and the types of handbook/ and hooks/ (mypy)
	$(BIN)/ruff check handbook hooks tests benchmarks tools
	$(BIN)/ruff format --check handbook hooks tests benchmarks tools
	$(BIN)/yamllint --strict -c .yamllint.yml scripts_catalog mkdocs.yml
	$(BIN)/mypy
	node_modules/.bin/biome ci --error-on-warnings

pytest: $(STAMP) node_modules/.installed  ## the test suite (exit 5, "no tests collected", counts as a failure)
	@$(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure here" >&2; exit 1; fi; \
	exit $$status

test: validate lint pytest  ## every check: validate, lint, the test suite

test-fast: $(STAMP)  ## the tests that need no browser, no full build and no server, on both cores (under a minute): for the edit-test loop
	$(BIN)/pytest -q -m "not browser and not build and not slow" -n 2 --dist loadfile

corpus: $(STAMP)  ## per rule and per tier (rules, model, both): recall, precision, lawful phrases flagged, each labelled file
	$(BIN)/handbook corpus tests/fixtures/lint/*.yml

train: $(STAMP)  ## retrain the checker's second opinion into handbook/lint/data/second-opinion.json (seeded, reproducible)
	$(BIN)/python tools/train_model.py

select: $(STAMP)  ## leave each blind batch out in turn: how every setting of the second opinion reads a style it never saw
	$(BIN)/python tools/train_model.py --select

bench: $(STAMP) node_modules/.installed  ## build time, memory and index size from 100 to 10,000 entries against plain Markdown; rewrites docs/benchmarks.md
	$(BIN)/python benchmarks/scale.py

bench-lint: $(STAMP)  ## phrases per second of `handbook lint` on 10,000 phrases, against a baseline
	$(BIN)/python benchmarks/lint_speed.py 10000

bench-search: $(STAMP)  ## search index size per entry and keystroke-to-results time in Chromium, against a small baseline
	$(BIN)/python benchmarks/search_speed.py

bench-checker: $(STAMP)  ## time of the phrase checker page on 1,000 phrases in Chromium, against handbook lint
	$(BIN)/python benchmarks/checker_speed.py 1000

bench-companion: $(STAMP)  ## the call companion: page and data size, load to ready, borrower line to answer (real catalogue, 1,000 entries)
	$(BIN)/python benchmarks/companion_speed.py

bench-audit: $(STAMP)  ## handbook audit: turns per second and peak memory at 1,000 and 10,000 calls against handbook lint, a 100,000-row call log
	$(BIN)/python benchmarks/audit_speed.py

codes: $(STAMP)  ## rewrite the error-code table in CONTRIBUTING.md from the code registry
	$(BIN)/handbook codes --update CONTRIBUTING.md

clean:  ## remove the build output, the build cache and the virtual environment
	rm -rf site dist node_modules $(VENV) .cache .pytest_cache .ruff_cache .mypy_cache
