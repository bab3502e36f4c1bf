# Zhenwei: `make serve` and `make test` work on a fresh machine (they install into .venv first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install serve test protos protos-check eval bench lexicon-report clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Run-time extras that need special handling (source builds, --no-deps) live in
# scripts/install_<part>_deps.sh; the benchmark-only anchors are installed by `make bench`.
RUNTIME_EXTRAS := $(filter-out scripts/install_bench_deps.sh,$(wildcard scripts/install_*_deps.sh))

$(STAMP): $(PY) pyproject.toml $(RUNTIME_EXTRAS)
	$(PIP) install -q -e '.[dev]'
	@for s in $(RUNTIME_EXTRAS); do bash $$s $(PIP) || exit 1; done
	@touch $(STAMP)

install: $(STAMP)

serve: install
	$(PY) -m service serve

test: install protos-check
	$(PY) -m pytest

protos: install
	$(PY) scripts/gen_protos.py

protos-check: install
	$(PY) scripts/gen_protos.py --check

# Scores a server started with `make serve` on the shared dev set.
eval: install
	$(PY) ../shared/eval/screen_eval.py --target 127.0.0.1:50051 --cases ../shared/eval/dev_names.jsonl --show-misses

bench: install
	bash scripts/install_bench_deps.sh $(PIP)
	$(PY) bench/screening_speed.py
	$(PY) bench/compare_anchors.py

lexicon-report: install
	$(PY) lexicons/build/report.py

clean:
	rm -rf $(VENV) var
