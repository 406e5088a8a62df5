# ve-edu-plugin: the two commands a new user needs are `make dev` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
PYTHON_312 := $(shell PYENV_VERSION=3.12.1 pyenv which python3.12 2>/dev/null || command -v python3.12)
PYTHON_311 := $(shell PYENV_VERSION=3.11.7 pyenv which python3.11 2>/dev/null || command -v python3.11)
PYTHON ?= $(PYTHON_312)
REQUIREMENTS ?= requirements/dev.txt
BIN := $(VENV)/bin
# One stamp per requirements file, so a venv built from another file is brought in line.
STAMP := $(VENV)/.installed-$(basename $(notdir $(REQUIREMENTS)))
DEV_HOST ?= 127.0.0.1:8000
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --no-emit-index-url
PACKAGES := ve_edu_plugin xblocks
LINTED := $(PACKAGES) tests benchmarks tutor platform_check scripts setup.py manage.py
# mypy (with django-stubs: it loads the test host's settings, hence sqlite and locmem, no server probed).
TYPED := $(PACKAGES) tutor/tutorve_edu tests benchmarks platform_check

.PHONY: help requirements upgrade dev dev-setup browser test test-django42 test-py311 test-all fuzz quality bench bench-analytics-db bench-load platform-check translations openapi clean dist

