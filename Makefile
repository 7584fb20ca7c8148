# dlfaq: two commands do everything.
#   make lab    the learner's environment (requirements.txt), then JupyterLab on notebooks/
#               (127.0.0.1, token on)
#   make test   that environment plus the test, hub and maintainers' tools
#               (requirements-dev.txt), then lint, unit tests, every notebook re-executed
#               offline, the notebook conventions, the browser tests and the release build
# Other targets: make notebooks (re-execute and save; NB=path for one), make app (Voila),
#               make test-fast (while developing: the unit tests less those marked slow),
#               make bench (build/bench.md), make lock (re-pin the lock files),
#               make record RECORD=<name> [PARTS=...] [SEEDS=...] (a recorded run over seeds
#               the notebooks read: src/dlfaq/studies/results/; docs/maintainers.md),
#               make classroom (a JupyterHub under a class's load: build/classroom.md),
#               make release (the wheel and sdist in build/dist, the wheel tried in a fresh venv),
#               make site (the series as a static website in build/site; make site-serve).

PYTHON ?= python3
# Another place for the environment: make env VENV=/tmp/learner-venv
VENV   ?= .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
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

# The door: before a new environment is built, a Python or a platform the pins cannot install
# on is refused in one line that says what to do (tests/test_make_door.py drives it with
# PYTHON=<a stand-in> and UNAME_S/UNAME_M). The pins have wheels for Python 3.11 to 3.14 (torch
# 2.13.0 and contourpy 1.3.3 have none for 3.15) and are tested on 3.11; torch 2.13.0 has wheels
# for Linux x86_64 and aarch64, macOS arm64 and Windows, not for Intel Macs (the last was 2.2).
comma := ,
PY_SUPPORTED := 3.11 3.12 3.13 3.14
TORCH_PLATFORMS := Linux/x86_64 Linux/aarch64 Darwin/arm64
PY_VERSION = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
PY_OLD = $(or $(filter 0 1 2,$(word 1,$(subst ., ,$(1)))),$(and $(filter 3,$(word 1,$(subst ., ,$(1)))),$(filter 0 1 2 3 4 5 6 7 8 9 10,$(word 2,$(subst ., ,$(1))))))
GOAL = make $(or $(firstword $(MAKECMDGOALS)),lab)
GET_PYTHON = python.org$(comma) `brew install python@3.12` on macOS$(comma) `sudo apt install python3.11-venv` on Ubuntu 22.04
REFUSAL = $(strip \
  $(if $(filter Darwin/x86_64,$(UNAME_S)/$(UNAME_M)),\
    dlfaq: torch 2.13 has no wheel for Intel Macs: take Binder$(comma) Colab or conda (README$(comma) "Other routes"),\
  $(if $(filter MINGW% MSYS% CYGWIN%,$(UNAME_S)),\
    dlfaq: make here cannot install torch: use WSL (then make lab there)$(comma) conda$(comma) Binder or Colab (README$(comma) "Other routes"),\
  $(if $(filter-out $(TORCH_PLATFORMS),$(UNAME_S)/$(UNAME_M)),\
    dlfaq: torch 2.13 has no wheel for $(UNAME_S)/$(UNAME_M): take Binder or Colab (README$(comma) "Other routes"),\
  $(if $(PY_VERSION),\
    $(if $(filter $(PY_VERSION),$(PY_SUPPORTED)),,\
      $(if $(call PY_OLD,$(PY_VERSION)),\
        dlfaq needs Python 3.11 to 3.14 and $(PYTHON) is $(PY_VERSION): install 3.11 or newer ($(GET_PYTHON)) and run $(GOAL) PYTHON=python3.11,\
        dlfaq needs Python 3.11 to 3.14 (its pinned packages have no wheels for $(PY_VERSION) yet) and $(PYTHON) is $(PY_VERSION): install 3.14 or older ($(GET_PYTHON)) and run $(GOAL) PYTHON=python3.14)),\
    dlfaq needs Python 3.11 to 3.14 and there is none at PYTHON=$(PYTHON): install one ($(GET_PYTHON)) and run $(GOAL) PYTHON=python3.11)))))

.PHONY: lab test lint unit test-fast nbval browser notebooks app bench classroom lock clean env \
	env-dev release site site-serve site-test record

# The learner's environment: dlfaq's dependencies and the server (requirements.txt).
env: $(STAMP)
# make test's: the learner's plus the test, hub and maintainers' tools (requirements-dev.txt).
env-dev: $(DEV_STAMP)

# Reinstalls only when the pins or the package metadata change. dlfaq is built in pip's
# isolated build environment (setuptools>=77.0.3 from [build-system]), whatever the venv holds.
$(STAMP): requirements.txt pyproject.toml
	$(if $(wildcard $(BIN)/python),,$(if $(REFUSAL),$(error $(REFUSAL))))
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(if $(TORCH_INDEX),$(BIN)/python -m pip install --quiet --index-url $(TORCH_INDEX) $(TORCH_PIN))
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
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

test: lint unit nbval browser release site-test
	@echo "make test: all checks passed"

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests tools notebooks
	$(BIN)/lint-imports --no-cache

