# Everything a fresh machine needs: `make run` starts lastmile, `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install promtool run test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/lastmile up

# promtool and prometheus (Debian's `prometheus` package) for the deploy/ tests: installed
# when missing and we may; otherwise those tests skip and say why.
promtool:
	@if command -v promtool >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then deploy/install-prometheus.sh; \
	else echo "*** promtool missing and not root: the Prometheus tests will be SKIPPED (apt-get install prometheus) ***"; fi

test: install promtool
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