# Target names may hold digits (test-django42); $(DEV_HOST) in a description shows its value.
help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) \
		| sed 's|$$(DEV_HOST)|$(DEV_HOST)|g' \
		| awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): $(REQUIREMENTS) requirements/pip.txt setup.py tutor/pyproject.toml
	@test -n "$(PYTHON)" || { echo "No interpreter for $(VENV) (pyenv 3.12.1 / 3.11.7, or python3.12 / python3.11 on PATH)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/pip.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r $(REQUIREMENTS)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . -e tutor
	touch $(STAMP)

requirements: $(STAMP) ## create .venv (Python 3.12) with the pinned requirements and the plugin

upgrade: $(STAMP) ## recompile requirements/*.txt from the *.in files
	$(UV_COMPILE) --upgrade requirements/pip.in -o requirements/pip.txt
	$(UV_COMPILE) --upgrade requirements/base.in -o requirements/base.txt
	$(UV_COMPILE) --upgrade requirements/test.in -o requirements/test.txt
	$(UV_COMPILE) --upgrade requirements/test-django42.in -o requirements/test-django42.txt
	$(UV_COMPILE) --upgrade requirements/quality.in -o requirements/quality.txt
	$(UV_COMPILE) --upgrade requirements/dev.in -o requirements/dev.txt
	$(UV_COMPILE) --upgrade requirements/bench.in -o requirements/bench.txt

dev-setup: $(STAMP)
	VE_EDU_HOST_MODE=dev $(BIN)/python manage.py ve_edu_dev_setup

dev: dev-setup ## run the dev host with demo data at http://$(DEV_HOST)/ (sqlite, eager Celery)
	VE_EDU_HOST_MODE=dev $(BIN)/python manage.py runserver $(DEV_HOST)

browser: ## install Debian's Chromium for the browser tests (needs root; skipped when present)
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium is missing and cannot be installed here: the browser tests will be skipped."; fi; }

test: $(STAMP) browser ## run the whole test suite (Python 3.12, Django 5.2; MariaDB and Redis when reachable)
	$(BIN)/pytest -q -p no:randomly

fuzz: $(STAMP) ## the REST and handler fuzz tests with many more generated inputs (hypothesis profile "many")
	HYPOTHESIS_PROFILE=many $(BIN)/pytest -q -p no:randomly -s tests/security/test_fuzz.py

test-django42: ## the whole suite on Python 3.11 and Django 4.2 (Teak's pairing), in .venv311
	$(MAKE) test VENV=.venv311 PYTHON=$(PYTHON_311) REQUIREMENTS=requirements/test-django42.txt

test-py311: test-django42 ## alias of test-django42 (its Python is 3.11)

test-all: $(STAMP) ## tox: py311-django42, py311-django52, py312-django52 and quality
	$(BIN)/tox

translations: $(STAMP) ## extract messages into ve_edu_plugin/conf/locale (en, ny), compile them and the blocks' JS catalogues
	$(BIN)/python scripts/translations.py

openapi: $(STAMP) ## write docs/openapi.yaml: the REST API as the LMS's /api-docs/ lists it (a test fails when stale)
	VE_EDU_TEST_DB=sqlite VE_EDU_TEST_CACHE=locmem $(BIN)/python -m tests.host.openapi docs/openapi.yaml

quality: $(STAMP) ## ruff, isort, pycodestyle, mypy, import-linter, PII annotations
	$(BIN)/ruff check $(LINTED)
	$(BIN)/isort --check-only --diff $(LINTED)
	$(BIN)/pycodestyle $(LINTED)
	VE_EDU_TEST_DB=sqlite VE_EDU_TEST_CACHE=locmem $(BIN)/mypy $(TYPED)
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=tests.host.settings.lms_test VE_EDU_TEST_DB=sqlite VE_EDU_TEST_CACHE=locmem \
		$(BIN)/code_annotations django_find_annotations --config_file .pii_annotations.yml --app_name ve_edu_plugin --lint --report --coverage \
		--report_path .dev/pii_report

BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

# A venv of its own: Open edX's capa (from xblocks-contrib, the grading baseline) needs setuptools<81.
$(BENCH_STAMP): requirements/bench.txt setup.py | $(STAMP)
	test -x $(BENCH_VENV)/bin/python || $(BIN)/uv venv --quiet --python $(PYTHON_312) $(BENCH_VENV)
	$(BIN)/uv pip install --quiet --python $(BENCH_VENV)/bin/python -r requirements/bench.txt
	$(BIN)/uv pip install --quiet --python $(BENCH_VENV)/bin/python --no-deps -e .
	@# pyBKT's C++ build (the analytics baseline): its sdist compiles its E-step (bundled Eigen,
	@# OpenMP) only when numpy is importable at build time, so it is built here without isolation.
	$(BIN)/uv pip install --quiet --python $(BENCH_VENV)/bin/python --no-deps --no-build-isolation \
		--no-binary pybkt --reinstall-package pybkt --no-cache $$(grep -io '^pybkt==[0-9.]*' requirements/bench.txt)
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## the benchmarks of the issues' speed targets, printed as ratios (in .venv-bench, with capa)
	$(BENCH_VENV)/bin/python -m benchmarks

bench-analytics-db: $(BENCH_STAMP) ## a course's analytics run over 1,000,000 attempts bulk-loaded into MariaDB (minutes; QUICK=1: 100,000)
	$(BENCH_VENV)/bin/python -m benchmarks analytics_db $(if $(QUICK),--quick)

bench-load: $(BENCH_STAMP) ## gunicorn on loopback, 32 connections and a 60-learner burst against the bare view (QUICK=1: short)
	$(BENCH_VENV)/bin/python -m benchmarks.load $(if $(QUICK),--quick)

# Not run by CI (it has no platform checkout): see docs/platform-check.rst.
platform-check: ## smoke-test the plugin inside an openedx-platform checkout: PLATFORM=<path>
	@test -n "$(PLATFORM)" || { echo "usage: make platform-check PLATFORM=<path to an openedx-platform checkout>"; exit 2; }
	@$(MAKE) --no-print-directory requirements
	UV=$(BIN)/uv platform_check/run.sh "$(PLATFORM)"

dist: $(STAMP) ## build the sdist and the wheel into dist/
	$(BIN)/uv build --quiet --sdist --wheel --out-dir dist .

clean: ## remove the virtualenv, the dev database and build output
	rm -rf $(VENV) .venv311 .venv-bench .venv-platform .dev .tox build dist *.egg-info .test.sqlite3
