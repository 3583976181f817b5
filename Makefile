# Everything a fresh machine needs: `make run` starts lastmile, `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/lastmile up

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
