# Zhenwei: `make serve` and `make test` work on a fresh machine (they install into .venv first).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install serve test protos protos-check eval bench bench-adversarial fuzz fuzz-props lexicon-report clean

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

# Local two-command start: anonymous ScreenProfile is on for this target only (logged at start);
# on first start the server prints an admin token once on stderr.
serve: install
	ZHENWEI_ANONYMOUS_SCREENING=$${ZHENWEI_ANONYMOUS_SCREENING:-1} $(PY) -m service serve

test: install protos-check
	$(PY) -m pytest

protos: install
	$(PY) scripts/gen_protos.py

protos-check: install
	$(PY) scripts/gen_protos.py --check

# Scores a running server (`make serve`) with the team's shared scorer and dev set (they live in
# ../shared/eval in the team's workspace, not in a clone): TARGET=host:port, TOKEN=zw_... when
# anonymous screening is off, SCORER/CASES to point elsewhere.
TARGET ?= 127.0.0.1:50051
SCORER ?= ../shared/eval/screen_eval.py
CASES ?= ../shared/eval/dev_names.jsonl
TOKEN ?=
eval: install
	$(PY) $(SCORER) --target $(TARGET) --cases $(CASES) $(if $(TOKEN),--token $(TOKEN)) --show-misses

bench: install
	bash scripts/install_bench_deps.sh $(PIP)
	$(PY) bench/screening_speed.py
	$(PY) bench/compare_anchors.py

# The adversarial evaluation (attacks from sources the matcher does not read + 24k benign profiles).
bench-adversarial: install
	$(PIP) install -q -e '.[bench]'
	$(PY) bench/adversarial_eval.py

# Coverage-guided fuzzing (atheris), every target for FUZZ_SECONDS; make test runs a fixed budget.
FUZZ_SECONDS ?= 180
fuzz: install
	$(PY) fuzz/run.py --seconds $(FUZZ_SECONDS)

# The random hypothesis search (make test and CI run the same property tests derandomised).
FUZZ_ROUNDS ?= 10
fuzz-props: install
	@for i in $$(seq 1 $(FUZZ_ROUNDS)); do seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); \
	  echo "fuzz-props round $$i/$(FUZZ_ROUNDS): --hypothesis-seed=$$seed"; \
	  $(PY) -m pytest -q --hypothesis-profile=default --hypothesis-seed=$$seed \
	    tests/text/test_matcher_properties.py tests/text/test_matcher_tricks.py tests/credentials/test_formats.py \
	    tests/image/test_image_ingest.py || exit 1; done

lexicon-report: install
	$(PY) lexicons/build/report.py

clean:
	rm -rf $(VENV) var
