# latticework: two commands on a fresh machine — `make demo` and `make test`.
# Both create (or reuse) .venv, install everything from the package registries, and run.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
# The staged datasets beside the checkout serve as the acquisition mirror when present.
MIRROR ?= $(if $(LATTICEWORK_MIRROR),$(LATTICEWORK_MIRROR),$(if $(wildcard ../shared/data/raw/PROVENANCE.md),$(abspath ../shared/data/raw),))
PULL_FROM := $(if $(MIRROR),--from $(MIRROR),)
OUT    ?= out

.PHONY: demo test lint install sysdeps bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# System packages the Spark and browser tests need (Java for PySpark, Debian's Chromium for
# the end-to-end tests). Installed only when missing, and only where apt-get can run as root.
sysdeps:
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing; the tests that need them will say so"; \
	  else echo "warning: missing$$missing (not root); the tests that need them will say so"; fi; \
	fi

demo: install
	$(BIN)/latticework data pull $(PULL_FROM)
	$(BIN)/latticework build
	$(BIN)/latticework demo -o $(OUT)

# Lint first: a pyflakes error (unused import, unbound name, dead variable) fails the test run.
lint: install
	$(BIN)/ruff check src tests benchmarks scripts

test: install sysdeps lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench: install
	@command -v wrk >/dev/null 2>&1 || ([ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null 2>&1) || echo "wrk not installed: bench_web uses its Python client"
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
