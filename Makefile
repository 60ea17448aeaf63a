# Two commands for a newcomer: `make report` (creates .venv, installs, builds) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The supported Pythons: 3.11 and newer (pyproject.toml's requires-python; CI runs 3.11).
PYTHON_MIN := 3.11

.PHONY: report test test-quarto lab clean rebuild notebooks benchmark lock python-check

report: $(INSTALLED)
	$(BIN)/newsfigures build

# Clears every cached result and re-runs every notebook in filename order, then renders the report.
rebuild: $(INSTALLED)
	$(BIN)/newsfigures build --force

# Finds (or installs) a Chromium for the browser tests first: without one, no test runs.
test: report
	@chromium="$$($(BIN)/python tests/chromium.py)" && CHROMIUM="$$chromium" $(BIN)/python -m pytest

# Renders report/ with a real Quarto where `quarto` is on PATH (not part of `make test`).
test-quarto: report
	@CHROMIUM="$$($(BIN)/python tests/chromium.py)" $(BIN)/python tests/quarto_check.py

# JupyterLab on the notebooks with the project's kernel; nbstripout keeps outputs out of commits.
lab: $(INSTALLED)
	$(BIN)/nbstripout --install
	$(BIN)/jupyter lab notebooks/

clean: $(INSTALLED)
	$(BIN)/newsfigures clean

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/bench_build.py

python-check:
	@$(PYTHON) -c 'import sys; min = tuple(map(int, "$(PYTHON_MIN)".split("."))); sys.exit(sys.version_info[:2] < min)' 2>/dev/null || { \
	  echo "error: Python $(PYTHON_MIN) or newer is needed; '$(PYTHON)' is $$($(PYTHON) -V 2>&1 || echo missing) (run: make PYTHON=python3.11 report)" >&2; exit 1; }

# Installs exactly the versions in requirements.lock, then the package itself without resolving again.
# A failed install removes the half-made .venv, so the next `make` starts afresh.
$(INSTALLED): requirements.lock pyproject.toml | python-check
	@fresh=0; test -x $(BIN)/python || { $(PYTHON) -m venv $(VENV) && fresh=1; } || { rm -rf $(VENV); exit 1; }; \
	{ $(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock \
	  && $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . ; } || { \
	  if [ $$fresh = 1 ]; then rm -rf $(VENV); echo "error: installing requirements.lock failed; removed the half-made $(VENV)" >&2; \
	  else echo "error: installing requirements.lock into $(VENV) failed" >&2; fi; exit 1; }
	touch $@

# Re-pins requirements.lock from pyproject.toml (run by a maintainer, not by the build).
lock:
	rm -rf build/lock-venv && $(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -e '.[test,lab]'
	build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
