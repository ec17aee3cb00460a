PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test fixtures bench fuzz lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m autoconv.demo

test: $(VENV)/.installed
	$(PY) -m pytest

fixtures: $(VENV)/.installed
	$(PY) -m pytest tests/test_fixtures.py --update-fixtures

bench: $(VENV)/.installed
	MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 $(PY) -m benchmarks.run

fuzz: $(VENV)/.installed
	AUTOCONV_FUZZ=$${AUTOCONV_FUZZ:-5} $(PY) -m pytest -m fuzz -s -p no:cacheprovider tests

lint: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[lint]'
	$(PY) -m ruff check autoconv tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
