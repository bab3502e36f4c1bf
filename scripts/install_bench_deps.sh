#!/usr/bin/env bash
# Installs the comparison anchors that bench/compare_anchors.py scores beside the engine.
#
#   scripts/install_bench_deps.sh .venv/bin/pip
#
# Idempotent: pip skips what is already installed at the pinned version.
# - pyicu-wheels: PyICU 2.15.2 with ICU 77.1 bundled in the wheel (no system
#   libicu-dev or compiler needed), imported as `icu`; provides SpoofChecker
#   (UTS #39 skeleton). icukit-pyicu 78.3.1 works too but takes 124 MB installed
#   against 50 MB. All of these ship the same `icu` package, so the others are
#   removed first if present, or two wheels would overwrite each other's files.
# - disarm: Unicode canonicalization and TR39 confusable analysis (Rust wheel,
#   no dependencies); provides canonicalize() and nearest_match().
set -euo pipefail

PIP="${1:-.venv/bin/pip}"
if [ ! -x "$PIP" ]; then
    echo "usage: $0 PATH/TO/venv/bin/pip  (not executable: $PIP)" >&2
    exit 2
fi
PY="$(dirname "$PIP")/python"

for other in icukit-pyicu pyicu pyicu-binary; do
    if "$PIP" show "$other" >/dev/null 2>&1; then
        "$PIP" uninstall -y -q "$other"
        "$PIP" install --disable-pip-version-check -q --force-reinstall --no-deps "pyicu-wheels==2.15.2"
    fi
done

"$PIP" install --disable-pip-version-check -q \
    "pyicu-wheels==2.15.2" \
    "disarm==0.17.2"

"$PY" - <<'PY'
import disarm
import icu

assert icu.SpoofChecker().getSkeleton(0, "paypa1") == "paypal"
assert disarm.nearest_match("paypa1", ["paypal"]).distance == 1
print("bench anchors ok: PyICU", icu.VERSION, "ICU", icu.ICU_VERSION,
      "disarm", disarm.__version__)
PY
