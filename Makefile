# dlfaq: two commands do everything.
#   make lab    the environment, then JupyterLab on notebooks/ (127.0.0.1, token on)
#   make test   the environment, then lint, unit tests, every notebook re-executed offline,
#               the notebook conventions and the browser tests
# Other targets: make notebooks (re-execute and save; NB=path for one), make app (Voila),
#               make test-fast (while developing: the unit tests less those marked slow),
#               make bench (build/bench.md), make lock (re-pin requirements.txt),
#               make classroom (a JupyterHub under a class's load: build/classroom.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/*.ipynb
# Run something with the network cut off (only loopback) where the system allows it.
OFFLINE := tools/offline
# Where torch comes from. On Linux x86_64, PyPI's torch is the CUDA build (gigabytes of nvidia
# wheels): take PyTorch's CPU wheel instead. macOS (and other platforms) keep PyPI's.
# `make lab TORCH_INDEX=` (empty) uses pip's configured index; any other URL replaces it.
UNAME_S ?= $(shell uname -s)
UNAME_M ?= $(shell uname -m)
TORCH_INDEX ?= $(if $(filter Linux/x86_64,$(UNAME_S)/$(UNAME_M)),https://download.pytorch.org/whl/cpu)
TORCH_PIN := $(shell grep -m1 '^torch==' requirements.txt)

.PHONY: lab test lint unit test-fast nbval browser notebooks app bench classroom lock clean env

env: $(STAMP)

# Reinstalls only when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(if $(TORCH_INDEX),$(BIN)/python -m pip install --quiet --index-url $(TORCH_INDEX) $(TORCH_PIN))
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# Jupyter refuses to run as root unless told; only then is --allow-root added.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# jupyter/: the server settings (no news or update check, idle kernels culled) and the Lab's
# (a notebook's kernel stops when its tab closes); binder/postBuild installs the same files.
lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--LabApp.app_settings_dir=$(CURDIR)/jupyter/lab-settings \
		--ServerApp.open_browser=False $(ALLOW_ROOT)

test: lint unit nbval browser
	@echo "make test: all checks passed"

lint: $(STAMP)
	$(BIN)/ruff check src tests tools notebooks

# Every unit test, the slow ones (@pytest.mark.slow, several seconds each) included.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser" tests

# While developing: the unit tests less the slow ones; `make test` still runs them all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow" tests

# Re-executes every notebook from a clean kernel, offline, two at a time.
nbval: $(STAMP)
	cd notebooks && ../$(OFFLINE) ../$(BIN)/python -m pytest -q -p no:cacheprovider \
		--nbval-lax --nbval-current-env -n 2 --dist loadfile $(notdir $(wildcard $(NB)))

browser: $(STAMP)
	$(BIN)/python -m pytest -q -m browser tests

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

app: $(STAMP)
	$(BIN)/voila notebooks/apps/explorers.ipynb --Voila.ip=127.0.0.1 --no-browser

bench: $(STAMP)
	$(BIN)/python -m tools.bench

# JupyterHub's proxy from npm, into build/node only (never global), at the version locked in
# tools/classroom/package-lock.json. CLASSROOM_ARGS: e.g. --students 2 --budget 600.
PROXY := build/node/node_modules/.bin/configurable-http-proxy
CLASSROOM_ARGS ?=

$(PROXY): tools/classroom/package.json tools/classroom/package-lock.json
	@mkdir -p build/node
	cp tools/classroom/package.json tools/classroom/package-lock.json build/node/
	npm ci --prefix build/node --no-audit --no-fund --loglevel=error
	@touch $@

classroom: $(STAMP) $(PROXY)
	$(BIN)/python -m tools.classroom.run $(CLASSROOM_ARGS)

lock:
	$(BIN)/python -m pip freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu/torch==\1/' > requirements.txt.new
	@(head -2 requirements.txt; cat requirements.txt.new) > requirements.txt.tmp && mv requirements.txt.tmp requirements.txt
	@(head -4 binder/requirements.txt; cat requirements.txt.new) > binder/requirements.txt.tmp && mv binder/requirements.txt.tmp binder/requirements.txt
	@rm requirements.txt.new
	@echo "requirements.txt and binder/requirements.txt re-pinned; update environment.yml to match"

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