# Every unit test, the slow ones (@pytest.mark.slow, several seconds each) included.
unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -m "not browser" tests

# While developing: the unit tests less the slow ones; `make test` still runs them all.
test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow" tests

# Re-executes every notebook from a clean kernel, offline, two at a time.
nbval: $(DEV_STAMP)
	cd notebooks && $(CURDIR)/$(OFFLINE) $(BIN)/python -m pytest -q -p no:cacheprovider \
		--nbval-lax --nbval-current-env -n 2 --dist loadfile $(notdir $(wildcard $(NB)))

# (tests/test_site.py, the site's browser tests, run in site-test, after the site is built.)
browser: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -m browser --ignore=tests/test_site.py tests

notebooks: $(DEV_STAMP)
	$(BIN)/python tools/execute_notebooks.py $(NB)

app: $(STAMP)
	$(BIN)/voila notebooks/apps/explorers.ipynb --Voila.ip=127.0.0.1 --no-browser

bench: $(DEV_STAMP)
	$(BIN)/python -m tools.bench

# The recorded runs (python -m tools.record): RECORD is tricks, comparison, probes, motifs or
# choices; PARTS (default: all, in order) and SEEDS (default: each part's own) narrow it.
# Minutes to tens of minutes each; then re-execute the notebooks that read it.
RECORD ?=
PARTS ?=
SEEDS ?=
record: $(DEV_STAMP)
	$(if $(RECORD),,$(error make record needs RECORD=tricks|comparison|probes|motifs|choices))
	$(BIN)/python -m tools.record $(RECORD) $(PARTS) $(if $(SEEDS),--seeds $(SEEDS))

# JupyterHub's proxy from npm, into build/node only (never global), at the version locked in
# tools/classroom/package-lock.json. CLASSROOM_ARGS: e.g. --students 2 --budget 600.
PROXY := build/node/node_modules/.bin/configurable-http-proxy
CLASSROOM_ARGS ?=

$(PROXY): tools/classroom/package.json tools/classroom/package-lock.json
	@mkdir -p build/node
	cp tools/classroom/package.json tools/classroom/package-lock.json build/node/
	npm ci --prefix build/node --no-audit --no-fund --loglevel=error
	@touch $@

classroom: $(DEV_STAMP) $(PROXY)
	$(BIN)/python -m tools.classroom.run $(CLASSROOM_ARGS)

# A release as a class gets it: the wheel and the sdist (python -m build: the sdist, then the
# wheel from it), then the wheel (not editable) with the learner's extra in a fresh venv, at the
# learner's pins, running notebook 01 outside the repository (tools/release_check.py).
DIST := build/dist
RELEASE_VENV := build/release-venv
release: $(DEV_STAMP)
	rm -rf $(DIST) $(RELEASE_VENV)
	@mkdir -p build
	$(BIN)/python -m build --outdir $(DIST) . >build/release.log 2>&1 || (cat build/release.log; exit 1)
	$(BIN)/python tools/release_check.py dist $(DIST)
	$(BIN)/python -m venv $(RELEASE_VENV)
	$(if $(TORCH_INDEX),$(RELEASE_VENV)/bin/python -m pip install --quiet --index-url $(TORCH_INDEX) $(TORCH_PIN))
	$(RELEASE_VENV)/bin/python -m pip install --quiet -c requirements.txt \
		"dlfaq[lab] @ file://$$(ls $(CURDIR)/$(DIST)/dlfaq-*.whl)"
	cd $(RELEASE_VENV) && bin/python $(CURDIR)/tools/release_check.py run \
		$(CURDIR)/notebooks/01_one_neuron.ipynb
	rm -rf $(RELEASE_VENV)

# The series as a static website (tools/site): build/site, from the committed notebooks (not
# re-executed), offline; the explorers' frames are computed once and cached in build/site-cache.
# KaTeX (math, at build time) and axe-core (the site tests' accessibility check) come from npm
# into build/site-node at the versions locked in tools/site/package-lock.json.
# SITE_HUB: the JupyterHub the pages' nbgitpuller buttons open.
SITE_HUB ?= https://hub.example.org
SITE_PORT ?= 8000
SITE_NODE := build/site-node/node_modules/.installed

$(SITE_NODE): tools/site/package.json tools/site/package-lock.json
	@mkdir -p build/site-node
	cp tools/site/package.json tools/site/package-lock.json build/site-node/
	npm ci --prefix build/site-node --no-audit --no-fund --loglevel=error
	@touch $@

site: $(DEV_STAMP) $(SITE_NODE)
	$(BIN)/python -m tools.site --hub $(SITE_HUB) --port $(SITE_PORT)

site-serve:
	@test -f build/site/index.html || $(MAKE) site
	@echo "http://127.0.0.1:$(SITE_PORT)/  (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory build/site $(SITE_PORT)

# Every page in headless Chromium with the network cut off (only the local server answers).
site-test: site
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_site.py

# Re-pin from the environment as installed (every extra: make env-dev, then upgrade what should
# move): requirements.txt, requirements-dev.txt and binder/requirements.txt (tools/lock.py).
lock: $(DEV_STAMP)
	$(BIN)/python tools/lock.py

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
