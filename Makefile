# Two commands for a newcomer: `make report` (creates .venv, installs, builds) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: report test clean rebuild notebooks benchmark lock

report: $(INSTALLED)
	$(BIN)/newsfigures build

# Clears every output and re-runs every notebook in filename order, then renders the report.
rebuild: $(INSTALLED)
	$(BIN)/newsfigures build --force

test: report
	$(BIN)/python -m pytest

clean: $(INSTALLED)
	$(BIN)/newsfigures clean

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/bench_build.py

# Installs exactly the versions in requirements.lock, then the package itself without resolving again.
$(INSTALLED): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Re-pins requirements.lock from pyproject.toml (run by a maintainer, not by the build).
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -e '.[test]'
	build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
