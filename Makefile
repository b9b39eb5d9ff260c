# The two commands a fresh machine needs: `make run` and `make test` (each sets up first).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NER_DATA ?= ../shared/data/ner

.PHONY: setup run regenerate test check review bench bench-noise bench-convert train eval-ner eval eval-check eval-update-baseline clean-venv

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(PY) -m compileall -q pipeline  # bytecode, as a regular install has: every process starts faster
	touch $(STAMP)

run: setup  ## process corpus/ into outputs/
	$(PY) -m pipeline run corpus --out outputs

regenerate: setup  ## rebuild every record in outputs/ from corpus/ (and drop records of deleted inputs)
	$(PY) -m pipeline run corpus --out outputs --force --prune

test: setup
	$(PY) -m pytest

check: setup  ## regenerate into a temporary folder; fail (and show the data change) if outputs/ differs
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PY) -m pipeline run corpus --out "$$tmp" --quiet && \
	$(PY) -m pipeline.runner.diff outputs "$$tmp"

EVAL_REPORT ?= bench-results/eval.json

review: setup  ## static review site of outputs/ in outputs/_review/ (with eval scores when $(EVAL_REPORT) exists)
	$(PY) -m pipeline review outputs $(if $(wildcard $(EVAL_REPORT)),--eval $(EVAL_REPORT))

bench: setup
	$(PY) -m pipeline.bench

bench-noise: setup
	OPENBLAS_NUM_THREADS=1 $(PY) -m pipeline.noise.bench --dev-text

bench-convert: setup  ## round-trip conversion errors per 10,000 characters (needs ../shared/data)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[bench]'
	$(PY) -m pipeline.bench_convert

train: setup  ## retrain the shipped NER model from $(NER_DATA)
	$(PY) -m pipeline.ner.train --data $(NER_DATA) --out pipeline/resources/models/ner

eval-ner: setup
	$(PY) -m pipeline.ner.evaluate --data $(NER_DATA)

eval: setup  ## score the pipeline against the real-report gold (tests/gold), print the tables
	$(PY) -m pipeline.eval

eval-check: setup  ## ratchet: fail when a headline score fell > 0.005 below tests/gold/baseline.json
	$(PY) -m pipeline.eval --check

eval-update-baseline: setup  ## rewrite tests/gold/baseline.json with the current scores
	$(PY) -m pipeline.eval --update-baseline

clean-venv:
	rm -rf $(VENV)
