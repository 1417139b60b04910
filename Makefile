# Two commands on a fresh machine: `make run` and `make test`. Both create .venv and install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export GX_ANALYTICS_ENABLED := false

.PHONY: install browser postgres run test check lint format typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -qq --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# An editable install leaves the project's modules uncompiled; where Python may not write beside them (a
# service user, PYTHONDONTWRITEBYTECODE) every dnw process and worker would compile them again at start.
PACKAGES := core sources flows cli transforms schemas warehouse samples

install: $(STAMP)  ## create .venv, install the project with pinned versions and compile its bytecode
	@$(BIN)/python -m compileall -q $(PACKAGES) benchmarks >/dev/null

run: install  ## serve the demo feeds on loopback, run the pipeline once, print the report
	$(BIN)/dnw demo

browser:  ## headless Chromium for the report's browser test: Debian's package, installed when missing and root
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian package) for the report's browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed and cannot be here: the browser test will skip (CI: fail)" >&2; fi; }

postgres:  ## PostgreSQL for the scale-out test's Prefect server: Debian's package, installed when missing and root
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing postgresql (Debian package) for the scale-out test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "postgresql is not installed and cannot be here: the scale-out test will skip (CI: fail)" >&2; fi; }

test: install browser postgres  ## the whole test suite; "no tests collected" (pytest's exit 5) fails with a message
	status=0; $(BIN)/python -m pytest || status=$$?; \
	if [ "$$status" -eq 5 ]; then echo "no tests were collected" >&2; fi; exit "$$status"

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

check: lint typecheck test  ## ruff format check, ruff lint, mypy, tests

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install  ## the full benchmark: 1,000 feeds x 50 items, growth to 1M and 10M articles (20 min and more)
	$(BIN)/python -m benchmarks.run --feeds 1000 --items 50 --growth 1000000,10000000 --out bench-results/bench.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
